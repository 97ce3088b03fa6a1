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
	for _, want := range []string{"ref: webinar\n", "event:\n", "2027-02-18T12:00:00+01:00", "date: \"2027-02-18\"", "  location:  # place", "attendance: online  # choice; choices: online, in-person, both", "topic: Boendebudget, steg för steg"} {
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

// TestNewScaffold: a fresh page has every field, a placeholder for the
// required ones, and a Swedish slug; it builds.
func TestNewScaffold(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, typedSite)
	code, out, errs := run(t, "new", "--source", dir, "events", "Träff på gården i Örebro")
	if code != ExitOK {
		t.Fatalf("new: exit %d\n%s%s", code, out, errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "content/sv/events/traff-pa-garden-i-orebro.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"  start: 20", "# datetime, required – Börjar / Starter", "  end:  # datetime", "  programme:  # list; each: {date, topic}"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("new file: missing %q\n%s", want, b)
		}
	}
	if !strings.Contains(out, "fill in event.start") {
		t.Errorf("stdout = %q, want a note to fill in event.start", out)
	}
	if code, out, errs := run(t, "build", "--source", dir, "--quiet"); code != ExitOK {
		t.Fatalf("build after new: exit %d\n%s%s\n%s", code, out, errs, b)
	}
}
