package render

import (
	"fmt"
	"testing"
)

func TestPagerLinks(t *testing.T) {
	urls := make([]string, 40)
	for i := range urls {
		urls[i] = fmt.Sprintf("/sv/x/page/%d/", i+1)
	}
	show := func(p *Pager) string {
		s := ""
		for _, l := range p.Links() {
			switch {
			case l.Gap:
				s += " …"
			case l.Current:
				s += fmt.Sprintf(" [%d]", l.Number)
			default:
				s += fmt.Sprintf(" %d", l.Number)
			}
		}
		return s
	}
	for _, tc := range []struct {
		n, total int
		want     string
	}{
		{1, 1, " [1]"},
		{1, 3, " [1] 2 3"},
		{1, 40, " [1] 2 3 … 40"},
		{20, 40, " 1 … 18 19 [20] 21 22 … 40"},
		{40, 40, " 1 … 38 39 [40]"},
		{4, 40, " 1 2 3 [4] 5 6 … 40"},
	} {
		p := &Pager{Number: tc.n, Total: tc.total, URLs: urls[:tc.total]}
		if got := show(p); got != tc.want {
			t.Errorf("page %d of %d: got%q, want%q", tc.n, tc.total, got, tc.want)
		}
	}
}
