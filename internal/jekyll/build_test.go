package jekyll

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
)

// layouts are the smallest layouts deltag builds with, so that the test
// checks URLs and not the theme.
var layouts = map[string]string{
	"layouts/_default/single.html": "<h1>{{.Title}}</h1>{{.Content}}\n",
	"layouts/_default/list.html":   "<h1>{{.Title}}</h1>\n",
	"layouts/_default/404.html":    "<h1>404</h1>\n",
}

// buildImport imports src and builds the result with deltag; it returns
// the report and deltag's output folder.
func buildImport(t *testing.T, src string) (*Report, *build.Result, string) {
	t.Helper()
	site := filepath.Join(t.TempDir(), "site")
	r, err := Import(Options{Source: src, Dest: site, Now: now})
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	for name, text := range layouts {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	res, diags := build.Build(context.Background(), build.Options{Extensions: features.All(), Source: site, Dest: out, Now: now})
	if diags.HasErrors() {
		t.Fatalf("deltag build of the imported site failed:\n%v", diags.Err())
	}
	if res == nil {
		t.Fatal("build returned no result")
	}
	return r, res, out
}

// resolves reports whether a URL path (not percent-encoded) is served by
// a file in out: the file itself, X.html for X, or X/index.html.
func resolves(out, u string) bool {
	rel := strings.TrimPrefix(u, "/")
	var candidates []string
	if rel == "" || strings.HasSuffix(rel, "/") {
		candidates = []string{rel + "index.html"}
	} else {
		candidates = []string{rel, rel + ".html", rel + "/index.html"}
	}
	for _, c := range candidates {
		if st, err := os.Stat(filepath.Join(out, filepath.FromSlash(c))); err == nil && !st.IsDir() {
			return true
		}
	}
	return false
}

// TestBuildResolvesJekyllURLs imports the fixture, builds it with deltag
// and checks that every URL Jekyll built still resolves, the static
// files too.
func TestBuildResolvesJekyllURLs(t *testing.T) {
	_, res, out := buildImport(t, "testdata/site")
	urls := append(slices.Clone(jekyllURLs), "/gammal.html", "/uploads/image.png", "/uploads/bild med mellanslag.jpg",
		"/uploads/\u00c5rsm\u00f6te 2019.pdf", "/uploads/A\u030arsmo\u0308te 2019.pdf", "/assets/site.css")
	for _, u := range urls {
		if !resolves(out, u) {
			t.Errorf("Jekyll URL %s does not resolve in deltag's output", u)
		}
	}
	// Translations are linked in the built site too.
	pairs := map[string]string{}
	for _, p := range res.Site.Pages {
		for _, tr := range p.Translations {
			pairs[p.File] = tr.File
		}
	}
	for from, to := range map[string]string{
		"content/sv/om-oss.md":                            "content/en/about.md",
		"content/sv/posts/2021-02-03-lunchwebbinarium.md": "content/en/posts/2021-02-03-lunch-webinar.md",
		"content/sv/themes/medborgarbudget.md":            "content/en/themes/medborgarbudget.md",
		"content/en/posts/2024-05-01-welcome.md":          "content/sv/posts/2024-05-01-valkommen.md",
	} {
		if pairs[from] != to {
			t.Errorf("deltag links %s to %q, want %s", from, pairs[from], to)
		}
	}
}

// TestJekyllBuild builds the fixture with Jekyll itself (Debian's jekyll
// package; .ci/run installs it) and checks that every page URL in Jekyll's
// _site resolves in deltag's build of the import, and that the importer
// predicted exactly Jekyll's URLs.
func TestJekyllBuild(t *testing.T) {
	jekyll, err := exec.LookPath("jekyll")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("jekyll is not installed; CI must run this test (apt-get install jekyll)")
		}
		t.Skip("jekyll is not installed (apt-get install jekyll to run this test)")
	}
	// Build a copy: Jekyll writes _site and .jekyll-cache into the source.
	src := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(src, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	// The fixture names plugins Jekyll does not have (that is the point);
	// a second config switches them off for this build.
	if err := os.WriteFile(filepath.Join(src, "_jekyll_test.yml"), []byte("plugins: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	siteDir := runJekyll(t, jekyll, src, "", "--config", "_config.yml,_jekyll_test.yml")
	var pages []string
	err = filepath.WalkDir(siteDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".html" {
			return err
		}
		rel, _ := filepath.Rel(siteDir, p)
		rel = filepath.ToSlash(rel)
		u := "/" + rel
		if path.Base(rel) == "index.html" {
			u = strings.TrimSuffix(u, "index.html")
		}
		pages = append(pages, u)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(pages)
	r, _, out := buildImport(t, "testdata/site")
	for _, u := range pages {
		if !resolves(out, u) {
			t.Errorf("Jekyll built %s (%s); it does not resolve in deltag's output", u, url.PathEscape(u))
		}
	}
	// Every page Jekyll built is one the importer predicted (static HTML
	// files aside).
	predicted := r.JekyllURLs()
	for _, u := range pages {
		if !slices.Contains(predicted, u) && u != "/gammal.html" {
			t.Errorf("Jekyll built %s, which the importer did not predict", u)
		}
	}
	for _, u := range predicted {
		if !slices.Contains(pages, u) {
			t.Errorf("the importer predicted %s, which Jekyll did not build", u)
		}
	}
}

const testTimeout = 2 * time.Minute

// runJekyll builds the Jekyll site in src with real Jekyll (production,
// UTC, no disk cache, args added) into dest, or src/_site when dest is
// "", and returns the folder it wrote.
func runJekyll(t *testing.T, jekyll, src, dest string, args ...string) string {
	t.Helper()
	if dest == "" {
		dest = filepath.Join(src, "_site")
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, jekyll, append([]string{"build", "--disable-disk-cache", "--source", src, "--destination", dest}, args...)...)
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "JEKYLL_ENV=production", "TZ=UTC")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("jekyll build: %v\n%s", err, b)
	}
	return dest
}
