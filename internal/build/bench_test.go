package build_test

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
)

// genSite writes a site of n pages (half sv, half da, each sv page with a
// da translation) using the repository's own site.yaml and theme, like
// ../shared/bench/gen_corpus.py does for the side-by-side benchmark.
func genSite(b testing.TB, n int) string {
	b.Helper()
	dir := b.TempDir()
	root, _ := filepath.Abs("../..")
	for _, name := range []string{"site.yaml"} {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			b.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), data, 0o644)
	}
	if err := os.CopyFS(filepath.Join(dir, "themes"), os.DirFS(filepath.Join(root, "themes"))); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewSource(1))
	words := strings.Fields("och att det som en på är av för med till den har de inte om ett men boende budget trygghet trivsel förslag område gård projekt pengar möte idé förening grannar")
	para := func() string {
		var sb strings.Builder
		for i := 0; i < 60; i++ {
			if i > 0 {
				sb.WriteByte(' ')
			}
			w := words[rng.Intn(len(words))]
			if i%17 == 5 {
				w = "**" + w + "**"
			}
			sb.WriteString(w)
		}
		sb.WriteString(".")
		return sb.String()
	}
	tags := []string{"barn", "miljo", "kultur", "idrott", "ekonomi", "halsa", "teknik", "musik"}
	for i := 0; i < n; i++ {
		lang := []string{"sv", "da"}[i%2]
		section := "news"
		if i%5 == 0 {
			section = "events"
		}
		var body strings.Builder
		for s := 0; s < 6; s++ {
			fmt.Fprintf(&body, "## Rubrik %d\n\n%s\n\n%s\n\n- %s\n- %s\n\n", s, para(), para(), words[s], words[s+1])
		}
		body.WriteString("| A | B | C |\n|---|---|---|\n| 1 | 2 | 3 |\n\n> Citat.\n")
		fm := fmt.Sprintf("---\ntitle: \"Sida %d\"\ndate: 2022-%02d-%02dT10:00:00+01:00\nref: r%06d\ncategories: [kat%d]\ntags: [%s, %s]\n",
			i, 1+i%12, 1+i%28, i/2, i%6, tags[i%8], tags[(i/3)%8])
		if section == "events" {
			fm += fmt.Sprintf("event:\n  start: 2022-%02d-%02dT17:00:00+01:00\n  end: 2022-%02d-%02dT19:00:00+01:00\n  location: Lund\n  registration: https://exempel.se/anmalan/%d\n",
				1+i%12, 1+i%28, 1+i%12, 1+i%28, i)
		}
		fm += "---\n"
		p := filepath.Join(dir, "content", lang, section, fmt.Sprintf("sida-%06d.md", i))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(fm+body.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

func benchBuild(b *testing.B, n int) {
	dir := genSite(b, n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, diags := build.Build(context.Background(), build.Options{Extensions: features.All(), Source: dir, Now: testNow})
		if diags.HasErrors() {
			b.Fatal(diags.Err())
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

func BenchmarkBuild1000(b *testing.B)  { benchBuild(b, 1000) }
func BenchmarkBuild10000(b *testing.B) { benchBuild(b, 10000) }

// BenchmarkLayouts times each layout of the repository's theme, fast and
// reference, on a generated site of 2,000 pages.
func BenchmarkLayouts(b *testing.B) {
	build.BenchLayouts(b, build.Options{Extensions: features.All(), Source: genSite(b, 2000), Now: testNow})
}
