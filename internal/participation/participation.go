// Package participation resolves typed participation content — events,
// ideas, projects, grant pools, participatory budgets and themes — after
// the site model is built, and writes the calendars.
//
// # Types
//
// Types are declared in site.yaml under types: (see package schema). A
// page has the type its type: names, else the type whose section it is
// in. Its fields are the keys of the front-matter map named by the type's
// key (event: {start, end, …}). Resolve checks every typed page: a missing
// required field, a value of the wrong kind, an unknown choice or a
// reference to no page is an error naming the file, the line and the field
// ("event.start"); a key the type does not declare is a warning.
//
// Resolve also sets the model page's .Type to the type's layout folder
// (Builder.SetLayout; the parsed page keeps its type:), so pages given a
// type by type: render with the same layouts as the pages of the type's
// section.
//
// # How it plugs in
//
// Extension is a site.Extension: its Resolve runs inside site.Resolve
// through the site.Builder, Funcs adds the template functions below, and
// Outputs writes the calendars. internal/features lists it; the core
// imports nothing from here.
//
// # What templates see
//
// p.Extra holds, for typed pages:
//
//	type      the *schema.Type
//	fields    the checked values by field name (dates as time.Time,
//	          money as Money, places as Place, lists of maps as []map)
//	event     *Event      (type with key event)
//	project   *Project    (key project)
//	pool      *Pool       (key pool)
//	budget    *Budget     (key budget)
//	related   []*Group    (themes: what references the page, by type,
//	          in the page's language)
//
// The section list of events gets upcoming and past ([]*site.Page), and
// its display order (Builder.OrderSection) is upcoming events first,
// soonest first, then past events, latest first (Prev/Next follow it). Section lists
// of types with filters: get filters ([]*FilterGroup), and one generated
// list page per value (see filters.go). Project section lists get
// funders ([]*FunderTotal).
//
// # Computed at build, with the rules
//
//   - An event is past when its end (else its start; for all-day events
//     the end of that day) is before the build time (site Now, --now).
//   - A project's status is planned before its start, completed after its
//     end, ongoing between, unless status: is given.
//   - A pool's allocated sum is the allocated amounts of the projects (in
//     the pool page's language) whose pool: names it; remaining is total
//     minus that. Over the total, or a project over max:, is an error.
//   - A budget's results: see budget.go.
package participation

import (
	"html/template"
	"io/fs"
	"sort"
	"time"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/schema"
	"github.com/deltag/deltag/internal/site"
)

// Extension plugs typed participation content into the pipeline.
type Extension struct{}

// Name names the extension in diagnostics.
func (Extension) Name() string { return "participation" }

// Resolve validates pages against their types and computes derived values
// into Page.Extra, through the builder, inside site.Resolve.
func (Extension) Resolve(b *site.Builder) diag.List { return Resolve(b) }

// Funcs adds the typed-content template functions (see Funcs).
func (Extension) Funcs(s *site.Site, l *site.Language) template.FuncMap { return Funcs(s, l) }

// Outputs writes the calendars (see Outputs).
func (Extension) Outputs(s *site.Site, emit func(name string, data []byte)) diag.List {
	return Outputs(s, emit)
}

// Resolve validates pages against their types and computes derived values
// into Page.Extra. It runs inside site.Resolve (as Extension), in one
// goroutine; the builder's FS is the site's source, for the vote files of
// budgets.
func Resolve(b *site.Builder) diag.List {
	var diags diag.List
	s := b.Site()
	types := s.Config.Types
	if len(types) == 0 {
		return nil
	}
	bySection := map[string]*schema.Type{}
	for _, t := range types {
		bySection[t.Section] = t
		if t.Section != "" && s.Config.Sections[t.Section] == nil {
			diags.Warnf("site.yaml", t.Line, "type %q: section %q is not under sections: (its URL segment is then %q in every language)", t.Name, t.Section, t.Section)
		}
	}
	for _, name := range sortedTypeNames(types) {
		t := types[name]
		for _, n := range derivedFrom[t.Key] {
			if msg := t.Need(n.name, n.required, n.kinds...); msg != "" {
				diags.Errorf("site.yaml", t.Line, "%s", msg)
			}
		}
	}
	if diags.HasErrors() {
		return diags
	}
	r := &resolver{s: s, b: b, diags: &diags, zones: map[string]*time.Location{}, fsys: b.FS()}
	// Types first, so references can be checked against their target's type.
	var typed []*site.Page
	for _, p := range s.Pages {
		t := typeOf(p, types, bySection)
		if t == nil {
			continue
		}
		if p.Page.Type != "" && p.Page.Type != t.Layout {
			b.SetLayout(p, t.Layout)
		}
		b.SetExtra(p, "type", t)
		typed = append(typed, p)
	}
	for _, p := range typed {
		b.SetExtra(p, "fields", r.check(p, p.Extra["type"].(*schema.Type)))
	}
	// Typed values, in dependency order: projects before pools.
	for _, p := range typed {
		t := p.Extra["type"].(*schema.Type)
		switch t.Key {
		case "event":
			b.SetExtra(p, "event", r.event(p))
		case "project":
			b.SetExtra(p, "project", r.project(p))
		}
	}
	for _, p := range typed {
		t := p.Extra["type"].(*schema.Type)
		switch t.Key {
		case "pool":
			b.SetExtra(p, "pool", r.pool(p))
		case "budget":
			b.SetExtra(p, "budget", r.budget(p))
		}
	}
	r.checkPools(typed)
	for _, p := range typed {
		if t := p.Extra["type"].(*schema.Type); t.Key == "theme" || t.Section == "themes" {
			b.SetExtra(p, "related", related(p))
		}
	}
	for _, l := range s.Languages {
		if t := typeWithKey(types, "event"); t != nil {
			orderEvents(b, l.Section(t.Section))
		}
		if t := typeWithKey(types, "project"); t != nil {
			funderTotals(b, l.Section(t.Section))
		}
	}
	r.filters()
	return diags
}

