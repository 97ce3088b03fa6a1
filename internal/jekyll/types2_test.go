package jekyll

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// typedSite has a collection of funded projects (one with its own
// layout, one without), a collection of idea cards, a collection of
// funding pools, and a staff collection that has the fields of no type.
const typedSite = `
-- _config.yml --
lang: sv
timezone: Europe/Stockholm
collections:
  projekt:
    output: true
  forslag:
    output: true
  puljer:
    output: true
  team:
    output: true
defaults:
  - scope: {type: projekt}
    values: {layout: projekt}
-- _layouts/projekt.html --
<!DOCTYPE html>
<html lang="sv"><body class="egen"><h1>{{ page.title }}</h1>
<p class="funder">{{ page.funder }}</p><p class="status">{{ page.status }}</p>
{{ content }}</body></html>
-- _projekt/gardar.md --
---
title: Gröna gårdar
funder: Allmänna arvsfonden
status: Pågående
start_date: 2024-03-01
end_date: 2026-02-28
grant: 1200000
currency: SEK
partners: [Hyresgästföreningen, Kommunen]
purpose: Fler odlingar på gårdarna.
---
Projektet bygger odlingslådor.
-- _projekt/lyktor.md --
---
title: Lyktor
layout: null
funder: Boverket
status: klar
grant: mycket
---
Bättre belysning.
-- _forslag/bank.md --
---
title: Parkbänkar
goal: Fler ska vilja sitta ute.
idea: Bänkar vid lekplatsen.
benefit: Mötesplatser.
---
Förslag från boende.
-- _forslag/cykel.md --
---
title: Cykelverkstad
goal: Laga cyklar själv.
idea: Ett rum med verktyg.
---
Förslag från boende.
-- _puljer/kvarter.md --
---
title: Kvarterspotten
total: 50000
currency: SEK
deadline: 2025-09-30
---
Sök pengar till kvarteret.
-- _team/anna.md --
---
title: Anna
role: Samordnare
---
Anna samordnar.
-- index.md --
---
title: Start
---
Hej.
`

// A collection becomes the project, idea or pool type when its fields
// fit, whatever it is called; one that fits none stays plain pages, and
// the report says per collection what was tried and what was missing.
func TestCollectionsBecomeTypes(t *testing.T) {
	im := importBuild(t, typedSite)
	got := map[string]string{}
	for _, f := range im.report.Types {
		if f.Fits {
			got[f.Collection] = f.Type
		}
	}
	want := map[string]string{"projekt": "project", "forslag": "idea", "puljer": "pool"}
	for c, ty := range want {
		if got[c] != ty {
			t.Errorf("collection %s: fits %q, want %q (report: %v)", c, got[c], ty, got)
		}
	}
	if _, ok := got["team"]; ok {
		t.Errorf("team fits %s; it has the fields of no type", got["team"])
	}
	var out bytes.Buffer
	im.report.Write(&out)
	for _, w := range []string{
		"projekt: project (2 documents; site.yaml types:)",
		"projekt: not event: _projekt/gardar.md:1 has no place",
		"team: not project: _team/anna.md:1 has no funder",
		"team: not idea: _team/anna.md:1 has no goal",
		"team: not pool: _team/anna.md:1 has no total amount",
		"team: plain pages (it has the fields of no type)",
	} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("report lacks %q:\n%s", w, out.String())
		}
	}
	y := im.siteFile("site.yaml")
	for _, w := range []string{
		"  \"project\":\n    section: \"projekt\"\n    key: project\n    layout: projects\n",
		"{name: funder, kind: string, required: true",
		"{name: status, kind: choice",
		"  \"idea\":\n    section: \"forslag\"\n    key: idea\n    layout: ideas\n",
		"  \"pool\":\n    section: \"puljer\"\n    key: pool\n    layout: pools\n",
	} {
		if !strings.Contains(y, w) {
			t.Errorf("site.yaml lacks %q:\n%s", w, y)
		}
	}
	// The project's fields in deltag's form beside the site's own keys.
	page := im.siteFile("content/sv/projekt/gardar.md")
	for _, w := range []string{"project:\n", "funder: Allmänna arvsfonden", "status: ongoing", "start: \"2024-03-01\"", "grant: 1200000", "- Hyresgästföreningen", "status: Pågående"} {
		if !strings.Contains(page, w) {
			t.Errorf("content/sv/projekt/gardar.md lacks %q:\n%s", w, page)
		}
	}
	// A value not of the field's kind stays the site's own only.
	lyktor := im.siteFile("content/sv/projekt/lyktor.md")
	if strings.Contains(lyktor, "grant: mycket\n  ") || !strings.Contains(lyktor, "status: completed") {
		t.Errorf("lyktor.md: want status completed and no grant in project:\n%s", lyktor)
	}
	// The site's own layout keeps showing the page as Jekyll did; the
	// page without one gets the theme's project page with its facts.
	im.contains("sv/projekt/gardar/index.html", `<body class="egen">`, `<p class="funder">Allmänna arvsfonden</p>`, `<p class="status">Pågående</p>`)
	im.contains("sv/projekt/lyktor/index.html", "Boverket", "Avslutat", "Bättre belysning.")
	// The project list, the idea cards, the pool.
	im.contains("sv/projekt/index.html", "Gröna gårdar", "Lyktor")
	im.contains("sv/forslag/bank/index.html", "Fler ska vilja sitta ute.", "Bänkar vid lekplatsen.")
	im.contains("sv/puljer/kvarter/index.html", "Kvarterspotten", "50")
	im.contains("sv/team/anna/index.html", "Anna samordnar.")

	// Every page Jekyll wrote is served with its text.
	if jsite := jekyllBuild(t, typedSite); jsite != "" {
		for u, text := range map[string]string{
			"/projekt/gardar.html": "Projektet bygger odlingslådor.", "/projekt/lyktor.html": "Bättre belysning.",
			"/forslag/bank.html": "Förslag från boende.", "/puljer/kvarter.html": "Sök pengar till kvarteret.",
			"/team/anna.html": "Anna samordnar.",
		} {
			if _, err := os.Stat(filepath.Join(jsite, filepath.FromSlash(u))); err != nil {
				t.Fatalf("Jekyll wrote no %s", u)
			}
			if b, ok := serve(im.out, u); !ok || !strings.Contains(string(b), text) {
				t.Errorf("%s: Jekyll wrote it; deltag serves it %v, with %q %v", u, ok, text, strings.Contains(string(b), text))
			}
		}
	}
}
