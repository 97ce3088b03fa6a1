package participation_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
)

const events = `
-- content/sv/events/_index.md --
---
title: Evenemang
---
-- content/sv/events/webbinarium.md --
---
title: "Webbinarium; om boendebudget, trygghet och trivsel – med Digidem Lab i Göteborg och Köpenhamn"
date: 2026-01-10T09:00:00+01:00
summary: "Rad ett, med komma; och semikolon\\ och bakstreck"
ref: webinar
event:
  start: 2027-02-18T12:00:00+01:00
  end: 2027-02-18T13:00:00+01:00
  attendance: online
  online: https://example.se/live
  registration: https://example.se/anmalan
  registrationDeadline: 2027-02-17
  organiser: Digidem Lab
---
Body.
-- content/sv/events/kurs.md --
---
title: Kurs för frivilliga
date: 2026-01-11T09:00:00+01:00
ref: course
event:
  start: 2027-03-04T15:30:00+01:00
  end: 2027-04-15T17:30:00+02:00
  attendance: in-person
  location: {name: "Rådhussalen", address: "Rådhusgade 3, 8300 Odder"}
  registration: https://example.dk/tilmelding
  programme:
    - {date: 2027-03-04, time: "15:30–17:30", topic: "Introduktion", place: "Rådhussalen", speaker: "Beboerkonsulent"}
    - {date: 2027-03-11, time: "15:30–17:30", topic: "Att lyssna", place: "Frivilligcenter", speaker: "Frivilligkonsulent"}
---
-- content/sv/events/gammal.md --
---
title: Gammal träff
date: 2020-01-01
event:
  start: 2020-02-01
  allDay: true
  location: Lund
---
-- content/da/events/webinar.md --
---
title: Webinar om beboerbudget
date: 2026-01-10T09:00:00+01:00
ref: webinar
event:
  start: 2027-02-18T12:00:00+01:00
  end: 2027-02-18T13:00:00+01:00
  attendance: both
  location: {name: Medborgerhuset}
  online: https://example.dk/live
---
`

