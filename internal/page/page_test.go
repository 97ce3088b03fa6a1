package page

import (
	"strings"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/config"
)

func testConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg, diags := config.Parse([]byte(`
languages:
  - {code: sv, timezone: Europe/Stockholm}
  - {code: da, timezone: Europe/Copenhagen}
`))
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	return cfg
}

// The front matter of a real post, exactly as a git-based CMS wrote it.
const realPost = `---
lang: sv
date: 2021-02-03 15:34:34 +0100
title: Lunchwebbinarium om boendebudget 18 februari
image: "/uploads/image.png"
thumbnail: "/uploads/image-1.jpg"
excerpt: 'Öka trygghet och trivsel genom medbestämmande'
ingress-text: För dig som arbetar på bostadsbolag
links:
- title: Anmäl dig här! (Eventbrite)
  url: https://www.eventbrite.se/e/example
ref: ''
categories:
- _themes/medborgarbudget.md
---
Går det verkligen att öka tryggheten?
`

func TestParseRealPost(t *testing.T) {
	cfg := testConfig(t)
	for name, src := range map[string]string{
		"LF":       realPost,
		"CRLF":     strings.ReplaceAll(realPost, "\n", "\r\n"),
		"BOM":      "\ufeff" + realPost,
		"BOM+CRLF": "\ufeff" + strings.ReplaceAll(realPost, "\n", "\r\n"),
	} {
		t.Run(name, func(t *testing.T) {
			p, diags := Parse("content/sv/events/2021-02-03-lunch.md", "sv/events/2021-02-03-lunch.md", []byte(src), cfg)
			if len(diags) > 0 {
				t.Fatalf("diags: %v", diags)
			}
			want := time.Date(2021, 2, 3, 15, 34, 34, 0, time.FixedZone("", 3600))
			if !p.Date.Equal(want) || p.Date.Format(time.RFC3339) != "2021-02-03T15:34:34+01:00" {
				t.Errorf("date = %v, want %v", p.Date.Format(time.RFC3339), want.Format(time.RFC3339))
			}
			if p.Title != "Lunchwebbinarium om boendebudget 18 februari" {
				t.Errorf("title = %q", p.Title)
			}
			if p.Summary != "Öka trygghet och trivsel genom medbestämmande" {
				t.Errorf("summary = %q", p.Summary)
			}
			if got := p.Params["ingress-text"]; got != "För dig som arbetar på bostadsbolag" {
				t.Errorf("ingress-text = %v", got)
			}
			if len(p.Links) != 1 || p.Links[0].URL != "https://www.eventbrite.se/e/example" || p.Links[0].Title != "Anmäl dig här! (Eventbrite)" {
				t.Errorf("links = %+v", p.Links)
			}
			if !p.HasRef || p.Ref != "" {
				t.Errorf("ref: has=%v value=%q, want has and empty", p.HasRef, p.Ref)
			}
			if got := p.Terms["categories"]; len(got) != 1 || got[0] != "_themes/medborgarbudget.md" {
				t.Errorf("categories = %v", got)
			}
			if p.Lang != "sv" || p.Section != "events" || p.Name != "lunch" || p.Slug != "lunch" {
				t.Errorf("lang/section/name/slug = %s/%s/%s/%s", p.Lang, p.Section, p.Name, p.Slug)
			}
			if p.Image != "/uploads/image.png" || p.Thumbnail != "/uploads/image-1.jpg" {
				t.Errorf("image/thumbnail = %q %q", p.Image, p.Thumbnail)
			}
			if p.BodyLine != 16 {
				t.Errorf("body line = %d, want 16", p.BodyLine)
			}
			if body := string(p.Body([]byte(src))); body != "Går det verkligen att öka tryggheten?\n" {
				t.Errorf("body = %q", body)
			}
			if p.Line("links.0") != 10 || p.Line("ref") != 12 {
				t.Errorf("lines: links.0=%d ref=%d", p.Line("links.0"), p.Line("ref"))
			}
		})
	}
}

func TestParseDates(t *testing.T) {
	sthlm, _ := time.LoadLocation("Europe/Stockholm")
	for in, want := range map[string]string{
		"2021-02-03T15:34:34+01:00":     "2021-02-03T15:34:34+01:00",
		"2021-02-03 15:34:34 +0100":     "2021-02-03T15:34:34+01:00",
		"2024-05-01 00:00:00 Z":         "2024-05-01T00:00:00Z",
		"2024-05-01T10:00:00.000Z":      "2024-05-01T10:00:00Z",
		"2024-05-01T10:00:00.000+02:00": "2024-05-01T10:00:00+02:00",
		"2019-03-10 12:00:00":           "2019-03-10T12:00:00+01:00",
		"'2019-03-10 12:00:00'":         "2019-03-10T12:00:00+01:00",
		"2019-07-10":                    "2019-07-10T00:00:00+02:00",
		`"2019-07-10 09:30"`:            "2019-07-10T09:30:00+02:00",
	} {
		got, err := ParseDate(in, sthlm)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", in, err)
			continue
		}
		if s := got.Format(time.RFC3339); s != want {
			t.Errorf("ParseDate(%q) = %s, want %s", in, s, want)
		}
	}
	if _, err := ParseDate("den 3 februari", sthlm); err == nil {
		t.Error("ParseDate accepted prose")
	}
}

