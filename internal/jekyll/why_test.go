package jekyll

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/features"
	"golang.org/x/tools/txtar"
)

// The tests in this file are the "Why" list, one Jekyll mini-site
// each: import it, then build the result with deltag and its default
// theme exactly as `deltag import jekyll SRC --dest DIR && cd DIR &&
// deltag build` would, with no file added or edited in between.

// imported is an imported and built mini-site.
type imported struct {
	t      *testing.T
	report *Report
	site   string // the deltag site the import wrote
	out    string // deltag's output
	warns  diag.List
}

// importBuild writes the txtar archive as a Jekyll site, imports it and
// builds the import; a build error fails the test.
func importBuild(t *testing.T, archive string) *imported {
	t.Helper()
	src := filepath.Join(t.TempDir(), "jekyll")
	writeArchive(t, src, archive)
	dest := filepath.Join(t.TempDir(), "site")
	r, err := Import(Options{Source: src, Dest: dest, Now: now})
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	out := filepath.Join(t.TempDir(), "public")
	res, diags := build.Build(context.Background(), build.Options{Source: dest, Dest: out, Now: now, Extensions: features.All()})
	if diags.HasErrors() {
		t.Fatalf("deltag build of the imported site failed:\n%v\nimport report:\n%v", diags.Err(), r.Diagnostics)
	}
	return &imported{t: t, report: r, site: dest, out: out, warns: res.Warnings}
}

func writeArchive(t *testing.T, dir, archive string) {
	t.Helper()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// file returns an output file; missing fails the test.
func (im *imported) file(name string) string {
	im.t.Helper()
	b, err := os.ReadFile(filepath.Join(im.out, filepath.FromSlash(name)))
	if err != nil {
		im.t.Fatalf("deltag did not write %s: %v", name, err)
	}
	return string(b)
}

// siteFile returns a file the import wrote.
func (im *imported) siteFile(name string) string {
	im.t.Helper()
	b, err := os.ReadFile(filepath.Join(im.site, filepath.FromSlash(name)))
	if err != nil {
		im.t.Fatalf("the import did not write %s: %v", name, err)
	}
	return string(b)
}

func (im *imported) contains(name string, want ...string) {
	im.t.Helper()
	got := im.file(name)
	for _, w := range want {
		if !strings.Contains(got, w) {
			im.t.Errorf("%s does not contain %q:\n%s", name, w, got)
		}
	}
}

func (im *imported) lacks(name string, unwanted ...string) {
	im.t.Helper()
	got := im.file(name)
	for _, w := range unwanted {
		if strings.Contains(got, w) {
			im.t.Errorf("%s contains %q:\n%s", name, w, got)
		}
	}
}

// warned checks that the import reported a warning at file:line whose
// message contains text.
func (im *imported) warned(file string, line int, text string) {
	im.t.Helper()
	for _, d := range im.report.Diagnostics {
		if d.File == file && d.Line == line && strings.Contains(d.Msg, text) {
			return
		}
	}
	im.t.Errorf("no warning %s:%d %q in the import report:\n%v", file, line, text, im.report.Diagnostics)
}

// The imported site builds without the default theme copied in.
func TestWhyThemeNotCopied(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
title: Grannskap
lang: sv
-- index.md --
---
title: Start
---
Välkommen till grannskapet.
-- om.md --
---
title: Om oss
---
Vi är en förening.
`)
	if _, err := os.Stat(filepath.Join(im.site, "themes")); err == nil {
		t.Error("the import copied a theme; the default theme should come from deltag itself")
	}
	im.contains("sv/om/index.html", "<html", "Vi är en förening.", "deltag.css")
	im.file("css/deltag.css")
}

// The site's own robots.txt, sitemap.xml and 404 page win over the ones
// deltag generates.
func TestWhyOwnRootFiles(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
lang: sv
-- robots.txt --
User-agent: *
Disallow: /intern/
-- sitemap.xml --
<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/egen/</loc></url></urlset>
-- 404.html --
---
title: Hittades inte
permalink: /404.html
---
<p>Den här sidan finns inte hos oss.</p>
-- index.md --
---
title: Start
---
Hej.
`)
	if got := im.file("robots.txt"); got != "User-agent: *\nDisallow: /intern/\n" {
		t.Errorf("robots.txt = %q, want the site's own", got)
	}
	im.contains("sitemap.xml", "https://example.org/egen/")
	im.contains("404.html", "Den här sidan finns inte hos oss.")
}

