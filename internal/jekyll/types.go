package jekyll

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/locale"
	"gopkg.in/yaml.v3"
)

// Collections as deltag types. A Jekyll collection becomes one of
// deltag's content types only when its documents have that type's
// fields, whatever the collection is called: a collection whose every
// document has a start (date, start, start_date, …) and a place
// (location, place, venue, …) becomes the event type; one whose every
// document names a funder, the project type; the idea and its goal, the
// idea type; a total and a currency, the pool type (typelist.go). The
// types are tried in that order and the first that fits is taken. The
// decision is per collection: one document without a place keeps the
// whole collection from the event type, and the report names, per
// collection, each type tried, the document, the line and the field it
// lacks.
//
// A collection that fits gets the type in site.yaml (section: the
// collection's folder, layout: the theme's layouts of the type), and each
// document gets deltag's fields in the type's front-matter map (event:
// {start, end, allDay, location, …}; project: {funder, status, …})
// beside its own keys, which stay as they were so that the site's Liquid
// layouts read them as before. An event collection then has each event's
// .ics, the calendar of upcoming events and the event list, a project
// collection the project list with its filters; a document whose layout
// is one of the site's _layouts/ keeps rendering with it. A value that is
// not of the field's kind (a grant written as text, a status that is no
// known word) is left out of the type's map and stays in the page's own
// keys. A collection that fits no type keeps the plain layout (type:
// _default), as before.

// deltagType is a type of deltag's a collection may become.
type deltagType struct {
	name   string // the type's name and front-matter key: event
	layout string // the theme's layout folder for it
	list   bool   // the theme has a list layout for its section
	fields []typeField
	label  map[string]string // by language
}

// typeField is one of the type's fields and the keys Jekyll sites write
// it under, in order of preference.
type typeField struct {
	name     string
	kind     string // datetime, date, place, string, text, markdown, url, money, choice, list, bool
	fit      bool   // the collection fits only when every document has it
	required bool   // required in deltag's schema (site.yaml)
	derived  bool   // not read from a key: computed from others (allDay)
	keys     []string
	what     string // for the report: "start date"
	label    map[string]string
	choices  []typeChoice
}

// typeChoice is one value of a choice field, with the words sites write
// for it.
type typeChoice struct {
	value string
	words []string
	label map[string]string
}

// TypeFit is the decision for one collection: the type tried and
// whether its documents fit it.
type TypeFit struct {
	Collection string
	Section    string // the deltag section its documents are in
	Type       string // the deltag type tried
	Fits       bool
	Documents  int
	// When it does not fit: the first document that lacks a required
	// field, the field and what keys were looked for, and where.
	Missing string
	File    string
	Line    int
}

// typeFits is what the import decided about its collections.
type typeFits struct {
	list   []*TypeFit
	fitted map[string]*TypeFit            // by collection label
	types  map[string]*deltagType         // the fitted type by collection label
	values map[*doc]map[string]*yaml.Node // a fitted document's fields, by deltag name
	keys   map[*doc]map[string]string     // and the Jekyll key each came from
	names  map[string]string              // type name in site.yaml by collection
}

