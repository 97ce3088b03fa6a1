package jekyll

import (
	"fmt"
	"strings"
	"testing"
)

// The tests in this file come from real public Jekyll sites compared with
// TestRealJekyllSites; each is a small site written anew that fails the
// way the real one did.

// A site that sets its language only in front-matter defaults is in that
// language: deltag adds no language of its own (before: Swedish became
// the default and the site's English pages got a Swedish sibling).
func TestRealDefaultsLanguage(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
title: Chapter
defaults:
  - scope:
      path: ""
    values:
      lang: en
      layout: default
  - scope:
      path: es
    values:
      lang: es
-- _layouts/default.html --
<html lang="{{ page.lang }}"><body>{{ content }}</body></html>
-- about.md --
---
title: About
---
About us.
-- es/acerca.md --
---
title: Acerca
---
Sobre nosotros.
`)
	if got := im.report.Languages; len(got) != 2 || got[0] != "en" || got[1] != "es" {
		t.Errorf("languages = %v, want [en es]", got)
	}
}

// A collection document Jekyll wrote at a language's home URL (/es/, or
// / in the default language) is that language's home page in deltag
// (before: deltag's generated es home won and the site's text was lost).
func TestRealCollectionHomePages(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
title: Chapter
defaults:
  - scope:
      path: ""
    values:
      lang: en
      layout: default
  - scope:
      path: _homepage/en/index.md
    values:
      permalink: /
  - scope:
      path: _homepage/es/index.md
    values:
      permalink: /es/
      lang: es
collections:
  homepage:
    output: true
-- _layouts/default.html --
<html lang="{{ page.lang }}"><body><p>{% for h in site.homepage %}[{{ h.lang }}]{% endfor %}</p><h1>{{ page.title }}</h1>{{ content }}</body></html>
-- _homepage/en/index.md --
---
title: Welcome
---
Hello neighbours.
-- _homepage/es/index.md --
---
title: Bienvenida
---
Hola vecinos.
`)
	// The homes stay documents of their collection, for a language
	// switcher that lists them.
	im.contains("es/index.html", "<h1>Bienvenida</h1>", "Hola vecinos.", "[en]", "[es]")
	if got, ok := serve(im.out, "/"); !ok || !containsAll(string(got), "<h1>Welcome</h1>", "Hello neighbours.") {
		t.Errorf("/ does not serve the English home text:\n%s", got)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

// Jekyll's site.<label> is a collection's documents for every label but
// posts, even "pages"; site.collections is every collection, posts too,
// sorted by label. A language switcher that walks them finds each
// page's translations (before: site.pages stayed the plain pages, the
// switcher was empty on every page of a "pages" collection).
func TestRealCollectionNamedPages(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
title: Chapter
defaults:
  - scope:
      path: ""
    values:
      lang: en
      layout: default
  - scope:
      path: _pages/es
    values:
      lang: es
      permalink: es/:title
  - scope:
      path: _pages/en
    values:
      permalink: /:title
collections:
  pages:
    output: true
  tiles:
    output: true
-- _layouts/default.html --
<html><body><ul>{% for c in site.collections %}{% assign name = c.label %}{% assign tr = site.[name] | where: "lang-ref", page.lang-ref | sort: "lang" %}{% for item in tr %}<li>{{ c.label }}:{{ item.lang }}:{{ item.url }}</li>{% endfor %}{% endfor %}</ul>{{ content }}</body></html>
-- _pages/en/about.md --
---
lang-ref: about
title: About
---
About us.
-- _pages/es/acerca.md --
---
lang-ref: about
title: Acerca
---
Sobre nosotros.
-- _tiles/one.md --
---
title: One
---
Tile.
`)
	for _, u := range []string{"/about.html", "/es/acerca.html"} {
		im.serves(u, "<ul><li>pages:en:/", "</li><li>pages:es:/")
	}
}

// serves checks that deltag's output serves u (following a redirect, as
// a visitor's browser does) with the texts.
func (im *imported) serves(u string, want ...string) {
	im.t.Helper()
	got, ok := serve(im.out, u)
	if !ok {
		im.t.Errorf("%s is not served", u)
		return
	}
	for _, w := range want {
		if !strings.Contains(string(got), w) {
			im.t.Errorf("%s does not contain %q:\n%s", u, w, got)
		}
	}
}

// A page Jekyll wrote at /<lang>/404.html is that language's 404 page
// in deltag (before: deltag's generated one took the URL and the site's
// text was lost).
func TestRealLanguage404(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
title: Chapter
defaults:
  - scope:
      path: ""
    values:
      lang: en
      layout: default
  - scope:
      path: _pages/es
    values:
      lang: es
      permalink: es/:title
collections:
  pages:
    output: true
-- _layouts/default.html --
<html><body><h1>{{ page.title }}</h1>{{ content }}</body></html>
-- 404.md --
---
permalink: /404.html
title: Not here
---
Try the home page.
-- _pages/es/404.md --
---
title: No está aquí
---
Prueba la página de inicio.
-- _pages/es/hola.md --
---
title: Hola
---
Hola.
`)
	im.contains("es/404.html", "<h1>No está aquí</h1>", "Prueba la página de inicio.")
	im.contains("404.html", "<h1>Not here</h1>")
}

