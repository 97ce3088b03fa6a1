package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var typedSite = map[string]string{
	"site.yaml": `baseURL: https://portal.example.se/
minify: false
languages:
  - {code: sv, title: Sajt, timezone: Europe/Stockholm}
  - {code: da, title: Side, timezone: Europe/Copenhagen}
sections:
  events: {path: {sv: evenemang, da: arrangementer}}
types:
  event:
    section: events
    fields:
      - {name: start, kind: datetime, required: true, label: {sv: Börjar, da: Starter}}
      - {name: end, kind: datetime}
      - {name: attendance, kind: choice, choices: [online, in-person, both]}
      - {name: location, kind: place}
      - {name: registration, kind: url}
      - name: programme
        kind: list
        fields: [{name: date, kind: date}, {name: topic}]
`,
	"layouts/_default/single.html": `<h1>{{.Title}}</h1>{{range .Translations}}<a hreflang="{{.L.Code}}" href="{{.RelPermalink}}">t</a>{{end}}`,
	"layouts/_default/list.html":   `<h1>{{.Title}}</h1>`,
	"layouts/_default/404.html":    `404`,
	"content/sv/events/webbinarium.md": `---
title: Lunchwebbinarium
date: 2026-01-10T09:00:00+01:00
ref: webinar
event:
  start: 2027-02-18T12:00:00+01:00
  end: 2027-02-18T13:00:00+01:00
  attendance: online
  registration: https://example.se/anmalan
  programme:
    - {date: 2027-02-18, topic: "Boendebudget, steg för steg"}
---
Text.
`,
}

// TestNewTranslation: deltag new event … --lang da --translation-of …
// writes a file with a Danish slug and the shared ref that builds.
func TestNewTranslation(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, typedSite)
	code, out, errs := run(t, "new", "event", "Frokostwebinar om beboerbudget – på tværs af Øresund", "--lang", "da",
		"--translation-of", "content/sv/events/webbinarium.md", "--source", dir)
	if code != ExitOK {
		t.Fatalf("new: exit %d\n%s%s", code, out, errs)
	}
	const rel = "content/da/events/frokostwebinar-om-beboerbudget-paa-tvaers-af-oeresund.md"
	if !strings.Contains(out, "wrote "+rel) {
		t.Errorf("stdout = %q, want it to name %s", out, rel)
	}
	b, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{"ref: \"webinar\"\n", "event:\n", "2027-02-18T12:00:00+01:00", "date: \"2027-02-18\"", "  location:  # place", "attendance: online  # choice; choices: online, in-person, both", "topic: Boendebudget, steg för steg"} {
		if !strings.Contains(got, want) {
			t.Errorf("new file: missing %q\n%s", want, got)
		}
	}
	code, out, errs = run(t, "build", "--source", dir, "--quiet")
	if code != ExitOK {
		t.Fatalf("build after new: exit %d\n%s%s\n--- file:\n%s", code, out, errs, got)
	}
	page, err := os.ReadFile(filepath.Join(dir, "public/da/arrangementer/frokostwebinar-om-beboerbudget-paa-tvaers-af-oeresund/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), `hreflang="sv" href="/sv/evenemang/webbinarium/"`) {
		t.Errorf("the new page is not linked to its translation:\n%s", page)
	}

	// Never overwrite.
	code, _, errs = run(t, "new", "event", "Frokostwebinar om beboerbudget – på tværs af Øresund", "--lang", "da", "--source", dir)
	if code != ExitError || !strings.Contains(errs, "not overwriting") {
		t.Errorf("second new: exit %d, stderr %q; want a refusal", code, errs)
	}

	// A second Danish translation of the same page would break the pair.
	code, _, errs = run(t, "new", "event", "Et andet webinar", "--lang", "da",
		"--translation-of", "content/sv/events/webbinarium.md", "--source", dir)
	if code != ExitError || !strings.Contains(errs, rel+" already translates") {
		t.Errorf("second translation: exit %d, stderr %q; want a refusal naming %s", code, errs, rel)
	}
}

// TestNewScaffold: a fresh page has every field of its type, required
// ones left empty (no TODO, no 0), and a Swedish slug; the build refuses
// it, naming the missing field, until it is filled in.
func TestNewScaffold(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, typedSite)
	code, out, errs := run(t, "new", "--source", dir, "events", "Träff på gården i Örebro")
	if code != ExitOK {
		t.Fatalf("new: exit %d\n%s%s", code, out, errs)
	}
	file := filepath.Join(dir, "content/sv/events/traff-pa-garden-i-orebro.md")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"  start:  # datetime, required – Börjar / Starter", "  end:  # datetime", "  programme:  # list; each: {date, topic}"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("new file: missing %q\n%s", want, b)
		}
	}
	for _, bad := range []string{"TODO", ": 0", "example.org"} {
		if strings.Contains(string(b), bad) {
			t.Errorf("new file has a placeholder %q that would pass the build:\n%s", bad, b)
		}
	}
	if !strings.Contains(out, "fill in event.start") {
		t.Errorf("stdout = %q, want a note to fill in event.start", out)
	}
	code, _, errs = run(t, "build", "--source", dir, "--quiet")
	if code != ExitError || !strings.Contains(errs, "content/sv/events/traff-pa-garden-i-orebro.md:") || !strings.Contains(errs, "event.start: required field is missing") {
		t.Fatalf("build of a half-filled page: exit %d, stderr:\n%s\nwant exit 1 naming event.start", code, errs)
	}
	// Filled in, it builds.
	filled := strings.Replace(string(b), "  start:  #", "  start: 2027-05-20T17:30:00  #", 1)
	if err := os.WriteFile(file, []byte(filled), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := run(t, "build", "--source", dir, "--quiet"); code != ExitOK {
		t.Fatalf("build after filling in: exit %d\n%s%s\n%s", code, out, errs, filled)
	}
}

