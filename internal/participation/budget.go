package participation

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/site"
	"gopkg.in/yaml.v3"
)

// A participatory budget's results are computed at build from a votes file
// beside the budget page (budget.votes: votes.yaml or votes.csv) with this
// rule:
//
//  1. Every proposal's votes are its digital plus paper votes (or its
//     votes: when the ballots are not split).
//  2. Proposals are taken in order of votes, most first.
//  3. A proposal is funded when its cost is at most what is left of the
//     total; then its cost is subtracted. A proposal that costs more than
//     what is left is skipped, and counting goes on with the next.
//
// Proposals are budget.proposals: [{id, title, cost}] in front matter, or
// else the rows of the votes file that give a cost. A votes row for an id
// that is no proposal is an error, never dropped. A tie — proposals with
// the same votes — is an error when the order between them changes which
// proposals are funded; the organisers then break it with
// budget.tiebreak: [id, …] (for instance after drawing lots), which orders
// tied proposals only. A tie that changes nothing is shown as a shared rank.
//
// Votes file, YAML: a list of {id, title, cost, digital, paper, votes};
// title is one string or {sv: …, da: …}. CSV: a header row naming the
// columns id, title (or title_sv, title_da, …), cost, digital, paper,
// votes; several rows for one id are added together (for instance one row
// per ballot box).

// Budget is a budget page's checked values and results.
type Budget struct {
	Page      *site.Page
	Total     Money
	Currency  string
	VotesFile string // path from the site root
	Eligible  float64
	Voters    float64
	Method    string

	// Results are every proposal in ranking order.
	Results []*Result
	// Allocated is the sum of the funded costs; Left what remains.
	Allocated, Left float64
	// Votes totals; Digital and Paper when the ballots were split.
	Votes, Digital, Paper float64
	Split                 bool
	// Turnout is voters/eligible in percent, 0 when not given.
	Turnout float64
}

// Result is one proposal's outcome.
type Result struct {
	ID, Title               string
	Cost                    float64
	Digital, Paper, Votes   float64
	Rank                    int  // 1-based; tied proposals share a rank
	Tied                    bool // shares its votes with another proposal
	Funded                  bool
	Skipped                 bool    // costs more than what was left
	LeftBefore, LeftAfter   float64 // of the total, around this proposal
	Page                    *site.Page
	file                    string
	line                    int
	hasCost, hasVoteChannel bool
}

// Proposal is an input to Allocate.
type Proposal struct {
	ID    string
	Cost  float64
	Votes float64
}

// Allocate applies the rule to proposals already in ranking order: fund
// each that fits in what is left, skip those that do not. It returns which
// were funded and what was left.
func Allocate(total float64, ranked []Proposal) (funded []bool, left float64) {
	left = total
	funded = make([]bool, len(ranked))
	for i, p := range ranked {
		if p.Cost <= left {
			funded[i] = true
			left -= p.Cost
		}
	}
	return funded, left
}

// BudgetOf returns the page's budget, or nil.
func BudgetOf(p *site.Page) *Budget {
	b, _ := p.Extra["budget"].(*Budget)
	return b
}