// TestEvents checks the event page, the lists of upcoming and past
// events, the .ics files against a real parser and the JSON-LD.
func TestEvents(t *testing.T) {
	dir := writeSite(t, siteYAML, events)
	mustBuild(t, dir)

	// Upcoming first, soonest first; then past, saying so.
	list := read(t, dir, "sv/evenemang/index.html")
	iUp, iWeb, iKurs, iPast, iOld := strings.Index(list, "Kommande evenemang"), strings.Index(list, "Webbinarium"), strings.Index(list, "Kurs för frivilliga"), strings.Index(list, "Tidigare evenemang"), strings.Index(list, "Gammal träff")
	if !(iUp >= 0 && iUp < iWeb && iWeb < iKurs && iKurs < iPast && iPast < iOld) {
		t.Errorf("events list order: upcoming %d, webinar %d, course %d, past %d, old %d\n%s", iUp, iWeb, iKurs, iPast, iOld, list)
	}
	assertContains(t, list, "events list", "Har ägt rum", `href="/sv/evenemang/calendar.ics"`)
	assertFile(t, dir, "sv/evenemang/gammal/index.html", "Evenemanget har redan ägt rum.")

	// The course programme is a table with a caption and scoped headers.
	course := read(t, dir, "sv/evenemang/kurs/index.html")
	assertContains(t, course, "course",
		"<caption>Program för Kurs för frivilliga</caption>",
		`<th scope="col">Datum</th>`, `<th scope="col">Medverkande</th>`,
		"torsdag 4 mars 2027", "Att lyssna",
		`href="/sv/evenemang/kurs/event.ics"`,
		"4 mars 2027 kl. 15:30 – 15 april 2027 kl. 17:30")
	assertNotContains(t, course, "course", "Evenemanget har redan ägt rum.")

	// JSON-LD parses as a schema.org Event.
	ld := jsonLD(t, read(t, dir, "sv/evenemang/webbinarium/index.html"))
	for k, want := range map[string]any{
		"@type": "Event", "@context": "https://schema.org", "startDate": "2027-02-18T12:00:00+01:00",
		"endDate": "2027-02-18T13:00:00+01:00", "inLanguage": "sv",
		"eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
	} {
		if ld[k] != want {
			t.Errorf("JSON-LD %s = %v, want %v", k, ld[k], want)
		}
	}
	if loc, _ := ld["location"].(map[string]any); loc["@type"] != "VirtualLocation" || loc["url"] != "https://example.se/live" {
		t.Errorf("JSON-LD location = %v, want VirtualLocation https://example.se/live", ld["location"])
	}
	if off, _ := ld["offers"].(map[string]any); off["url"] != "https://example.se/anmalan" {
		t.Errorf("JSON-LD offers = %v, want url https://example.se/anmalan", ld["offers"])
	}
	if org, _ := ld["organizer"].(map[string]any); org["name"] != "Digidem Lab" {
		t.Errorf("JSON-LD organizer = %v", ld["organizer"])
	}
	ld = jsonLD(t, read(t, dir, "sv/evenemang/kurs/index.html"))
	if loc, _ := ld["location"].(map[string]any); loc["@type"] != "Place" || loc["name"] != "Rådhussalen" {
		t.Errorf("JSON-LD location = %v, want Place Rådhussalen", ld["location"])
	}
	ld = jsonLD(t, read(t, dir, "da/arrangementer/webinar/index.html"))
	if ld["eventAttendanceMode"] != "https://schema.org/MixedEventAttendanceMode" {
		t.Errorf("JSON-LD attendance = %v, want mixed", ld["eventAttendanceMode"])
	}
	if locs, _ := ld["location"].([]any); len(locs) != 2 {
		t.Errorf("JSON-LD location = %v, want a Place and a VirtualLocation", ld["location"])
	}

	// The .ics of each event.
	raw := read(t, dir, "sv/evenemang/webbinarium/event.ics")
	checkRFC5545(t, "webbinarium/event.ics", raw)
	cal := parseICS(t, raw)
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("webbinarium/event.ics: %d events, want 1", len(evs))
	}
	ev := evs[0]
	if got, _ := ev.Props.Text(goical.PropSummary); got != "Webbinarium; om boendebudget, trygghet och trivsel – med Digidem Lab i Göteborg och Köpenhamn" {
		t.Errorf("SUMMARY = %q", got)
	}
	if got, _ := ev.Props.Text(goical.PropDescription); !strings.HasPrefix(got, `Rad ett, med komma; och semikolon\ och bakstreck`) {
		t.Errorf("DESCRIPTION = %q", got)
	}
	if got := ev.Props.Get(goical.PropUID).Value; got != "webinar-sv@portal.example.se" {
		t.Errorf("UID = %q", got)
	}
	if got := ev.Props.Get(goical.PropDateTimeStamp).Value; got != "20260110T080000Z" {
		t.Errorf("DTSTAMP = %q, want the page's date in UTC", got)
	}
	start, err := ev.DateTimeStart(nil)
	if err != nil || !start.Equal(time.Date(2027, 2, 18, 11, 0, 0, 0, time.UTC)) {
		t.Errorf("DTSTART = %v (%v), want 2027-02-18 11:00 UTC", start, err)
	}
	if tz := ev.Props.Get(goical.PropDateTimeStart).Params.Get(goical.PropTimezoneID); tz != "Europe/Stockholm" {
		t.Errorf("DTSTART TZID = %q", tz)
	}
	if n := countTZ(cal, "Europe/Stockholm"); n != 1 {
		t.Errorf("VTIMEZONE Europe/Stockholm: %d, want 1", n)
	}

	// All-day: VALUE=DATE and an exclusive end.
	raw = read(t, dir, "sv/evenemang/gammal/event.ics")
	checkRFC5545(t, "gammal/event.ics", raw)
	assertContains(t, raw, "gammal/event.ics", "DTSTART;VALUE=DATE:20200201\r\n", "DTEND;VALUE=DATE:20200202\r\n", "LOCATION;LANGUAGE=sv:Lund\r\n")

	// The calendar feed holds only upcoming events, soonest first.
	raw = read(t, dir, "sv/evenemang/calendar.ics")
	checkRFC5545(t, "calendar.ics", raw)
	cal = parseICS(t, raw)
	var titles []string
	for _, e := range cal.Events() {
		s, _ := e.Props.Text(goical.PropSummary)
		titles = append(titles, s)
	}
	if len(titles) != 2 || !strings.HasPrefix(titles[0], "Webbinarium") || titles[1] != "Kurs för frivilliga" {
		t.Errorf("calendar events = %q, want the webinar then the course", titles)
	}
	assertFile(t, dir, "da/arrangementer/calendar.ics", "SUMMARY;LANGUAGE=da:Webinar om beboerbudget")
}

