package markdown

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// autolinkCases are texts where the autolink pass matters, or nearly does.
var autolinkCases = []string{
	"Se www.exempel.se och https://exempel.se/a?b=1.\n",
	"Skriv till info@exempel.se, eller ftp://filer.exempel.se\n",
	"Ingen länk här, bara text med *kursiv* och __fet__.\n",
	"[en länk](https://exempel.se/) och inget mer\n",
	"*www.exempel.se* och _https://x.se_ och ~~a@b.se~~\n",
	"(www.exempel.se) och «http://x.se» och `www.kod.se`\n",
	"www\\.inte.se och a\\@b.se och http:\\//x.se\n",
	"<https://vinklat.se> <a href=\"http://rå.se\">x</a>\n",
	"| a | b |\n|---|---|\n| www.cell.se | x@y.se |\n",
	"- [x] klar: https://x.se\n- www.y.se\n",
	"Rad ett\nwww.rad-två.se\n",
	"# Rubrik www.x.se {#id}\n",
	"[^1] not\n\n[^1]: se http://x.se\n",
	"e-post: @namn och namn@ och a@b\n",
}

// The autolink pass runs only on documents with a text that could hold a
// bare link; every document renders as with the pass on everything.
func TestAutolinkOnlyWhereNeededIsSame(t *testing.T) {
	cases := append([]string{benchDoc}, autolinkCases...)
	cases = append(cases, specExamples(t)...)
	for _, o := range []Options{{Typographer: true}, {Unsafe: true}} {
		c := New("sv", o)
		o.AutolinkEverywhere = true
		ref := New("sv", o)
		for _, src := range cases {
			got := c.Convert([]byte(src), "f.md", 1, nil)
			want := ref.Convert([]byte(src), "f.md", 1, nil)
			if string(got.HTML) != string(want.HTML) {
				t.Errorf("%q:\ngot  %s\nwant %s", src, got.HTML, want.HTML)
			}
		}
	}
	// And the pass does run where it should.
	got := string(New("sv", Options{}).Convert([]byte(autolinkCases[0]), "f.md", 1, nil).HTML)
	if !strings.Contains(got, `<a href="http://www.exempel.se">www.exempel.se</a>`) {
		t.Errorf("bare link not linked: %s", got)
	}
}

// specExamples returns the CommonMark examples shipped with goldmark's
// module, when the module is in the cache.
func specExamples(t *testing.T) []string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yuin/goldmark").Output()
	if err != nil {
		return nil
	}
	b, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "_test", "spec.json"))
	if err != nil {
		return nil
	}
	var ex []struct{ Markdown string }
	if err := json.Unmarshal(b, &ex); err != nil {
		t.Fatal(err)
	}
	srcs := make([]string, len(ex))
	for i, e := range ex {
		srcs[i] = e.Markdown
	}
	return srcs
}
