package jekyll

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
)

// A site on a gem theme that overrides part of its Sass: Jekyll's load
// path is the site's _sass, then the theme's, after the importing file's
// own folder. The CSS deltag compiles from the imported site is the CSS
// Jekyll wrote (both compressed by sassc to compare them).
func TestThemeSass(t *testing.T) {
	const head = `
-- _config.yml --
title: Sass
theme: minima
-- index.md --
---
layout: home
title: Home
---
Hi.
`
	cases := []struct {
		name, archive string
		want          []string // in the CSS
		unwanted      []string
	}{
		// The site's main.scss and a partial of its own with a "_" name;
		// its copy of minima/_base.scss is not what the theme's
		// minima.scss imports (sassc looks beside minima.scss first).
		{"main.scss", head + `
-- assets/main.scss --
---
---
$brand-color: #aa0000;
@import "minima", "own";
-- _sass/_own.scss --
.own { color: $brand-color; }
-- _sass/minima/_base.scss --
body { font-family: "SiteBase"; }
`, []string{".own{color:#aa0000}"}, []string{"SiteBase"}},
		// Only the theme's entry partial overridden (below): its imports
		// come from the theme's _sass, the theme's assets/main.scss is
		// used.
		{"minima.scss", head + `
-- _sass/minima.scss --
`, []string{"SiteFont"}, nil},
	}
	td := themeDir("minima")
	if td == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("jekyll-theme-minima is not installed; .ci/setup.d/40-jekyll-site.sh installs it")
		}
		t.Skip("jekyll-theme-minima is not installed")
	}
	// The second case's minima.scss is the theme's with another font.
	b, err := os.ReadFile(filepath.Join(td, "_sass", "minima.scss"))
	if err != nil {
		t.Fatal(err)
	}
	own := regexp.MustCompile(`(?m)^\$base-font-family:.*$`).ReplaceAllString(string(b), `$$base-font-family: "SiteFont";`)
	cases[1].archive += own
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := sassAsJekyll(t, c.archive)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("CSS lacks %q", w)
				}
			}
			for _, w := range c.unwanted {
				if strings.Contains(got, w) {
					t.Errorf("CSS has %q", w)
				}
			}
		})
	}
}

// sassAsJekyll builds the archive with real Jekyll and with deltag after
// import, and compares assets/main.css; it returns deltag's, compressed.
func sassAsJekyll(t *testing.T, archive string) string {
	t.Helper()
	jsite := jekyllBuild(t, archive)
	if jsite == "" {
		t.Skip("no Jekyll to compare with")
	}
	want := compressedCSS(t, filepath.Join(jsite, "assets", "main.css"))
	src := filepath.Join(t.TempDir(), "jekyll")
	writeArchive(t, src, archive)
	dest := filepath.Join(t.TempDir(), "site")
	r, err := Import(Options{Source: src, Dest: dest, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	off := false
	if _, diags := build.Build(context.Background(), build.Options{Source: dest, Dest: out, Now: now, Minify: &off, Extensions: features.All()}); diags.HasErrors() {
		t.Fatalf("deltag build: %v\nimport report: %v", diags.Err(), r.Diagnostics)
	}
	got := compressedCSS(t, filepath.Join(out, "assets", "main.css"))
	if got != want {
		t.Errorf("assets/main.css differs from Jekyll's:\n--- jekyll\n%s\n--- deltag\n%s", want, got)
	}
	return got
}

// Jekyll's sass: sass_dir and load_paths (globs) are the load path too,
// before the theme's: here a vendor folder Jekyll does not publish.
func TestSassDirAndLoadPaths(t *testing.T) {
	css := sassAsJekyll(t, `
-- _config.yml --
title: S
sass:
  sass_dir: _scss
  load_paths: [vendor/*]
-- assets/main.scss --
---
---
@import "own", "kitpart";
-- _scss/_own.scss --
.own { a: b; }
-- _sass/_own.scss --
.wrong { a: b; }
-- vendor/kit/_kitpart.scss --
.kit { c: d; }
-- index.md --
---
title: H
---
Hi.
`)
	if !strings.Contains(css, ".own{a:b}") || !strings.Contains(css, ".kit{c:d}") || strings.Contains(css, "wrong") {
		t.Errorf("main.css = %s, want .own and .kit from _scss and vendor/kit", css)
	}
}

// compressedCSS is a CSS file as sassc compresses it, without its source
// map comment.
func compressedCSS(t *testing.T, name string) string {
	t.Helper()
	sassc, err := exec.LookPath("sassc")
	if err != nil {
		needSassc(t)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(t.TempDir(), "in.scss")
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(sassc, "--style", "compressed", "--omit-map-comment", in).Output()
	if err != nil {
		t.Fatalf("sassc %s: %v", name, err)
	}
	s := string(out)
	if i := strings.Index(s, "/*# sourceMappingURL"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

func needSassc(t *testing.T) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal("sassc is not installed; .ci/setup.d/40-jekyll-site.sh installs it")
	}
	t.Skip("sassc is not installed (apt-get install sassc)")
}
