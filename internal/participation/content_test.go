package participation_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestMissingRequiredField: the error names file, line and field.
func TestMissingRequiredField(t *testing.T) {
	dir := writeSite(t, siteYAML, `
-- content/sv/events/x.md --
---
title: Utan start
event:
  end: 2027-02-18T13:00:00+01:00
---
`)
	got := mustFail(t, dir)
	assertContains(t, got, "diagnostics", "content/sv/events/x.md:3: event.start: required field is missing (type event)")
}

// TestWrongKindAndUnknownChoice: a wrong kind and an unknown choice are
// errors at the field's line; an unknown field is a warning.
func TestWrongKindAndUnknownChoice(t *testing.T) {
	dir := writeSite(t, siteYAML, `
-- content/sv/events/x.md --
---
title: Fel
event:
  start: i morgon
  attendance: hybrid
  registration: anmal-dig
  programme: [ett, två]
---
`)
	got := mustFail(t, dir)
	assertContains(t, got, "diagnostics",
		"content/sv/events/x.md:4: event.start: cannot read \"i morgon\" as a date",
		`content/sv/events/x.md:5: event.attendance: unknown choice "hybrid" (choices: online, in-person, both)`,
		`content/sv/events/x.md:6: event.registration: want a URL`,
		`content/sv/events/x.md:7: event.programme.0: want a map of date, time, topic, place, speaker, got text`)
}

// TestTypeFromFrontMatter: type: gives a page outside the section its type
// (validation and layout).
func TestTypeFromFrontMatter(t *testing.T) {
	dir := writeSite(t, siteYAML, `
-- content/sv/news/traff.md --
---
title: Träff i nyheterna
type: event
event: {start: 2027-05-01T18:00:00+02:00, location: Malmö}
---
`)
	mustBuild(t, dir)
	assertFile(t, dir, "sv/news/traff/index.html", "Lägg till i kalendern", `"@type":"Event"`)
	assertFile(t, dir, "sv/news/traff/event.ics", "LOCATION;LANGUAGE=sv:Malmö")
}

// TestCorpusEvent: the benchmark corpus's events (no type:, location as a
// string) build without errors.
func TestCorpusEvent(t *testing.T) {
	dir := writeSite(t, siteYAML, `
-- content/sv/events/kul-r000001.md --
---
title: "Kul dag"
date: 2019-03-10T08:00:00+01:00
lang: sv
ref: r000001
categories: [kultur]
tags: [arkiv, barn]
excerpt: "Text."
event:
  start: 2019-04-01T10:00:00+02:00
  end: 2019-04-01T12:00:00+02:00
  location: "Lund"
  registration: https://exempel.se/anmalan/r000001
---

Body.
`)
	_, diags := buildSite(t, dir)
	if len(diags) > 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	assertFile(t, dir, "sv/evenemang/kul-r000001/index.html", "Evenemanget har redan ägt rum.", "Lund")
}

const pools = `
-- content/sv/pools/pott.md --
---
title: Pott för gemenskap
ref: pott
pool: {total: 100000, max: 20000, currency: DKK, deadline: 2027-03-31}
---
-- content/sv/projects/middagar.md --
---
title: Middagar
project: {funder: DOMI Bolig, pool: pools/pott, allocated: 18000, coordinator: Styrelsen i Skovbrynet, status: completed}
---
-- content/sv/projects/odling.md --
---
title: Odling
project: {funder: DOMI Bolig, pool: pools/pott, allocated: 15000, start: 2026-04-01, end: 2027-09-30}
---
-- content/sv/projects/vinnova.md --
---
title: Social innovation
project: {funder: Vinnova, grant: {amount: 2467989, currency: SEK}, start: 2017-12-01, end: 2019-11-30}
---
-- content/da/pools/pulje.md --
---
title: Pulje for fællesskab
ref: pott
pool: {total: 100000, max: 20000, currency: DKK}
---
-- content/da/projects/spisning.md --
---
title: Spisning
project: {funder: DOMI Bolig, pool: pools/pulje, allocated: 18000, status: completed}
---
`

