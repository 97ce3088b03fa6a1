package jekyllsite_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
	"github.com/deltag/deltag/internal/sitetest"
)

const sassSite = `
-- assets/main.scss --
---
---
@import "base";
body { color: $ink; }
-- _sass/base.scss --
$ink: #123456;
`

// fakeSassc puts a sassc on PATH that logs every run to the returned
// file and then runs the real one.
func fakeSassc(t *testing.T) string {
	t.Helper()
	real, err := exec.LookPath("sassc")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("sassc is not installed; .ci/setup.d/40-jekyll-site.sh installs it")
		}
		t.Skip("sassc is not installed (apt-get install sassc)")
	}
	bin := t.TempDir()
	log := filepath.Join(t.TempDir(), "runs")
	script := "#!/bin/sh\necho \"$*\" >> '" + log + "'\nexec '" + real + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "sassc"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	return log
}

// compiles counts the logged runs that compiled (not --version), and
// forgets them.
func compiles(t *testing.T, log string) int {
	t.Helper()
	b, _ := os.ReadFile(log)
	os.Remove(log)
	n := 0
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if l != "" && l != "--version" {
			n++
		}
	}
	return n
}

// A second build of an unchanged site runs no Sass compiler and writes
// the same CSS; deltag serve after a partial changed compiles again and
// serves what a fresh build writes.
func TestSassCachedAcrossBuilds(t *testing.T) {
	log := fakeSassc(t)
	ctx := context.Background()
	src := sitetest.Write(t, liquidSite, sassSite)
	opts := func(dest string) build.Options {
		return build.Options{Source: src, Dest: dest, Now: now, Extensions: features.All()}
	}
	first := filepath.Join(t.TempDir(), "public")
	if _, diags := build.Build(ctx, opts(first)); diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	if n := compiles(t, log); n != 1 {
		t.Fatalf("first build: sassc compiled %d times, want 1", n)
	}
	second := filepath.Join(t.TempDir(), "public")
	if _, diags := build.Build(ctx, opts(second)); diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	if n := compiles(t, log); n != 0 {
		t.Errorf("second build of an unchanged site: sassc compiled %d times, want none", n)
	}
	css1, css2 := readFile(t, first, "assets/main.css"), readFile(t, second, "assets/main.css")
	if !strings.Contains(css1, "color: #123456;") || css1 != css2 {
		t.Errorf("assets/main.css: first %q, second %q", css1, css2)
	}

	// deltag serve: rebuilds of an unchanged site run no compiler either.
	served := t.TempDir()
	p, _, diags := build.OpenProject(ctx, opts(served))
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	sitetest.WriteFile(t, src, "content/sv/posts/2024-01-02-valkommen.md", "---\ntitle: Välkommen\ndate: 2024-01-02\n---\nNy text.\n")
	if _, diags := p.Update(ctx, []string{"content/sv/posts/2024-01-02-valkommen.md"}); diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	if n := compiles(t, log); n != 0 {
		t.Errorf("serve: open and a content edit compiled Sass %d times, want none", n)
	}
	// A partial changes: compiled again, with the new rule.
	sitetest.WriteFile(t, src, "_sass/base.scss", "$ink: #654321;\n")
	if _, diags := p.Update(ctx, []string{"_sass/base.scss"}); diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	if n := compiles(t, log); n != 1 {
		t.Errorf("serve after a partial changed: sassc compiled %d times, want 1", n)
	}
	if css := readFile(t, served, "assets/main.css"); !strings.Contains(css, "color: #654321;") {
		t.Errorf("served assets/main.css after the partial changed: %q", css)
	}
	fresh := filepath.Join(t.TempDir(), "public")
	if _, diags := build.Build(ctx, opts(fresh)); diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	sameTree(t, fresh, served)
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sameTree fails unless the folders hold the same files, byte for byte.
func sameTree(t *testing.T, want, got string) {
	t.Helper()
	files := func(root string) map[string][]byte {
		m := map[string][]byte{}
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(root, p)
				m[filepath.ToSlash(rel)], _ = os.ReadFile(p)
			}
			return nil
		})
		return m
	}
	a, b := files(want), files(got)
	for n, wb := range a {
		if gb, ok := b[n]; !ok {
			t.Errorf("%s: a fresh build writes it, deltag serve does not", n)
		} else if !bytes.Equal(wb, gb) {
			t.Errorf("%s: deltag serve differs from a fresh build", n)
		}
	}
	for n := range b {
		if _, ok := a[n]; !ok {
			t.Errorf("%s: deltag serve writes it, a fresh build does not", n)
		}
	}
}