// need is a field a derived value reads (see schema.Type.Need).
type need struct {
	name     string
	required bool
	kinds    []string
}

// derivedFrom lists, by type key, the fields the derived values are
// computed from. A needed field must be declared; every listed field must
// have one of the kinds when it is.
var derivedFrom = map[string][]need{
	"event": {
		{"start", true, []string{schema.DateTime, schema.Date}},
		{"end", false, []string{schema.DateTime, schema.Date}},
		{"allDay", false, []string{schema.Bool}},
		{"timezone", false, []string{schema.String}},
		{"registrationDeadline", false, []string{schema.Date, schema.DateTime}},
	},
	"project": {
		{"start", false, []string{schema.Date, schema.DateTime}},
		{"end", false, []string{schema.Date, schema.DateTime}},
		{"status", false, []string{schema.Choice, schema.String}},
		{"pool", false, []string{schema.Reference}},
		{"allocated", false, []string{schema.Money}},
		{"grant", false, []string{schema.Money}},
	},
	"pool": {
		{"total", true, []string{schema.Money}},
		{"max", false, []string{schema.Money}},
		{"currency", false, []string{schema.String}},
	},
	"budget": {
		{"total", true, []string{schema.Money}},
		{"votes", true, []string{schema.String}},
		{"currency", false, []string{schema.String}},
		{"tiebreak", false, []string{schema.List}},
	},
}

func sortedTypeNames(types map[string]*schema.Type) []string {
	names := make([]string, 0, len(types))
	for n := range types {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// typeOf is the page's type: its type: if that names a type, else the type
// of its section.
func typeOf(p *site.Page, types map[string]*schema.Type, bySection map[string]*schema.Type) *schema.Type {
	if p.Page.Type != "" {
		if t := types[p.Page.Type]; t != nil {
			return t
		}
	}
	return bySection[p.Section]
}

func typeWithKey(types map[string]*schema.Type, key string) *schema.Type {
	names := make([]string, 0, len(types))
	for n := range types {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if types[n].Key == key {
			return types[n]
		}
	}
	return nil
}

// TypeOf returns the page's type, or nil, after Resolve.
func TypeOf(p *site.Page) *schema.Type {
	t, _ := p.Extra["type"].(*schema.Type)
	return t
}

// resolver carries one Resolve run.
type resolver struct {
	s     *site.Site
	b     *site.Builder
	fsys  fs.FS
	diags *diag.List
	zones map[string]*time.Location
}

// zone loads an IANA time zone once per run.
func (r *resolver) zone(name string) (*time.Location, error) {
	if loc, ok := r.zones[name]; ok {
		return loc, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	r.zones[name] = loc
	return loc, nil
}

// Funcs returns template functions for one language:
//
//	typeOf PAGE                 the page's *schema.Type, or nil
//	fieldLabel TYPE FIELD       a field's label in the language ("idea" "goal")
//	choiceLabel TYPE FIELD V    a choice's label in the language
//	typedFields PAGE            the page's set fields in declared order:
//	                            {Name, Label, Kind, Value}
//	blockMarkdown S             Markdown with blocks (lists, paragraphs)
//	eventJSONLD PAGE            schema.org Event data for jsonify
//	icsURL PAGE                 the URL of the event's .ics
//	calendarURL                 the URL of the language's calendar feed
func Funcs(s *site.Site, l *site.Language) template.FuncMap {
	return funcs(s, l)
}
