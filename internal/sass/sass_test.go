package sass

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func site() fstest.MapFS {
	return fstest.MapFS{
		"assets/main.scss":        {Data: []byte("---\n# front matter\n---\n@import \"base\";\n.a { .b { color: $ink; } }\n")},
		"assets/plain.scss":       {Data: []byte(".not-compiled { x: y }\n")},
		"_sass/base.scss":         {Data: []byte("$ink: #123456;\n")},
		"_sass/nested/_more.scss": {Data: []byte("")},
	}
}

func TestCompile(t *testing.T) {
	if _, err := exec.LookPath("sassc"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("sassc is not installed; .ci/setup.d/40-jekyll-site.sh installs it")
		}
		t.Skip("sassc is not installed (apt-get install sassc)")
	}
	out, diags := Compile(context.Background(), site(), Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	got := map[string]string{}
	for _, o := range out {
		got[o.Name] = string(o.Data)
	}
	if css := got["assets/main.css"]; !strings.Contains(css, ".a .b {\n  color: #123456;\n}") {
		t.Errorf("assets/main.css = %q", css)
	}
	if _, ok := got["assets/main.css.map"]; !ok {
		t.Error("no source map")
	}
	if _, ok := got["assets/plain.css"]; ok {
		t.Error("a Sass file without front matter was compiled; Jekyll copies it as it is")
	}

	// An error names the file and the line in it.
	bad := site()
	bad["assets/main.scss"] = &fstest.MapFile{Data: []byte("---\n---\n.a {\n  color: $nope;\n}\n")}
	_, diags = Compile(context.Background(), bad, Options{})
	if !diags.HasErrors() || diags[0].File != "assets/main.scss" || !strings.Contains(diags[0].Msg, "line 4") {
		t.Errorf("got %v, want an error in assets/main.scss naming line 4", diags)
	}
}

func TestNoCompiler(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	out, diags := Compile(context.Background(), site(), Options{})
	if len(out) != 0 || len(diags) == 0 || diags.HasErrors() || !strings.Contains(diags[0].Msg, "install sassc") {
		t.Errorf("got %v, %v; want one warning saying to install sassc", out, diags)
	}
}

// needSassc skips the test without sassc (fails under CI=true).
func needSassc(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("sassc"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("sassc is not installed; .ci/setup.d/40-jekyll-site.sh installs it")
		}
		t.Skip("sassc is not installed (apt-get install sassc)")
	}
}

// countRuns counts the compiler's runs that compile (not --version).
func countRuns(t *testing.T) *int {
	n := new(int)
	orig := run
	run = func(ctx context.Context, name string, args ...string) ([]byte, error) {
		if len(args) != 1 || args[0] != "--version" {
			*n++
		}
		return orig(ctx, name, args...)
	}
	t.Cleanup(func() { run = orig })
	return n
}

func outputs(t *testing.T, fsys fstest.MapFS, opts Options) map[string]string {
	t.Helper()
	out, diags := Compile(context.Background(), fsys, opts)
	if diags.HasErrors() {
		t.Fatalf("diagnostics: %v", diags)
	}
	got := map[string]string{}
	for _, o := range out {
		got[o.Name] = string(o.Data)
	}
	return got
}

