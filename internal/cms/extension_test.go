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