// A relative link or image in a page's Markdown names what it named from
// the page's Jekyll URL, though the page lives at another URL in deltag
// (before: the image of every page of a collection was broken).
func TestRealRelativeLinks(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
title: Chapter
defaults:
  - scope:
      path: ""
    values:
      lang: en
  - scope:
      path: _pages
    values:
      permalink: /:title
collections:
  pages:
    output: true
-- assets/images/rose.png --
png
-- _pages/about.md --
---
title: About
---
![A rose](assets/images/rose.png) and [the other page](other-page) and [a folder](sub/).
-- _pages/other-page.md --
---
title: Other
---
Other.
`)
	got, _, ok := serveURL(im.out, "/about.html")
	if !ok {
		t.Fatal("/about.html is not served")
	}
	for _, w := range []string{`src="/assets/images/rose.png"`, `href="/other-page"`, `href="/sub/"`} {
		if !strings.Contains(string(got), w) {
			t.Errorf("/about.html lacks %s:\n%s", w, got)
		}
	}
	if _, ok := serve(im.out, "/other-page"); !ok {
		t.Error("/other-page is not served")
	}
}

// An include in a Markdown page whose HTML is indented and has lines
// left blank by its tags stays HTML, as in kramdown (before: CommonMark
// ended the HTML block at the blank line and showed the rest as code).
func TestRealIndentedIncludeInMarkdown(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
title: Tenants
lang: en
-- _layouts/default.html --
<html><body>{{ content }}</body></html>
-- _includes/button.html --
<div class="btn-container">
	{% if include.link %}
		<a href="{{ include.link }}" class="btn active">{{ include.text }}</a>
	{% else %}
		<div class="btn">{{ include.text }}</div>
	{% endif %}
</div>
-- index.md --
---
layout: default
title: Home
---
Services we offer.

{% include button.html text="Call our hotline" %}

_Telephone: soon_
`)
	got, _, ok := serveURL(im.out, "/")
	if !ok {
		t.Fatal("/ is not served")
	}
	if !strings.Contains(string(got), `<div class="btn">Call our hotline</div>`) || strings.Contains(string(got), "<code>") {
		t.Errorf("the include's HTML is not kept as HTML:\n%s", got)
	}
	if !strings.Contains(string(got), "<em>Telephone: soon</em>") {
		t.Errorf("the Markdown after the include is not Markdown:\n%s", got)
	}
}

