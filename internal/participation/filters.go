package participation

import (
	"sort"

	"github.com/deltag/deltag/internal/locale"
	"github.com/deltag/deltag/internal/schema"
	"github.com/deltag/deltag/internal/site"
)

// Filter pages let readers narrow a section list without JavaScript: a
// type's filters: asks for one list page per value of a field (a choice
// or a string, such as a project's status or funder) or of a taxonomy
// (an idea's categories), at
//
//	/<lang>/<section path>/<filter path>/<value slug>/
//
// where the filter path is the filter's path: in the language (for a
// taxonomy, by default its URL segment from sections:) and the value slug
// is the value's label in the language, slugified. They are generated list
// pages added with Builder.AddList (Kind section, the type's layout
// folder, so <layout>/section.html renders them), ordered and paginated
// like the section; the core's collision check covers them.
// Pages for the same value in other languages are each other's
// translations.
//
// The section list and every filter page get Extra filters
// ([]*FilterGroup, for the navigation); a filter page also gets Extra
// filter (*ActiveFilter).

// FilterGroup is one filter of a section with its values.
type FilterGroup struct {
	Name   string // the field or taxonomy
	Label  string
	Values []*FilterValue
	// All is the URL of the unfiltered section list.
	All string
}

// FilterValue is one value of a filter with its list page.
type FilterValue struct {
	Key   string // the choice value or the slug, the same in every language
	Label string
	Slug  string
	URL   string
	Count int
	Page  *site.Page
}

// ActiveFilter describes the filter a generated page shows.
type ActiveFilter struct {
	Group *FilterGroup
	Value *FilterValue
}

func (r *resolver) filters() {
	s, b := r.s, r.b
	cfg := s.Config
	def := s.Languages[0].Code
	names := make([]string, 0, len(cfg.Types))
	for n := range cfg.Types {
		names = append(names, n)
	}
	sort.Strings(names)
	type tkey struct {
		typ    string
		filter int
		value  string
	}
	translations := map[tkey][]*site.Page{}
	var order []tkey
	for _, name := range names {
		t := cfg.Types[name]
		if len(t.Filters) == 0 {
			continue
		}
		for _, l := range s.Languages {
			sec := l.Section(t.Section)
			if sec == nil {
				continue
			}
			var groups []*FilterGroup
			var lists []*site.Page
			for fi, f := range t.Filters {
				g := r.filterGroup(t, f, sec, l, def)
				if g == nil || len(g.Values) == 0 {
					continue
				}
				groups = append(groups, g)
				seg := f.Path.Get(l.Code, def)
				if f.Taxonomy != "" && seg == "" {
					seg = cfg.SectionPath(f.Taxonomy, l.Code)
				}
				for _, v := range g.Values {
					lp := b.AddList(l, site.List{Section: t.Section, Layout: t.Layout, Title: sec.Title + ": " + v.Label,
						Path: sec.Path + seg + "/" + v.Slug + "/", Members: v.Page.Members, File: "site.yaml", Line: f.Line})
					b.SetExtra(lp, "filter", &ActiveFilter{Group: g, Value: v})
					v.Page = lp
					v.URL = lp.RelPermalink()
					lists = append(lists, lp)
					k := tkey{t.Name, fi, v.Key}
					if _, ok := translations[k]; !ok {
						order = append(order, k)
					}
					translations[k] = append(translations[k], lp)
				}
			}
			for _, lp := range lists {
				b.SetExtra(lp, "filters", groups)
			}
			b.SetExtra(sec, "filters", groups)
			if fts, ok := sec.Extra["funders"].([]*FunderTotal); ok {
				for _, g := range groups {
					if g.Name != "funder" {
						continue
					}
					for _, ft := range fts {
						for _, v := range g.Values {
							if v.Key == ft.Slug {
								ft.URL = v.URL
							}
						}
					}
				}
			}
		}
	}
	for _, k := range order {
		b.LinkTranslations(translations[k]...)
	}
}

// filterGroup collects the values of one filter over a section's members.
// v.Page temporarily holds a page whose Members are the matching pages.
func (r *resolver) filterGroup(t *schema.Type, f *schema.Filter, sec *site.Page, l *site.Language, def string) *FilterGroup {
	g := &FilterGroup{All: sec.RelPermalink()}
	by := map[string]*FilterValue{}
	var values []*FilterValue
	add := func(key, label string, p *site.Page) {
		v := by[key]
		if v == nil {
			v = &FilterValue{Key: key, Label: label, Slug: locale.Slugify(l.Code, label), Page: &site.Page{}}
			if v.Slug == "" {
				v.Slug = locale.Slugify(l.Code, key)
			}
			by[key] = v
			values = append(values, v)
		}
		v.Count++
		v.Page.Members = append(v.Page.Members, p)
	}
	switch {
	case f.Field != "":
		fd := t.Lookup(f.Field)
		if fd == nil {
			return nil
		}
		g.Name = f.Field
		g.Label = f.Title.Get(l.Code, def)
		if g.Label == "" {
			g.Label = fd.FieldLabel(l.Code, def)
		}
		for _, p := range sec.Members {
			val := fieldValue(p, f.Field)
			if val == "" {
				continue
			}
			if fd.Kind == schema.Choice {
				add(val, fd.ChoiceLabel(val, l.Code, def), p)
			} else {
				add(locale.Slugify(l.Code, val), val, p)
			}
		}
		if fd.Kind == schema.Choice {
			pos := map[string]int{}
			for i, c := range fd.Choices {
				pos[c.Value] = i
			}
			sort.SliceStable(values, func(i, j int) bool { return pos[values[i].Key] < pos[values[j].Key] })
		} else {
			sort.SliceStable(values, func(i, j int) bool { return values[i].Slug < values[j].Slug })
		}
	default:
		g.Name = f.Taxonomy
		g.Label = f.Title.Get(l.Code, def)
		if g.Label == "" {
			g.Label = r.s.Config.SectionTitle(f.Taxonomy, l.Code)
		}
		if g.Label == "" {
			g.Label = f.Taxonomy
		}
		for _, p := range sec.Members {
			for _, term := range p.TermsOf[f.Taxonomy] {
				add(term.Slug, term.Name, p)
			}
		}
		sort.SliceStable(values, func(i, j int) bool { return values[i].Slug < values[j].Slug })
	}
	g.Values = values
	return g
}

// fieldValue is a filterable field's value: a project's derived status
// counts as its status.
func fieldValue(p *site.Page, field string) string {
	if field == "status" {
		if pr := ProjectOf(p); pr != nil {
			return pr.Status
		}
	}
	fields, _ := p.Extra["fields"].(map[string]any)
	s, _ := fields[field].(string)
	return s
}