func TestParseFormatsAndLists(t *testing.T) {
	cfg := testConfig(t)
	cases := map[string]string{
		"yaml": "---\ntitle: Nyhet\ndate: 2019-03-10\ncategories: news\n---\nText\n",
		"toml": "+++\ntitle = \"Nyhet\"\ndate = \"2019-03-10\"\ncategories = \"news\"\n+++\nText\n",
		"json": ";;;\n{\"title\": \"Nyhet\", \"date\": \"2019-03-10\", \"categories\": \"news\"}\n;;;\nText\n",
	}
	for name, src := range cases {
		p, diags := Parse("content/da/news/x.md", "da/news/x.md", []byte(src), cfg)
		if len(diags) > 0 {
			t.Fatalf("%s: %v", name, diags)
		}
		if p.Title != "Nyhet" || p.Date.Format("2006-01-02 -07:00") != "2019-03-10 +01:00" {
			t.Errorf("%s: title %q date %v", name, p.Title, p.Date)
		}
		if got := p.Terms["categories"]; len(got) != 1 || got[0] != "news" {
			t.Errorf("%s: categories = %v, want [news]", name, got)
		}
		if string(p.Body([]byte(src))) != "Text\n" {
			t.Errorf("%s: body %q", name, p.Body([]byte(src)))
		}
	}
}

func TestParseDateFromFileName(t *testing.T) {
	cfg := testConfig(t)
	p, diags := Parse("content/sv/news/2019-01-29-oppet-hus.md", "sv/news/2019-01-29-oppet-hus.md", []byte("---\ntitle: x\n---\n"), cfg)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if p.Date.Format("2006-01-02") != "2019-01-29" || p.Slug != "oppet-hus" {
		t.Errorf("date %v slug %q", p.Date, p.Slug)
	}
}

func TestParseErrorsNameLine(t *testing.T) {
	cfg := testConfig(t)
	for _, tc := range []struct{ src, want string }{
		{"---\ntitle: ok\ndate: a: b\n---\n", "content/sv/x.md:3: front matter: a value contains a colon followed by a space"},
		{"\n---\ntitle: ok\ndate: igår\n---\n", "content/sv/x.md:4: date: cannot read"},
		{"---\ntitle: ok\ndraft: maybe\n---\n", "content/sv/x.md:3: draft: want true or false"},
		{"---\ntitle: a\ntitle: b\n---\n", "content/sv/x.md:3: front matter: key \"title\" appears twice"},
		{"---\nlang: fi\n---\n", "content/sv/x.md:2: lang: \"fi\" is not a language"},
	} {
		_, diags := Parse("content/sv/x.md", "sv/x.md", []byte(tc.src), cfg)
		if len(diags) == 0 || !strings.HasPrefix(diags[0].String(), tc.want) {
			t.Errorf("src %q: got %v, want prefix %q", tc.src, diags, tc.want)
		}
	}
}

// The closing delimiter counts only at column 0, as YAML decides: an
// indented --- inside a block value (a Markdown rule in a resident's
// text) must not end the front matter and drop the keys after it.
func TestFrontMatterEndsOnlyAtColumnZero(t *testing.T) {
	cfg := testConfig(t)
	src := "---\ntitle: T\nbody: |\n  Rad\n  ---\n  ![x](https://evil.example/x.png)\ndraft: true\n---\nText.\n"
	p, diags := Parse("content/sv/x.md", "sv/x.md", []byte(src), cfg)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if !p.Draft || p.BodyLine != 9 || p.Params["body"] != "Rad\n---\n![x](https://evil.example/x.png)\n" {
		t.Errorf("draft %v, body line %d, body param %q", p.Draft, p.BodyLine, p.Params["body"])
	}
}

func TestTOMLLocalDateInLanguageZone(t *testing.T) {
	cfg := testConfig(t)
	p, diags := Parse("content/da/x.md", "da/x.md", []byte("+++\ntitle = \"T\"\ndate = 2024-05-01T10:00:00\n+++\n"), cfg)
	if len(diags) > 0 || p.Date.Format(time.RFC3339) != "2024-05-01T10:00:00+02:00" {
		t.Errorf("date %v %v", p.Date.Format(time.RFC3339), diags)
	}
}

