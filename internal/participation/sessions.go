package participation

// Issue 13: an event with a programme is one VEVENT per session in its
// calendars and a schema.org subEvent per session in its JSON-LD; its
// address is structured (street, postal code, locality, country).

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/ical"
)

// sessionTime reads a programme row's time: "15:30–17:30", "15.30-17.30"
// or a start alone ("15:30").
var sessionTime = regexp.MustCompile(`^\s*(\d{1,2})[:.](\d{2})\s*(?:[–—-]\s*(\d{1,2})[:.](\d{2}))?\s*$`)

// Span is when a session takes place in zone: its date with the time of
// day from Time. timed is false when Time is not a clock time, and the
// session is then the whole day; ok is false without a date.
func (s Session) Span(zone *time.Location) (start, end time.Time, timed, ok bool) {
	if s.Date.IsZero() {
		return time.Time{}, time.Time{}, false, false
	}
	y, m, d := s.Date.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, zone)
	g := sessionTime.FindStringSubmatch(s.Time)
	if g == nil {
		return day, time.Time{}, false, true
	}
	at := func(h, min string) time.Time {
		var hh, mm int
		fmt.Sscanf(h+" "+min, "%d %d", &hh, &mm)
		return time.Date(y, m, d, hh, mm, 0, 0, zone)
	}
	start = at(g[1], g[2])
	if g[3] != "" {
		end = at(g[3], g[4])
		if !end.After(start) {
			end = time.Time{}
		}
	}
	return start, end, true, true
}

// sessions reports whether every row of the programme has a date, so the
// event can be written as its sessions.
func (e *Event) sessions() bool {
	if len(e.Programme) < 2 {
		return false
	}
	for _, s := range e.Programme {
		if s.Date.IsZero() {
			return false
		}
	}
	return true
}

// icalEvents is the event's calendar entries: one per session of its
// programme when every session has a date (a course of six afternoons is
// six entries, not one busy block of six weeks), else one.
func (e *Event) icalEvents() []ical.Event {
	base := e.icalEvent()
	if !e.sessions() {
		return []ical.Event{base}
	}
	uid, host, _ := strings.Cut(base.UID, "@")
	out := make([]ical.Event, 0, len(e.Programme))
	for i, s := range e.Programme {
		start, end, timed, _ := s.Span(e.Zone)
		ev := base
		ev.UID = fmt.Sprintf("%s-%d@%s", uid, i+1, host)
		ev.Start, ev.End, ev.AllDay = start, end, !timed
		if s.Topic != "" {
			ev.Summary = base.Summary + " – " + s.Topic
		}
		if s.Place != "" {
			ev.Location = s.Place
		}
		if s.Speaker != "" {
			ev.Description = s.Speaker + "\n\n" + base.Description
		}
		out = append(out, ev)
	}
	return out
}

// subEvents is the JSON-LD of the programme's sessions, nil unless every
// session has a date.
func (e *Event) subEvents() []any {
	if !e.sessions() {
		return nil
	}
	var out []any
	for _, s := range e.Programme {
		start, end, timed, _ := s.Span(e.Zone)
		format := time.RFC3339
		if !timed {
			format = "2006-01-02"
		}
		name := s.Topic
		if name == "" {
			name = e.Page.Title
		}
		sub := map[string]any{"@type": "Event", "name": name, "startDate": start.Format(format)}
		if !end.IsZero() {
			sub["endDate"] = end.Format(format)
		}
		if s.Place != "" {
			sub["location"] = map[string]any{"@type": "Place", "name": s.Place, "address": postalAddress(s.Place)}
		}
		if s.Speaker != "" {
			sub["performer"] = map[string]any{"@type": "Person", "name": s.Speaker}
		}
		out = append(out, sub)
	}
	return out
}

// postalCode finds "8300 Odder" (Denmark: four digits) or "123 45
// Göteborg" (Sweden: three and two digits) at the end of an address.
var postalCode = regexp.MustCompile(`(?:^|,\s*)((\d{3}) ?(\d{2})|(\d{4}))\s+([^,\d][^,]*)$`)

// postalAddress is a schema.org PostalAddress from an address written on
// one line, "Rådhusgade 3, 8300 Odder": the last part's postal code and
// locality, the country from the postal code's form (four digits DK,
// three and two SE), and the rest as the street address. An address it
// cannot read stays whole in streetAddress.
func postalAddress(addr string) map[string]any {
	a := map[string]any{"@type": "PostalAddress"}
	g := postalCode.FindStringSubmatchIndex(addr)
	if g == nil {
		a["streetAddress"] = addr
		return a
	}
	street := strings.TrimRight(strings.TrimSpace(addr[:g[0]]), ",")
	if street != "" {
		a["streetAddress"] = street
	}
	a["addressLocality"] = strings.TrimSpace(addr[g[10]:g[11]])
	if g[8] >= 0 {
		a["postalCode"] = addr[g[8]:g[9]]
		a["addressCountry"] = "DK"
	} else {
		a["postalCode"] = addr[g[4]:g[5]] + " " + addr[g[6]:g[7]]
		a["addressCountry"] = "SE"
	}
	return a
}
