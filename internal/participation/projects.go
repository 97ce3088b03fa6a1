package participation

import (
	"sort"
	"time"

	"github.com/deltag/deltag/internal/locale"
	"github.com/deltag/deltag/internal/site"
)

// Project is a project page's checked values.
type Project struct {
	Page                    *site.Page
	Funder, Programme, Call string
	Reference, Coordinator  string
	Partners                []string
	Grant                   Money // grant:, else allocated:
	Allocated               Money // from a pool
	Pool                    *site.Page
	Start, End, Updated     time.Time
	Status                  string // planned, ongoing, completed
	StatusGiven             bool
	Purpose, Results        string
	Links                   []Link
}

// Link is a titled URL.
type Link struct{ Title, URL string }

func (r *resolver) project(p *site.Page) *Project {
	f := p.Extra["fields"].(map[string]any)
	pr := &Project{Page: p}
	pr.Funder, _ = f["funder"].(string)
	pr.Programme, _ = f["programme"].(string)
	pr.Call, _ = f["call"].(string)
	pr.Reference, _ = f["reference"].(string)
	pr.Coordinator, _ = f["coordinator"].(string)
	pr.Partners, _ = f["partners"].([]string)
	pr.Grant, _ = f["grant"].(Money)
	pr.Allocated, _ = f["allocated"].(Money)
	pr.Pool, _ = f["pool"].(*site.Page)
	pr.Start, _ = f["start"].(time.Time)
	pr.End, _ = f["end"].(time.Time)
	pr.Updated, _ = f["updated"].(time.Time)
	pr.Purpose, _ = f["purpose"].(string)
	pr.Results, _ = f["results"].(string)
	if rows, ok := f["links"].([]map[string]any); ok {
		for _, row := range rows {
			l := Link{}
			l.Title, _ = row["title"].(string)
			l.URL, _ = row["url"].(string)
			if l.Title == "" {
				l.Title = l.URL
			}
			if l.URL != "" {
				pr.Links = append(pr.Links, l)
			}
		}
	}
	if pr.Grant.IsZero() {
		pr.Grant = pr.Allocated
	}
	if !pr.Allocated.IsZero() && pr.Pool == nil {
		r.diags.Errorf(p.File, p.Line("project.allocated"), "project.allocated: an allocated amount needs project.pool, the pool it comes from")
	}
	if !pr.Start.IsZero() && !pr.End.IsZero() && pr.End.Before(pr.Start) {
		r.diags.Errorf(p.File, p.Line("project.end"), "project.end is before project.start")
	}
	if s, _ := f["status"].(string); s != "" {
		pr.Status, pr.StatusGiven = s, true
	} else {
		pr.Status = deriveStatus(pr.Start, pr.End, p.Site.Now, p.L.Location)
	}
	return pr
}

// deriveStatus is planned before start, completed after the end date
// (inclusive), ongoing between; "" without dates.
func deriveStatus(start, end, now time.Time, loc *time.Location) string {
	switch {
	case start.IsZero() && end.IsZero():
		return ""
	case !start.IsZero() && now.Before(start):
		return "planned"
	case !end.IsZero():
		y, m, d := end.In(loc).Date()
		if !time.Date(y, m, d+1, 0, 0, 0, 0, loc).After(now) {
			return "completed"
		}
	}
	return "ongoing"
}

// ProjectOf returns the page's project, or nil.
func ProjectOf(p *site.Page) *Project {
	pr, _ := p.Extra["project"].(*Project)
	return pr
}

// FunderTotal is what one funder granted, per currency, in one language.
type FunderTotal struct {
	Funder   string
	Slug     string
	Projects []*site.Page
	Amounts  []Money // by currency, sorted by currency
	URL      string  // the funder's filter page, when there is one
}

// funderTotals sums grants per funder over a projects list.
func funderTotals(b *site.Builder, sec *site.Page) {
	if sec == nil {
		return
	}
	members := append([]*site.Page(nil), sec.Members...)
	site.SortPages(members)
	by := map[string]*FunderTotal{}
	var order []*FunderTotal
	sums := map[string]map[string]float64{}
	for _, p := range members {
		pr := ProjectOf(p)
		if pr == nil || pr.Funder == "" {
			continue
		}
		slug := locale.Slugify(p.L.Code, pr.Funder)
		ft := by[slug]
		if ft == nil {
			ft = &FunderTotal{Funder: pr.Funder, Slug: slug}
			by[slug] = ft
			order = append(order, ft)
			sums[slug] = map[string]float64{}
		}
		ft.Projects = append(ft.Projects, p)
		if !pr.Grant.IsZero() {
			sums[slug][pr.Grant.Currency] += pr.Grant.Amount
		}
	}
	for _, ft := range order {
		curs := make([]string, 0, len(sums[ft.Slug]))
		for c := range sums[ft.Slug] {
			curs = append(curs, c)
		}
		sort.Strings(curs)
		for _, c := range curs {
			ft.Amounts = append(ft.Amounts, Money{Amount: sums[ft.Slug][c], Currency: c})
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].Slug < order[j].Slug })
	b.SetExtra(sec, "funders", order)
}