// fitTypes decides, per output collection (posts aside), whether its
// documents fit one of deltag's types (candidateTypes, in order; the
// first that fits is taken). It runs after resolve (dates are known) and
// before convert (the front matter is as written).
func (im *importer) fitTypes() {
	tf := &typeFits{fitted: map[string]*TypeFit{}, types: map[string]*deltagType{}, values: map[*doc]map[string]*yaml.Node{},
		keys: map[*doc]map[string]string{}, names: map[string]string{}}
	im.types = tf
	byCol := map[string][]*doc{}
	var labels []string
	for _, d := range im.docs {
		if d.skip || d.Kind != KindDocument {
			continue
		}
		if _, ok := byCol[d.Collection]; !ok {
			labels = append(labels, d.Collection)
		}
		byCol[d.Collection] = append(byCol[d.Collection], d)
	}
	sort.Strings(labels)
	taken := map[string]bool{}
	for _, label := range labels {
		docs := byCol[label]
		var nearly diag.List // said when the collection fits no type
		for _, t := range candidateTypes {
			fit := &TypeFit{Collection: label, Section: docs[0].Section, Type: t.name, Documents: len(docs), Fits: true}
			values := map[*doc]map[string]*yaml.Node{}
			keys := map[*doc]map[string]string{}
			var notes diag.List // said only when the collection fits
			for _, d := range docs {
				v, k, miss, line, n := im.typeValues(d, t)
				if miss == nil {
					values[d], keys[d] = v, k
					notes.Append(n)
				} else if fit.Fits {
					fit.Fits = false
					fit.Missing = fmt.Sprintf("%s (%s)", miss.what, strings.Join(miss.keys, ", "))
					fit.File, fit.Line = d.Source, line
				}
			}
			if !fit.Fits && len(values) > 0 {
				// Most likely meant as the type: say what keeps it plain.
				nearly.Warnf(fit.File, fit.Line, "collection %s stays plain pages, not deltag's %s type: this document has no %s, and every document of a collection must (%d of %d have all of the %s's fields)",
					label, t.name, fit.Missing, len(values), len(docs), t.name)
			}
			if fit.Fits {
				name := t.name
				if taken[name] {
					name = t.name + "-" + strings.ToLower(label)
				}
				why := ""
				switch {
				case sectionsDiffer(docs):
					why = "section of its own (its documents are in several folders)"
				case taken[name] || !validTypeName(name):
					why = "type name of its own (another collection is " + t.name + " already)"
				}
				if why != "" {
					fit.Fits = false
					fit.Missing = why
					fit.File, fit.Line = im.cfg.File, im.collectionLine(label)
				} else {
					taken[name] = true
					im.diags.Append(notes)
					tf.names[label] = name
					tf.types[label] = t
					for d, v := range values {
						tf.values[d], tf.keys[d] = v, keys[d]
					}
				}
			}
			tf.list = append(tf.list, fit)
			if fit.Fits {
				tf.fitted[label] = fit
				break
			}
		}
		if tf.fitted[label] == nil {
			im.diags.Append(nearly)
		}
	}
}

func (im *importer) collectionLine(label string) int {
	col, _ := im.cfg.collection(label)
	return col.Line
}

// sectionsDiffer reports whether a collection's documents are in more
// than one deltag section (one per language folder is one section).
func sectionsDiffer(docs []*doc) bool {
	for _, d := range docs {
		if d.Section != docs[0].Section {
			return true
		}
	}
	return false
}

func validTypeName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return s != ""
}

// typeValues reads t's fields from d's front matter and defaults (what
// Jekyll saw), as YAML nodes in deltag's form. miss is the first required
// field d lacks (or whose value is not one), with the line to report.
func (im *importer) typeValues(d *doc, t *deltagType) (vals map[string]*yaml.Node, from map[string]string, miss *typeField, line int, notes diag.List) {
	vals, from = map[string]*yaml.Node{}, map[string]string{}
	var start *jekyllDate
	startBare := false
	for i := range t.fields {
		f := &t.fields[i]
		if f.derived {
			continue
		}
		var got *yaml.Node
		badLine := 0
		for _, k := range f.keys {
			raw, kline, ok := im.rawValue(d, k)
			if !ok {
				continue
			}
			var n *yaml.Node
			switch f.kind {
			case "datetime", "date":
				jd, bare, ok := im.eventDate(d, k, raw)
				if !ok {
					badLine = kline
					continue
				}
				if f.kind == "date" {
					n = strNode(jd.Time.In(im.cfg.Location).Format("2006-01-02"))
					break
				}
				if f.name == "start" {
					start, startBare = &jd, bare
				}
				n = dateNode(jd, bare, im.cfg.Location)
			case "place":
				n = placeNode(raw)
			case "url":
				n = urlNode(raw)
			case "text", "markdown":
				n = textNode(raw)
			case "money":
				n = moneyNode(raw)
			case "choice":
				n = choiceNode(raw, f.choices)
			case "list":
				n = listNode(raw)
			default:
				if s := oneLine(raw); s != "" {
					n = strNode(s)
				}
			}
			if n == nil {
				badLine = kline
				continue
			}
			got, from[f.name] = n, k
			break
		}
		if got == nil {
			if f.fit {
				if badLine == 0 {
					badLine = d.sp.YAMLLine - 1
					if badLine < 1 {
						badLine = 1
					}
				}
				return nil, nil, f, badLine, nil
			}
			continue
		}
		vals[f.name] = got
	}
	if t != &eventType {
		if st, end := nodeTime(vals["start"], im.cfg.Location), nodeTime(vals["end"], im.cfg.Location); !st.IsZero() && !end.IsZero() && end.Before(st) {
			notes.Warnf(d.Source, d.line(from["end"]), "%s: %s is before the start %s; the %s is written without an end", from["end"], vals["end"].Value, vals["start"].Value, t.name)
			delete(vals, "end")
		}
		return vals, from, nil, 0, notes
	}
	im.eventTimes(d, vals, start, startBare)
	if st, end := nodeTime(vals["start"], im.cfg.Location), nodeTime(vals["end"], im.cfg.Location); !st.IsZero() && !end.IsZero() && end.Before(st) {
		notes.Warnf(d.Source, d.line(from["end"]), "%s: %s is before the start %s; the event is written without an end", from["end"], vals["end"].Value, vals["start"].Value)
		delete(vals, "end")
	}
	return vals, from, nil, 0, notes
}

