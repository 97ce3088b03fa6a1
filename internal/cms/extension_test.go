package cms_test

import (
	"context"
	"github.com/deltag/deltag/internal/cms"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
	"github.com/deltag/deltag/internal/site"
)

// TestExtension: with the extension listed, deltag build writes /admin/
// itself (the bundle unminified, byte for byte), and a bad backend is a
// build error naming site.yaml.
func TestExtension(t *testing.T) {
	// features.All() lists it; the example's site.yaml has a cms: block.
	dest := filepath.Join(t.TempDir(), "public")
	_, diags := build.Build(context.Background(), build.Options{Source: "../..", Dest: dest, Now: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC), Extensions: features.All()})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	conf, _ := os.ReadFile(filepath.Join(dest, "admin/config.yml"))
	for _, want := range []string{"name: github", "repo: deltag/deltag", "branch: main"} {
		if !strings.Contains(string(conf), want) {
			t.Errorf("admin/config.yml from site.yaml's cms: block lacks %q:\n%s", want, conf)
		}
	}

	// Options given in Go win over site.yaml.
	dest = filepath.Join(t.TempDir(), "public")
	exts := append(features.All(), cms.Extension{Options: cms.Options{Backend: cms.Backend{Name: "gitlab", Repo: "kommun/portal", AppID: "x"}}})
	_, diags = build.Build(context.Background(), build.Options{Source: "../..", Dest: dest, Now: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC), Extensions: exts})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	got, err := os.ReadFile(filepath.Join(dest, "admin/sveltia-cms.min.js"))
	if err != nil || string(got) != string(cms.Bundle) {
		t.Fatalf("admin/sveltia-cms.min.js is not the vendored bundle (%v)", err)
	}
	conf, _ = os.ReadFile(filepath.Join(dest, "admin/config.yml"))
	if !strings.Contains(string(conf), "name: gitlab") {
		t.Errorf("config.yml:\n%s", conf)
	}

	bad := append(features.All(), site.Extension(cms.Extension{Options: cms.Options{Backend: cms.Backend{Name: "github"}}}))
	_, diags = build.Build(context.Background(), build.Options{Source: "../..", Dest: filepath.Join(t.TempDir(), "p"), Extensions: bad})
	if !diags.HasErrors() || !strings.Contains(diags.Err().Error(), "site.yaml: cms: the github backend needs the repository") {
		t.Errorf("a backend without its repository: %v", diags.Err())
	}
}

// TestUnkept: with a cms: block, the build warns at the file and line
// about each page the CMS would change when it is saved there, and about
// no other.
func TestUnkept(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"content", "themes", "static"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			t.Fatal(err)
		}
	}
	siteYAML, err := os.ReadFile("../../site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), siteYAML, 0o644); err != nil {
		t.Fatal(err)
	}
	extra := map[string]string{
		"content/sv/rad.md":  "---\ntitle: Råd\nref: råd\n---\nText.\n",
		"content/da/bild.md": "---\ntitle: Billede\ndate: 2021-02-03\nimage: /uploads/webbinarium.jpg\nimage_alt: En skærm\n---\nText.\n",
	}
	for rel, text := range untouched {
		extra[rel] = text
	}
	for rel, text := range extra {
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, diags := build.Build(context.Background(), build.Options{Source: dir, Dest: filepath.Join(dir, "public"), Now: buildNow, Extensions: features.All()})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	var got []string
	for _, d := range diags {
		if strings.Contains(d.Msg, "the CMS") {
			got = append(got, d.String())
		}
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`content/da/bild.md:4: warning: image: the CMS keeps an image only as a map; saving this page there drops image: /uploads/webbinarium.jpg: write image: {src: /uploads/webbinarium.jpg, alt: …}`,
		`content/sv/bara-svenska.md:4: warning: ref: '': the CMS cannot keep an empty ref (saving writes ref: bara-svenska`,
		`content/sv/stor-ref.md:3: warning: ref: "Boendebudget_2021 A": the CMS writes refs in slug form and would change it to "boendebudget_2021-a"`,
		`content/sv/rad.md:3: warning: ref: "råd": the CMS writes refs in lowercase ASCII`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no warning %q in:\n%s", want, all)
		}
	}
	if len(got) != 4 {
		t.Errorf("want 4 warnings about what the CMS does not keep, got %d:\n%s", len(got), all)
	}
}
