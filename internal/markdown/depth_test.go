package markdown

import (
	"strings"
	"testing"
	"time"
)

func nestedList(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	return b.String()
}

func TestNestingLimit(t *testing.T) {
	c := New("sv", Options{Typographer: true})
	for _, tc := range []struct {
		name, src string
		want      string // "" for no error
	}{
		{"100 nested items", nestedList(100), ""},
		{"101 nested items", nestedList(101), "p.md:110: lists or block quotes nested 101 levels deep here: more than 100 is not allowed (is this pasted text?)"},
		{"markers on one line", "Intro\n\n" + strings.Repeat("- ", 150) + "x\n", "p.md:12: lists or block quotes nested 101 levels deep here: more than 100 is not allowed (is this pasted text?)"},
		{"block quotes", strings.Repeat(">", 300) + " x\n", "p.md:10: lists or block quotes nested 101 levels deep here: more than 100 is not allowed (is this pasted text?)"},
		{"a long rule is not a list", strings.Repeat("- ", 300) + "\n", ""},
		{"indented code is not a list", "```\n" + strings.Repeat(" ", 400) + "- x\n```\n" + strings.Repeat(" ", 400) + "- y\n", ""},
		{"items side by side", strings.Repeat("- a\n  - b\n", 500), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Convert([]byte(tc.src), "p.md", 10, nil)
			got := ""
			if len(r.Diags) > 0 {
				got = r.Diags[0].String()
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// A nested list as deep as a paste can make took minutes and a gigabyte;
// now it is refused at once.
func TestDeepNestingIsFast(t *testing.T) {
	src := strings.Repeat("- ", 5000) + "x\n" + nestedList(2000)
	start := time.Now()
	r := New("sv", Options{}).Convert([]byte(src), "p.md", 1, nil)
	if len(r.Diags) == 0 {
		t.Fatal("no error for 5,000 levels")
	}
	if s := Summary([]byte(src), 100); s != "" {
		t.Errorf("summary of a refused text = %q", s)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}
