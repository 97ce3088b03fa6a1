package jekyll

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// eventsSite is a Jekyll site with an events collection shown by the
// site's own layout. {{place}} stands for the second event's place.
const eventsSite = `
-- _config.yml --
lang: sv
timezone: Europe/Stockholm
future: true
collections:
  events:
    output: true
defaults:
  - scope: {type: events}
    values: {layout: event}
-- _layouts/event.html --
<!DOCTYPE html>
<html lang="sv"><body class="egen"><h1>{{ page.title }}</h1>
<p class="when">{{ page.date | date: "%Y-%m-%d %H:%M" }}</p>
<p class="where">{{ page.location }}{{ page.place }}{{ page.venue.name }}</p>
{{ content }}</body></html>
-- _events/varmote.md --
---
title: Vårmöte
date: 2025-03-12 18:00
ends: 2025-03-12 20:00
location: Gården
---
Välkommen på vårmöte.
-- _events/loppis.md --
---
title: Loppis
date: 2024-12-01
start_date: 2025-04-02
time: "19:30–21:00"
{{place}}
---
Loppis i lokalen.
-- _events/midsommar.md --
---
title: Midsommar
date: 2025-06-20
end: 2025-06-19
place: Ängen
---
Midsommar på ängen.
-- index.md --
---
title: Start
---
Hej.
`

func eventsFixture(place string) string {
	return strings.Replace(eventsSite, "{{place}}", place, 1)
}

// A collection whose every document has a start and a place becomes
// deltag's event type, whatever its name: each event gets its .ics, the
// section a calendar of the upcoming events at the local times Jekyll
// showed, and the event list; the pages keep the site's own layout.
func TestCollectionBecomesEvent(t *testing.T) {
	archive := eventsFixture("venue: {name: Samlingslokalen, address: Storgatan 1}")
	im := importBuild(t, archive)

	if len(im.report.Types) != 1 || !im.report.Types[0].Fits || im.report.Types[0].Type != "event" || im.report.Types[0].Documents != 3 {
		t.Fatalf("report types = %+v, want events fitting the event type with 3 documents", im.report.Types)
	}
	if y := im.siteFile("site.yaml"); !strings.Contains(y, "types:\n  \"event\":\n    section: \"events\"\n    key: event\n    layout: events\n") {
		t.Errorf("site.yaml declares no event type for the events section:\n%s", y)
	}
	cal := im.file("sv/events/calendar.ics")
	for _, want := range []string{
		"SUMMARY;LANGUAGE=sv:Vårmöte", "DTSTART;TZID=Europe/Stockholm:20250312T180000", "DTEND;TZID=Europe/Stockholm:20250312T200000", "LOCATION;LANGUAGE=sv:Gården",
		"SUMMARY;LANGUAGE=sv:Loppis", "DTSTART;TZID=Europe/Stockholm:20250402T193000", "DTEND;TZID=Europe/Stockholm:20250402T210000",
		"SUMMARY;LANGUAGE=sv:Midsommar", "DTSTART;VALUE=DATE:20250620", "DTEND;VALUE=DATE:20250621",
	} {
		if !strings.Contains(cal, want) {
			t.Errorf("calendar.ics lacks %q:\n%s", want, cal)
		}
	}
	if !strings.Contains(strings.ReplaceAll(cal, "\r\n ", ""), `Samlingslokalen\, Storgatan 1`) {
		t.Errorf("calendar.ics lacks the place with its address:\n%s", cal)
	}
	im.warned("_events/midsommar.md", 4, "end: 2025-06-19 is before the start 2025-06-20; the event is written without an end")
	im.contains("sv/events/varmote/event.ics", "DTSTART;TZID=Europe/Stockholm:20250312T180000")
	// The site's own layout, with the date it showed in Jekyll.
	im.contains("sv/events/varmote/index.html", `<body class="egen">`, `<p class="when">2025-03-12 18:00</p>`, `<p class="where">Gården</p>`, "Välkommen på vårmöte.")
	im.contains("sv/events/loppis/index.html", `<body class="egen">`, `<p class="where">Samlingslokalen</p>`)
	im.lacks("sv/events/varmote/index.html", "1 januari 1", "När")
	// The event list: deltag's, upcoming first.
	list := im.file("sv/events/index.html")
	a, b, c := strings.Index(list, "Vårmöte"), strings.Index(list, "Loppis"), strings.Index(list, "Midsommar")
	if a < 0 || b < a || c < b {
		t.Errorf("sv/events/index.html does not list the events in date order (%d, %d, %d):\n%s", a, b, c, list)
	}

	// Real Jekyll showed the same dates on the same URLs.
	if jsite := jekyllBuild(t, archive); jsite != "" {
		whenRE := regexp.MustCompile(`<p class="when">[^<]*</p>`)
		for _, u := range []string{"/events/varmote.html", "/events/loppis.html", "/events/midsommar.html"} {
			want, err := os.ReadFile(filepath.Join(jsite, filepath.FromSlash(u)))
			if err != nil {
				t.Fatalf("Jekyll: %v", err)
			}
			got, ok := serve(im.out, u)
			if !ok {
				t.Errorf("%s: Jekyll wrote it; deltag does not serve it", u)
				continue
			}
			if w, g := whenRE.Find(want), whenRE.Find(got); !bytes.Equal(w, g) {
				t.Errorf("%s: deltag shows %s, Jekyll %s", u, g, w)
			}
		}
	}
}

