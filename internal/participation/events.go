package participation

import (
	"path"
	"sort"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/ical"
	"github.com/deltag/deltag/internal/site"
)

// Event is an event page's checked values.
type Event struct {
	Page       *site.Page
	Start, End time.Time // End is zero when not given
	AllDay     bool
	Zone       *time.Location
	// Attendance is online, in-person or both (given, or derived from
	// which of location and online are set).
	Attendance   string
	Location     Place
	Online       string
	Registration string
	Deadline     time.Time
	Organiser    string
	Programme    []Session
	// Past reports whether the event is over at the build time.
	Past bool
	// ICSFile is the output path of the event's .ics, ICSURL its URL.
	ICSFile, ICSURL string
}

// Session is one row of an event's programme.
type Session struct {
	Date                        time.Time
	Time, Topic, Place, Speaker string
}

// Until is when the event is over: its end, else its start; for all-day
// events the end of that day.
func (e *Event) Until() time.Time {
	t := e.End
	if t.IsZero() {
		t = e.Start
	}
	if e.AllDay {
		y, m, d := t.In(e.Zone).Date()
		t = time.Date(y, m, d+1, 0, 0, 0, 0, e.Zone)
	}
	return t
}

// DeadlinePassed reports whether registration has closed at the build time.
func (e *Event) DeadlinePassed() bool {
	if e.Deadline.IsZero() {
		return false
	}
	y, m, d := e.Deadline.In(e.Zone).Date()
	return !time.Date(y, m, d+1, 0, 0, 0, 0, e.Zone).After(e.Page.Site.Now)
}

func (r *resolver) event(p *site.Page) *Event {
	f := p.Extra["fields"].(map[string]any)
	e := &Event{Page: p, Zone: p.L.Location}
	if tz, _ := f["timezone"].(string); tz != "" {
		loc, err := r.zone(tz)
		if err != nil {
			r.diags.Errorf(p.File, p.Line("event.timezone"), "event.timezone: unknown time zone %q (want an IANA name such as Europe/Copenhagen)", tz)
		} else {
			e.Zone = loc
		}
	}
	e.Start, _ = f["start"].(time.Time)
	e.End, _ = f["end"].(time.Time)
	e.AllDay, _ = f["allDay"].(bool)
	e.Attendance, _ = f["attendance"].(string)
	e.Location, _ = f["location"].(Place)
	e.Online, _ = f["online"].(string)
	e.Registration, _ = f["registration"].(string)
	e.Deadline, _ = f["registrationDeadline"].(time.Time)
	e.Organiser, _ = f["organiser"].(string)
	if rows, ok := f["programme"].([]map[string]any); ok {
		for _, row := range rows {
			s := Session{}
			s.Date, _ = row["date"].(time.Time)
			s.Time, _ = row["time"].(string)
			s.Topic, _ = row["topic"].(string)
			s.Place, _ = row["place"].(string)
			s.Speaker, _ = row["speaker"].(string)
			e.Programme = append(e.Programme, s)
		}
	}
	if !e.End.IsZero() && !e.Start.IsZero() && e.End.Before(e.Start) {
		r.diags.Errorf(p.File, p.Line("event.end"), "event.end: %s is before event.start %s", e.End.Format(time.RFC3339), e.Start.Format(time.RFC3339))
	}
	if e.Attendance == "" {
		switch {
		case e.Online != "" && e.Location != (Place{}):
			e.Attendance = "both"
		case e.Online != "":
			e.Attendance = "online"
		default:
			e.Attendance = "in-person"
		}
	}
	if !e.Start.IsZero() {
		e.Past = !e.Until().After(p.Site.Now)
	}
	e.ICSFile = icsFile(p.OutFile)
	e.ICSURL = p.Site.Config.BasePath() + e.ICSFile
	return e
}

// icsFile is the .ics beside a page's output: x/index.html → x/event.ics,
// x.html → x.ics.
func icsFile(out string) string {
	if path.Base(out) == "index.html" {
		return path.Join(path.Dir(out), "event.ics")
	}
	return strings.TrimSuffix(out, path.Ext(out)) + ".ics"
}

// EventOf returns the page's event, or nil.
func EventOf(p *site.Page) *Event {
	e, _ := p.Extra["event"].(*Event)
	return e
}

// orderEvents gives the events list its order: upcoming (soonest first),
// then past (latest first), then events without a start; it records the
// upcoming and past events on the list.
func orderEvents(b *site.Builder, sec *site.Page) {
	if sec == nil {
		return
	}
	members := append([]*site.Page(nil), sec.Members...)
	site.SortPages(members) // the default order breaks ties
	var up, past []*site.Page
	for _, p := range members {
		if e := EventOf(p); e != nil && !e.Start.IsZero() {
			if e.Past {
				past = append(past, p)
			} else {
				up = append(up, p)
			}
		}
	}
	sort.SliceStable(up, func(i, j int) bool { return EventOf(up[i]).Start.Before(EventOf(up[j]).Start) })
	sort.SliceStable(past, func(i, j int) bool { return EventOf(past[i]).Start.After(EventOf(past[j]).Start) })
	rank := func(p *site.Page) (int, time.Time) {
		e := EventOf(p)
		switch {
		case e == nil || e.Start.IsZero():
			return 2, time.Time{}
		case e.Past:
			return 1, e.Start
		}
		return 0, e.Start
	}
	b.OrderSection(sec, func(x, y *site.Page) int {
		rx, tx := rank(x)
		ry, ty := rank(y)
		switch {
		case rx != ry:
			return rx - ry
		case rx == 0:
			return tx.Compare(ty)
		case rx == 1:
			return ty.Compare(tx)
		}
		return 0
	})
	b.SetExtra(sec, "upcoming", up)
	b.SetExtra(sec, "past", past)
}

