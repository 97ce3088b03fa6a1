package jekyll

import (
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