// References to unpublished, missing and other-language pages are
// warnings in the import and never fail the build; the text stays.
func TestWhyWarningsDoNotFailBuild(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
lang: sv
collections:
  themes:
    output: true
-- _themes/trygghet.md --
---
title: Trygghet
---
Om trygghet.
-- _themes/utkast.md --
---
title: Utkast
published: false
---
Inte klar.
-- da/nyhed.md --
---
title: Nyhed
lang: da
---
Kun på dansk.
-- en/news.md --
---
title: News
lang: en
theme: da/nyhed.md
---
Only in English. See [the Danish page](../da/nyhed.md).
-- _posts/2024-03-01-mote.md --
---
title: Möte
themes:
  - _themes/trygghet.md
  - _themes/utkast.md
  - _themes/saknas.md
---
Läs [om trygghet](/_themes/trygghet.md), [utkastet](../_themes/utkast.md) och [det som saknas](saknas.md).
`)
	im.warned("_posts/2024-03-01-mote.md", 5, "unpublished")
	im.warned("_posts/2024-03-01-mote.md", 6, "names no file")
	im.warned("_posts/2024-03-01-mote.md", 8, "saknas.md")
	im.warned("_posts/2024-03-01-mote.md", 8, "utkast.md")
	im.warned("en/news.md", 4, "other language")
	im.contains("sv/posts/mote/index.html", "det som saknas", "utkastet", `href="/sv/themes/trygghet/"`)
	im.contains("en/news/index.html", "the Danish page")
}

// An empty links: entry from defaults and a form: key the site uses for
// its own purpose do not break the build.
func TestWhyLinksAndForm(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
lang: sv
defaults:
  - scope: {path: ""}
    values:
      links:
        - title:
          url:
-- index.md --
---
title: Start
---
Hej.
-- kontakt.md --
---
title: Kontakt
form: kontaktformular
weight: tung
image:
  path: /bild.png
  alt: En bild
menu:
  - sidfot
links:
  - title: Karta
    url: https://example.org/karta
  - title:
    url:
---
Skriv till oss.
`)
	im.contains("sv/kontakt/index.html", "Skriv till oss.", "https://example.org/karta")
	written := im.siteFile("content/sv/kontakt.md")
	for _, k := range []string{"jekyll_form: kontaktformular", "jekyll_weight: tung", "jekyll_image:"} {
		if !strings.Contains(written, k) {
			t.Errorf("content/sv/kontakt.md lacks %q: a key deltag reads differently is not kept under another name:\n%s", k, written)
		}
	}
	im.warned("kontakt.md", 4, `"weight" is renamed "jekyll_weight"`)
}

// Static files of a collection with output are copied as Jekyll copies
// them.
func TestWhyStaticCollection(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
lang: sv
collections:
  uploads:
    output: true
-- _uploads/protokoll 2023.pdf --
%PDF-1.4 protokoll
-- _uploads/bilder/karta.png --
PNG karta
-- index.md --
---
title: Start
---
Hej.
`)
	if got := im.file("uploads/protokoll 2023.pdf"); got != "%PDF-1.4 protokoll\n" {
		t.Errorf("uploads/protokoll 2023.pdf = %q", got)
	}
	im.file("uploads/bilder/karta.png")
}

// A Jekyll collection named events whose fields are not deltag's event
// fields (no place) keeps a plain page layout: its date is shown, not an
// empty event. (One with an event's fields becomes one: types_test.go.)
func TestWhyEventsCollection(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
lang: sv
collections:
  events:
    output: true
-- _events/grillkvall.md --
---
title: Grillkväll
date: 2024-06-12
host: Föreningen
---
Välkommen på grillkväll på gården.
-- index.md --
---
title: Start
---
Hej.
`)
	im.contains("sv/events/grillkvall/index.html", "Välkommen på grillkväll på gården.", "12 juni 2024")
	im.lacks("sv/events/grillkvall/index.html", "1 januari 1", "När")
	im.lacks("sv/events/index.html", "1 januari 1")
}

// A percent-encoded permalink is decoded as Jekyll decodes it.
func TestWhyPercentEncodedPermalink(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
lang: sv
-- for.md --
---
title: För boende
permalink: /f%C3%B6r-boende/
---
Information för boende.
-- index.md --
---
title: Start
---
Hej.
`)
	im.contains("för-boende/index.html", "Information för boende.")
}

// /feed.xml, which jekyll-feed wrote, stays.
func TestWhyRootFeed(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
lang: sv
url: https://example.org
plugins:
  - jekyll-feed
-- _posts/2024-03-01-nyhet.md --
---
title: En nyhet
---
Nytt i grannskapet.
-- index.md --
---
title: Start
---
Hej.
`)
	im.contains("feed.xml", "<feed", "En nyhet")
}

