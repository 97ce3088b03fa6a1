package build_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/site"
	"github.com/deltag/deltag/internal/sitetest"
)

type escapingExt struct{ name string }

func (escapingExt) Name() string { return "escaping" }
func (e escapingExt) Outputs(s *site.Site, emit func(string, []byte)) diag.List {
	emit(e.name, []byte("x"))
	return nil
}

// No output leaves the destination: not an alias, not an extension's
// file; each is refused with an error that names it. The site is read
// from memory (Options.FS).
func TestOutputsStayInsideDestination(t *testing.T) {
	for _, c := range []struct {
		name, page string
		ext        site.Extension
		want       string
	}{
		{"alias", "---\ntitle: Om\naliases: [../../utanfor/]\n---\n", nil, `content/sv/about.md:3: aliases: "/../../utanfor/" has a .. or . segment`},
		{"extension output", "---\ntitle: Om\n---\n", escapingExt{"../utanfor.ics"}, `refusing to write ../utanfor.ics: the output path "../utanfor.ics" leaves the destination folder`},
		{"absolute extension output", "---\ntitle: Om\n---\n", escapingExt{"/etc/x"}, `refusing to write /etc/x`},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := sitetest.FS(baseSite, "-- content/sv/about.md --\n"+c.page)
			parent := t.TempDir()
			dest := filepath.Join(parent, "public")
			opts := build.Options{FS: fsys, Dest: dest, Now: testNow}
			if c.ext != nil {
				opts.Extensions = []site.Extension{c.ext}
			}
			_, diags := build.Build(context.Background(), opts)
			if !diags.HasErrors() || !strings.Contains(diags.Err().Error(), c.want) {
				t.Fatalf("want an error containing %q, got %v", c.want, diags)
			}
			entries, _ := os.ReadDir(parent)
			for _, e := range entries {
				t.Errorf("the failed build left %s beside the destination", e.Name())
			}
		})
	}
}

// A site read from memory builds like one on disk.
func TestBuildFromMemory(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	fsys := sitetest.FS(baseSite, "-- content/sv/about.md --\n---\ntitle: Om\naliases: [/om-oss/]\n---\nText.\n")
	if _, diags := build.Build(context.Background(), build.Options{FS: fsys, Dest: dest, Now: testNow}); diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	b, err := os.ReadFile(filepath.Join(dest, "om-oss", "index.html"))
	if err != nil || !strings.Contains(string(b), "url=/sv/about/") {
		t.Errorf("alias: %v %s", err, b)
	}
}