// nodeTime reads a date node written by dateNode, or zero.
func nodeTime(n *yaml.Node, loc *time.Location) time.Time {
	if n == nil {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, n.Value); err == nil {
		return t
	}
	t, _ := time.ParseInLocation("2006-01-02", n.Value, loc)
	return t
}

// rawValue is front-matter key k of d as Jekyll saw it (front matter,
// else defaults), with its line.
func (im *importer) rawValue(d *doc, k string) (any, int, bool) {
	if n := d.fm.get(k); n != nil && d.fmValid {
		if n.Kind == yaml.ScalarNode && (n.Tag == "!!null" || strings.TrimSpace(n.Value) == "") {
			return nil, 0, false
		}
		if n.Kind == yaml.ScalarNode {
			return n, d.nodeLine(n), true
		}
		var v any
		if n.Decode(&v) != nil {
			return nil, 0, false
		}
		return v, d.nodeLine(n), true
	}
	if v, ok := d.defaults[k]; ok && v != nil {
		return v, d.sp.YAMLLine, true
	}
	return nil, 0, false
}

// eventDate reads a date for an event field; bare is true when it has no
// time of day. The document's date is the one resolve read (front
// matter or defaults; a date in the file name alone is no event date).
func (im *importer) eventDate(d *doc, key string, raw any) (jd jekyllDate, bare bool, ok bool) {
	switch x := raw.(type) {
	case *yaml.Node:
		if key == "date" && d.date != nil && !d.fileDate {
			return *d.date, isBareDate(x.Value), true
		}
		jd, err := parseDate(x.Value, isQuoted(x), im.cfg.Location)
		if err != nil {
			return jekyllDate{}, false, false
		}
		return jd, isBareDate(x.Value), true
	case time.Time:
		// A date in defaults, decoded by YAML: without an offset it is
		// UTC, meant as the site's wall-clock time (as deltag reads it).
		if x.Location() == time.UTC {
			y, mo, dd := x.Date()
			bare := x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0
			return jekyllDate{Time: time.Date(y, mo, dd, x.Hour(), x.Minute(), x.Second(), 0, im.cfg.Location)}, bare, true
		}
		return jekyllDate{Time: x, Zoned: true}, false, true
	case string:
		jd, err := parseDate(x, true, im.cfg.Location)
		if err != nil {
			return jekyllDate{}, false, false
		}
		return jd, isBareDate(x), true
	}
	return jekyllDate{}, false, false
}

func isBareDate(s string) bool {
	m := dateRE.FindStringSubmatch(strings.TrimSpace(s))
	return m != nil && m[4] == ""
}

// clockRE is a time of day, or a span: 18:00, 18.30, 18:00–20:00.
var clockRE = regexp.MustCompile(`^(\d{1,2})[:.](\d{2})(?:\s*(?:-|–|—|to|till|til)\s*(\d{1,2})[:.](\d{2}))?$`)