// TestPool: the funded projects, the allocated sum and the remaining
// amount are computed from the projects, in the reader's number format.
func TestPool(t *testing.T) {
	dir := writeSite(t, siteYAML, pools)
	mustBuild(t, dir)
	sv := read(t, dir, "sv/potter/pott/index.html")
	assertContains(t, sv, "sv pool",
		nbsp("<dt>Beviljat hittills</dt><dd>33 000 DKK</dd>"),
		nbsp("<dt>Kvar att söka</dt><dd>67 000 DKK</dd>"),
		`<a href="/sv/projekt/middagar/">Middagar</a>`, `<a href="/sv/projekt/odling/">Odling</a>`,
		nbsp("18 000 DKK"))
	assertFile(t, dir, "da/puljer/pulje/index.html",
		nbsp("<dt>Bevilget indtil nu</dt><dd>18.000 kr.</dd>"), nbsp("<dt>Tilbage at søge</dt><dd>82.000 kr.</dd>"))
	// The project names its pool and its allocation.
	assertFile(t, dir, "sv/projekt/middagar/index.html", `<a href="/sv/potter/pott/">Pott för gemenskap</a>`, nbsp("18 000 DKK"))
}

// TestPoolOverTotal: allocating more than the total fails the build.
func TestPoolOverTotal(t *testing.T) {
	dir := writeSite(t, siteYAML, strings.Replace(pools, "allocated: 15000", "allocated: 19000", 1), `
-- content/sv/projects/mer.md --
---
title: Mer
project: {funder: DOMI Bolig, pool: pools/pott, allocated: 20000}
---
-- content/sv/projects/annu-mer.md --
---
title: Ännu mer
project: {funder: DOMI Bolig, pool: pools/pott, allocated: 20000}
---
-- content/sv/projects/sista.md --
---
title: Sista
project: {funder: DOMI Bolig, pool: pools/pott, allocated: 20000}
---
-- content/sv/projects/for-mycket.md --
---
title: För mycket
project: {funder: DOMI Bolig, pool: pools/pott, allocated: 25000}
---
`)
	got := mustFail(t, dir)
	assertContains(t, got, "diagnostics",
		"content/sv/pools/pott.md:4: pool.total: the projects are allocated DKK\u00a0122,000, DKK\u00a022,000 over the total DKK\u00a0100,000",
		"content/sv/projects/for-mycket.md:3: project.allocated: DKK\u00a025,000 is more than the pool's maximum per project")
}

// TestProjects: status (given or derived), filter pages by status and
// funder, and totals per funder in the reader's format.
func TestProjects(t *testing.T) {
	dir := writeSite(t, siteYAML, pools)
	mustBuild(t, dir)
	list := read(t, dir, "sv/projekt/index.html")
	assertContains(t, list, "projects list",
		`<a href="/sv/projekt/status/pagaende/">Pågående <span class="count">(1)</span></a>`,
		`<a href="/sv/projekt/status/avslutat/">Avslutat <span class="count">(2)</span></a>`,
		`<a href="/sv/projekt/finansiar/vinnova/">Vinnova <span class="count">(1)</span></a>`,
		`<caption id="cap-funders">Beviljat per finansiär</caption>`,
		nbsp("<td class=\"num\">33 000 DKK</td>"), nbsp("2 467 989 kr"))
	ongoing := read(t, dir, "sv/projekt/status/pagaende/index.html")
	assertContains(t, ongoing, "ongoing", "Projekt: Pågående", "Odling", `aria-current="page">Pågående`)
	assertNotContains(t, ongoing, "ongoing", "Middagar", "Social innovation")
	assertFile(t, dir, "sv/projekt/odling/index.html", "Pågående (beräknat från projektperioden)")
	assertFile(t, dir, "da/projekter/finansiering/domi-bolig/index.html", "Spisning")
	// The da status page is the translation of the sv one.
	assertFile(t, dir, "sv/projekt/status/avslutat/index.html", `hreflang="da" href="https://portal.example.se/da/projekter/status/afsluttet/"`)
	assertFile(t, dir, "da/projekter/index.html", nbsp("18.000 kr."))
}

