package participation_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/features"
	"github.com/deltag/deltag/internal/sitetest"
)

// Mini-sites are txtar archives built with the project's own theme
// (copied from themes/deltag), so the tests see what readers see.

// siteYAML is the config of the mini-sites: two languages and the types,
// trimmed to what the tests use.
const siteYAML = `
-- site.yaml --
baseURL: https://portal.example.se/
theme: deltag
minify: false
languages:
  - {code: sv, name: Svenska, locale: sv-SE, timezone: Europe/Stockholm, title: Portalen, default: true}
  - {code: da, name: Dansk, locale: da-DK, timezone: Europe/Copenhagen, title: Portalen DK}
sections:
  events: {path: {sv: evenemang, da: arrangementer}, title: {sv: Evenemang, da: Arrangementer}}
  ideas: {path: {sv: idekatalog, da: idekatalog}, title: {sv: Idékatalog, da: Idékatalog}}
  projects: {path: {sv: projekt, da: projekter}, title: {sv: Projekt, da: Projekter}}
  pools: {path: {sv: potter, da: puljer}, title: {sv: Potter, da: Puljer}}
  budgets: {path: {sv: boendebudget, da: beboerbudget}, title: {sv: Boendebudgetar, da: Beboerbudgetter}}
  themes: {path: {sv: teman, da: temaer}, title: {sv: Teman, da: Temaer}}
  categories: {path: {sv: kategorier, da: kategorier}, title: {sv: Kategorier, da: Kategorier}}
taxonomies: [categories, tags]
types:
  event:
    section: events
    label: {sv: Evenemang, da: Arrangementer}
    fields:
      - {name: start, kind: datetime, required: true, label: {sv: Börjar, da: Starter}}
      - {name: end, kind: datetime}
      - {name: timezone, kind: string}
      - {name: allDay, kind: bool}
      - name: attendance
        kind: choice
        choices:
          - {value: online, label: {sv: Online, da: Online}}
          - {value: in-person, label: {sv: På plats, da: Fysisk fremmøde}}
          - {value: both, label: {sv: På plats och online, da: Fysisk og online}}
      - {name: location, kind: place}
      - {name: online, kind: url}
      - {name: registration, kind: url}
      - {name: registrationDeadline, kind: date}
      - {name: organiser, kind: string}
      - name: programme
        kind: list
        label: {sv: Program, da: Program}
        fields:
          - {name: date, kind: date, label: {sv: Datum, da: Dato}}
          - {name: time, kind: string, label: {sv: Tid, da: Tid}}
          - {name: topic, kind: string, label: {sv: Ämne, da: Emne}}
          - {name: place, kind: string, label: {sv: Plats, da: Sted}}
          - {name: speaker, kind: string, label: {sv: Medverkande, da: Oplægsholder}}
  idea:
    section: ideas
    label: {sv: Idékort, da: Idékort}
    fields:
      - {name: goal, kind: markdown, label: {sv: Mål, da: Mål}}
      - {name: benefit, kind: markdown, label: {sv: Nytta för de boende, da: Gevinst for beboerne}}
      - {name: team, kind: markdown, label: {sv: Team, da: Team}}
    filters:
      - {taxonomy: categories}
  project:
    section: projects
    label: {sv: Projekt, da: Projekter}
    fields:
      - {name: funder, kind: string, required: true, label: {sv: Finansiär, da: Finansiering}}
      - {name: grant, kind: money}
      - {name: currency, kind: string}
      - {name: pool, kind: reference, to: pool}
      - {name: allocated, kind: money, label: {sv: Beviljat ur potten, da: Bevilget fra puljen}}
      - {name: coordinator, kind: string}
      - {name: start, kind: date}
      - {name: end, kind: date}
      - name: status
        kind: choice
        label: {sv: Status, da: Status}
        choices:
          - {value: planned, label: {sv: Planerat, da: Planlagt}}
          - {value: ongoing, label: {sv: Pågående, da: Igangværende}}
          - {value: completed, label: {sv: Avslutat, da: Afsluttet}}
    filters:
      - {field: status, path: {sv: status, da: status}}
      - {field: funder, path: {sv: finansiar, da: finansiering}}
  pool:
    section: pools
    fields:
      - {name: total, kind: money, required: true}
      - {name: max, kind: money}
      - {name: currency, kind: string, required: true}
      - {name: deadline, kind: date}
      - {name: form, kind: string}
  budget:
    section: budgets
    fields:
      - {name: total, kind: money, required: true}
      - {name: currency, kind: string}
      - {name: votes, kind: string, required: true}
      - {name: eligible, kind: number}
      - {name: voters, kind: number}
      - name: proposals
        kind: list
        fields: [{name: id}, {name: title}, {name: cost, kind: number}, {name: project, kind: reference}]
      - {name: tiebreak, kind: list}
  theme:
    section: themes
    label: {sv: Teman, da: Temaer}
`

var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func buildSite(t *testing.T, dir string) (*build.Result, diag.List) {
	t.Helper()
	return build.Build(context.Background(), build.Options{Extensions: features.All(), Source: dir, Now: testNow})
}

func mustBuild(t *testing.T, dir string) *build.Result {
	t.Helper()
	res, diags := buildSite(t, dir)
	if diags.HasErrors() {
		t.Fatalf("build failed:\n%v", diags.Err())
	}
	for _, w := range diags.Warnings() {
		t.Logf("warning: %s", w)
	}
	return res
}

// mustFail builds and returns the error text, failing when it built.
func mustFail(t *testing.T, dir string) string {
	t.Helper()
	_, diags := buildSite(t, dir)
	if !diags.HasErrors() {
		t.Fatalf("build succeeded, want errors")
	}
	return diags.Err().Error()
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "public", filepath.FromSlash(name)))
	if err != nil {
		t.Fatalf("output %s: %v", name, err)
	}
	return string(b)
}

func assertContains(t *testing.T, got, name string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s: missing %q\n--- got:\n%s", name, w, got)
		}
	}
}

func assertFile(t *testing.T, dir, name string, wants ...string) {
	t.Helper()
	assertContains(t, read(t, dir, name), name, wants...)
}

func assertNotContains(t *testing.T, got, name string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(got, w) {
			t.Errorf("%s: has %q, want it absent", name, w)
		}
	}
}

// nbsp turns a space after a digit into the no-break space locale puts in
// numbers and between a number and its unit: "33 000 DKK".
func nbsp(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r == ' ' && i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
			b.WriteRune('\u00a0')
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// buildAt builds the site at src into dest and returns its errors, or nil.
func buildAt(t *testing.T, src, dest string) (*build.Result, error) {
	t.Helper()
	res, diags := build.Build(context.Background(), build.Options{Extensions: features.All(), Source: src, Dest: dest, Now: testNow})
	return res, diags.Err()
}

// writeSite writes the archives and the project's theme into a new folder.
func writeSite(t *testing.T, archives ...string) string {
	t.Helper()
	dir := sitetest.Write(t, archives...)
	sitetest.Theme(t, dir)
	return dir
}