// attendanceModes maps attendance to schema.org's eventAttendanceMode.
var attendanceModes = map[string]string{
	"online":    "https://schema.org/OnlineEventAttendanceMode",
	"in-person": "https://schema.org/OfflineEventAttendanceMode",
	"both":      "https://schema.org/MixedEventAttendanceMode",
}

// JSONLD is the schema.org Event of an event page, for jsonify.
func (e *Event) JSONLD() map[string]any {
	p := e.Page
	date := func(t time.Time) string {
		if e.AllDay {
			return t.In(e.Zone).Format("2006-01-02")
		}
		return t.In(e.Zone).Format(time.RFC3339)
	}
	ld := map[string]any{
		"@context":            "https://schema.org",
		"@type":               "Event",
		"name":                p.Title,
		"url":                 p.Permalink(),
		"inLanguage":          p.L.Code,
		"eventStatus":         "https://schema.org/EventScheduled",
		"eventAttendanceMode": attendanceModes[e.Attendance],
	}
	if !e.Start.IsZero() {
		ld["startDate"] = date(e.Start)
	}
	if !e.End.IsZero() {
		ld["endDate"] = date(e.End)
	}
	if d := summary(p); d != "" {
		ld["description"] = d
	}
	if p.Image != "" {
		ld["image"] = absURL(p.Site, p.Image)
	}
	var locs []any
	if e.Location != (Place{}) {
		place := map[string]any{"@type": "Place", "name": e.Location.Name}
		if e.Location.Name == "" {
			place["name"] = e.Location.Address
		}
		if e.Location.Address != "" {
			place["address"] = map[string]any{"@type": "PostalAddress", "streetAddress": e.Location.Address}
		}
		locs = append(locs, place)
	}
	if e.Online != "" {
		locs = append(locs, map[string]any{"@type": "VirtualLocation", "url": absURL(p.Site, e.Online)})
	}
	switch len(locs) {
	case 1:
		ld["location"] = locs[0]
	case 2:
		ld["location"] = locs
	}
	if e.Organiser != "" {
		ld["organizer"] = map[string]any{"@type": "Organization", "name": e.Organiser}
	}
	if e.Registration != "" {
		offer := map[string]any{"@type": "Offer", "url": absURL(p.Site, e.Registration)}
		if !e.Deadline.IsZero() {
			offer["validThrough"] = e.Deadline.In(e.Zone).Format("2006-01-02")
		}
		ld["offers"] = offer
	}
	return ld
}

func summary(p *site.Page) string {
	if p.Summary != "" {
		return p.Summary
	}
	return p.BodySummary
}

func absURL(s *site.Site, u string) string {
	if strings.Contains(u, "://") || strings.HasPrefix(u, "mailto:") {
		return u
	}
	return s.Config.AbsURL(u)
}

// icalEvent is the calendar entry of an event.
func (e *Event) icalEvent() ical.Event {
	p := e.Page
	uid := p.Ref
	if uid == "" {
		uid = strings.Trim(p.Section+"/"+p.Dir+"/"+p.Name, "/")
	}
	host := p.Site.Config.BaseURL
	if i := strings.Index(host, "://"); i >= 0 {
		host = host[i+3:]
	}
	host = strings.Trim(host, "/")
	if i := strings.IndexByte(host, '/'); i >= 0 {
		host = host[:i]
	}
	if host == "" {
		host = "deltag"
	}
	stamp := p.Lastmod
	if stamp.IsZero() {
		stamp = p.Date
	}
	if stamp.IsZero() {
		stamp = e.Start
	}
	loc := e.Location.String()
	if loc == "" && e.Online != "" {
		loc = e.Online
	}
	desc := summary(p)
	if e.Organiser != "" {
		desc = strings.TrimSpace(desc + "\n\n" + e.Organiser)
	}
	if e.Online != "" {
		desc += "\n\n" + absURL(p.Site, e.Online)
	}
	if e.Registration != "" && e.Registration != e.Online {
		desc += "\n\n" + absURL(p.Site, e.Registration)
	}
	desc += "\n\n" + p.Permalink()
	start, end := e.Start, e.End
	if e.AllDay {
		start = start.In(e.Zone)
		if !end.IsZero() {
			end = end.In(e.Zone)
		}
	}
	return ical.Event{
		UID:         uid + "-" + p.L.Code + "@" + host,
		Stamp:       stamp,
		LastMod:     p.Lastmod,
		Start:       start,
		End:         end,
		AllDay:      e.AllDay,
		Zone:        e.Zone,
		Summary:     p.Title,
		Description: strings.TrimSpace(desc),
		Location:    loc,
		URL:         p.Permalink(),
		Organizer:   e.Organiser,
	}
}

// calendarFile is the output path of a language's calendar feed, in its
// events section.
func calendarFile(s *site.Site, l *site.Language, section string) string {
	return l.Code + "/" + s.Config.SectionPath(section, l.Code) + "/calendar.ics"
}
