package intake

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/forms"

	md "github.com/deltag/deltag/internal/markdown"
	"github.com/deltag/deltag/internal/page"
)

// TestPublishKeepsTextText: whatever a resident writes in a textarea or
// a text field, the published draft's front matter keeps exactly its
// keys (draft stays true), and the body renders as text — no rule, no
// image, no link, no HTML — even with markdown.unsafe on.
func TestPublishKeepsTextText(t *testing.T) {
	f := newFixture(t, &forms.Limits{PerIP: 1000, Global: 1000, Links: 100})
	nasty := strings.Join([]string{
		"Inledning",
		"---",
		"draft: false",
		"  ---",
		"   ---",
		"title: Hacked",
		"![x](https://evil.example/x.png)",
		"[Logga in här](https://evil.example/login) och https://evil.example/auto www.evil.example",
		"<script>alert(1)</script>",
		"<img src=x onerror=alert(1)>",
		"{onclick=alert(1)}",
		"    indented code",
		"***",
	}, "\n")
	v := with(poolValues(1), "purpose", nasty, "activity", "Fest --- draft: false <b>x</b> [a](https://evil.example)")
	if w := f.post(v); w.Code != 303 {
		t.Fatalf("post: %d %s", w.Code, w.Body)
	}
	r := f.only(t, false)
	if code, _, errs := run("--site", f.site, "--store", f.dir, "approve", r.ID, "--by", "maria"); code != 0 {
		t.Fatalf("approve: %d %s", code, errs)
	}
	code, out, errs := run("--site", f.site, "--store", f.dir, "publish", r.ID, "--by", "maria")
	if code != 0 {
		t.Fatalf("publish: %d %s", code, errs)
	}
	path := strings.TrimSpace(out)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg := loadSite(t, f.site)
	rel, _ := filepath.Rel(filepath.Join(f.site, "content"), path)
	p, diags := page.Parse("content/"+filepath.ToSlash(rel), filepath.ToSlash(rel), data, cfg)
	if diags.HasErrors() {
		t.Fatalf("published page does not parse: %v\n%s", diags, data)
	}
	if !p.Draft || p.Title != "Fest --- draft: false <b>x</b> [a](https://evil.example)" {
		t.Errorf("front matter changed: draft %v title %q\n%s", p.Draft, p.Title, data)
	}
	for k := range p.Params {
		switch k {
		case "intake", "project":
		default:
			t.Errorf("front matter gained key %q\n%s", k, data)
		}
	}
	proj, _ := p.Params["project"].(map[string]any)
	purpose, _ := proj["purpose"].(string)
	if purpose != escapeMarkdown(nasty) {
		t.Errorf("project.purpose in front matter: got %q", purpose)
	}
	fm := string(data[:p.BodyOffset])
	for _, line := range strings.Split(fm, "\n")[1:] {
		if strings.TrimSpace(line) == "---" && line != "---" {
			t.Errorf("front matter holds an indented --- line:\n%s", fm)
		}
	}
	for _, unsafe := range []bool{false, true} {
		res := md.New("sv", md.Options{Unsafe: unsafe}).Convert([]byte(purpose), p.File, 1, nil)
		html := string(res.HTML)
		for _, bad := range []string{"<img", "<a ", "<script", "<hr", "<pre", "<code", "onclick=\"", "<b>", "<h1", "<h2>Inledning"} {
			if strings.Contains(html, bad) {
				t.Errorf("unsafe=%v: body renders %q:\n%s", unsafe, bad, html)
			}
		}
		for _, text := range []string{"![x](https://evil.example/x.png)", "&lt;script&gt;alert(1)&lt;/script&gt;", "[Logga in här](https://evil.example/login)"} {
			if !strings.Contains(html, text) {
				t.Errorf("unsafe=%v: body lacks the text %q:\n%s", unsafe, text, html)
			}
		}
	}
	if r, _ := findDir(f.dir, r.ID); r.State != StatePublished || len(r.History) != 2 || r.History[1].State != StatePublished || r.History[1].By != "maria" {
		t.Errorf("after publish: state %s history %+v", r.State, r.History)
	}
}

// TestPublishRefused: a rejected submission and one of a form without
// publish: are not published, each with a message that says what to do.
func TestPublishRefused(t *testing.T) {
	f := newFixture(t, nil)
	g := []string{"--site", f.site, "--store", f.dir}
	f.post(poolValues(1))
	r := f.only(t, false)
	if code, _, errs := run(append(g, "reject", r.ID)...); code != 0 {
		t.Fatalf("reject: %d %s", code, errs)
	}
	if code, _, errs := run(append(g, "publish", r.ID)...); code != 1 || !strings.Contains(errs, "was rejected; approve it first") {
		t.Errorf("publish of a rejected one: %d %q", code, errs)
	}
	if got, _ := findDir(f.dir, r.ID); got.State != StateRejected || got.History[len(got.History)-1].State != StateRejected {
		t.Errorf("after reject: %s %+v", got.State, got.History)
	}

	v := url.Values{"why": {"Jeg bor her"}, "age": {"40"}, "address": {"Engparken 1"}, "email": {"a@example.dk"}, "consent": {"yes"}, "_lang": {"da"}}
	if w := f.do("POST", "/forms/focus-group", urlencoded, v.Encode(), "Origin", siteOrigin); w.Code != 303 {
		t.Fatalf("post focus-group: %d %s", w.Code, w.Body)
	}
	recs, _ := listDir(f.dir, "focus-group", false)
	id := recs[0].ID
	run(append(g, "approve", id)...)
	code, out, errs := run(append(g, "publish", id)...)
	if code != 1 || out != "" || !strings.Contains(errs, `form "focus-group" has no publish: in site.yaml, so its submissions cannot become pages`) ||
		!strings.Contains(errs, "publish:\n      type: idea") || !strings.Contains(errs, "fields: {title: why}") {
		t.Errorf("publish without a mapping: %d %q %q", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(f.site, "content")); err == nil {
		t.Errorf("a refused publish wrote under content/")
	}
	if got, _ := findDir(f.dir, id); got.State != StateApproved {
		t.Errorf("a refused publish changed the state to %s", got.State)
	}
}