func (r *resolver) budget(p *site.Page) *Budget {
	f := p.Extra["fields"].(map[string]any)
	b := &Budget{Page: p}
	b.Total, _ = f["total"].(Money)
	b.Currency, _ = f["currency"].(string)
	b.Currency = strings.ToUpper(b.Currency)
	if b.Currency == "" {
		b.Currency = b.Total.Currency
	}
	b.Eligible, _ = f["eligible"].(float64)
	b.Voters, _ = f["voters"].(float64)
	b.Method, _ = f["method"].(string)
	if b.Eligible > 0 && b.Voters > 0 {
		b.Turnout = b.Voters / b.Eligible * 100
		if b.Voters > b.Eligible {
			r.diags.Errorf(p.File, p.Line("budget.voters"), "budget.voters: more voters (%v) than eligible (%v)", b.Voters, b.Eligible)
		}
	}
	before := len(*r.diags)
	votes, _ := f["votes"].(string)
	if votes == "" {
		return b
	}
	b.VotesFile = path.Join(path.Dir(p.File), votes)
	rows, d := readVotes(r.fsys, b.VotesFile, p.L.Code, r.s.Languages[0].Code)
	r.diags.Append(d)
	if d.HasErrors() {
		return b
	}
	byID := map[string]*Result{}
	var props []*Result
	if list, ok := f["proposals"].([]map[string]any); ok {
		for i, m := range list {
			id, _ := m["id"].(string)
			line := p.Line(fmt.Sprintf("budget.proposals.%d", i))
			if id == "" {
				r.diags.Errorf(p.File, line, "budget.proposals.%d: a proposal needs an id", i)
				continue
			}
			if byID[id] != nil {
				r.diags.Errorf(p.File, line, "budget.proposals: id %q is listed twice", id)
				continue
			}
			res := &Result{ID: id, file: p.File, line: line}
			res.Title, _ = m["title"].(string)
			res.Cost, res.hasCost = m["cost"].(float64)
			res.Page, _ = m["project"].(*site.Page)
			if res.Title == "" && res.Page != nil {
				res.Title = res.Page.Title
			}
			byID[id] = res
			props = append(props, res)
		}
	}
	declared := len(props) > 0
	for _, row := range rows {
		res := byID[row.ID]
		if res == nil {
			if declared || !row.hasCost {
				r.diags.Errorf(row.file, row.line, "votes for %q, which is no proposal of %s (proposals: %s)", row.ID, p.File, idList(props))
				continue
			}
			res = &Result{ID: row.ID, Title: row.Title, file: row.file, line: row.line}
			byID[row.ID] = res
			props = append(props, res)
		}
		if row.hasCost {
			if res.hasCost && res.Cost != row.Cost {
				r.diags.Errorf(row.file, row.line, "%q costs %v here but %v in %s:%d", row.ID, row.Cost, res.Cost, res.file, res.line)
			}
			res.Cost, res.hasCost = row.Cost, true
		}
		if res.Title == "" {
			res.Title = row.Title
		}
		res.Digital += row.Digital
		res.Paper += row.Paper
		res.Votes += row.Votes
		res.hasVoteChannel = res.hasVoteChannel || row.hasVoteChannel
	}
	for _, res := range props {
		if !res.hasCost {
			r.diags.Errorf(res.file, res.line, "proposal %q has no cost", res.ID)
		}
		if res.Title == "" {
			res.Title = res.ID
		}
		if res.hasVoteChannel {
			b.Split = true
		}
	}
	if (*r.diags)[before:].HasErrors() {
		return b
	}
	r.rank(b, props, f)
	return b
}

func idList(props []*Result) string {
	if len(props) == 0 {
		return "none declared"
	}
	ids := make([]string, len(props))
	for i, p := range props {
		ids[i] = p.ID
	}
	return strings.Join(ids, ", ")
}

// rank orders the proposals, applies the rule and reports decisive ties.
func (r *resolver) rank(b *Budget, props []*Result, f map[string]any) {
	p := b.Page
	tiebreak := map[string]int{}
	if tb, ok := f["tiebreak"].([]string); ok {
		for i, id := range tb {
			tiebreak[id] = i + 1
		}
	}
	for _, res := range props {
		b.Votes += res.Votes
		b.Digital += res.Digital
		b.Paper += res.Paper
	}
	sort.SliceStable(props, func(i, j int) bool {
		a, c := props[i], props[j]
		if a.Votes != c.Votes {
			return a.Votes > c.Votes
		}
		ta, tc := tiebreak[a.ID], tiebreak[c.ID]
		if ta != 0 && tc != 0 {
			return ta < tc
		}
		return false
	})
	// Groups of proposals whose order is not decided by votes or tiebreak.
	var groups [][2]int // [start, end) in props
	for i := 0; i < len(props); {
		j := i + 1
		for j < len(props) && props[j].Votes == props[i].Votes {
			j++
		}
		if j-i > 1 {
			for k := i; k < j; k++ {
				props[k].Tied = true
			}
			if undecided(props[i:j], tiebreak) {
				groups = append(groups, [2]int{i, j})
			}
		}
		i = j
	}
	ranked := make([]Proposal, len(props))
	for i, res := range props {
		ranked[i] = Proposal{ID: res.ID, Cost: res.Cost, Votes: res.Votes}
	}
	funded, left := Allocate(b.Total.Amount, ranked)
	if len(groups) > 0 {
		if g, ok := decisiveTie(b.Total.Amount, ranked, groups, funded); ok {
			var names []string
			for _, res := range props[g[0]:g[1]] {
				names = append(names, strconv.Quote(res.ID))
			}
			r.diags.Errorf(p.File, p.Line("budget.votes"), "budget: a tie decides the result: %s have %v votes each, and which of them is funded depends on their order; break the tie with budget.tiebreak: [%s] (e.g. after drawing lots)",
				strings.Join(names, ", "), props[g[0]].Votes, strings.Join(ids(props[g[0]:g[1]]), ", "))
			return
		}
	}
	left0 := b.Total.Amount
	rank := 0
	for i, res := range props {
		if i == 0 || res.Votes != props[i-1].Votes {
			rank = i + 1
		}
		res.Rank = rank
		res.Funded = funded[i]
		res.Skipped = !funded[i]
		res.LeftBefore = left0
		if funded[i] {
			left0 -= res.Cost
			b.Allocated += res.Cost
		}
		res.LeftAfter = left0
	}
	b.Left = left
	b.Results = props
}