// A collection without output is kept as data for templates.
func TestWhyHiddenCollectionAsData(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
lang: sv
collections:
  staff:
    output: false
-- _staff/anna.md --
---
name: Anna Berg
role: Samordnare
---
Anna samordnar föreningens arbete.
-- index.md --
---
title: Start
---
Hej.
-- personal.md --
---
title: Personal
---
{% for p in site.staff %}{{ p.name }} ({{ p.role }}){% endfor %}
`)
	im.contains("sv/personal/index.html", "Anna Berg (Samordnare)")
	data := im.siteFile("data/collections/staff.yaml")
	for _, w := range []string{"name: Anna Berg", "role: Samordnare", "Anna samordnar föreningens arbete.", "path: _staff/anna.md"} {
		if !strings.Contains(data, w) {
			t.Errorf("data/collections/staff.yaml lacks %q:\n%s", w, data)
		}
	}
}

// A hidden collection's documents whose body starts with a blank line or
// a space (most files a CMS writes have a blank line after the front
// matter) are kept as data that reads back: before, the data file was
// YAML the build could not read ("did not find expected key") and the
// build failed.
func TestWhyHiddenCollectionBodyLeadingSpace(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
lang: sv
collections:
  staff:
    output: false
-- _staff/anna.md --
---
name: Anna Berg
---

Anna samordnar <b>allt</b>.
<br>
Sedan 2019.
-- _staff/bo.md --
---
name: Bo
---
  Bo börjar med mellanslag.
-- personal.md --
---
title: Personal
---
{% for p in site.staff %}[{{ p.name }}: {{ p.content | strip }}]{% endfor %}
`)
	im.contains("sv/personal/index.html", "[Anna Berg: Anna samordnar <b>allt</b>.\n<br>\nSedan 2019.]", "[Bo: Bo börjar med mellanslag.]")
}

// Per-language UI strings of _config.yml become i18n files, and English
// pages get English UI strings.
func TestWhyUIStrings(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
lang: sv
t:
  sv:
    read_more: Läs mer
    contact: Kontakta oss
  en:
    read_more: Read more
    contact: Contact us
-- index.md --
---
title: Start
---
Hej.
-- en/index.md --
---
title: Home
lang: en
---
Hello.
-- en/about.md --
---
title: About
lang: en
---
About us.
`)
	if got := im.siteFile("i18n/en.yaml"); !strings.Contains(got, "read_more: Read more") {
		t.Errorf("i18n/en.yaml:\n%s", got)
	}
	if got := im.siteFile("i18n/sv.yaml"); !strings.Contains(got, "contact: Kontakta oss") {
		t.Errorf("i18n/sv.yaml:\n%s", got)
	}
	im.contains("en/about/index.html", "Skip to content")
	im.lacks("en/about/index.html", "Hoppa till innehållet")
}

// A menu in _data/ becomes the deltag menu of a site on the default
// theme, so the pages it names can be reached from the home page.
func TestWhyDataMenu(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
lang: sv
-- _data/menu.yml --
- title: Om föreningen
  url: /om/
- title: Kalender
  url: /kalender/
- title: Extern
  url: https://example.org/
-- index.md --
---
title: Start
---
Hej.
-- om.md --
---
title: Om
permalink: /om/
---
Om föreningen.
-- kalender.md --
---
title: Kalender
permalink: /kalender/
---
Det som händer.
`)
	im.contains("sv/index.html", `href="/om/"`, "Om föreningen", `href="/kalender/"`, "Kalender")
}

