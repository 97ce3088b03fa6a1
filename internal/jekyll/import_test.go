package jekyll

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	deltagconfig "github.com/deltag/deltag/internal/config"
	"gopkg.in/yaml.v3"
)

var update = flag.Bool("update", false, "rewrite testdata/want from the import of testdata/site")

// now is the import time of every test: after all fixture posts.
var now = time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)

// importFixture imports testdata/site into a temporary folder.
func importFixture(t *testing.T) (*Report, string) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "site")
	r, err := Import(Options{Source: "testdata/site", Dest: dest, Now: now})
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return r, dest
}

// TestImportSnapshot compares the whole written site with testdata/want
// (go test -update rewrites it). A file in want that the import no
// longer writes fails the test too.
func TestImportSnapshot(t *testing.T) {
	_, dest := importFixture(t)
	got := readTree(t, dest)
	const want = "testdata/want"
	if *update {
		if err := os.RemoveAll(want); err != nil {
			t.Fatal(err)
		}
		if err := os.CopyFS(want, os.DirFS(dest)); err != nil {
			t.Fatal(err)
		}
		return
	}
	wantTree := readTree(t, want)
	for name, b := range got {
		w, ok := wantTree[name]
		switch {
		case !ok:
			t.Errorf("%s: written, but not in %s (run go test -update)", name, want)
		case !bytes.Equal(b, w):
			t.Errorf("%s differs from %s/%s:\n--- got\n%s\n--- want\n%s", name, want, name, b, w)
		}
	}
	for name := range wantTree {
		if _, ok := got[name]; !ok {
			t.Errorf("%s: in %s, but the import does not write it", name, want)
		}
	}
}

func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// frontMatter reads the front matter of a written file as ordered keys
// and values.
func frontMatter(t *testing.T, dest, rel string) ([]string, map[string]any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dest, rel))
	if err != nil {
		t.Fatal(err)
	}
	sp := splitFile(b)
	var n yaml.Node
	if err := yaml.Unmarshal(sp.YAML, &n); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	var keys []string
	vals := map[string]any{}
	m := n.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		keys = append(keys, m.Content[i].Value)
		vals[m.Content[i].Value] = m.Content[i+1].Value
		if m.Content[i+1].Kind == yaml.SequenceNode {
			var l []string
			for _, c := range m.Content[i+1].Content {
				l = append(l, c.Value)
			}
			vals[m.Content[i].Value] = l
		}
	}
	return keys, vals
}

