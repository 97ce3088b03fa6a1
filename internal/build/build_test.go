package build_test

import (
	"bytes"
	"context"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/features"
	"github.com/deltag/deltag/internal/sitetest"
)

// A small site with layouts of its own, so tests read whole.
const baseSite = `
-- site.yaml --
baseURL: https://portal.example.se/
languages:
  - {code: sv, name: Svenska, locale: sv-SE, timezone: Europe/Stockholm, title: Portalen}
  - {code: da, name: Dansk, locale: da-DK, timezone: Europe/Copenhagen, title: Portalen DK}
sections:
  events: {path: {sv: evenemang, da: arrangementer}, title: {sv: Evenemang, da: Arrangementer}}
  themes: {path: {sv: teman, da: temaer}}
minify: false
-- layouts/_default/baseof.html --
<!DOCTYPE html><html lang="{{.L.Code}}"><head><title>{{.Title}}</title>
<link rel="canonical" href="{{.Permalink}}">
{{range .Translations}}<link rel="alternate" hreflang="{{.L.Code}}" href="{{.Permalink}}">
{{end}}</head><body>{{block "main" .}}{{end}}</body></html>
-- layouts/_default/single.html --
{{define "main"}}<h1>{{.Title}}</h1>
<p class="date">{{formatDate "long" .Date}}</p>
{{with index .Params "ingress-text"}}<p class="ingress">{{.}}</p>{{end}}
{{range .Links}}<a class="reg" href="{{.URL}}">{{.Title}}</a>{{end}}
{{range .References "categories"}}<a class="theme" href="{{.RelPermalink}}">{{.Title}}</a>{{end}}
{{range .TermsIn "categories"}}<span class="term">{{.Name}}</span>{{end}}
{{range .ReferencedBy}}<a class="refby" href="{{.RelPermalink}}">{{.Title}}</a>{{end}}
{{with .Translation "da"}}<a class="da" href="{{.RelPermalink}}">da</a>{{end}}
<div class="content">{{.Content}}</div>{{end}}
-- layouts/_default/list.html --
{{define "main"}}<h1>{{.Title}}</h1><ul>{{range .Pager.Pages}}<li>{{.Title}}</li>{{end}}</ul>
{{with .Pager}}<p class="pager">{{.Number}}/{{.Total}}{{with .Next}} next={{.}}{{end}}</p>{{end}}{{end}}
-- layouts/_default/404.html --
{{define "main"}}<h1>404</h1>{{end}}
`

var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func buildSite(t *testing.T, dir string, opts ...func(*build.Options)) (*build.Result, diag.List) {
	t.Helper()
	o := build.Options{Extensions: features.All(), Source: dir, Now: testNow}
	for _, f := range opts {
		f(&o)
	}
	return build.Build(context.Background(), o)
}

func mustBuild(t *testing.T, dir string, opts ...func(*build.Options)) *build.Result {
	t.Helper()
	res, diags := buildSite(t, dir, opts...)
	if diags.HasErrors() {
		t.Fatalf("build failed:\n%v", diags.Err())
	}
	return res
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "public", filepath.FromSlash(name)))
	if err != nil {
		t.Fatalf("output %s: %v", name, err)
	}
	return string(b)
}

func assertContains(t *testing.T, dir, name string, wants ...string) {
	t.Helper()
	got := read(t, dir, name)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s: missing %q\n--- got:\n%s", name, w, got)
		}
	}
}

const realPost = `
-- content/sv/events/2021-02-03-lunchwebbinarium.md --
---
lang: sv
date: 2021-02-03 15:34:34 +0100
title: Lunchwebbinarium om boendebudget 18 februari
image: "/uploads/image.png"
image_alt: Två personer vid en dator
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
Går det verkligen att öka tryggheten? Läs om [temat](../themes/medborgarbudget.md#forskning).
-- content/sv/themes/medborgarbudget.md --
---
title: Medborgarbudget
ref: theme-mb
---
## Forskning
-- content/da/themes/medborgarbudget.md --
---
title: Borgerbudget
ref: theme-mb
---
Tekst.
-- static/uploads/image.png --
(the image's bytes; the build checks only that the file is there)
-- static/uploads/image-1.jpg --
(the thumbnail's bytes)
`

