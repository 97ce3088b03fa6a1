package build_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
	"github.com/deltag/deltag/internal/sitetest"
)

// compareWithFullBuild builds src from scratch and compares every file
// with the project's folder.
func compareWithFullBuild(t *testing.T, step, src, served string) {
	t.Helper()
	full := t.TempDir()
	if _, diags := build.Build(context.Background(), build.Options{Extensions: features.All(), Source: src, Dest: full, Now: testNow}); diags.HasErrors() {
		t.Fatalf("%s: full build: %v", step, diags.Err())
	}
	a, b := snapshot(t, full), snapshot(t, served)
	var names []string
	for n := range a {
		names = append(names, n)
	}
	for n := range b {
		if _, ok := a[n]; !ok {
			t.Errorf("%s: %s is served but a full build does not write it", step, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		got, ok := b[n]
		if !ok {
			t.Errorf("%s: %s is missing from the served folder", step, n)
			continue
		}
		if !bytes.Equal(got, a[n]) {
			t.Errorf("%s: %s differs from a full build", step, n)
		}
	}
}

func TestIncrementalEqualsFullBuild(t *testing.T) {
	src := sitetest.Portal(t)
	served := t.TempDir()
	ctx := context.Background()
	p, _, diags := build.OpenProject(ctx, build.Options{Extensions: features.All(), Source: src, Dest: served, Now: testNow})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	compareWithFullBuild(t, "open", src, served)

	write := func(name, body string) {
		full := filepath.Join(src, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit := func(name, old, new string) {
		b, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), old) {
			t.Fatalf("%s has no %q", name, old)
		}
		write(name, strings.Replace(string(b), old, new, 1))
	}
	steps := []struct {
		name    string
		do      func() []string
		partial bool // expect fewer outputs rendered than the whole site
	}{
		{"edit body", func() []string {
			f := "content/sv/news/brainstorm-oppet-hus-boden.md"
			b, _ := os.ReadFile(filepath.Join(src, f))
			write(f, string(b)+"\nEtt nytt stycke om öppet hus.\n")
			return []string{f}
		}, true},
		{"edit title", func() []string {
			f := "content/da/news/baeredygtige-faellesskaber-nyborg.md"
			b, _ := os.ReadFile(filepath.Join(src, f))
			s := string(b)
			i := strings.Index(s, "title:")
			j := strings.Index(s[i:], "\n")
			write(f, s[:i]+"title: En helt ny titel"+s[i+j:])
			return []string{f}
		}, true},
		{"add page", func() []string {
			f := "content/sv/news/2026-11-20-ny-nyhet.md"
			write(f, "---\ntitle: Ny nyhet\ntags: [nytt]\ncategories: [_themes/medborgarbudget.md]\n---\nText.\n")
			return []string{f}
		}, true},
		{"edit summary text", func() []string {
			// No summary: in front matter, so list cards show the first
			// paragraph, which changes.
			f := "content/sv/news/2026-11-20-ny-nyhet.md"
			write(f, "---\ntitle: Ny nyhet\ntags: [nytt]\ncategories: [_themes/medborgarbudget.md]\n---\nEn helt annan första mening.\n")
			return []string{f}
		}, true},
		{"move date", func() []string {
			f := "content/sv/news/2026-11-20-ny-nyhet.md"
			os.Remove(filepath.Join(src, f))
			g := "content/sv/news/2018-01-01-ny-nyhet.md"
			write(g, "---\ntitle: Ny nyhet\ntags: [nytt, arkiv]\n---\nText.\n")
			return []string{f, g}
		}, true},
		{"delete page", func() []string {
			f := "content/sv/news/2018-01-01-ny-nyhet.md"
			os.Remove(filepath.Join(src, f))
			return []string{f}
		}, true},
		// Typed content: a page given a type by type: outside the type's
		// section keeps that type through an unrelated front-matter edit
		// and through an edit of its own body (issue 10).
		{"add typed page outside its section", func() []string {
			write(typedPage, typedEvent("Öppet möte om gården", "2027-01-20T18:00:00+01:00", "Vi ses i gemensamhetslokalen."))
			return []string{typedPage}
		}, true},
		{"edit another file's front matter", func() []string {
			f := "content/sv/about.md"
			edit(f, `title: "Om Deltag"`, `title: "Om Deltag och oss"`)
			return []string{f}
		}, false}, // about.md is in a menu: every page shows it
		{"edit the typed page's body only", func() []string {
			write(typedPage, typedEvent("Öppet möte om gården", "2027-01-20T18:00:00+01:00", "Vi ses i festlokalen i stället."))
			return []string{typedPage}
		}, true},
		{"move an event's date", func() []string {
			write(typedPage, typedEvent("Öppet möte om gården", "2026-11-01T18:00:00+01:00", "Vi ses i festlokalen i stället."))
			return []string{typedPage}
		}, true},
		{"add a project to a pool", func() []string {
			f := "content/sv/projects/sommarfest.md"
			write(f, "---\ntitle: Sommarfest\ndate: 2026-07-01T10:00:00+02:00\nproject:\n  funder: DOMI Bolig\n  pool: pools/faellesskabspulje\n  allocated: 5000\n  currency: DKK\n---\nEn fest.\n")
			return []string{f}
		}, true},
		{"change a budget's vote file", func() []string {
			f := "content/sv/budgets/votes.yaml"
			edit(f, "digital: 356", "digital: 1")
			return []string{f}
		}, false},
		{"static css", func() []string {
			f := "static/css/extra.css"
			write(f, "body { color: #111; }\n")
			return []string{f}
		}, true},
		{"site.yaml", func() []string {
			edit("site.yaml", "paginate: 24", "paginate: 2")
			return []string{"site.yaml"}
		}, false},
	}
	total := 0
	for _, st := range steps {
		changed := st.do()
		ch, diags := p.Update(ctx, changed)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", st.name, diags.Err())
		}
		if total == 0 {
			total = ch.Rendered
		}
		if st.partial && ch.Full {
			t.Errorf("%s: rebuilt everything", st.name)
		}
		compareWithFullBuild(t, st.name, src, served)
	}
}

// typedPage is an event that is not in the events section: its type comes
// from type: in its front matter.
const typedPage = "content/sv/news/2026-11-21-oppet-mote.md"

func typedEvent(title, start, body string) string {
	return "---\ntitle: " + title + "\ndate: 2026-11-21T10:00:00+01:00\ntype: event\nevent:\n  start: " + start + "\n  location: {name: Gemensamhetslokalen}\n---\n" + body + "\n"
}

func TestIncrementalKeepsLastGoodBuild(t *testing.T) {
	src := sitetest.Portal(t)
	served := t.TempDir()
	ctx := context.Background()
	p, _, diags := build.OpenProject(ctx, build.Options{Extensions: features.All(), Source: src, Dest: served, Now: testNow})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	before := snapshot(t, served)
	f := "content/sv/about.md"
	os.WriteFile(filepath.Join(src, f), []byte("---\ntitle: [trasig\n---\n"), 0o644)
	if _, diags := p.Update(ctx, []string{f}); !diags.HasErrors() || !strings.Contains(diags.Err().Error(), "content/sv/about.md:2") {
		t.Fatalf("want an error at content/sv/about.md:2, got %v", diags)
	}
	after := snapshot(t, served)
	if len(before) != len(after) {
		t.Fatalf("a failed rebuild changed the folder: %d files, then %d", len(before), len(after))
	}
	for n, b := range before {
		if !bytes.Equal(b, after[n]) {
			t.Errorf("a failed rebuild changed %s", n)
		}
	}
}

// BenchmarkUpdate measures one incremental rebuild after a body edit in
// a 10,000-page site (without the file watcher and HTTP).
func BenchmarkUpdate(b *testing.B) {
	src := genSite(b, 10000)
	served := b.TempDir()
	ctx := context.Background()
	p, _, diags := build.OpenProject(ctx, build.Options{Extensions: features.All(), Source: src, Dest: served, Now: testNow})
	if diags.HasErrors() {
		b.Fatal(diags.Err())
	}
	f := "content/sv/news/sida-005002.md"
	orig, _ := os.ReadFile(filepath.Join(src, f))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		os.WriteFile(filepath.Join(src, f), append(append([]byte{}, orig...), []byte("\nÄndring "+string(rune('a'+i%26))+"\n")...), 0o644)
		ch, diags := p.Update(ctx, []string{f})
		if diags.HasErrors() {
			b.Fatal(diags.Err())
		}
		if ch.Full {
			b.Fatal("full rebuild")
		}
		b.ReportMetric(float64(ch.Rendered), "pages-rendered")
	}
}