func ids(rs []*Result) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

// undecided reports whether a tied group still has members the tiebreak
// does not order.
func undecided(group []*Result, tiebreak map[string]int) bool {
	n := 0
	for _, r := range group {
		if tiebreak[r.ID] == 0 {
			n++
		}
	}
	// Every member ordered: decided. Otherwise the unordered ones (and
	// their place among the ordered ones) are open.
	return n > 0
}

// decisiveTie tries every order of the members of each tied group (one
// group at a time, the others as they are) and reports the first group
// whose order changes the funded set. Groups too large to try are
// decisive when they could be.
func decisiveTie(total float64, ranked []Proposal, groups [][2]int, funded []bool) ([2]int, bool) {
	fundedSet := func(ps []Proposal, f []bool) string {
		var ids []string
		for i, p := range ps {
			if f[i] {
				ids = append(ids, p.ID)
			}
		}
		sort.Strings(ids)
		return strings.Join(ids, "\x00")
	}
	want := fundedSet(ranked, funded)
	for _, g := range groups {
		n := g[1] - g[0]
		if n > 7 {
			return g, true
		}
		work := append([]Proposal(nil), ranked...)
		decisive := false
		permute(work[g[0]:g[1]], 0, func() bool {
			f, _ := Allocate(total, work)
			if fundedSet(work, f) != want {
				decisive = true
				return false
			}
			return true
		})
		if decisive {
			return g, true
		}
	}
	return [2]int{}, false
}

// permute calls fn with every order of a (Heap's algorithm, recursive);
// fn returns false to stop.
func permute(a []Proposal, k int, fn func() bool) bool {
	if k == len(a) {
		return fn()
	}
	for i := k; i < len(a); i++ {
		a[k], a[i] = a[i], a[k]
		if !permute(a, k+1, fn) {
			a[k], a[i] = a[i], a[k]
			return false
		}
		a[k], a[i] = a[i], a[k]
	}
	return true
}

// voteRow is one row of a votes file.
type voteRow struct {
	ID, Title               string
	Cost                    float64
	Digital, Paper, Votes   float64
	hasCost, hasVoteChannel bool
	file                    string
	line                    int
}

// readVotes reads a YAML or CSV votes file. Titles are taken in lang,
// falling back to def.
func readVotes(fsys fs.FS, file, lang, def string) ([]*voteRow, diag.List) {
	var diags diag.List
	if fsys == nil {
		diags.Errorf(file, 0, "cannot read the votes file: no source folder")
		return nil, diags
	}
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			diags.Errorf(file, 0, "votes file not found (budget.votes names a file beside the budget page)")
		} else {
			diags.Errorf(file, 0, "%v", err)
		}
		return nil, diags
	}
	switch path.Ext(file) {
	case ".csv":
		return readVotesCSV(data, file, lang, def)
	case ".yaml", ".yml":
		return readVotesYAML(data, file, lang, def)
	}
	diags.Errorf(file, 0, "votes file: want .yaml, .yml or .csv")
	return nil, diags
}