func TestRealFrontMatterBuilds(t *testing.T) {
	dir := writeSite(t, baseSite, realPost)
	mustBuild(t, dir)
	assertContains(t, dir, "sv/evenemang/lunchwebbinarium/index.html",
		"<h1>Lunchwebbinarium om boendebudget 18 februari</h1>",
		`<p class="date">3 februari 2021</p>`,
		`<p class="ingress">För dig som arbetar på bostadsbolag</p>`,
		`<a class="reg" href="https://www.eventbrite.se/e/example">Anmäl dig här! (Eventbrite)</a>`,
		`<a class="theme" href="/sv/teman/medborgarbudget/">Medborgarbudget</a>`,
		`href="/sv/teman/medborgarbudget/#forskning"`,
	)
	// The reference is not a term.
	if strings.Contains(read(t, dir, "sv/evenemang/lunchwebbinarium/index.html"), `class="term"`) {
		t.Error("a category that names a page became a term")
	}
	// The theme page lists what names it.
	assertContains(t, dir, "sv/teman/medborgarbudget/index.html",
		`<a class="refby" href="/sv/evenemang/lunchwebbinarium/">Lunchwebbinarium om boendebudget 18 februari</a>`)
	// ref: '' means no translation, even if a same-named file existed.
	if strings.Contains(read(t, dir, "sv/evenemang/lunchwebbinarium/index.html"), "hreflang") {
		t.Error("a page with ref: '' got translations")
	}
}

func TestTranslationsInHeadAndSitemap(t *testing.T) {
	dir := writeSite(t, baseSite, `
-- content/sv/events/webbinarium.md --
---
title: Webbinarium
date: 2021-02-03
ref: web
---
-- content/da/events/webinar.md --
---
title: Webinar
date: 2021-02-03
ref: web
---
-- content/sv/about.md --
---
title: Om oss
---
-- content/da/about.md --
---
title: Om os
---
-- content/sv/tack.md --
---
title: Tack
noindex: true
---
`)
	mustBuild(t, dir)
	if sm := read(t, dir, "sitemap.xml"); strings.Contains(sm, "/sv/tack/") {
		t.Errorf("a noindex: true page is in the sitemap:\n%s", sm)
	}
	if !strings.Contains(read(t, dir, "sitemap.xml"), "/sv/about/") {
		t.Error("the sitemap lost an ordinary page")
	}
	assertContains(t, dir, "sv/evenemang/webbinarium/index.html",
		`<link rel="alternate" hreflang="da" href="https://portal.example.se/da/arrangementer/webinar/">`,
		`<link rel="canonical" href="https://portal.example.se/sv/evenemang/webbinarium/">`)
	assertContains(t, dir, "da/arrangementer/webinar/index.html",
		`<link rel="alternate" hreflang="sv" href="https://portal.example.se/sv/evenemang/webbinarium/">`)
	// Same path under another language folder links too.
	assertContains(t, dir, "sv/about/index.html", `hreflang="da" href="https://portal.example.se/da/about/"`)
	sm := read(t, dir, "sitemap.xml")
	block := regexp.MustCompile(`(?s)<url>\s*<loc>https://portal.example.se/sv/evenemang/webbinarium/</loc>.*?</url>`).FindString(sm)
	for _, want := range []string{
		`<xhtml:link rel="alternate" hreflang="sv" href="https://portal.example.se/sv/evenemang/webbinarium/"/>`,
		`<xhtml:link rel="alternate" hreflang="da" href="https://portal.example.se/da/arrangementer/webinar/"/>`,
		`<xhtml:link rel="alternate" hreflang="x-default" href="https://portal.example.se/sv/evenemang/webbinarium/"/>`,
	} {
		if !strings.Contains(block, want) {
			t.Errorf("sitemap entry lacks %s:\n%s", want, block)
		}
	}
	assertContains(t, dir, "robots.txt", "Sitemap: https://portal.example.se/sitemap.xml")
	assertContains(t, dir, "index.html", `href="/sv/"`, `href="/da/"`)
	assertContains(t, dir, "sv/feed.xml", `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv">`, "<title>Webbinarium</title>")
}

func TestBrokenInputReportsEveryError(t *testing.T) {
	dir := writeSite(t, baseSite, `
-- content/sv/a.md --
---
title: A
date: [2021
---
-- content/sv/b.md --
---
title: B
draft: kanske
---
-- content/da/c.md --
---
title: C
categories: [_themes/saknas.md]
---
Se [d](saknas.md).
`)
	_, diags := buildSite(t, dir)
	got := diags.Sort().Errors()
	var lines []string
	for _, d := range got {
		lines = append(lines, d.String())
	}
	all := strings.Join(lines, "\n")
	for _, want := range []string{"content/sv/a.md:", "content/sv/b.md:3: draft: want true or false"} {
		if !strings.Contains(all, want) {
			t.Errorf("errors lack %q:\n%s", want, all)
		}
	}
	// Reference problems are found in the next stage, once parsing is clean.
	os.Remove(filepath.Join(dir, "content/sv/a.md"))
	os.Remove(filepath.Join(dir, "content/sv/b.md"))
	_, diags = buildSite(t, dir)
	all = diags.Err().Error()
	if !strings.Contains(all, `content/da/c.md:3: categories: "_themes/saknas.md" names no page`) {
		t.Errorf("missing reference error:\n%s", all)
	}
}

