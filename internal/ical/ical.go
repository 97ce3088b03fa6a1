// Package ical writes iCalendar (RFC 5545) files: one event per page and
// calendar feeds with many.
//
// It writes by hand what the format needs and nothing more: CRLF line
// endings; lines folded at 75 octets (continuation lines start with a
// space, and a UTF-8 sequence is never split); TEXT values escaped
// (backslash, semicolon, comma, newline); times as local times with TZID
// and a VTIMEZONE for every zone used, built from Go's zone data for the
// years the events span; all-day events as VALUE=DATE with an exclusive
// DTEND. Output depends only on its input, never on the clock, so builds
// are reproducible: DTSTAMP is given by the caller.
package ical

import (
	"bytes"
	"sort"
	"strings"
	"sync"
	"time"
)

// Event is one VEVENT.
type Event struct {
	UID         string
	Stamp       time.Time // DTSTAMP: when the information was last changed
	Start, End  time.Time // End may be zero
	AllDay      bool      // Start and End are dates; End is inclusive
	Zone        *time.Location
	Summary     string
	Description string
	Location    string
	URL         string
	Organizer   string // a name; written as X-ORGANIZER-NAME and in the description's place
	Categories  []string
	LastMod     time.Time
}

// Calendar is one VCALENDAR.
type Calendar struct {
	ProdID string // default "-//deltag//deltag//EN"
	Name   string // X-WR-CALNAME
	Lang   string // a language tag for LANGUAGE parameters, "" for none
	Events []Event
}

// Bytes writes the calendar.
func (c *Calendar) Bytes() []byte {
	w := &writer{}
	w.line("BEGIN:VCALENDAR")
	w.line("VERSION:2.0")
	prod := c.ProdID
	if prod == "" {
		prod = "-//deltag//deltag//EN"
	}
	w.prop("PRODID", "", Escape(prod))
	w.line("CALSCALE:GREGORIAN")
	w.line("METHOD:PUBLISH")
	if c.Name != "" {
		w.prop("X-WR-CALNAME", "", Escape(c.Name))
	}
	// One VTIMEZONE per zone, covering the years of its events.
	type span struct{ from, to int }
	zones := map[string]span{}
	locs := map[string]*time.Location{}
	for _, e := range c.Events {
		if e.AllDay || e.Zone == nil || e.Zone == time.UTC {
			continue
		}
		name := e.Zone.String()
		from, to := e.Start.In(e.Zone).Year(), e.Start.In(e.Zone).Year()
		if !e.End.IsZero() {
			to = max(to, e.End.In(e.Zone).Year())
		}
		if sp, ok := zones[name]; ok {
			from, to = min(from, sp.from), max(to, sp.to)
		}
		zones[name] = span{from, to}
		locs[name] = e.Zone
	}
	names := make([]string, 0, len(zones))
	for n := range zones {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w.buf.Write(vtimezone(locs[n], zones[n].from, zones[n].to))
	}
	lang := ""
	if c.Lang != "" {
		lang = ";LANGUAGE=" + c.Lang
	}
	for _, e := range c.Events {
		w.line("BEGIN:VEVENT")
		w.prop("UID", "", Escape(e.UID))
		w.prop("DTSTAMP", "", utc(e.Stamp))
		switch {
		case e.AllDay:
			w.prop("DTSTART", ";VALUE=DATE", e.Start.Format("20060102"))
			end := e.End
			if end.IsZero() {
				end = e.Start
			}
			// DTEND of a date is exclusive: the day after the last day.
			y, m, d := end.Date()
			w.prop("DTEND", ";VALUE=DATE", time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC).Format("20060102"))
		case e.Zone == nil || e.Zone == time.UTC:
			w.prop("DTSTART", "", utc(e.Start))
			if !e.End.IsZero() {
				w.prop("DTEND", "", utc(e.End))
			}
		default:
			tz := ";TZID=" + e.Zone.String()
			w.prop("DTSTART", tz, e.Start.In(e.Zone).Format("20060102T150405"))
			if !e.End.IsZero() {
				w.prop("DTEND", tz, e.End.In(e.Zone).Format("20060102T150405"))
			}
		}
		if !e.LastMod.IsZero() {
			w.prop("LAST-MODIFIED", "", utc(e.LastMod))
		}
		w.prop("SUMMARY", lang, Escape(e.Summary))
		if e.Description != "" {
			w.prop("DESCRIPTION", lang, Escape(e.Description))
		}
		if e.Location != "" {
			w.prop("LOCATION", lang, Escape(e.Location))
		}
		if e.URL != "" {
			w.prop("URL", "", e.URL)
		}
		if e.Organizer != "" {
			w.prop("X-ORGANIZER-NAME", "", Escape(e.Organizer))
		}
		if len(e.Categories) > 0 {
			cs := make([]string, len(e.Categories))
			for i, c := range e.Categories {
				cs[i] = Escape(c)
			}
			w.prop("CATEGORIES", lang, strings.Join(cs, ","))
		}
		w.line("STATUS:CONFIRMED")
		w.line("TRANSP:OPAQUE")
		w.line("END:VEVENT")
	}
	w.line("END:VCALENDAR")
	return w.buf.Bytes()
}