func readVotesYAML(data []byte, file, lang, def string) ([]*voteRow, diag.List) {
	var diags diag.List
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, config.YAMLDiags(file, 0, err)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	list := doc.Content[0]
	if list.Kind != yaml.SequenceNode {
		diags.Errorf(file, list.Line, "want a list of {id, title, cost, digital, paper}")
		return nil, diags
	}
	var rows []*voteRow
	for _, n := range list.Content {
		if n.Kind != yaml.MappingNode {
			diags.Errorf(file, n.Line, "want {id, title, cost, digital, paper}")
			continue
		}
		row := &voteRow{file: file, line: n.Line}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			num := func() float64 {
				x, err := strconv.ParseFloat(v.Value, 64)
				if v.Kind != yaml.ScalarNode || err != nil || x < 0 {
					diags.Errorf(file, v.Line, "%s: want a number of 0 or more, got %q", k, v.Value)
				}
				return x
			}
			switch k {
			case "id":
				row.ID = v.Value
			case "title":
				if v.Kind == yaml.MappingNode {
					m := map[string]string{}
					_ = v.Decode(&m)
					row.Title = m[lang]
					if row.Title == "" {
						row.Title = m[def]
					}
				} else {
					row.Title = v.Value
				}
			case "cost":
				row.Cost, row.hasCost = num(), true
			case "digital":
				row.Digital, row.hasVoteChannel = num(), true
			case "paper":
				row.Paper, row.hasVoteChannel = num(), true
			case "votes":
				row.Votes = num()
			default:
				diags.Errorf(file, n.Content[i].Line, "unknown key %q (known: id, title, cost, digital, paper, votes)", k)
			}
		}
		if row.ID == "" {
			diags.Errorf(file, n.Line, "a row without id")
			continue
		}
		finishRow(row, &diags)
		rows = append(rows, row)
	}
	return rows, diags
}

func readVotesCSV(data []byte, file, lang, def string) ([]*voteRow, diag.List) {
	var diags diag.List
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.TrimLeadingSpace = true
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		diags.Errorf(file, 1, "want a header row naming the columns (id, title, cost, digital, paper, votes)")
		return nil, diags
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	if _, ok := col["id"]; !ok {
		diags.Errorf(file, 1, "no id column (columns: %s)", strings.Join(head, ", "))
		return nil, diags
	}
	for h := range col {
		switch {
		case h == "id" || h == "title" || h == "cost" || h == "digital" || h == "paper" || h == "votes" || strings.HasPrefix(h, "title_"):
		default:
			diags.Errorf(file, 1, "unknown column %q (known: id, title, title_<lang>, cost, digital, paper, votes)", h)
		}
	}
	var rows []*voteRow
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			diags.Errorf(file, line, "%v", err)
			break
		}
		get := func(name string) (string, bool) {
			i, ok := col[name]
			if !ok || i >= len(rec) {
				return "", false
			}
			return strings.TrimSpace(rec[i]), true
		}
		row := &voteRow{file: file, line: line}
		row.ID, _ = get("id")
		if row.ID == "" {
			if strings.TrimSpace(strings.Join(rec, "")) != "" {
				diags.Errorf(file, line, "a row without id")
			}
			continue
		}
		if t, ok := get("title_" + lang); ok && t != "" {
			row.Title = t
		} else if t, ok := get("title"); ok && t != "" {
			row.Title = t
		} else if t, ok := get("title_" + def); ok {
			row.Title = t
		}
		num := func(name string) (float64, bool) {
			s, ok := get(name)
			if !ok || s == "" {
				return 0, false
			}
			x, err := strconv.ParseFloat(strings.ReplaceAll(s, " ", ""), 64)
			if err != nil || x < 0 {
				diags.Errorf(file, line, "%s: want a number of 0 or more, got %q", name, s)
			}
			return x, true
		}
		row.Cost, row.hasCost = num("cost")
		var d, p bool
		row.Digital, d = num("digital")
		row.Paper, p = num("paper")
		row.hasVoteChannel = d || p
		row.Votes, _ = num("votes")
		finishRow(row, &diags)
		rows = append(rows, row)
	}
	return rows, diags
}

// finishRow makes Votes the row's total.
func finishRow(row *voteRow, diags *diag.List) {
	if row.hasVoteChannel {
		if row.Votes != 0 && row.Votes != row.Digital+row.Paper {
			diags.Errorf(row.file, row.line, "%q: votes %v is not digital + paper (%v)", row.ID, row.Votes, row.Digital+row.Paper)
		}
		row.Votes = row.Digital + row.Paper
	}
}