func TestBrokenContentLink(t *testing.T) {
	dir := writeSite(t, baseSite, `
-- content/sv/a.md --
---
title: A
---
Text.

Se [d](saknas.md).
`)
	_, diags := buildSite(t, dir)
	if err := diags.Err(); err == nil || !strings.Contains(err.Error(), `content/sv/a.md:6: broken link to "saknas.md"`) {
		t.Errorf("got %v", err)
	}
}

func TestFailedBuildLeavesPublicUntouched(t *testing.T) {
	dir := writeSite(t, baseSite, `
-- content/sv/a.md --
---
title: A
---
`)
	mustBuild(t, dir)
	before := read(t, dir, "sv/a/index.html")
	os.WriteFile(filepath.Join(dir, "content/sv/a.md"), []byte("---\ntitle: [A\n---\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "content/sv/b.md"), []byte("---\ntitle: B\n---\n"), 0o644)
	if _, diags := buildSite(t, dir); !diags.HasErrors() {
		t.Fatal("broken YAML built")
	}
	if got := read(t, dir, "sv/a/index.html"); got != before {
		t.Error("a failed build changed public/")
	}
	if _, err := os.Stat(filepath.Join(dir, "public/sv/b")); err == nil {
		t.Error("a failed build wrote a new page")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".build-") {
			t.Errorf("staging folder %s left behind", e.Name())
		}
	}
}

func TestStaleFilesRemovedAndOutputDeterministic(t *testing.T) {
	dir := writeSite(t, baseSite, realPost, `
-- content/sv/old.md --
---
title: Gammal
---
`)
	mustBuild(t, dir, func(o *build.Options) { m := true; o.Minify = &m })
	first := snapshot(t, filepath.Join(dir, "public"))
	mustBuild(t, dir, func(o *build.Options) { m := true; o.Minify = &m })
	second := snapshot(t, filepath.Join(dir, "public"))
	if len(first) != len(second) {
		t.Fatalf("file count %d then %d", len(first), len(second))
	}
	for name, b := range first {
		if !bytes.Equal(b, second[name]) {
			t.Errorf("%s differs between two builds of the same input", name)
		}
	}
	os.Remove(filepath.Join(dir, "content/sv/old.md"))
	mustBuild(t, dir)
	if _, err := os.Stat(filepath.Join(dir, "public/sv/old/index.html")); err == nil {
		t.Error("a page removed from content is still in public/")
	}
}

func snapshot(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			out[strings.TrimPrefix(p, root)] = b
		}
		return nil
	})
	return out
}

func TestDraftsFutureExpired(t *testing.T) {
	dir := writeSite(t, baseSite, `
-- content/sv/draft.md --
---
title: Utkast
draft: true
---
-- content/sv/future.md --
---
title: Framtid
date: 2027-01-01
---
-- content/sv/expired.md --
---
title: Utgången
expiryDate: 2025-01-01
---
-- content/sv/now.md --
---
title: Nu
date: 2026-11-01
---
`)
	mustBuild(t, dir)
	for _, name := range []string{"draft", "future", "expired"} {
		if _, err := os.Stat(filepath.Join(dir, "public/sv", name)); err == nil {
			t.Errorf("%s built without its flag", name)
		}
	}
	read(t, dir, "sv/now/index.html")
	mustBuild(t, dir, func(o *build.Options) { o.Drafts, o.Future, o.Expired = true, true, true })
	for _, name := range []string{"draft", "future", "expired"} {
		read(t, dir, "sv/"+name+"/index.html")
	}
}