func TestImportFrontMatter(t *testing.T) {
	_, dest := importFixture(t)

	// The seed post: every key kept in its order, the date normalised
	// with its offset, the path reference rewritten, the old URL an
	// alias, the defaults written out.
	keys, v := frontMatter(t, dest, "content/sv/posts/2021-02-03-lunchwebbinarium.md")
	wantKeys := []string{"lang", "date", "title", "image", "excerpt", "ingress-text", "links", "ref", "categories", "author", "layout", "aliases"}
	if !slices.Equal(keys, wantKeys) {
		t.Errorf("keys = %v, want %v", keys, wantKeys)
	}
	check := func(file, key string, want any) {
		t.Helper()
		_, v := frontMatter(t, dest, file)
		got := v[key]
		if l, ok := want.([]string); ok {
			if gl, _ := got.([]string); !slices.Equal(gl, l) {
				t.Errorf("%s: %s = %#v, want %#v", file, key, got, want)
			}
			return
		}
		if got != want {
			t.Errorf("%s: %s = %#v, want %#v", file, key, got, want)
		}
	}
	if v["date"] != "2021-02-03T15:34:34+01:00" {
		t.Errorf("date = %v", v["date"])
	}
	check("content/sv/posts/2021-02-03-lunchwebbinarium.md", "categories", []string{"themes/medborgarbudget"})
	check("content/sv/posts/2021-02-03-lunchwebbinarium.md", "aliases", []string{"/_themes/medborgarbudget.md/2021/02/03/lunchwebbinarium/"})

	// The five date forms.
	check("content/en/posts/2021-02-03-lunch-webinar.md", "date", "2021-02-03T14:34:34Z")
	check("content/sv/posts/2024-05-01-valkommen.md", "date", "2024-05-01T00:00:00Z")
	check("content/en/posts/2024-05-01-welcome.md", "date", "2024-05-01T10:00:00Z")
	check("content/sv/posts/2024-05-02-budgeten.md", "date", "2024-05-02T10:00:00+02:00")
	check("content/sv/posts/2019-03-10-arsmote.md", "date", "2019-03-10T12:00:00+01:00")

	// A key with a space, string categories split as Jekyll does,
	// redirect_from as a string, the excerpt separator.
	check("content/sv/posts/2024-05-01-valkommen.md", "ingress text", "En nyckel med mellanslag")
	check("content/sv/posts/2024-05-01-valkommen.md", "categories", []string{"Nyheter", "Boende"})
	check("content/sv/posts/2024-05-01-valkommen.md", "aliases", []string{"/gammal/valkommen/", "/nyheter/boende/2024/05/01/valkommen/"})
	check("content/sv/posts/2024-05-01-valkommen.md", "summary", "Här samlar vi allt om boendebudget i området.")

	// redirect_from as a list; references to a document, a project and
	// a post.
	check("content/sv/posts/2024-05-02-budgeten.md", "aliases", []string{"/budget.html", "/gammalt/budget/", "/2024/05/02/budgeten/"})
	check("content/sv/posts/2024-05-02-budgeten.md", "related", []string{"themes/medborgarbudget", "projects/lekplats", "posts/valkommen"})

	// Drafts: _drafts and published: false.
	check("content/sv/posts/utkast-om-lekplatsen.md", "draft", "true")
	check("content/sv/posts/2019-03-10-arsmote.md", "draft", "true")
	if _, v := frontMatter(t, dest, "content/sv/posts/2019-03-10-arsmote.md"); v["published"] != nil || v["aliases"] != nil {
		t.Errorf("arsmote: published or aliases kept: %v", v)
	}

	// permalink is the page's URL.
	check("content/sv/om-oss.md", "url", "/om-oss/")
	check("content/sv/projekt/gamla.md", "url", "/arkiv/gamla-projekt.html")
	// The invalid front matter: Jekyll ignored it and built /trasig/;
	// the import keeps the rest and redirects the old URL.
	check("content/sv/trasig.md", "url", "/inte-trasig/")
	check("content/sv/trasig.md", "aliases", []string{"/trasig/"})
	// An English page whose Jekyll URL is deltag's own: no alias.
	if _, v := frontMatter(t, dest, "content/en/about.md"); v["aliases"] != nil {
		t.Errorf("en/about.md: aliases = %v, want none (its Jekyll URL /en/about/ is its deltag URL)", v["aliases"])
	}
	// lang from the file name.
	if _, err := os.Stat(filepath.Join(dest, "content/en/themes/medborgarbudget.md")); err != nil {
		t.Errorf("-en document not in content/en: %v", err)
	}
}

func TestImportStaticAndData(t *testing.T) {
	_, dest := importFixture(t)
	nfd := "uploads/A\u030arsmo\u0308te 2019.pdf"
	nfc := "uploads/\u00c5rsm\u00f6te 2019.pdf"
	for _, rel := range []string{"static/uploads/image.png", "static/uploads/bild med mellanslag.jpg", "static/" + nfd, "static/" + nfc, "static/gammal.html", "static/assets/site.css", "data/styrelse.yml", "data/siffror.csv"} {
		got, err := os.ReadFile(filepath.Join(dest, rel))
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			continue
		}
		src := strings.TrimPrefix(strings.TrimPrefix(rel, "static/"), "data/")
		if strings.HasPrefix(rel, "data/") {
			src = "_data/" + src
		}
		if src == nfc {
			src = nfd
		}
		want, _ := os.ReadFile(filepath.Join("testdata/site", src))
		if !bytes.Equal(got, want) {
			t.Errorf("%s: bytes changed", rel)
		}
	}
	for _, rel := range []string{"static/README.md", "static/scripts/build.sh", "static/feed.xml", "static/_layouts/post.html", "content/sv/people/anna.md"} {
		if _, err := os.Stat(filepath.Join(dest, rel)); err == nil {
			t.Errorf("%s written, want it left out", rel)
		}
	}
}

