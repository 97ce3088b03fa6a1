package jekyll

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
	"golang.org/x/net/html"
)

// TestRealJekyllSites runs the comparison on real Jekyll sites
// kept outside the repository (their content is not ours to commit):
// every folder of $DELTAG_JEKYLL_SITES with a _config.yml is built by
// real Jekyll and, after `deltag import jekyll`, by deltag, and the two
// outputs are compared as TestMinimaSite compares them. It is not part
// of CI; run it with
//
//	DELTAG_JEKYLL_SITES=/work/realsites go test ./internal/jekyll -run TestRealJekyllSites -v
func TestRealJekyllSites(t *testing.T) {
	root := os.Getenv("DELTAG_JEKYLL_SITES")
	if root == "" {
		t.Skip("DELTAG_JEKYLL_SITES is not set: it names a folder of real Jekyll sites (one per sub-folder) to compare")
	}
	jekyll, err := exec.LookPath("jekyll")
	if err != nil {
		t.Skip("jekyll is not installed")
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		src := filepath.Join(root, e.Name())
		if _, err := os.Stat(filepath.Join(src, "_config.yml")); !e.IsDir() || err != nil {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			jsite := runJekyll(t, jekyll, src, filepath.Join(t.TempDir(), "_site"))
			dest := filepath.Join(t.TempDir(), "site")
			r, err := Import(Options{Source: src, Dest: dest, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "public")
			if _, diags := build.Build(context.Background(), build.Options{Source: dest, Dest: out, Now: now, Extensions: features.All()}); diags.HasErrors() {
				t.Fatalf("deltag build: %v\nimport report: %v", diags.Err(), r.Diagnostics)
			}
			compareSites(jsite, out).report(t, true)
		})
	}
}

// comparison is what compareSites found: the figures for one
// site built by Jekyll and by deltag.
type comparison struct {
	files   []string           // every file in Jekyll's _site
	missing []string           // of those, the ones deltag does not serve
	share   map[string]float64 // per HTML page: share of Jekyll's words deltag's page keeps
	texts   map[string][2]string
	liquid  []string // deltag pages that show {% or {{
	markup  []string // deltag pages that show kramdown markup ({::, {:toc}, {: .x}) Jekyll's does not
	broken  []string // "page: link" broken in deltag, working in Jekyll
	links   int      // internal links checked
}

// compareSites compares Jekyll's output folder jsite with deltag's out.
func compareSites(jsite, out string) comparison {
	c := comparison{share: map[string]float64{}, texts: map[string][2]string{}}
	_ = filepath.WalkDir(jsite, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(jsite, p)
			c.files = append(c.files, filepath.ToSlash(rel))
		}
		return err
	})
	for _, f := range c.files {
		got, final, ok := serveURL(out, "/"+f)
		if !ok {
			c.missing = append(c.missing, f)
			continue
		}
		if path.Ext(f) != ".html" {
			continue
		}
		want, _ := os.ReadFile(filepath.Join(jsite, filepath.FromSlash(f)))
		w, g := visibleText(want), visibleText(got)
		c.share[f] = sharedWords(w, g)
		if kramdownRE.MatchString(g) && !kramdownRE.MatchString(w) {
			c.markup = append(c.markup, f)
		}
		c.texts[f] = [2]string{w, g}
		c.links += len(internalLinks(got, final))
		for _, link := range internalLinks(got, final) {
			if _, ok := serve(out, link); ok {
				continue
			}
			// The same link in Jekyll's page, read from Jekyll's URL.
			jlink := link
			if final != "/"+f {
				jlink = ""
				for _, l := range internalLinks(want, "/"+f) {
					if _, works := serve(jsite, l); works && sameRef(l, link) {
						jlink = l
					}
				}
			}
			works := false
			if jlink != "" {
				_, works = serve(jsite, jlink)
			} else {
				works = jekyllLinks(jsite, want, "/"+f, link)
			}
			if works {
				c.broken = append(c.broken, f+": "+link)
			}
		}
	}
	_ = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".html" {
			return err
		}
		b, _ := os.ReadFile(p)
		if bytes.Contains(b, []byte("{%")) || bytes.Contains(b, []byte("{{")) {
			rel, _ := filepath.Rel(out, p)
			c.liquid = append(c.liquid, filepath.ToSlash(rel))
		}
		return nil
	})
	return c
}

