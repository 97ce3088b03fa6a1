package build_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
)

// The fast paths of a build — UI strings put into the layouts once, the
// autolink pass only where a text could hold a link, pooled reads,
// extras written alongside the pages, the collector's tuning — change no
// byte of the output: the example portal and a generated site of 600
// pages are built both ways and compared file by file.
func TestFastPathsSameOutput(t *testing.T) {
	root, _ := filepath.Abs("../..")
	for _, c := range []struct {
		name, src string
	}{
		{"example portal", root},
		{"generated", genSite(t, 600)},
	} {
		t.Run(c.name, func(t *testing.T) {
			opts := build.Options{Extensions: features.All(), Source: c.src, Now: testNow, TuneGC: true}
			fast, slow := t.TempDir(), t.TempDir()
			opts.Dest = fast
			if _, diags := build.Build(context.Background(), opts); diags.HasErrors() {
				t.Fatal(diags.Err())
			}
			opts.Dest = slow
			if _, diags := build.Build(context.Background(), build.Reference(opts)); diags.HasErrors() {
				t.Fatal(diags.Err())
			}
			got, want := readTree(t, fast), readTree(t, slow)
			if len(got) != len(want) {
				t.Errorf("%d files, reference build has %d", len(got), len(want))
			}
			bad := 0
			for name, w := range want {
				g, ok := got[name]
				switch {
				case !ok:
					t.Errorf("%s: missing", name)
				case !bytes.Equal(g, w):
					t.Errorf("%s differs from the reference build:\n%s", name, firstDiff(g, w))
				default:
					continue
				}
				if bad++; bad > 5 {
					t.Fatal("more differences left out")
				}
			}
		})
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// firstDiff shows the two texts around where they first differ.
func firstDiff(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	lo := max(0, i-80)
	return "got  …" + string(got[lo:min(len(got), i+80)]) + "…\nwant …" + string(want[lo:min(len(want), i+80)]) + "…"
}
