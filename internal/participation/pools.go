package participation

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/locale"
	"github.com/deltag/deltag/internal/site"
)

// Pool is a grant pool page's checked values and what it has funded.
type Pool struct {
	Page       *site.Page
	Total, Max Money
	Currency   string
	Eligible   string
	Deadline   time.Time
	Rules      string
	Form       string // the id of the application form (site.yaml forms:)

	// Funded are the projects in the pool's language whose pool: names
	// it, by title; Allocated their sum and Remaining what is left.
	Funded    []*site.Page
	Allocated float64
	Remaining float64
}

// DeadlinePassed reports whether the deadline day is over at build time.
func (pl *Pool) DeadlinePassed() bool {
	if pl.Deadline.IsZero() {
		return false
	}
	loc := pl.Page.L.Location
	y, m, d := pl.Deadline.In(loc).Date()
	return !time.Date(y, m, d+1, 0, 0, 0, 0, loc).After(pl.Page.Site.Now)
}

func (r *resolver) pool(p *site.Page) *Pool {
	f := p.Extra["fields"].(map[string]any)
	pl := &Pool{Page: p}
	pl.Total, _ = f["total"].(Money)
	pl.Max, _ = f["max"].(Money)
	pl.Currency, _ = f["currency"].(string)
	pl.Currency = strings.ToUpper(pl.Currency)
	if pl.Currency == "" {
		pl.Currency = pl.Total.Currency
	}
	pl.Eligible, _ = f["eligible"].(string)
	pl.Deadline, _ = f["deadline"].(time.Time)
	pl.Rules, _ = f["rules"].(string)
	pl.Form, _ = f["form"].(string)
	if pl.Form != "" && len(p.Site.Config.Forms) > 0 {
		found := false
		for _, fm := range p.Site.Config.Forms {
			found = found || fm.ID == pl.Form
		}
		if !found {
			r.diags.Errorf(p.File, p.Line("pool.form"), "pool.form: no form %q under forms: in site.yaml", pl.Form)
		}
	}
	if pl.Max.Amount > 0 && pl.Total.Amount > 0 && pl.Max.Amount > pl.Total.Amount {
		r.diags.Errorf(p.File, p.Line("pool.max"), "pool.max is more than pool.total")
	}
	pl.Remaining = pl.Total.Amount
	return pl
}

// PoolOf returns the page's pool, or nil.
func PoolOf(p *site.Page) *Pool {
	pl, _ := p.Extra["pool"].(*Pool)
	return pl
}

// checkPools adds each project to the pool it names (in its own language)
// and checks the sums.
func (r *resolver) checkPools(typed []*site.Page) {
	var pools []*Pool
	for _, p := range typed {
		pr := ProjectOf(p)
		if pr == nil || pr.Pool == nil {
			continue
		}
		pl := PoolOf(pr.Pool)
		if pl == nil {
			r.diags.Errorf(p.File, p.Line("project.pool"), "project.pool: %s is not a pool page", pr.Pool.File)
			continue
		}
		if pr.Pool.L != p.L {
			r.diags.Warnf(p.File, p.Line("project.pool"), "project.pool: the pool has no %s page; the project is not counted in the %s pool", p.L.Code, pr.Pool.L.Code)
			continue
		}
		if pr.Allocated.IsZero() {
			r.diags.Errorf(p.File, p.Line("project.pool"), "project.allocated: a project in a pool needs the amount it was allocated")
			continue
		}
		if pr.Allocated.Currency == "" {
			pr.Allocated.Currency = pl.Currency
			if pr.Grant.Currency == "" && pr.Grant.Amount == pr.Allocated.Amount {
				pr.Grant.Currency = pl.Currency
			}
		}
		if pl.Currency != "" && pr.Allocated.Currency != pl.Currency {
			r.diags.Errorf(p.File, p.Line("project.allocated"), "project.allocated is in %s, the pool in %s", pr.Allocated.Currency, pl.Currency)
			continue
		}
		if pl.Max.Amount > 0 && pr.Allocated.Amount > pl.Max.Amount {
			r.diags.Errorf(p.File, p.Line("project.allocated"), "project.allocated: %s is more than the pool's maximum per project, %s", fmtMoney(pr.Allocated), fmtMoney(Money{Amount: pl.Max.Amount, Currency: pl.Currency}))
		}
		if len(pl.Funded) == 0 {
			pools = append(pools, pl)
		}
		pl.Funded = append(pl.Funded, p)
		pl.Allocated += pr.Allocated.Amount
	}
	for _, pl := range pools {
		sort.SliceStable(pl.Funded, func(i, j int) bool { return pl.Funded[i].Title < pl.Funded[j].Title })
		pl.Remaining = pl.Total.Amount - pl.Allocated
		if pl.Remaining < 0 {
			var parts []string
			for _, p := range pl.Funded {
				parts = append(parts, fmt.Sprintf("%s %s", p.File, fmtMoney(ProjectOf(p).Allocated)))
			}
			r.diags.Errorf(pl.Page.File, pl.Page.Line("pool.total"), "pool.total: the projects are allocated %s, %s over the total %s (%s)",
				fmtMoney(Money{Amount: pl.Allocated, Currency: pl.Currency}), fmtMoney(Money{Amount: -pl.Remaining, Currency: pl.Currency}), fmtMoney(Money{Amount: pl.Total.Amount, Currency: pl.Currency}), strings.Join(parts, ", "))
		}
	}
}

// fmtMoney writes an amount for diagnostics (in English conventions).
func fmtMoney(m Money) string { return locale.For("en").FormatMoney(m.Amount, m.Currency) }