// sectionsSite has an untyped section (news), pages outside sections and
// a type with two required fields.
var sectionsSite = map[string]string{
	"site.yaml": `baseURL: https://portal.example.se/
minify: false
languages:
  - {code: sv, title: Sajt, timezone: Europe/Stockholm}
  - {code: da, title: Side, timezone: Europe/Copenhagen}
sections:
  news: {path: {sv: nyheter, da: nyheder}}
  pools: {path: {sv: potter, da: puljer}}
permalinks:
  news: /:lang/:section/:year/:slug/
types:
  pool:
    section: pools
    fields:
      - {name: total, kind: money, required: true}
      - {name: currency, kind: string, required: true}
      - {name: deadline, kind: date}
`,
	"layouts/_default/single.html": `<h1>{{.Title}}</h1>{{range .Translations}}<a hreflang="{{.L.Code}}" href="{{.RelPermalink}}">t</a>{{end}}`,
	"layouts/_default/list.html":   `<h1>{{.Title}}</h1>`,
	"layouts/_default/404.html":    `404`,
	"content/sv/om-oss.md":         "---\ntitle: Om oss\n---\nText.\n",
}

// TestNewEverySection: news and pages are scaffolded like typed content,
// and a type's every required field is named by the build.
func TestNewEverySection(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, sectionsSite)
	env := func(args ...string) string {
		t.Helper()
		code, out, errs := run(t, append(args, "--source", dir)...)
		if code != ExitOK {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, errs)
		}
		return out
	}
	if out := env("new", "news", "Öppet hus i Boden"); !strings.Contains(out, "wrote content/sv/news/oppet-hus-i-boden.md") {
		t.Errorf("new news: %q", out)
	}
	if out := env("new", "page", "Kontakt"); !strings.Contains(out, "wrote content/sv/kontakt.md") {
		t.Errorf("new page: %q", out)
	}
	if out := env("new", "page", "Om os", "--lang", "da", "--translation-of", "content/sv/om-oss.md"); !strings.Contains(out, "wrote content/da/om-os.md") || !strings.Contains(out, "added ref: om-oss to content/sv/om-oss.md") {
		t.Errorf("new page --translation-of: %q", out)
	}
	// The ref is in both files; the source is otherwise as it was.
	sv, _ := os.ReadFile(filepath.Join(dir, "content/sv/om-oss.md"))
	da, _ := os.ReadFile(filepath.Join(dir, "content/da/om-os.md"))
	if string(sv) != "---\nref: \"om-oss\"\ntitle: Om oss\n---\nText.\n" {
		t.Errorf("source after --translation-of:\n%s", sv)
	}
	if !strings.Contains(string(da), "ref: \"om-oss\"\n") {
		t.Errorf("translation lacks the ref:\n%s", da)
	}
	code, out, errs := run(t, "build", "--source", dir, "--quiet")
	if code != ExitOK {
		t.Fatalf("build: exit %d\n%s%s", code, out, errs)
	}
	for _, p := range []string{"sv/nyheter/20", "sv/kontakt/index.html", "da/om-os/index.html"} {
		if p == "sv/nyheter/20" {
			m, _ := filepath.Glob(filepath.Join(dir, "public/sv/nyheter/*/oppet-hus-i-boden/index.html"))
			if len(m) != 1 {
				t.Errorf("the news item is not on the site")
			}
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, "public", p)); err != nil {
			t.Errorf("not on the site: %v", err)
		}
	}
	page, _ := os.ReadFile(filepath.Join(dir, "public/sv/om-oss/index.html"))
	if !strings.Contains(string(page), `hreflang="da" href="/da/om-os/"`) {
		t.Errorf("the pages are not linked as translations:\n%s", page)
	}

	// A pool without its two required values: the build names both.
	env("new", "pool", "Gemenskapspotten")
	code, _, errs = run(t, "build", "--source", dir, "--quiet")
	for _, want := range []string{"pool.total: required field is missing", "pool.currency: required field is missing"} {
		if code != ExitError || !strings.Contains(errs, want) {
			t.Errorf("build with an empty pool: exit %d, want %q in:\n%s", code, want, errs)
		}
	}

	// Taxonomies and unknown names are refused with the choices.
	code, _, errs = run(t, "new", "nothing", "X", "--source", dir)
	if code != ExitUsage || !strings.Contains(errs, "sections: news, pools, page") {
		t.Errorf("new nothing: exit %d, stderr %q", code, errs)
	}
}
