package jekyll

import (
	"bytes"
	"context"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
	"golang.org/x/net/html"
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
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, jekyll, "build", "--disable-disk-cache")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "JEKYLL_ENV=production")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("jekyll build: %v\n%s", err, b)
	}
	jsite := filepath.Join(src, "_site")
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

	var files []string
	_ = filepath.WalkDir(jsite, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(jsite, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if len(files) < 10 {
		t.Fatalf("Jekyll wrote only %d files: %v", len(files), files)
	}
	pages, words := 0, 0.0
	for _, f := range files {
		got, ok := serve(out, "/"+f)
		if !ok {
			t.Errorf("/%s: Jekyll wrote it; deltag does not serve it", f)
			continue
		}
		if path.Ext(f) != ".html" {
			continue
		}
		want, _ := os.ReadFile(filepath.Join(jsite, filepath.FromSlash(f)))
		share := sharedWords(visibleText(want), visibleText(got))
		pages++
		words += share
		if share < 0.95 {
			t.Errorf("/%s: deltag's page keeps %.0f%% of the words of Jekyll's (want ≥ 95%%):\n--- jekyll\n%s\n--- deltag\n%s", f, share*100, visibleText(want), visibleText(got))
		}
		for _, link := range internalLinks(got) {
			if _, ok := serve(out, link); ok {
				continue
			}
			if _, works := serve(jsite, link); works {
				t.Errorf("/%s: link %s is broken in deltag's page, and works in Jekyll's", f, link)
			}
		}
	}
	_ = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".html" {
			return err
		}
		b, _ := os.ReadFile(p)
		if bytes.Contains(b, []byte("{%")) || bytes.Contains(b, []byte("{{")) {
			t.Errorf("%s shows Liquid code", p)
		}
		return nil
	})
	t.Logf("%d files in Jekyll's _site, all served; %d pages keep %.1f%% of their words on average", len(files), pages, 100*words/float64(pages))
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

// serve returns the file a static host serves for a URL path in root:
// the file, or X/index.html, following a meta-refresh redirect once (it
// counts only when its target exists).
func serve(root, u string) ([]byte, bool) {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	if p, err := url.PathUnescape(u); err == nil {
		u = p
	}
	rel := strings.TrimPrefix(u, "/")
	candidates := []string{rel, path.Join(rel, "index.html")}
	if rel == "" || strings.HasSuffix(rel, "/") {
		candidates = []string{rel + "index.html"}
	}
	for _, c := range candidates {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(c)))
		if err != nil {
			continue
		}
		if m := refreshRE.FindSubmatch(b); m != nil {
			return serveOnce(root, string(m[1]))
		}
		return b, true
	}
	return nil, false
}

func serveOnce(root, u string) ([]byte, bool) {
	rel := strings.TrimPrefix(u, "/")
	for _, c := range []string{rel, path.Join(rel, "index.html")} {
		if b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(c))); err == nil {
			return b, true
		}
	}
	return nil, false
}

var refreshRE = regexp.MustCompile(`(?i)<meta http-equiv="?refresh"? content="?0;\s*url=([^"'>\s]+)`)

// visibleText is the text of a page's body, as a visitor reads it.
func visibleText(b []byte) string {
	z := html.NewTokenizer(bytes.NewReader(b))
	var out strings.Builder
	skip, inBody := 0, false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(out.String()), " ")
		case html.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "body":
				inBody = true
			case "script", "style", "svg", "template":
				skip++
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "svg", "template":
				skip--
			}
		case html.TextToken:
			if inBody && skip == 0 {
				out.Write(z.Text())
				out.WriteByte(' ')
			}
		}
	}
}

// sharedWords is the share of want's words (with repeats) that got has.
func sharedWords(want, got string) float64 {
	have := map[string]int{}
	for _, w := range strings.Fields(got) {
		have[w]++
	}
	ws := strings.Fields(want)
	if len(ws) == 0 {
		return 1
	}
	n := 0
	for _, w := range ws {
		if have[w] > 0 {
			have[w]--
			n++
		}
	}
	return float64(n) / float64(len(ws))
}

// internalLinks are the href and src values of a page that name a path
// on the same site.
func internalLinks(b []byte) []string {
	z := html.NewTokenizer(bytes.NewReader(b))
	var out []string
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		for {
			k, v, more := z.TagAttr()
			if s := string(v); (string(k) == "href" || string(k) == "src") && strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") {
				out = append(out, s)
			}
			if !more {
				break
			}
		}
	}
}
