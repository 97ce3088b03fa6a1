package jekyll

import (
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
<html lang="{{ page.lang }}"><body><h1>{{ page.title }}</h1>{{ content }}</body></html>
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
	im.contains("es/index.html", "<h1>Bienvenida</h1>", "Hola vecinos.")
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