func TestPaginationAliasesAndTerms(t *testing.T) {
	var b strings.Builder
	b.WriteString(baseSite)
	for i := 1; i <= 12; i++ {
		b.WriteString("-- content/sv/events/e" + string(rune('a'+i)) + ".md --\n---\ntitle: E" + string(rune('a'+i)) +
			"\ndate: 2021-01-" + twoDigits(i) + "\ncategories: boende\n---\n")
	}
	b.WriteString("-- content/sv/about.md --\n---\ntitle: Om\naliases: [/om-oss/, /gamla/om.html]\ncategories: news\n---\n")
	dir := writeSite(t, b.String())
	res := mustBuild(t, dir)
	assertContains(t, dir, "sv/evenemang/index.html", "<li>Em</li>", `<p class="pager">1/2 next=/sv/evenemang/page/2/</p>`)
	assertContains(t, dir, "sv/evenemang/page/2/index.html", "<li>Eb</li>", `<p class="pager">2/2</p>`)
	assertContains(t, dir, "om-oss/index.html", `<meta http-equiv="refresh" content="0; url=/sv/about/">`, `<link rel="canonical" href="https://portal.example.se/sv/about/">`)
	assertContains(t, dir, "gamla/om.html", `url=/sv/about/`)
	assertContains(t, dir, "sv/categories/boende/index.html", "<li>Em</li>")
	assertContains(t, dir, "sv/categories/news/index.html", "<li>Om</li>")
	if res.Langs[0].Aliases != 2 {
		t.Errorf("aliases counted %d, want 2", res.Langs[0].Aliases)
	}
}

func twoDigits(i int) string { return string(rune('0'+i/10)) + string(rune('0'+i%10)) }

func TestConfigErrorsNameLine(t *testing.T) {
	dir := writeSite(t, `
-- site.yaml --
baseURL: https://x.example/
languages:
  - {code: sv, timezone: Europe/Stockholm}
paginate: many
colour: blue
`)
	_, diags := buildSite(t, dir)
	all := diags.Err().Error()
	for _, want := range []string{"site.yaml:4: wrong type", "site.yaml:5: unknown key \"colour\""} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in:\n%s", want, all)
		}
	}
}

func TestTemplateErrorNamesFileAndLine(t *testing.T) {
	dir := writeSite(t, baseSite, `
-- layouts/_default/single.html --
{{define "main"}}
<h1>{{.Title}}</h1>
{{.NoSuchField}}
{{end}}
-- content/sv/a.md --
---
title: A
---
`)
	_, diags := buildSite(t, dir)
	if err := diags.Err(); err == nil || !strings.Contains(err.Error(), "layouts/_default/single.html:3:") {
		t.Errorf("got %v", err)
	}
}

func TestExamplePortalBuilds(t *testing.T) {
	root, _ := filepath.Abs("../..")
	out := t.TempDir()
	res, diags := build.Build(context.Background(), build.Options{Extensions: features.All(), Source: root, Dest: out, Now: testNow})
	if diags.HasErrors() {
		t.Fatalf("example portal:\n%v", diags.Err())
	}
	if len(res.Langs) != 2 || res.Langs[0].Pages < 10 || res.Langs[1].Pages < 10 {
		t.Errorf("stats %+v", res.Langs)
	}
	if len(res.MissingStrings) > 0 {
		t.Errorf("missing UI strings: %v", res.MissingStrings)
	}
	// The webinar, written with the real Jekyll post's front matter, shows
	// its date, ingress-text, registration link and theme reference, and
	// is paired with its Danish translation.
	b, err := os.ReadFile(filepath.Join(out, "sv/evenemang/lunchwebbinarium-boendebudget/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<time datetime="2021-02-03T15:34:34+01:00">3 februari 2021</time>`,
		"För dig på bostadsbolaget som arbetar med trygghet, trivsel och social hållbarhet",
		`href="https://www.eventbrite.se/e/example-boendebudget"`,
		`href="/sv/teman/medborgarbudget/"`,
		`<link rel="alternate" hreflang="da" href="https://portal.example.se/da/arrangementer/frokostwebinar-borgerbudget/">`,
	} {
		// Compared as a browser reads it: "+" may be written &#43;.
		if !strings.Contains(html.UnescapeString(string(b)), want) {
			t.Errorf("webinar page lacks %s", want)
		}
	}
}

func TestExamplePortalDeterministic(t *testing.T) {
	root, _ := filepath.Abs("../..")
	a, b := t.TempDir(), t.TempDir()
	for _, out := range []string{a, b} {
		if _, diags := build.Build(context.Background(), build.Options{Extensions: features.All(), Source: root, Dest: out, Now: testNow}); diags.HasErrors() {
			t.Fatal(diags.Err())
		}
	}
	first, second := snapshot(t, a), snapshot(t, b)
	if len(first) != len(second) {
		t.Fatalf("%d files, then %d", len(first), len(second))
	}
	for name, data := range first {
		if !bytes.Equal(data, second[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

// writeSite writes txtar archives into a new folder and returns it.
func writeSite(t *testing.T, archives ...string) string { return sitetest.Write(t, archives...) }