func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

type writer struct{ buf bytes.Buffer }

func (w *writer) line(s string) { w.buf.WriteString(Fold(s)) }

func (w *writer) prop(name, params, value string) { w.line(name + params + ":" + value) }

// Escape escapes a TEXT value: backslash, semicolon, comma and newlines.
func Escape(s string) string {
	if !strings.ContainsAny(s, "\\;,\n\r") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', ';', ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				continue
			}
			b.WriteString(`\n`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Fold ends a content line with CRLF, folding it so that no line is longer
// than 75 octets: a continuation starts with one space. A UTF-8 sequence is
// never split.
func Fold(s string) string {
	if len(s) <= 75 {
		return s + "\r\n"
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/70*3 + 2)
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !startsRune(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}

// startsRune reports whether c can begin a UTF-8 sequence (is not a
// continuation byte).
func startsRune(c byte) bool { return c&0xC0 != 0x80 }

// vtimezone builds a VTIMEZONE for loc with every offset change in the
// years from-1 to to (the year before, so that the first event's offset
// has an onset before it). Cached: many events share a zone.
func vtimezone(loc *time.Location, from, to int) []byte {
	key := tzKey{loc.String(), from, to}
	if b, ok := tzCache.Load(key); ok {
		return b.([]byte)
	}
	w := &writer{}
	w.line("BEGIN:VTIMEZONE")
	w.prop("TZID", "", loc.String())
	trans := transitions(loc, from-1, to)
	if len(trans) == 0 {
		// No changes in these years: one standard observance.
		t := time.Date(from-1, 1, 1, 0, 0, 0, 0, loc)
		name, off := t.Zone()
		w.line("BEGIN:STANDARD")
		w.prop("DTSTART", "", "19700101T000000")
		w.prop("TZOFFSETFROM", "", offset(off))
		w.prop("TZOFFSETTO", "", offset(off))
		w.prop("TZNAME", "", Escape(name))
		w.line("END:STANDARD")
	}
	for _, tr := range trans {
		kind := "STANDARD"
		if tr.dst {
			kind = "DAYLIGHT"
		}
		w.line("BEGIN:" + kind)
		// The onset in local time as it was before the change.
		w.prop("DTSTART", "", tr.at.In(time.FixedZone("", tr.from)).Format("20060102T150405"))
		w.prop("TZOFFSETFROM", "", offset(tr.from))
		w.prop("TZOFFSETTO", "", offset(tr.to))
		w.prop("TZNAME", "", Escape(tr.name))
		w.line("END:" + kind)
	}
	w.line("END:VTIMEZONE")
	b := w.buf.Bytes()
	tzCache.Store(key, b)
	return b
}

type tzKey struct {
	name     string
	from, to int
}

var tzCache sync.Map

type transition struct {
	at       time.Time
	from, to int
	name     string
	dst      bool
}

// transitions finds the instants in the years from..to at which loc's
// offset changes: weekly samples, then a binary search to the second.
func transitions(loc *time.Location, from, to int) []transition {
	var out []transition
	t := time.Date(from, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(to+1, 1, 1, 0, 0, 0, 0, time.UTC)
	_, off := t.In(loc).Zone()
	for t.Before(end) {
		next := t.Add(7 * 24 * time.Hour)
		_, noff := next.In(loc).Zone()
		if noff != off {
			lo, hi := t.Unix(), next.Unix()
			for hi-lo > 1 {
				mid := lo + (hi-lo)/2
				if _, o := time.Unix(mid, 0).In(loc).Zone(); o == off {
					lo = mid
				} else {
					hi = mid
				}
			}
			at := time.Unix(hi, 0).UTC()
			name, _ := at.In(loc).Zone()
			out = append(out, transition{at: at, from: off, to: noff, name: name, dst: at.In(loc).IsDST()})
			off = noff
		}
		t = next
	}
	return out
}

func offset(sec int) string {
	sign := byte('+')
	if sec < 0 {
		sign = '-'
		sec = -sec
	}
	h, m := sec/3600, sec%3600/60
	b := []byte{sign, byte('0' + h/10), byte('0' + h%10), byte('0' + m/10), byte('0' + m%10)}
	if s := sec % 60; s != 0 {
		b = append(b, byte('0'+s/10), byte('0'+s%10))
	}
	return string(b)
}