// report logs the figures and, when strict, fails the test for every
// file missing, page under 95%, page with Liquid and broken link.
func (c comparison) report(t *testing.T, strict bool) {
	t.Helper()
	fail := t.Logf
	if strict {
		fail = t.Errorf
	}
	for _, f := range c.missing {
		fail("/%s: Jekyll wrote it; deltag does not serve it", f)
	}
	pages := make([]string, 0, len(c.share))
	for f := range c.share {
		pages = append(pages, f)
	}
	sort.Strings(pages)
	for _, f := range pages {
		if c.share[f] < 0.95 {
			fail("/%s: deltag's page keeps %.0f%% of the words of Jekyll's (want ≥ 95%%):\n--- jekyll\n%s\n--- deltag\n%s", f, c.share[f]*100, c.texts[f][0], c.texts[f][1])
		}
	}
	for _, p := range c.liquid {
		fail("%s shows Liquid code", p)
	}
	for _, p := range c.markup {
		fail("/%s shows kramdown markup as text", p)
	}
	for _, b := range c.broken {
		fail("link broken in deltag's page, working in Jekyll's: %s", b)
	}
	t.Log(c.summary())
}

// summary is the figures on one line.
func (c comparison) summary() string {
	var shares []float64
	under := 0
	for _, s := range c.share {
		shares = append(shares, s)
		if s < 0.95 {
			under++
		}
	}
	sort.Float64s(shares)
	minS, med := 1.0, 1.0
	if len(shares) > 0 {
		minS, med = shares[0], shares[len(shares)/2]
	}
	return fmt.Sprintf("files in Jekyll's _site: %d, served by deltag: %d; pages: %d, word share min %.1f%% median %.1f%%, under 95%%: %d; pages with Liquid: %d, with kramdown markup: %d; internal links checked: %d, broken: %d",
		len(c.files), len(c.files)-len(c.missing), len(shares), minS*100, med*100, under, len(c.liquid), len(c.markup), c.links, len(c.broken))
}

// serve returns the file a static host serves for a URL path in root:
// the file, or X/index.html, or X.html (as GitHub Pages does), following
// a meta-refresh redirect once (it counts only when its target exists).
func serve(root, u string) ([]byte, bool) {
	b, _, ok := serveURL(root, u)
	return b, ok
}

// serveURL is serve, which also returns the URL the browser ends at (the
// base of the page's relative links).
func serveURL(root, u string) ([]byte, string, bool) {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	if p, err := url.PathUnescape(u); err == nil {
		u = p
	}
	rel := strings.TrimPrefix(u, "/")
	for _, c := range candidates(rel) {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(c)))
		if err != nil {
			continue
		}
		if m := refreshRE.FindSubmatch(b); m != nil {
			target := resolveRef(u, html.UnescapeString(string(m[1])))
			rel := strings.TrimPrefix(target, "/")
			for _, c := range candidates(rel) {
				if b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(c))); err == nil {
					return b, target, true
				}
			}
			return nil, "", false
		}
		return b, u, true
	}
	return nil, "", false
}

// candidates are the files a static host tries for a path.
func candidates(rel string) []string {
	if rel == "" || strings.HasSuffix(rel, "/") {
		return []string{rel + "index.html"}
	}
	c := []string{rel, path.Join(rel, "index.html")}
	if path.Ext(rel) == "" {
		c = append(c, rel+".html")
	}
	return c
}

// resolveRef resolves a link of a page at base to a site path.
func resolveRef(base, ref string) string {
	b, err := url.Parse(base)
	if err != nil {
		return ref
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return b.ResolveReference(r).Path
}

// sameRef reports whether two site paths name the same file once
// resolved (they end in the same name).
func sameRef(a, b string) bool {
	return path.Base(strings.TrimSuffix(a, "/")) == path.Base(strings.TrimSuffix(b, "/"))
}

// jekyllLinks reports whether Jekyll's page at base has a working link
// to a file named as link is.
func jekyllLinks(jsite string, page []byte, base, link string) bool {
	for _, l := range internalLinks(page, base) {
		if _, works := serve(jsite, l); works && sameRef(l, link) {
			return true
		}
	}
	return false
}

// kramdownRE is kramdown markup a reader should never see: an extension
// ({::options /}), a table-of-contents marker or an attribute list.
var kramdownRE = regexp.MustCompile(`\{::|\{:toc\}|\{:\s*[.#]`)

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

// internalLinks are the href and src values of a page at base that name
// a path on the same site, resolved to site paths (relative ones too).
func internalLinks(b []byte, base string) []string {
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
			if s := strings.TrimSpace(string(v)); (string(k) == "href" || string(k) == "src") && isSiteRef(s) {
				out = append(out, resolveRef(base, s))
			}
			if !more {
				break
			}
		}
	}
}

// isSiteRef reports whether a link names a path on the same site.
func isSiteRef(s string) bool {
	if s == "" || strings.HasPrefix(s, "#") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, "?") {
		return false
	}
	if i := strings.IndexAny(s, ":/?#"); i > 0 && s[i] == ':' {
		return false // a scheme: https:, mailto:, data:, javascript:
	}
	return true
}