// eventTimes completes a start that is a bare date: with a time of day
// under time: or start_time: (and end_time:, or a span) it is a date and
// time; without one the event is all day. An end before the start is
// left out.
func (im *importer) eventTimes(d *doc, vals map[string]*yaml.Node, start *jekyllDate, bare bool) {
	if start == nil || !bare {
		return
	}
	loc := im.cfg.Location
	clock := func(keys ...string) []string {
		for _, k := range keys {
			if raw, _, ok := im.rawValue(d, k); ok {
				s := ""
				switch x := raw.(type) {
				case *yaml.Node:
					s = x.Value
				case string:
					s = x
				}
				if m := clockRE.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
					return m
				}
			}
		}
		return nil
	}
	at := func(h, m string) time.Time {
		var hh, mm int
		fmt.Sscanf(h, "%d", &hh)
		fmt.Sscanf(m, "%d", &mm)
		y, mo, dd := start.Time.In(loc).Date()
		return time.Date(y, mo, dd, hh, mm, 0, 0, loc)
	}
	m := clock("time", "start_time", "starttime", "kl", "klockan")
	if m == nil {
		vals["allDay"] = plainNode("true", "!!bool")
		return
	}
	st := at(m[1], m[2])
	vals["start"] = strNode(st.Format(time.RFC3339))
	var end time.Time
	if m[3] != "" {
		end = at(m[3], m[4])
	} else if e := clock("end_time", "endtime"); e != nil {
		end = at(e[1], e[2])
	}
	if !end.IsZero() {
		if _, has := vals["end"]; !has && end.After(st) {
			vals["end"] = strNode(end.Format(time.RFC3339))
		}
	}
}

// dateNode writes a date as deltag's datetime field reads it: a bare
// date as the date, a time in the site's time zone with its offset.
func dateNode(jd jekyllDate, bare bool, loc *time.Location) *yaml.Node {
	if bare {
		return strNode(jd.Time.In(loc).Format("2006-01-02"))
	}
	t := jd.Time
	if !jd.Zoned {
		t = t.In(loc)
	}
	return strNode(t.Format(time.RFC3339))
}

// placeNode is a place: a name, or a map with a name and an address (or
// a street and a city).
func placeNode(raw any) *yaml.Node {
	switch x := raw.(type) {
	case *yaml.Node:
		if s := oneLine(x); s != "" {
			return strNode(s)
		}
	case string:
		if s := oneLine(x); s != "" {
			return strNode(s)
		}
	case map[string]any:
		name := stringValue(x["name"])
		if name == "" {
			name = stringValue(x["title"])
		}
		addr := stringValue(x["address"])
		if addr == "" {
			var parts []string
			for _, k := range []string{"street", "street_address", "postal_code", "zip", "city", "locality"} {
				if s := stringValue(x[k]); s != "" {
					parts = append(parts, s)
				}
			}
			addr = strings.Join(parts, ", ")
		}
		if name == "" && addr == "" {
			return nil
		}
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		if name != "" {
			n.Content = append(n.Content, strNode("name"), strNode(name))
		}
		if addr != "" {
			n.Content = append(n.Content, strNode("address"), strNode(addr))
		}
		return n
	}
	return nil
}

// urlNode is a link deltag's url kind accepts, or nil.
func urlNode(raw any) *yaml.Node {
	s := oneLine(raw)
	if s == "" || strings.ContainsAny(s, " \t") {
		return nil
	}
	if strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "mailto:") || strings.HasPrefix(s, "/") {
		return strNode(s)
	}
	return nil
}

// textNode is a scalar value as text (several lines allowed), or nil.
func textNode(raw any) *yaml.Node {
	var s string
	switch x := raw.(type) {
	case *yaml.Node:
		if x.Kind != yaml.ScalarNode {
			return nil
		}
		s = x.Value
	case string:
		s = x
	default:
		return nil
	}
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	return strNode(s)
}

// moneyNode is an amount: a number, or nil.
func moneyNode(raw any) *yaml.Node {
	v := raw
	if n, ok := raw.(*yaml.Node); ok {
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" && n.Tag != "!!float" {
			return nil
		}
		v = n.Value
	}
	f, ok := locale.Number(v)
	if !ok || f < 0 {
		return nil
	}
	amount := strconv.FormatFloat(f, 'f', -1, 64)
	if strings.Contains(amount, ".") {
		return plainNode(amount, "!!float")
	}
	return plainNode(amount, "!!int")
}

// choiceNode is the choice whose words include the value, or nil.
func choiceNode(raw any, choices []typeChoice) *yaml.Node {
	s := strings.ToLower(oneLine(raw))
	if s == "" {
		return nil
	}
	for _, c := range choices {
		if s == c.value || slices.Contains(c.words, s) {
			return strNode(c.value)
		}
	}
	return nil
}

