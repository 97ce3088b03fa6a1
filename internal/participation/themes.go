package participation

import "github.com/deltag/deltag/internal/site"

// Group is the pages of one type (or section) that reference a page.
type Group struct {
	Name  string // the type's name, else the section id
	Label string // in the page's language
	Pages []*site.Page
}

// related groups what references p, in p's language, by type; groups come
// in the order of the first page of each (ReferencedBy is newest first).
func related(p *site.Page) []*Group {
	def := p.Site.Languages[0].Code
	var out []*Group
	by := map[string]*Group{}
	for _, q := range p.ReferencedBy {
		if q.L != p.L {
			continue
		}
		name, label := q.Section, p.Site.Config.SectionTitle(q.Section, p.L.Code)
		if t := TypeOf(q); t != nil {
			name = t.Name
			if l := t.Label.Get(p.L.Code, def); l != "" {
				label = l
			}
		}
		if label == "" && q.SectionPage != nil {
			label = q.SectionPage.Title
		}
		if label == "" {
			label = name
		}
		g := by[name]
		if g == nil {
			g = &Group{Name: name, Label: label}
			by[name] = g
			out = append(out, g)
		}
		g.Pages = append(g.Pages, q)
	}
	return out
}