// The compiled CSS is kept by a hash of its inputs: the same site
// compiles nothing the second time and gets the same bytes; a change to
// a partial, the entry or the compiler's arguments compiles again.
func TestCache(t *testing.T) {
	needSassc(t)
	runs := countRuns(t)
	opts := Options{CacheDir: t.TempDir()}
	fsys := site()
	first := outputs(t, fsys, opts)
	if *runs != 1 {
		t.Fatalf("first build: %d compiler runs, want 1", *runs)
	}
	uncached := outputs(t, fsys, Options{})
	if fmt.Sprint(first) != fmt.Sprint(uncached) {
		t.Errorf("cached build differs from an uncached one:\n%v\n%v", first, uncached)
	}
	*runs = 0
	second := outputs(t, fsys, opts)
	if *runs != 0 {
		t.Errorf("unchanged site: %d compiler runs, want none", *runs)
	}
	if fmt.Sprint(first) != fmt.Sprint(second) {
		t.Errorf("second build differs:\n%v\n%v", first, second)
	}

	// A partial changes: compiled again, with the new rule.
	fsys["_sass/base.scss"] = &fstest.MapFile{Data: []byte("$ink: #654321;\n")}
	*runs = 0
	third := outputs(t, fsys, opts)
	if *runs != 1 || !strings.Contains(third["assets/main.css"], "color: #654321;") {
		t.Errorf("partial changed: %d runs, main.css = %q; want 1 run and the new colour", *runs, third["assets/main.css"])
	}
	// A nested partial the entry imports, then the entry itself.
	fsys["_sass/nested/_more.scss"] = &fstest.MapFile{Data: []byte(".more { margin: 0; }\n")}
	fsys["assets/main.scss"] = &fstest.MapFile{Data: []byte("---\n---\n@import \"base\", \"nested/more\";\n.a { color: $ink; }\n")}
	*runs = 0
	fourth := outputs(t, fsys, opts)
	if *runs != 1 || !strings.Contains(fourth["assets/main.css"], ".more {\n  margin: 0;\n}") {
		t.Errorf("entry changed: %d runs, main.css = %q", *runs, fourth["assets/main.css"])
	}
	// The cache holds one version per entry: the latest.
	if files, _ := filepath.Glob(filepath.Join(opts.CacheDir, "sass", "*")); len(files) != 2 {
		t.Errorf("cache holds %v, want main.css and its map once", files)
	}
	// Back to the first inputs: compiled again, to the same bytes.
	fsys = site()
	*runs = 0
	if again := outputs(t, fsys, opts); *runs != 1 || fmt.Sprint(again) != fmt.Sprint(first) {
		t.Errorf("first inputs again: %d runs (want 1), same bytes %v", *runs, fmt.Sprint(again) == fmt.Sprint(first))
	}

	// An error is not kept: it is reported every time.
	bad := site()
	bad["assets/main.scss"] = &fstest.MapFile{Data: []byte("---\n---\n.a { color: $nope; }\n")}
	for i := 0; i < 2; i++ {
		if _, diags := Compile(context.Background(), bad, opts); !diags.HasErrors() {
			t.Errorf("build %d of a broken entry: no error", i+1)
		}
	}
}

// Without a compiler the cache is not used: the site gets the clear
// warning, not CSS from an earlier build.
func TestCacheNoCompiler(t *testing.T) {
	needSassc(t)
	opts := Options{CacheDir: t.TempDir()}
	outputs(t, site(), opts)
	t.Setenv("PATH", t.TempDir())
	out, diags := Compile(context.Background(), site(), opts)
	if len(out) != 0 || len(diags) == 0 || !strings.Contains(diags[0].Msg, "install sassc") {
		t.Errorf("got %v, %v; want one warning saying to install sassc", out, diags)
	}
}

// Load paths are searched in order after the importing file's folder, as
// sassc (and Jekyll, with the site's _sass before its theme's) does; a
// change in any of them compiles again.
func TestLoadPaths(t *testing.T) {
	needSassc(t)
	fsys := fstest.MapFS{
		"assets/main.scss": {Data: []byte("---\n---\n@import \"theme\", \"own\";\n")},
		// The site's own partial of a name the theme also has.
		"_sass/_own.scss": {Data: []byte(".own { site: yes; }\n")},
		// The theme's entry partial imports its own part: sassc takes
		// it from the theme's folder, not the site's copy of that name.
		"_sass/theme/_part.scss":        {Data: []byte(".part { from: site; }\n")},
		"_theme/_sass/theme.scss":       {Data: []byte("@import \"theme/part\";\n")},
		"_theme/_sass/theme/_part.scss": {Data: []byte(".part { from: theme; }\n")},
		"_theme/_sass/_own.scss":        {Data: []byte(".own { theme: yes; }\n")},
	}
	runs := countRuns(t)
	opts := Options{CacheDir: t.TempDir(), LoadPaths: []string{"_sass", "_theme/_sass"}}
	css := outputs(t, fsys, opts)["assets/main.css"]
	for _, want := range []string{"from: theme;", "site: yes;"} {
		if !strings.Contains(css, want) {
			t.Errorf("main.css lacks %q:\n%s", want, css)
		}
	}
	for _, unwanted := range []string{"from: site;", "theme: yes;"} {
		if strings.Contains(css, unwanted) {
			t.Errorf("main.css has %q:\n%s", unwanted, css)
		}
	}
	// Without the theme's folder the import is not found: an error
	// naming the entry.
	if _, diags := Compile(context.Background(), fsys, Options{}); !diags.HasErrors() || diags[0].File != "assets/main.scss" {
		t.Errorf("without the theme's load path: %v, want an error in assets/main.scss", diags)
	}
	// A theme partial changes: compiled again.
	fsys["_theme/_sass/theme/_part.scss"] = &fstest.MapFile{Data: []byte(".part { from: theme2; }\n")}
	*runs = 0
	if css := outputs(t, fsys, opts)["assets/main.css"]; *runs != 1 || !strings.Contains(css, "from: theme2;") {
		t.Errorf("theme partial changed: %d runs, main.css = %q; want 1 run and the new rule", *runs, css)
	}
	*runs = 0
	outputs(t, fsys, opts)
	if *runs != 0 {
		t.Errorf("unchanged: %d runs, want none", *runs)
	}
}