func TestJSONAndTOMLKeepLines(t *testing.T) {
	cfg := testConfig(t)
	for _, tc := range []struct{ src, want string }{
		{"{\n  \"title\": \"J\",\n  \"draft\": \"ja\"\n}\nText\n", "content/sv/x.md:3: draft: want true or false, got text"},
		{"+++\ntitle = \"T\"\n\nweight = \"tung\"\n+++\n", "content/sv/x.md:4: weight: want a whole number, got text"},
		{"{\n  \"title\": \"J\",\n  \"title\": \"K\"\n}\n", "content/sv/x.md:3: front matter: JSON: key \"title\" appears twice"},
		{"{\"title\": \"J\"} text\n", "content/sv/x.md:1: JSON front matter: text \"text\" follows the closing } on its line: start the body on the next line"},
	} {
		_, diags := Parse("content/sv/x.md", "sv/x.md", []byte(tc.src), cfg)
		if len(diags) != 1 || diags[0].String() != tc.want {
			t.Errorf("src %q:\n got %v\nwant %s", tc.src, diags, tc.want)
		}
	}
	p, diags := Parse("content/sv/x.md", "sv/x.md", []byte("{\"title\": \"J\"}\nDirekt text.\n"), cfg)
	if len(diags) > 0 || p.Title != "J" || p.BodyLine != 2 {
		t.Errorf("JSON without a blank line: %v %+v", diags, p)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(realPost))
	f.Add([]byte("+++\ntitle = 1\n+++\n"))
	f.Add([]byte("---\n- a\n---\n"))
	f.Add([]byte("{\n\"a\": 1\n}\n\nbody"))
	f.Add([]byte("{\"title\": \"x\"}\nbody"))
	f.Add([]byte("---\ntitle: t\nbody: |\n  a\n  ---\ndraft: true\n---\nx"))
	f.Add([]byte(";;;\n{\"title\": 1,}\n;;;\n"))
	f.Add([]byte("---toml\ntitle = \"a\"\n[x]\ny = 1\n---\n"))
	cfg, _ := config.Parse([]byte("languages: [{code: sv}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, _ := Parse("content/sv/x.md", "sv/x.md", data, cfg)
		if p != nil {
			_ = p.Body(data)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2021-02-03 15:34:34 +0100", "2024-05-01 00:00:00 Z", "2019-03-10", "'x'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s, time.UTC)
		if err == nil && d.IsZero() && !strings.Contains(s, "0001") {
			t.Errorf("ParseDate(%q) gave the zero time without error", s)
		}
	})
}

// A browser CMS writes fields left empty as empty values. A built-in key
// with no value reads as if it were not there: the page builds, with the
// date from the file name, not a draft, weight 0. An empty title is still
// an error, and an empty ref still means "no translations".
func TestEmptyBuiltInValuesReadAsAbsent(t *testing.T) {
	cfg := testConfig(t)
	src := "---\ntitle: Öppet hus\ndate: \"\"\nlastmod:\ndraft:\nweight: \"\"\nlinks:\nmenu: \"\"\nslug: \" \"\nimage: \"\"\nlang: \"\"\naliases:\nlayout: \"\"\nref: ''\nlocation: \"\"\n---\nText\n"
	p, diags := Parse("content/sv/news/2019-01-29-oppet-hus.md", "sv/news/2019-01-29-oppet-hus.md", []byte(src), cfg)
	if len(diags) > 0 {
		t.Fatalf("empty values gave errors: %v", diags)
	}
	if p.Date.Format("2006-01-02") != "2019-01-29" || p.Draft || p.Weight != 0 || p.Links != nil || p.Menus != nil || p.Slug != "oppet-hus" || p.Image != "" || p.Lang != "sv" {
		t.Errorf("date %v draft %v weight %d links %v menus %v slug %q image %q lang %q", p.Date, p.Draft, p.Weight, p.Links, p.Menus, p.Slug, p.Image, p.Lang)
	}
	if !p.HasRef || p.Ref != "" {
		t.Errorf("ref: '' must still say no translations: HasRef %v Ref %q", p.HasRef, p.Ref)
	}
	if v, ok := p.Params["location"]; !ok || v != "" {
		t.Errorf("a field of the site's own (location) keeps its empty value for the schema to judge: %v, %v", v, ok)
	}
	_, diags = Parse("content/sv/x.md", "sv/x.md", []byte("---\ntitle: \"\"\n---\n"), cfg)
	if len(diags) == 0 {
		t.Error("an empty title gave no error")
	}
}
