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
// Resolve also sets a page's .Type to the type's layout folder, so
// pages given a type by type: render with the same layouts as the pages of
// the type's section.
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
// its Members are reordered: upcoming events first, soonest first, then
// past events, latest first (Prev/Next follow that order). Section lists
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

// Resolve validates pages against their types and computes derived values
// into Page.Extra. It runs once, after site.Resolve, before rendering, in
// one goroutine. fsys is the site's source, for the vote files of
// budgets.
func Resolve(s *site.Site, fsys fs.FS) diag.List {
	var diags diag.List
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
	r := &resolver{s: s, diags: &diags, zones: map[string]*time.Location{}, fsys: fsys}
	// Types first, so references can be checked against their target's type.
	var typed []*site.Page
	for _, p := range s.Pages {
		t := typeOf(p, types, bySection)
		if t == nil {
			continue
		}
		if p.Page.Type != "" && p.Page.Type != t.Layout {
			p.Page.Type = t.Layout
		}
		if p.Extra == nil {
			p.Extra = make(map[string]any, 4)
		}
		p.Extra["type"] = t
		typed = append(typed, p)
	}
	for _, p := range typed {
		p.Extra["fields"] = r.check(p, p.Extra["type"].(*schema.Type))
	}
	// Typed values, in dependency order: projects before pools.
	for _, p := range typed {
		t := p.Extra["type"].(*schema.Type)
		switch t.Key {
		case "event":
			p.Extra["event"] = r.event(p)
		case "project":
			p.Extra["project"] = r.project(p)
		}
	}
	for _, p := range typed {
		t := p.Extra["type"].(*schema.Type)
		switch t.Key {
		case "pool":
			p.Extra["pool"] = r.pool(p)
		case "budget":
			p.Extra["budget"] = r.budget(p)
		}
	}
	r.checkPools(typed)
	for _, p := range typed {
		if t := p.Extra["type"].(*schema.Type); t.Key == "theme" || t.Section == "themes" {
			p.Extra["related"] = related(p)
		}
	}
	for _, l := range s.Languages {
		if t := typeWithKey(types, "event"); t != nil {
			orderEvents(s, l.Section(t.Section))
		}
		if t := typeWithKey(types, "project"); t != nil {
			funderTotals(l.Section(t.Section))
		}
	}
	r.filters()
	return diags
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