// listNode is a list of one-line texts: a sequence, or one text.
func listNode(raw any) *yaml.Node {
	var items []string
	switch x := raw.(type) {
	case []any:
		for _, e := range x {
			s := oneLine(e)
			if s == "" {
				return nil
			}
			items = append(items, s)
		}
	default:
		if s := oneLine(raw); s != "" {
			items = []string{s}
		}
	}
	if len(items) == 0 {
		return nil
	}
	return seqNode(items...)
}

// oneLine is a scalar value as one line of text, or "".
func oneLine(raw any) string {
	var s string
	switch x := raw.(type) {
	case *yaml.Node:
		if x.Kind != yaml.ScalarNode {
			return ""
		}
		s = x.Value
	case string:
		s = x
	case int, float64, bool:
		s = fmt.Sprint(x)
	default:
		return ""
	}
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, "\n\r") {
		return ""
	}
	return s
}

// applyType writes a fitted document's fields into the type's map (the
// site's own keys stay as they were). The type's key is deltag's now: a
// key of the site's own of that name is kept as jekyll_<key>. When the
// start is the document's date and the site published future documents
// (future: true), the date is kept as jekyll_date: in deltag a page's
// date is when it is published, and an event ahead is the point of an
// event page.
func (im *importer) applyType(d *doc) bool {
	vals := im.types.values[d]
	if vals == nil {
		return false
	}
	t := im.types.types[d.Collection]
	m := d.fm
	if m.has(t.name) {
		to := "jekyll_" + t.name
		im.diags.Warnf(d.Source, d.line(t.name), "front matter key %q is renamed %q: the collection is deltag's %s type, whose fields are in %s:", t.name, to, t.name, t.name)
		m.rename(t.name, to)
	}
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for _, f := range t.fields {
		if v := vals[f.name]; v != nil {
			n.Content = append(n.Content, strNode(f.name), v)
		}
	}
	m.set(t.name, n)
	if !m.has("type") && d.Section != t.layout {
		// The theme's layouts of the type for a page without one of the
		// site's own, in a section of another name (type: picks the
		// layout folder; the section still picks the type).
		m.set("type", strNode(t.layout))
	}
	if t == &eventType && im.types.keys[d]["start"] == "date" && im.cfg.Future && m.has("date") && !m.has("jekyll_date") {
		m.rename("date", "jekyll_date")
	}
	return true
}

// typesYAML is the types: block of site.yaml for the fitted collections.
func (im *importer) typesYAML() string {
	if im.types == nil || len(im.types.fitted) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n# Collections whose documents have a type's fields are that type\n# (the import report says which collection was tried against which type).\ntypes:\n")
	labels := make([]string, 0, len(im.types.fitted))
	for l := range im.types.fitted {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	text := func(m map[string]string) string {
		var parts []string
		for _, code := range im.langs {
			if s, ok := m[code]; ok {
				parts = append(parts, code+": "+q(s))
			}
		}
		if len(parts) == 0 {
			return ""
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	for _, l := range labels {
		fit := im.types.fitted[l]
		t := im.types.types[l]
		fmt.Fprintf(&b, "  %s:\n    section: %s\n    key: %s\n    layout: %s\n", q(im.types.names[l]), q(fit.Section), t.name, t.layout)
		if s := text(t.label); s != "" {
			fmt.Fprintf(&b, "    label: %s\n", s)
		}
		b.WriteString("    fields:\n")
		for _, f := range t.fields {
			fmt.Fprintf(&b, "      - {name: %s, kind: %s", f.name, f.kind)
			if f.required {
				b.WriteString(", required: true")
			}
			if s := text(f.label); s != "" {
				fmt.Fprintf(&b, ", label: %s", s)
			}
			if len(f.choices) > 0 {
				b.WriteString(", choices: [")
				for i, c := range f.choices {
					if i > 0 {
						b.WriteString(", ")
					}
					fmt.Fprintf(&b, "{value: %s", c.value)
					if s := text(c.label); s != "" {
						fmt.Fprintf(&b, ", label: %s", s)
					}
					b.WriteString("}")
				}
				b.WriteString("]")
			}
			b.WriteString("}\n")
		}
	}
	return b.String()
}