// Pages without a title, which Jekyll builds, build in deltag too: the
// import turns content.requireTitle off.
func TestUntitledPages(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
lang: sv
-- index.md --
---
title: Start
---
Hej.
-- utan-rubrik.md --
---
layout: page
---
En sida utan rubrik.
`)
	im.contains("sv/utan-rubrik/index.html", "En sida utan rubrik.")
	if site := im.siteFile("site.yaml"); !strings.Contains(site, "requireTitle: false") {
		t.Errorf("site.yaml does not turn content.requireTitle off:\n%s", site)
	}
}

// Liquid in pages is rendered, with the site's own layouts, includes and
// _data menu: no page shows Liquid code, and the site keeps its look.
func TestWhyLiquidAndOwnDesign(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
title: Grannskap
lang: sv
url: https://example.org
contact_email: info@example.org
collections:
  events:
    output: true
-- _data/menu.yml --
- title: Nyheter
  url: /nyheter/
- title: Kontakt
  url: /kontakt/
-- _layouts/default.html --
<!DOCTYPE html>
<html lang="{{ page.lang }}"><head>{% seo %}</head>
<body class="grannskap">{% include nav.html current=page.url %}<main>{{ content }}</main></body></html>
-- _layouts/page.html --
---
layout: default
---
<article class="egen-sida"><h1>{{ page.title }}</h1>{{ content }}</article>
-- _includes/nav.html --
<nav class="egen-meny">{% for item in site.data.menu %}<a href="{{ item.url | relative_url }}"{% if item.url == include.current %} aria-current="page"{% endif %}>{{ item.title }}</a>{% endfor %}</nav>
-- _includes/kontaktruta.html --
<aside class="kontakt">Skriv till {{ include.adress }}</aside>
-- index.md --
---
title: Start
layout: page
---
Välkommen till {{ site.title }}.
-- nyheter.md --
---
title: Nyheter
layout: page
permalink: /nyheter/
---
{% for post in site.posts %}
## [{{ post.title }}]({{ post.url | relative_url }})

{{ post.content }}
{% endfor %}
-- kontakt.md --
---
title: Kontakt
layout: page
permalink: /kontakt/
form: kontaktformulär
---
{% include kontaktruta.html adress=site.contact_email %} Formulär: {{ page.form }}.
-- _posts/2024-03-01-vårmöte.md --
---
title: Vårmöte
layout: page
---
Mötet hålls i {{ "Gården" | upcase }}.
`)
	im.contains("kontakt/index.html", `<body class="grannskap">`, `<nav class="egen-meny">`, `<a href="/kontakt/" aria-current="page">Kontakt</a>`,
		`<article class="egen-sida"><h1>Kontakt</h1>`, `<aside class="kontakt">Skriv till info@example.org</aside>`, "Formulär: kontaktformulär.", "<title>Kontakt | Grannskap</title>")
	im.contains("nyheter/index.html", "Vårmöte", "Mötet hålls i GÅRDEN.")
	im.contains("sv/posts/vårmöte/index.html", "Mötet hålls i GÅRDEN.")
	im.contains("sv/index.html", "Välkommen till Grannskap.", `<body class="grannskap">`)
	for _, f := range []string{"kontakt/index.html", "nyheter/index.html", "sv/index.html", "sv/posts/vårmöte/index.html", "sv/posts/index.html", "sv/feed.xml"} {
		im.lacks(f, "{%", "{{")
	}
}

// Liquid that cannot be rendered is a build error with file and line,
// never code on a page.
func TestLiquidErrorFailsBuild(t *testing.T) {
	src := filepath.Join(t.TempDir(), "jekyll")
	writeArchive(t, src, `
-- _config.yml --
lang: sv
-- index.md --
---
title: Start
---
Rad ett.

{% include saknas.html %}
`)
	dest := filepath.Join(t.TempDir(), "site")
	if _, err := Import(Options{Source: src, Dest: dest, Now: now}); err != nil {
		t.Fatal(err)
	}
	_, diags := build.Build(context.Background(), build.Options{Source: dest, Dest: filepath.Join(t.TempDir(), "public"), Now: now, Extensions: features.All()})
	errs := diags.Errors()
	if len(errs) == 0 || errs[0].File != "content/sv/_index.md" || errs[0].Line != 6 || !strings.Contains(errs[0].Msg, "saknas.html") {
		t.Errorf("got %v, want an error at content/sv/_index.md:6 naming saknas.html", diags)
	}
}

// jekyll-paginate: the index page and its further pages at
// paginate_path, each with its paginator.
func TestPaginator(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
lang: sv
paginate: 2
plugins: [jekyll-paginate]
-- _layouts/home.html --
<main>{% for post in paginator.posts %}<h2>{{ post.title }}</h2>{% endfor %}
<p>Sida {{ paginator.page }} av {{ paginator.total_pages }}</p>
{% if paginator.previous_page %}<a rel="prev" href="{{ paginator.previous_page_path | relative_url }}">Nyare</a>{% endif %}
{% if paginator.next_page %}<a rel="next" href="{{ paginator.next_page_path | relative_url }}">Äldre</a>{% endif %}</main>
-- index.html --
---
layout: home
title: Nyheter
---
-- _posts/2024-01-01-ett.md --
---
title: Ett
---
Ett.
-- _posts/2024-02-01-tva.md --
---
title: Två
---
Två.
-- _posts/2024-03-01-tre.md --
---
title: Tre
---
Tre.
`)
	im.contains("sv/index.html", "<h2>Tre</h2><h2>Två</h2>", "Sida 1 av 2", `<a rel="next" href="/page2/">Äldre</a>`)
	im.lacks("sv/index.html", "<h2>Ett</h2>", `rel="prev"`)
	im.contains("page2/index.html", "<h2>Ett</h2>", "Sida 2 av 2", `<a rel="prev" href="/">Nyare</a>`)
	im.lacks("page2/index.html", "<h2>Tre</h2>", `rel="next"`)
}