// The default language's home, which Jekyll wrote at /, is written at /
// itself, not as a redirect to /en/: the relative links of its text and
// of the includes it uses mean what they meant (before: a button
// link="another-page" on the home went to /en/another-page, a 404).
func TestRealHomeAtRoot(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
title: Chapter
lang: en
-- _layouts/default.html --
<html><body><h1>{{ page.title }}</h1>{{ content }}</body></html>
-- _includes/button.html --
<a class="btn" href="{{ include.link }}">{{ include.text }}</a>
-- index.md --
---
layout: default
title: Welcome
---
{% include button.html text="Join" link="another-page" %}
-- another-page.md --
---
layout: default
title: Another
---
Hi.
`)
	im.contains("index.html", "<h1>Welcome</h1>", `href="another-page"`)
	if _, ok := serve(im.out, "/another-page"); !ok {
		t.Error("/another-page, the button's link from /, is not served")
	}
}

// A permalink that `defaults` give a folder (here /:title for
// _pages/en, es/:title for _pages/es) is the page's URL in deltag too,
// so the relative links an include writes name what they named in
// Jekyll (before: the page moved to /en/pages/en/committees/, a
// redirect stayed at /committees, and the include's "events" and
// "images/x.png" pointed below the new URL, broken).
func TestRealDefaultsPermalinkKept(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
title: Chapter
defaults:
  - scope:
      path: ""
    values:
      lang: en
      layout: default
  - scope:
      path: _pages/en
    values:
      permalink: /:title
  - scope:
      path: _pages/es
    values:
      permalink: es/:title
      lang: es
collections:
  pages:
    output: true
-- _layouts/default.html --
<html lang="{{ page.lang }}"><body><h1>{{ page.title }}</h1>{{ content }}</body></html>
-- _includes/button.html --
<a class="button" href="{{ include.link }}">{{ include.text }}</a><img src="{{ include.image }}" alt="">
-- images/x.png --
png
-- _pages/en/committees.md --
---
title: Committees
---
{% include button.html text="Find an event" link="events" image="images/x.png" %}
-- _pages/en/events.md --
---
title: Events
---
Upcoming events.
-- _pages/es/comites.md --
---
title: Comités
---
{% include button.html text="Eventos" link="eventos" image="../images/x.png" %}
-- _pages/es/eventos.md --
---
title: Eventos
---
Próximos eventos.
`)
	for _, c := range []struct{ page, link, want string }{
		{"/committees", "/events", "Upcoming events."},
		{"/committees", "/images/x.png", "png"},
		{"/es/comites", "/es/eventos", "Próximos eventos."},
	} {
		page, final, ok := serveURL(im.out, c.page)
		if !ok || final != c.page {
			t.Errorf("%s: served %v at %q, want the page itself:\n%s", c.page, ok, final, page)
			continue
		}
		if links := internalLinks(page, final); !containsString(links, c.link) {
			t.Errorf("%s: links %v, want one to %s", c.page, links, c.link)
		}
		if got, ok := serve(im.out, c.link); !ok || !strings.Contains(string(got), c.want) {
			t.Errorf("%s: its relative link resolves to %s, which deltag does not serve (%v)", c.page, c.link, ok)
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// A page without Liquid gets kramdown's reading too: its header-less
// table is a table and its {::options /} line is not text (before: the
// pipes and the options line were shown).
func TestRealKramdownWithoutLiquid(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
title: Chapter
lang: en
-- _layouts/default.html --
<html><body>{{ content }}</body></html>
-- branch.md --
---
layout: default
title: Branch
---
{::options parse_block_html="true" /}
### Committee

| Carrol | Co-Chair |
| Ron | Secretary |
`)
	im.contains("en/branch/index.html", "<td>Carrol</td>", "<td>Secretary</td>")
	im.lacks("en/branch/index.html", "{::", "| Ron")
}

// A theme's menu whose entries are wrapped (`- page: {…}`), name
// themselves by language (`en: Join`, `es: Únete`), give their url by
// language (`url: {en: join, es: es/unete}`, or `default:`), relative to
// the site, and sit in groups (`- group: …, pages: […]`) becomes the
// deltag menu of a site on the default theme (before: every entry was
// "left out: no url").
func TestRealLanguageMapMenu(t *testing.T) {
	im := importBuild(t, `
-- _config.yml --
title: Chapter
defaults:
  - scope:
      path: ""
    values:
      lang: en
  - scope:
      path: es
    values:
      lang: es
-- _data/nav.yml --
menu:
  en: Menu
elements:
  - group:
    en: Our chapter
    pages:
      - page:
          en: Join
          es: Únete
          url:
            en: join
            es: es/unete
  - page:
      en: Contact
      es: Contacto
      url:
        en: contact-us
  - page:
      en: Store
      url:
        default: https://shop.example.org/
-- index.md --
---
title: Home
---
Hello.
-- join.md --
---
title: Join
ref: join
---
Join us.
-- contact-us.md --
---
title: Contact
---
Write to us.
-- es/index.md --
---
title: Inicio
---
Hola.
-- es/unete.md --
---
title: Únete
ref: join
---
Únete.
`)
	if got := fmt.Sprint(im.report.Diagnostics); strings.Contains(got, "has no url") {
		t.Errorf("menu entries left out:\n%s", got)
	}
	im.contains("en/index.html", "Join", "Contact", `href="https://shop.example.org/"`, "Store")
	// A page in both languages is named in each (a page only in English
	// is not in the Spanish menu, as deltag does for every menu).
	im.contains("es/index.html", "Únete")
}
