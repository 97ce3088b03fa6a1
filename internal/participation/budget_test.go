package participation_test

import (
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/participation"
)

// budgetPage is a budget of 1 000 000 kr with the votes file votes.yaml.
const budgetPage = `
-- content/sv/budgets/val.md --
---
title: Boendebudget
budget:
  total: 1000000
  currency: SEK
  votes: votes.yaml
  eligible: 2400
  voters: 913
---
`

// TestBudgetSkipOverBudget: fund in order of votes, skip what costs more
// than is left, go on down the list.
func TestBudgetSkipOverBudget(t *testing.T) {
	dir := writeSite(t, siteYAML, budgetPage, `
-- content/sv/budgets/votes.yaml --
- {id: belysning, title: {sv: Belysning, da: Belysning DK}, cost: 280000, digital: 356, paper: 198}
- {id: odling, title: Odling, cost: 140000, digital: 331, paper: 162}
- {id: plan, title: Spontanidrott, cost: 640000, digital: 389, paper: 87}
- {id: laxhjalp, title: Läxhjälp, cost: 95000, digital: 251, paper: 143}
- {id: grill, title: Grillplatser, cost: 160000, digital: 214, paper: 121}
- {id: cykel, title: Cykelverkstad, cost: 230000, digital: 168, paper: 74}
`)
	mustBuild(t, dir)
	got := read(t, dir, "sv/boendebudget/val/index.html")
	assertContains(t, got, "results",
		nbsp("<dt>Beviljat hittills</dt><dd>905 000 kr</dd>"),
		nbsp("<dt>Kvar av budgeten</dt><dd>95 000 kr</dd>"),
		nbsp("<dt>Valdeltagande</dt><dd>38 %</dd>"),
		`<caption id="cap-results">Förslag i ordning efter antal röster</caption>`,
		// The third has more digital votes than any but costs too much.
		`<tr class="not-funded"><td>3</td><th scope="row">Spontanidrott</th><td class="num">476</td>`, `<td class="num">389</td><td class="num">87</td>`,
		`<tr class="funded"><td>4</td><th scope="row">Läxhjälp</th>`,
		`<tr class="funded"><td>6</td><th scope="row">Cykelverkstad</th>`,
		nbsp(`<td class="num">2 494</td>`))
	if strings.Count(got, `<tr class="funded">`) != 5 {
		t.Errorf("want 5 funded rows")
	}
}

// TestAllocate is the rule on its own.
func TestAllocate(t *testing.T) {
	ranked := []participation.Proposal{{ID: "a", Cost: 600}, {ID: "b", Cost: 500}, {ID: "c", Cost: 400}, {ID: "d", Cost: 1}}
	funded, left := participation.Allocate(1000, ranked)
	want := []bool{true, false, true, false}
	for i := range want {
		if funded[i] != want[i] {
			t.Errorf("funded = %v, want %v", funded, want)
			break
		}
	}
	if left != 0 {
		t.Errorf("left = %v, want 0", left)
	}
}

// TestBudgetTie: a tie that decides who gets money is an error; one that
// does not is shown; a tiebreak settles it.
func TestBudgetTie(t *testing.T) {
	votes := `
-- content/sv/budgets/votes.yaml --
- {id: a, cost: 500000, votes: 500}
- {id: b, cost: 400000, votes: 300}
- {id: c, cost: 300000, votes: 300}
`
	// a, b, c funds a and b; a, c, b funds a and c: the order decides.
	dir := writeSite(t, siteYAML, budgetPage, votes)
	got := mustFail(t, dir)
	assertContains(t, got, "diagnostics", `content/sv/budgets/val.md:6: budget: a tie decides the result: "b", "c" have 300 votes each`)

	// With a tiebreak it builds, in that order.
	dir = writeSite(t, siteYAML, strings.Replace(budgetPage, "voters: 913", "voters: 913\n  tiebreak: [c, b]", 1), votes)
	mustBuild(t, dir)
	res := read(t, dir, "sv/boendebudget/val/index.html")
	assertContains(t, res, "results", `<tr class="funded"><td>2<span class="tied"`, `<th scope="row">c</th>`)
	if strings.Index(res, `<th scope="row">c</th>`) > strings.Index(res, `<th scope="row">b</th>`) {
		t.Errorf("tiebreak: want c before b")
	}

	// A tie that changes nothing is no error.
	dir = writeSite(t, siteYAML, budgetPage, `
-- content/sv/budgets/votes.yaml --
- {id: a, cost: 100000, votes: 500}
- {id: b, cost: 100000, votes: 300}
- {id: c, cost: 100000, votes: 300}
`)
	mustBuild(t, dir)
	assertFile(t, dir, "sv/boendebudget/val/index.html", "Lika många röster som ett annat förslag")
}

// TestBudgetUnknownProject: votes for a proposal nobody declared are
// reported, in YAML and in CSV.
func TestBudgetUnknownProject(t *testing.T) {
	dir := writeSite(t, siteYAML, budgetPage, `
-- content/sv/budgets/votes.yaml --
- {id: a, cost: 600000, votes: 500}
- {id: okand, votes: 12}
`)
	got := mustFail(t, dir)
	assertContains(t, got, "diagnostics", `content/sv/budgets/votes.yaml:2: votes for "okand", which is no proposal of content/sv/budgets/val.md`)

	dir = writeSite(t, siteYAML, `
-- content/sv/budgets/val.md --
---
title: Boendebudget
budget:
  total: 1000000
  currency: SEK
  votes: votes.csv
  proposals:
    - {id: a, title: Förslag A, cost: 600000}
    - {id: b, title: Förslag B, cost: 500000}
---
-- content/sv/budgets/votes.csv --
id,digital,paper
a,10,5
b,7,1
c,3,3
`)
	got = mustFail(t, dir)
	assertContains(t, got, "diagnostics", `content/sv/budgets/votes.csv:4: votes for "c", which is no proposal of content/sv/budgets/val.md (proposals: a, b)`)
}

// TestBudgetCSV: CSV rows for one id add up (one row per ballot box).
func TestBudgetCSV(t *testing.T) {
	dir := writeSite(t, siteYAML, strings.Replace(budgetPage, "votes.yaml", "votes.csv", 1), `
-- content/sv/budgets/votes.csv --
id,title_sv,title_da,cost,digital,paper
a,Förslag A,Forslag A,600000,100,20
b,Förslag B,Forslag B,500000,90,5
a,,,,0,15
`)
	mustBuild(t, dir)
	got := read(t, dir, "sv/boendebudget/val/index.html")
	assertContains(t, got, "csv results",
		`<tr class="funded"><td>1</td><th scope="row">Förslag A</th><td class="num">135</td>`, `<td class="num">100</td><td class="num">35</td>`,
		`<tr class="not-funded"><td>2</td><th scope="row">Förslag B</th>`)
}