// TestICSDeterministic: the same input gives the same bytes.
func TestICSDeterministic(t *testing.T) {
	dir := writeSite(t, siteYAML, events)
	mustBuild(t, dir)
	a := read(t, dir, "sv/evenemang/calendar.ics")
	mustBuild(t, dir)
	if b := read(t, dir, "sv/evenemang/calendar.ics"); a != b {
		t.Errorf("calendar.ics differs between builds")
	}
}

var ldRE = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

func jsonLD(t *testing.T, html string) map[string]any {
	t.Helper()
	m := ldRE.FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no JSON-LD in\n%s", html)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
	}
	return v
}

// checkRFC5545 checks what a parser forgives: CRLF line endings, lines of
// at most 75 octets, whole UTF-8 sequences on each line.
func checkRFC5545(t *testing.T, name, raw string) {
	t.Helper()
	if !strings.HasSuffix(raw, "\r\n") {
		t.Errorf("%s: does not end in CRLF", name)
	}
	for i, line := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
		if strings.Contains(line, "\n") || strings.Contains(line, "\r") {
			t.Errorf("%s:%d: bare line break in %q", name, i+1, line)
		}
		if len(line) > 75 {
			t.Errorf("%s:%d: %d octets, want at most 75: %q", name, i+1, len(line), line)
		}
		if !utf8Valid(line) {
			t.Errorf("%s:%d: a UTF-8 sequence is split: %q", name, i+1, line)
		}
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// parseICS decodes with go-ical and encodes again, which checks the
// required properties (VERSION, PRODID, UID, DTSTAMP, at most one DTSTART…).
func parseICS(t *testing.T, raw string) *goical.Calendar {
	t.Helper()
	cal, err := goical.NewDecoder(strings.NewReader(raw)).Decode()
	if err != nil {
		t.Fatalf("go-ical cannot read it: %v\n%s", err, raw)
	}
	var buf bytes.Buffer
	if err := goical.NewEncoder(&buf).Encode(cal); err != nil {
		t.Errorf("go-ical finds it invalid: %v", err)
	}
	for _, e := range cal.Events() {
		for _, p := range []string{goical.PropUID, goical.PropDateTimeStamp, goical.PropDateTimeStart, goical.PropSummary} {
			if e.Props.Get(p) == nil {
				t.Errorf("VEVENT without %s", p)
			}
		}
	}
	return cal
}

func countTZ(cal *goical.Calendar, tzid string) int {
	n := 0
	for _, c := range cal.Children {
		if c.Name == goical.CompTimezone {
			if p := c.Props.Get(goical.PropTimezoneID); p != nil && p.Value == tzid {
				n++
			}
		}
	}
	return n
}

// A field a derived value is computed from, renamed in site.yaml, is an
// error naming the type — not an event whose start is silently zero.
func TestRenamedDerivedFieldIsAnError(t *testing.T) {
	renamed := strings.Replace(siteYAML, "{name: start, kind: datetime, required: true,", "{name: begins, kind: datetime, required: true,", 1)
	if renamed == siteYAML {
		t.Fatal("the fixture has no event start field to rename")
	}
	dir := writeSite(t, renamed, events)
	assertContains(t, mustFail(t, dir), "errors", "type event has no field start, which deltag derives values from")
	retyped := strings.Replace(siteYAML, "{name: start, kind: datetime, required: true,", "{name: start, kind: string, required: true,", 1)
	dir = writeSite(t, retyped, events)
	assertContains(t, mustFail(t, dir), "errors", "type event: field start is string, but deltag derives values from it as datetime or date")
}