func TestImportSiteYAML(t *testing.T) {
	r, dest := importFixture(t)
	b, err := os.ReadFile(filepath.Join(dest, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, diags := deltagconfig.Parse(b)
	if diags.HasErrors() {
		t.Fatalf("deltag rejects the site.yaml written:\n%v\n%s", diags.Err(), b)
	}
	var codes []string
	for _, l := range cfg.Languages {
		codes = append(codes, l.Code)
	}
	if !slices.Equal(codes, []string{"sv", "en"}) || !cfg.Languages[0].Default {
		t.Errorf("languages = %v, want sv (default), en", codes)
	}
	if cfg.BaseURL != "https://portal.example.se/" {
		t.Errorf("baseURL = %q", cfg.BaseURL)
	}
	if !cfg.Markdown.Unsafe || !r.UnsafeHTML || !bytes.Contains(b, []byte("trusted content")) {
		t.Errorf("markdown.unsafe not on with a note, though pages have raw HTML:\n%s", b)
	}
	if cfg.Languages[1].Location.String() != "Europe/Stockholm" {
		t.Errorf("en timezone = %s, want the site's Europe/Stockholm", cfg.Languages[1].Location)
	}
}

func TestImportReport(t *testing.T) {
	r, _ := importFixture(t)
	var b bytes.Buffer
	r.Write(&b)
	out := b.String()
	for _, want := range []string{
		// files per collection and language
		"  posts              5     2       7",
		"  themes             1     1       2",
		"  projects           2     0       2",
		// translation pairs
		`ref "lunch": en content/en/posts/2021-02-03-lunch-webinar.md, sv content/sv/posts/2021-02-03-lunchwebbinarium.md`,
		`ref "about": en content/en/about.md, sv content/sv/om-oss.md`,
		`ref "theme-mb": en content/en/themes/medborgarbudget.md, sv content/sv/themes/medborgarbudget.md`,
		`ref "welcome": en content/en/posts/2024-05-01-welcome.md, sv content/sv/posts/2024-05-01-valkommen.md`,
		// problems, with file and line
		`trasig.md:3: warning: front matter is not valid YAML`,
		`_config.yml:46: warning: plugin "jekyll-fancy-gallery" is not carried over`,
		`_config.yml:19: warning: collection people has output: false`,
		`feed.xml:1: warning: a Liquid feed: deltag writes the default language's feed at /feed.xml`,
		`Static files: 5 (+1 copies under the composed (NFC) form`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "jekyll-redirect-from") {
		t.Errorf("report names jekyll-redirect-from, which the import carries over:\n%s", out)
	}
	var again bytes.Buffer
	r2, _ := importFixture(t)
	r2.Dest = r.Dest
	r2.Write(&again)
	if again.String() != out {
		t.Errorf("report is not deterministic")
	}
}

// jekyllURLs is the set of content URLs Jekyll 4.3 builds from the
// fixture (jekyll build; see TestJekyllBuild), static files left out.
var jekyllURLs = []string{
	"/",
	"/2020/06/01/sommar/",
	"/2024/05/01/welcome/",
	"/2024/05/02/budgeten/",
	"/_themes/medborgarbudget.md/2021/02/03/lunch-webinar-en/",
	"/_themes/medborgarbudget.md/2021/02/03/lunchwebbinarium/",
	"/arkiv/gamla-projekt.html",
	"/en/about/",
	"/kontakt/",
	"/nyheter/boende/2024/05/01/valkommen/",
	"/om-oss/",
	"/projects/2022/lekplats.html",
	"/projects/2023/bibliotek-i-centrum.html",
	"/projekt/",
	"/teman/medborgarbudget-en/",
	"/teman/medborgarbudget/",
	"/trasig/",
}

func TestImportJekyllURLs(t *testing.T) {
	r, _ := importFixture(t)
	if got := r.JekyllURLs(); !slices.Equal(got, jekyllURLs) {
		t.Errorf("Jekyll URLs:\n got %q\nwant %q", got, jekyllURLs)
	}
}

func TestImportRefuses(t *testing.T) {
	dest := t.TempDir()
	if err := os.WriteFile(filepath.Join(dest, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Import(Options{Source: "testdata/site", Dest: dest}); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("import into a non-empty folder: err = %v, want 'not empty'", err)
	}
	if _, err := Import(Options{Source: "testdata/nothing-here", Dest: t.TempDir()}); err == nil {
		t.Errorf("import of a missing source: no error")
	}
	if _, err := Import(Options{Source: "testdata/site", Dest: "testdata/site/out"}); err == nil || !strings.Contains(err.Error(), "inside the source") {
		t.Errorf("import into the source: err = %v", err)
	}
}

// writeSite writes files (path → content) into a new folder.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestImportProblems(t *testing.T) {
	src := writeSite(t, map[string]string{
		"_config.yml":            "collections:\n  people:\n    output: false\n",
		"_posts/2024-01-02-a.md": "---\ntitle: A\nref: x\nrelated: _themes/saknas.md\nperson: _people/anna.md\nurl: https://example.org\n---\nA\n",
		"_posts/2024-01-03-b.md": "---\ntitle: B\nref: x\nredirect_to: https://example.org\n---\nB\n",
		"_posts/2024-1-4-c.md":   "---\ntitle: C\ndate: soon\n---\nC\n",
		"_posts/readme.md":       "not a post\n",
		"_people/anna.md":        "---\nname: Anna\n---\n",
		"om.md":                  "---\ntitle: [unclosed\n---\nText\n",
		"en.md":                  "---\ntitle: Hi\nlang: en\n<!-- note: old -->\n---\nHi\n",
	})
	r, err := Import(Options{Source: src, Dest: filepath.Join(t.TempDir(), "out"), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	r.Write(&b)
	for _, want := range []string{
		`_posts/2024-01-02-a.md:4: warning: "_themes/saknas.md" names no file of the Jekyll site; kept as text`,
		`_posts/2024-01-02-a.md:5: warning: "_people/anna.md" names a document of collection people, which has no pages (its documents are data); kept as text`,
		`_posts/2024-01-02-a.md:6: warning: front matter key "url" is renamed "jekyll_url"`,
		`_posts/2024-01-03-b.md:3: warning: ref "x" is also used by _posts/2024-01-02-a.md in the same language`,
		`_posts/2024-01-03-b.md:4: warning: redirect_to is not carried over`,
		`_posts/2024-1-4-c.md:3: warning: date: "soon" is not a date`,
		`_posts/readme.md: warning: not imported: a post's file name must start with its date`,
		`om.md:2: warning: front matter is not valid YAML`,
		`en.md:4: warning: an HTML comment in front matter, read by YAML as the key "<!-- note"; dropped`,
		`_config.yml: warning: no url: site.yaml gets baseURL /;`,
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
	// A post with a non-padded date prefix gets a padded file name.
	if _, err := os.Stat(filepath.Join(r.Dest, "content/sv/posts/2024-01-04-c.md")); err != nil {
		t.Errorf("padded post name: %v", err)
	}
	keys, _ := frontMatter(t, r.Dest, "content/sv/posts/2024-01-02-a.md")
	if !slices.Equal(keys, []string{"title", "ref", "related", "person", "jekyll_url", "aliases"}) {
		t.Errorf("keys = %v", keys)
	}
}