// TestIdeaCard: sections with labels in the reader's language, a
// catalogue filtered by category on pages of its own.
func TestIdeaCard(t *testing.T) {
	dir := writeSite(t, siteYAML, `
-- content/sv/ideas/budget.md --
---
title: Medborgarbudgetering
categories: [boende, gronomraden]
idea:
  goal: |
    Mer **ägarskap**.
  benefit: |
    - en röst
    - nya grannar
---
Om kortet.
-- content/sv/ideas/annan.md --
---
title: Annan idé
categories: [boende]
idea: {team: Team Social}
---
-- content/da/ideas/budget.md --
---
title: Borgerbudgettering
categories: [beboere]
idea: {goal: Mere ejerskab.}
---
`)
	mustBuild(t, dir)
	card := read(t, dir, "sv/idekatalog/budget/index.html")
	assertContains(t, card, "idea card",
		`<h2 id="h-card-goal">Mål</h2>`, "<strong>ägarskap</strong>",
		`<h2 id="h-card-benefit">Nytta för de boende</h2>`, "<li>nya grannar</li>",
		`class="wrap page idea-card"`)
	assertNotContains(t, card, "idea card", "h-card-team")
	assertFile(t, dir, "da/idekatalog/budget/index.html", `<h2 id="h-card-goal">Mål</h2>`)
	cat := read(t, dir, "sv/idekatalog/kategorier/gronomraden/index.html")
	assertContains(t, cat, "category page", "Medborgarbudgetering", "Idékatalog: gronomraden")
	assertNotContains(t, cat, "category page", "Annan idé")
	assertFile(t, dir, "sv/idekatalog/index.html", `<a href="/sv/idekatalog/kategorier/boende/">boende <span class="count">(2)</span></a>`)
}

// TestThemePage: a theme lists what references it, by type, in its own
// language.
func TestThemePage(t *testing.T) {
	dir := writeSite(t, siteYAML, pools, `
-- content/sv/themes/budget.md --
---
title: Medborgarbudget
ref: theme-budget
---
-- content/da/themes/budget.md --
---
title: Borgerbudget
ref: theme-budget
---
-- content/sv/ideas/ide.md --
---
title: En idé
categories: [_themes/budget.md]
idea: {goal: Mål.}
---
-- content/sv/events/traff.md --
---
title: En träff
categories: [themes/budget]
event: {start: 2027-01-01T10:00:00+01:00}
---
-- content/da/events/mode.md --
---
title: Et møde
categories: [themes/budget]
event: {start: 2027-01-01T10:00:00+01:00}
---
`)
	mustBuild(t, dir)
	sv := read(t, dir, "sv/teman/budget/index.html")
	assertContains(t, sv, "sv theme", "Innehåll om temat", `<h3 id="h-related-idea">Idékort</h3>`, `<h3 id="h-related-event">Evenemang</h3>`, "En idé", "En träff")
	assertNotContains(t, sv, "sv theme", "Et møde")
	da := read(t, dir, "da/temaer/budget/index.html")
	assertContains(t, da, "da theme", `<h3 id="h-related-event">Arrangementer</h3>`, "Et møde")
	assertNotContains(t, da, "da theme", "En träff")
}

// TestExamplePortal builds the repository's own portal and checks the
// computed values of every type in both languages.
func TestExamplePortal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the example portal")
	}
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	dest := t.TempDir()
	dir := dest // outputs are read below dest/public
	res, diags := buildAt(t, root, filepath.Join(dest, "public"))
	if diags != nil {
		t.Fatalf("example portal: %v", diags)
	}
	_ = res
	assertFile(t, dir, "sv/potter/faellesskabspulje/index.html", nbsp("<dt>Kvar att söka</dt><dd>67 000 DKK</dd>"))
	assertFile(t, dir, "da/puljer/faellesskabspulje/index.html", nbsp("<dt>Tilbage at søge</dt><dd>67.000 kr.</dd>"))
	assertFile(t, dir, "sv/boendebudget/boendebudget-2026/index.html",
		nbsp("<dt>Beviljat hittills</dt><dd>905 000 kr</dd>"), nbsp("<dt>Valdeltagande</dt><dd>38 %</dd>"),
		"Ny spontanidrottsplats med konstgräs</th><td class=\"num\">476</td>", `<td class="num">389</td><td class="num">87</td>`)
	assertFile(t, dir, "da/beboerbudget/boendebudget-2026/index.html", nbsp("<dt>Bevilget indtil nu</dt><dd>905.000 SEK</dd>"), "Får ingen penge")
	assertFile(t, dir, "sv/evenemang/trivselsambassador-hold-5/event.ics", "BEGIN:VEVENT")
	assertFile(t, dir, "da/arrangementer/calendar.ics", "TrivselsAmbassadør")
	assertFile(t, dir, "da/idekatalog/borgerbudgettering/index.html", "Forandringsdriver")
	assertFile(t, dir, "sv/projekt/social-innovation-samhallsplanering/index.html", nbsp("2 467 989 kr"))
	assertFile(t, dir, "sv/teman/medborgarbudget/index.html", "Innehåll om temat", "Boendebudget 2026 i Solbacken")
}
