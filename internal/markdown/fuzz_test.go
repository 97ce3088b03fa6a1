package markdown

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzConvert checks that no input makes Convert, Inline or Summary panic,
// that Summary keeps its length promise, and that running the autolink
// pass only where needed gives what running it everywhere gives.
func FuzzConvert(f *testing.F) {
	seeds := []string{
		benchDoc,
		"# Öka trygghet & trivsel\n## Öka trygghet & trivsel {#x .y}\n",
		"[a](x.md#y) [b](saknas.md?q) [c]: javascript:alert(1)\n\n[c]\n",
		"Not[^1].\n\n[^1]: [x](y.md)\n",
		"| a |\n|---|\n| [x](y.md) |\n- [x] klar\n~~bort~~ www.x.se\n",
		"\"'--- ... <<>> '90s\"\n\r\n<b>\n```\n",
		"Rubrik\n===\n\n> x\n1. y\n\n    kod\n",
	}
	seeds = append(seeds, autolinkCases...)
	for _, s := range seeds {
		f.Add(s, 3)
	}
	convs := []*Converter{New("sv", Options{Typographer: true}), New("da", Options{Typographer: true, Unsafe: true})}
	refs := []*Converter{New("sv", Options{Typographer: true, AutolinkEverywhere: true}), New("da", Options{Typographer: true, Unsafe: true, AutolinkEverywhere: true})}
	f.Fuzz(func(t *testing.T, src string, firstLine int) {
		firstLine &= 0xffff // a file line, not an overflow test
		resolve := func(dest string) (string, bool) {
			return "/p/" + dest + "/", strings.HasPrefix(dest, "a")
		}
		for i, c := range convs {
			res := c.Convert([]byte(src), "f.md", firstLine, resolve)
			ref := refs[i].Convert([]byte(src), "f.md", firstLine, resolve)
			if string(res.HTML) != string(ref.HTML) {
				t.Errorf("autolink only where needed:\ngot  %s\nwant %s", res.HTML, ref.HTML)
			}
			for _, d := range res.Diags {
				if d.Line < 1 {
					t.Errorf("diagnostic without a line: %v", d)
				}
			}
			c.Inline([]byte(src))
			c.Summary([]byte(src), 20)
		}
		if s := Summary([]byte(src), 20); utf8.RuneCountInString(s) > 20 {
			t.Errorf("Summary longer than 20 runes: %q", s)
		}
	})
}