// One document without a place keeps the whole collection plain: every
// page keeps its own layout and the date it had, no calendar is made,
// and the report names each type tried, the document, its line and the
// field it lacks.
func TestCollectionStaysPlain(t *testing.T) {
	// Past events: this test is about the layout.
	im := importBuild(t, strings.ReplaceAll(eventsFixture("organizer: Föreningen"), "2025-", "2024-"))

	var tried []string
	for _, f := range im.report.Types {
		tried = append(tried, f.Type)
		if f.Fits || f.Collection != "events" {
			t.Errorf("report type = %+v, want events not fitting", f)
		}
	}
	if strings.Join(tried, " ") != "event project idea pool" {
		t.Fatalf("types tried = %v, want event project idea pool", tried)
	}
	fit := im.report.Types[0]
	if fit.Fits || fit.Type != "event" || fit.File != "_events/loppis.md" || fit.Line != 1 || !strings.Contains(fit.Missing, "place (location, place, venue") {
		t.Errorf("report type = %+v, want event tried, _events/loppis.md:1 missing a place", fit)
	}
	im.warned("_events/loppis.md", 1, "collection events stays plain pages, not deltag's event type: this document has no place")
	for _, d := range im.report.Diagnostics {
		if strings.Contains(d.Msg, "before the start") {
			t.Errorf("a plain collection's end is reported as an event's: %s", d)
		}
	}
	var out bytes.Buffer
	im.report.Write(&out)
	if !strings.Contains(out.String(), "events: not event: _events/loppis.md:1 has no place (location, place, venue") ||
		!strings.Contains(out.String(), "events: not project: _events/loppis.md:1 has no funder (funder,") ||
		!strings.Contains(out.String(), "events: plain pages (it has the fields of no type)") {
		t.Errorf("the printed report does not say why events stays plain:\n%s", out.String())
	}
	if strings.Contains(im.siteFile("site.yaml"), "types:") {
		t.Errorf("site.yaml declares a type:\n%s", im.siteFile("site.yaml"))
	}
	if _, err := os.Stat(filepath.Join(im.out, "sv", "events", "calendar.ics")); err == nil {
		t.Errorf("a calendar was written for a collection that is no event type")
	}
	im.contains("sv/events/varmote/index.html", `<body class="egen">`, `<p class="when">2024-03-12 18:00</p>`, `<p class="where">Gården</p>`)
	im.contains("sv/events/loppis/index.html", `<body class="egen">`, `<p class="when">2024-12-01 00:00</p>`)
	im.lacks("sv/events/varmote/index.html", "1 januari 1", "event.ics")
	im.lacks("sv/events/index.html", "1 januari 1", "calendar.ics")
}

// jekyllBuild builds a txtar site with real Jekyll and returns its _site,
// or "" when Jekyll is not installed (a failure under CI=true).
func jekyllBuild(t *testing.T, archive string) string {
	t.Helper()
	j, err := exec.LookPath("jekyll")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("jekyll is not installed; .ci/setup.d/20-jekyll.sh installs it")
		}
		t.Log("jekyll is not installed: the comparison with real Jekyll is left out")
		return ""
	}
	src := filepath.Join(t.TempDir(), "jekyll")
	writeArchive(t, src, archive)
	return runJekyll(t, j, src, "")
}

// The decision is by fields, not by name: a collection called traffar
// with an event's fields is the event type too, with the event list.
func TestCollectionOfAnotherNameBecomesEvent(t *testing.T) {
	archive := strings.NewReplacer("events:", "traffar:", "_events/", "_traffar/", "type: events", "type: traffar").
		Replace(eventsFixture("venue: Lokalen"))
	im := importBuild(t, archive)
	if len(im.report.Types) != 1 || !im.report.Types[0].Fits || im.report.Types[0].Collection != "traffar" {
		t.Fatalf("report types = %+v, want traffar fitting the event type", im.report.Types)
	}
	im.contains("sv/traffar/calendar.ics", "DTSTART;TZID=Europe/Stockholm:20250312T180000")
	im.contains("sv/traffar/index.html", "calendar.ics", "Vårmöte")
	im.contains("sv/traffar/varmote/index.html", `<body class="egen">`)
}
