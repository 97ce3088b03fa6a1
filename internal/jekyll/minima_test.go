package jekyll

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
)

// TestMinimaSite is the verification: a small bilingual site on
// Debian's jekyll-theme-minima (testdata/minima), built by real Jekyll
// and by deltag after `deltag import jekyll`, with no file edited in
// between. For every file in Jekyll's _site:
//
//   - deltag serves the same URL (a redirect counts when its target
//     exists);
//   - an HTML page's visible text keeps at least 95% of its words;
//   - no deltag page shows Liquid ({% or {{);
//   - no internal link or image that works in Jekyll's page is broken in
//     deltag's.
//
// .ci/setup.d/40-jekyll-site.sh installs what it needs.
func TestMinimaSite(t *testing.T) {
	jekyll := needJekyllSite(t)
	src := filepath.Join(t.TempDir(), "minima")
	if err := os.CopyFS(src, os.DirFS("testdata/minima")); err != nil {
		t.Fatal(err)
	}
	jsite := runJekyll(t, jekyll, src, "")
	if err := os.RemoveAll(filepath.Join(src, "_site", ".jekyll-cache")); err != nil {
		t.Fatal(err)
	}

	dest := filepath.Join(t.TempDir(), "site")
	r, err := Import(Options{Source: "testdata/minima", Dest: dest, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, diags := build.Build(context.Background(), build.Options{Source: dest, Dest: out, Now: now, Extensions: features.All()}); diags.HasErrors() {
		t.Fatalf("deltag build: %v\nimport report: %v", diags.Err(), r.Diagnostics)
	}

	c := compareSites(jsite, out)
	if len(c.files) < 10 {
		t.Fatalf("Jekyll wrote only %d files: %v", len(c.files), c.files)
	}
	c.report(t, true)
}

// needJekyllSite returns the jekyll command when Jekyll and the minima
// theme are installed; it skips (fails under CI=true) when not.
func needJekyllSite(t *testing.T) string {
	t.Helper()
	j, err := exec.LookPath("jekyll")
	if err == nil && themeDir("minima") == "" {
		err = os.ErrNotExist
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("jekyll and jekyll-theme-minima are not installed; .ci/setup.d/40-jekyll-site.sh installs them")
		}
		t.Skip("jekyll and jekyll-theme-minima are not installed (apt-get install jekyll jekyll-theme-minima ruby-jekyll-feed ruby-jekyll-seo-tag sassc)")
	}
	return j
}
