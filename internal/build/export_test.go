package build

import (
	"bytes"
	"context"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/render"
)

// Reference returns o set to build the slow way (Options.reference).
func Reference(o Options) Options {
	o.reference = true
	o.TuneGC = false
	return o
}

// BenchLayouts times rendering one output (body and layout) per layout
// the site uses, with UI strings folded into the layouts (fast) and
// looked up per page (reference): go test -bench Layouts ./internal/build.
func BenchLayouts(b *testing.B, opts Options) {
	fsys := os.DirFS(opts.Source)
	cfg, pages, data, diags := load(context.Background(), fsys, opts)
	if diags.HasErrors() {
		b.Fatal(diags.Err())
	}
	s, _, diags := resolve(fsys, cfg, pages, data, opts)
	if diags.HasErrors() {
		b.Fatal(diags.Err())
	}
	fast, _ := render.NewWith(fsys, s, render.Options{})
	ref, _ := render.NewWith(fsys, s, render.Options{StringsPerPage: true})
	byLayout := map[string][]job{}
	for _, j := range jobs(s) {
		name, _ := fast.LayoutFor(j.page)
		byLayout[name] = append(byLayout[name], j)
	}
	names := make([]string, 0, len(byLayout))
	for n := range byLayout {
		names = append(names, n)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	for _, name := range names {
		js := byLayout[name]
		for _, m := range []struct {
			mode string
			r    *render.Renderer
		}{{"reference", ref}, {"fast", fast}} {
			b.Run(strings.ReplaceAll(name, "/", ":")+"/"+m.mode, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					j := js[i%len(js)]
					buf.Reset()
					if d := m.r.Render(&buf, j.page, j.pager); d.HasErrors() {
						b.Fatal(d.Err())
					}
				}
			})
		}
	}
}
