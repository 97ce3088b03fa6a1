package participation_test

import (
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
)

// TestProgrammeIsOneEventPerSession: a course of two afternoons is two
// VEVENTs of two hours each (read back with go-ical), not one busy block
// from the first to the last, and two subEvents in its JSON-LD.
func TestProgrammeIsOneEventPerSession(t *testing.T) {
	dir := writeSite(t, siteYAML, events)
	mustBuild(t, dir)
	raw := read(t, dir, "sv/evenemang/kurs/event.ics")
	checkRFC5545(t, "kurs/event.ics", raw)
	evs := parseICS(t, raw).Events()
	if len(evs) != 2 {
		t.Fatalf("kurs/event.ics: %d events, want 2 (one per session)", len(evs))
	}
	zone, _ := time.LoadLocation("Europe/Stockholm")
	for i, want := range []struct {
		start, end time.Time
		summary    string
	}{
		{time.Date(2027, 3, 4, 15, 30, 0, 0, zone), time.Date(2027, 3, 4, 17, 30, 0, 0, zone), "Kurs för frivilliga – Introduktion"},
		{time.Date(2027, 3, 11, 15, 30, 0, 0, zone), time.Date(2027, 3, 11, 17, 30, 0, 0, zone), "Kurs för frivilliga – Att lyssna"},
	} {
		ev := evs[i]
		start, err := ev.DateTimeStart(zone)
		if err != nil || !start.Equal(want.start) {
			t.Errorf("session %d: DTSTART %v (%v), want %v", i+1, start, err, want.start)
		}
		end, err := ev.DateTimeEnd(zone)
		if err != nil || !end.Equal(want.end) {
			t.Errorf("session %d: DTEND %v (%v), want %v", i+1, end, err, want.end)
		}
		if got, _ := ev.Props.Text(goical.PropSummary); got != want.summary {
			t.Errorf("session %d: SUMMARY %q, want %q", i+1, got, want.summary)
		}
		if uid, _ := ev.Props.Text(goical.PropUID); uid == "" || (i > 0 && uid == mustText(evs[0], goical.PropUID)) {
			t.Errorf("session %d: UID %q is empty or repeated", i+1, uid)
		}
	}
	// The language's calendar lists both sessions among the upcoming.
	cal := parseICS(t, read(t, dir, "sv/evenemang/calendar.ics"))
	n := 0
	for _, ev := range cal.Events() {
		if s, _ := ev.Props.Text(goical.PropSummary); strings.HasPrefix(s, "Kurs för frivilliga – ") {
			n++
		}
	}
	if n != 2 {
		t.Errorf("calendar.ics: %d course entries, want 2", n)
	}

	ld := jsonLD(t, read(t, dir, "sv/evenemang/kurs/index.html"))
	subs, _ := ld["subEvent"].([]any)
	if len(subs) != 2 {
		t.Fatalf("JSON-LD subEvent = %v, want 2 sessions", ld["subEvent"])
	}
	first, _ := subs[0].(map[string]any)
	if first["name"] != "Introduktion" || first["startDate"] != "2027-03-04T15:30:00+01:00" || first["endDate"] != "2027-03-04T17:30:00+01:00" {
		t.Errorf("first subEvent = %v", first)
	}
	loc, _ := ld["location"].(map[string]any)
	addr, _ := loc["address"].(map[string]any)
	for k, want := range map[string]string{"streetAddress": "Rådhusgade 3", "postalCode": "8300", "addressLocality": "Odder", "addressCountry": "DK"} {
		if addr[k] != want {
			t.Errorf("JSON-LD address %s = %v, want %s", k, addr[k], want)
		}
	}
}

func mustText(ev goical.Event, prop string) string {
	s, _ := ev.Props.Text(prop)
	return s
}
