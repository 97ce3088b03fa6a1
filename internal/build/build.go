// Package build runs the pipeline that turns a site folder into a
// published site:
//
//	load     walk content/, read site.yaml and data/
//	parse    front matter of every file, in parallel (package page)
//	resolve  languages, translations, sections, taxonomies, references,
//	         URLs, menus: one pass into a read-only model (package site)
//	render   Markdown and layouts for every output, in parallel (package
//	         render), feeds, sitemap, aliases, the language chooser
//	write    minify and write into a staging folder beside the
//	         destination, which replaces the destination only when the
//	         whole build succeeded
//
// Every stage collects diagnostics instead of stopping at the first; the
// build fails after the stage that found errors, so one run reports all
// the problems of its stage.
package build

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/fsroot"
	"github.com/deltag/deltag/internal/markdown"
	"github.com/deltag/deltag/internal/page"
	"github.com/deltag/deltag/internal/render"
	"github.com/deltag/deltag/internal/site"
	"github.com/deltag/deltag/themes"
)

// Options configures a build.
type Options struct {
	Source  string // the site root; default "."
	Dest    string // the output folder; default <Source>/public
	Drafts  bool
	Future  bool
	Expired bool
	BaseURL string // overrides site.yaml's baseURL
	Minify  *bool  // overrides site.yaml's minify
	Now     time.Time
	// FS, when set, is read instead of the Source folder (tests).
	FS fs.FS
	// Extensions are the features plugged into resolve, render and the
	// extra outputs (see site.Extension); the CLI passes features.All().
	Extensions []site.Extension
	// TuneGC trades a bounded amount of memory for less garbage
	// collection while rendering (see tuneGC). The CLI sets it unless
	// GOGC or GOMEMLIMIT is set; a library caller decides for its process.
	TuneGC bool

	// reference builds the slow way: every page's work done per page,
	// extras after the pages, plain reads and removal (see
	// export_test.go), for the test that the fast paths give the same
	// bytes.
	reference bool
}

// Stats counts one language's outputs.
type Stats struct {
	Lang                         string
	Pages, Lists, Feeds, Aliases int
}

// Result describes a finished build.
type Result struct {
	Site     *site.Site
	Langs    []Stats
	Static   int // static files copied
	Other    int // root files: language chooser, sitemap, robots.txt, 404
	Files    int // all files written
	Duration time.Duration
	// MissingStrings are UI strings the layouts asked for that an i18n
	// file lacks ("lang: key").
	MissingStrings []string
	Warnings       diag.List
}

// Build runs the whole pipeline. The returned list holds every problem
// found; when it has errors, the destination was left untouched.
func Build(ctx context.Context, opts Options) (*Result, diag.List) {
	start := time.Now()
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Dest == "" {
		opts.Dest = filepath.Join(opts.Source, "public")
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	fsys := opts.FS
	if fsys == nil {
		fsys = themes.WithDefault(fsroot.New(opts.Source).Snapshot())
	}
	if opts.TuneGC {
		defer tuneGC()()
	}

	cfg, pages, data, diags := load(ctx, fsys, opts)
	if err := ctx.Err(); err != nil {
		return nil, diag.List{diag.Errorf("", 0, "interrupted")} // pages are missing: anything else said would be wrong
	}
	if diags.HasErrors() {
		return nil, diags
	}
	s, r, d := resolve(fsys, cfg, pages, data, opts)
	diags.Append(d)
	if diags.HasErrors() {
		return nil, diags
	}

	// Render and write into a staging folder.
	out, err := newOutput(opts.Dest, cfg.MinifyOn())
	if err != nil {
		diags.Errorf(opts.Dest, 0, "%v", err)
		return nil, diags
	}
	res := &Result{Site: s}
	diags.Append(renderAll(ctx, r, s, jobs(s), out, res, !opts.reference))
	if !diags.HasErrors() {
		diags.Append(copyStatic(fsys, cfg.Theme, out, res))
	}
	if ctx.Err() != nil {
		diags.Errorf("", 0, "interrupted") // half the pages: keep the last build
	}
	if diags.HasErrors() {
		out.discard()
		return nil, diags
	}
	if err := out.commit(); err != nil {
		diags.Errorf(opts.Dest, 0, "%v", err)
		return nil, diags
	}
	res.Files = out.count()
	res.MissingStrings = r.MissingStrings()
	res.Warnings = diags.Warnings()
	res.Duration = time.Since(start)
	return res, diags
}

// load reads the config, parses the content and reads data/ (the load
// and parse stages), with the Options' overrides applied to the config.
func load(ctx context.Context, fsys fs.FS, opts Options) (*config.Config, []*page.Page, map[string]any, diag.List) {
	cfg, diags := config.Load(fsys)
	if diags.HasErrors() {
		return nil, nil, nil, diags
	}
	if opts.BaseURL != "" {
		cfg.BaseURL = strings.TrimSuffix(opts.BaseURL, "/") + "/"
		cfg.BasePath()
	}
	if opts.Minify != nil {
		cfg.Minify = opts.Minify
	}
	diags.Append(fsroot.Check(fsys, "content", "static", "layouts", "data", "i18n", path.Join("themes", cfg.Theme)))
	files, d := findContent(fsys)
	diags.Append(d)
	pages, d := parseAll(ctx, fsys, files, cfg, !opts.reference)
	diags.Append(d)
	data, d := loadData(fsys)
	diags.Append(d)
	return cfg, pages, data, diags
}

// resolve builds the read-only model from parsed pages, with the
// extensions plugged in, and prepares a renderer for it.
func resolve(fsys fs.FS, cfg *config.Config, pages []*page.Page, data map[string]any, opts Options) (*site.Site, *render.Renderer, diag.List) {
	s, diags := site.Resolve(cfg, pages, data, site.Options{Drafts: opts.Drafts, Future: opts.Future || cfg.Content.Future, Expired: opts.Expired, Now: opts.Now,
		Extensions: opts.Extensions, FS: fsys, CacheDir: imageCache(opts)})
	if diags.HasErrors() {
		return nil, nil, diags
	}
	if opts.TuneGC {
		fitGCToModel()
	}
	r, d := render.NewWith(fsys, s, render.Options{StringsPerPage: opts.reference, AutolinkEverywhere: opts.reference})
	diags.Append(d)
	return s, r, diags
}

// imageCache is the extensions' cache folder (site.Builder.CacheDir), for
// resized images: resources/images in the site (git-ignored), or one
// under the system's temporary folder for a site read from opts.FS
// (tests), where the content hash keeps sites apart.
func imageCache(opts Options) string {
	if opts.FS != nil {
		return filepath.Join(os.TempDir(), "deltag-images")
	}
	return filepath.Join(opts.Source, "resources", "images")
}

// The garbage collector's settings while building (Options.TuneGC).
// Parsing and rendering make mostly short-lived garbage, so the collector
// runs less often (GOGC 300) under a memory limit of the live heap plus
// a headroom, and never under gcFloor. The headroom is gcHeadroom up to
// a live heap of 80 MiB (a 10,000-page site, whose peak memory is kept
// near 200 MB), and twice the live heap less 64 MiB above that, so it
// grows faster than the model: each collection marks the whole model,
// and with a fixed headroom a 30,000-page build spent a third of its CPU
// collecting. The limit is fitted again every gcFitEvery files parsed or
// outputs rendered, as the model grows while parsing and the caches
// while rendering. Memory stays bounded by about three times the live
// heap.
const (
	gcPercent  = 300
	gcFloor    = 150 << 20
	gcHeadroom = 96 << 20
	gcFitEvery = 256
)

// gcTuning counts the builds that tune the collector; while it is not
// zero, parallel work refits the limit as it goes (gcTick).
var (
	gcTuning atomic.Int32
	gcTicks  atomic.Int64
)

// tuneGC sets the collector for a build and returns a function that
// restores the previous settings.
func tuneGC() (restore func()) {
	oldLimit := debug.SetMemoryLimit(gcFloor)
	oldPercent := debug.SetGCPercent(gcPercent)
	gcTuning.Add(1)
	return func() {
		gcTuning.Add(-1)
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}

// gcTick is called after each item of parallel work.
func gcTick() {
	if gcTuning.Load() > 0 && gcTicks.Add(1)%gcFitEvery == 0 {
		fitGC(liveHeap())
	}
}

// fitGCToModel fits the limit to the resolved model.
func fitGCToModel() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fitGC(int64(ms.HeapAlloc))
}

// fitGC sets the memory limit for a live heap of live bytes.
func fitGC(live int64) {
	debug.SetMemoryLimit(max(gcFloor, live+max(gcHeadroom, 2*live-64<<20)))
}

var liveSample = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
var liveMu sync.Mutex

// liveHeap is the heap the last collection found live, in bytes; reading
// it does not stop the world.
func liveHeap() int64 {
	liveMu.Lock()
	defer liveMu.Unlock()
	metrics.Read(liveSample)
	if liveSample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(liveSample[0].Value.Uint64())
}

// findContent lists the Markdown files under content/, in a stable order.
func findContent(fsys fs.FS) ([]string, diag.List) {
	var diags diag.List
	var files []string
	err := fsroot.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags.Errorf(p, 0, "%v", err)
			return nil
		}
		name := d.Name()
		if p != "content" && (strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasPrefix(name, "#")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && (strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".markdown")) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil && len(diags) == 0 {
		diags.Errorf("content", 0, "%v", err)
	}
	sort.Strings(files)
	return files, diags
}

// parseAll parses files in parallel; results keep the input order.
// With pooled, files are read into reused buffers (render.ReadSource).
func parseAll(ctx context.Context, fsys fs.FS, files []string, cfg *config.Config, pooled bool) ([]*page.Page, diag.List) {
	pages := make([]*page.Page, len(files))
	diags := make([]diag.List, len(files))
	parallel(ctx, len(files), func(i int) {
		file := files[i]
		read := render.ReadSource
		if !pooled {
			read = readFile
		}
		data, done, err := read(fsys, file)
		if err != nil {
			diags[i].Errorf(file, 0, "%v", err)
			return
		}
		defer done() // a parsed page keeps no slice of its file
		p, d := page.Parse(file, strings.TrimPrefix(file, "content/"), data, cfg)
		diags[i] = d
		if p == nil {
			return
		}
		if p.Summary == "" {
			p.BodySummary = markdown.Summary(p.Body(data), 300)
		}
		pages[i] = p
	})
	var all diag.List
	out := pages[:0]
	for i, p := range pages {
		all.Append(diags[i])
		if p != nil {
			out = append(out, p)
		}
	}
	return out, all
}

// parallel runs fn(0..n-1) on all cores.
func parallel(ctx context.Context, n int, fn func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	if workers > n {
		workers = n
	}
	var next int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				mu.Lock()
				i := int(next)
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				fn(i)
				gcTick()
			}
		}()
	}
	wg.Wait()
}

// job is one output file to render.
type job struct {
	page  *site.Page
	pager *render.Pager
}

// sink receives a build's files: the staging folder of a build, or the
// memory of an incremental rebuild.
type sink interface {
	write(name string, data []byte) error       // generated; minified when on
	writeStatic(name string, data []byte) error // copied; CSS, JS, SVG minified
	exists(name string) bool
}

// jobs lists every page output of the site: content pages, then every
// page of every list.
func jobs(s *site.Site) []job {
	var out []job
	for _, p := range s.Pages {
		out = append(out, job{page: p})
	}
	for _, p := range s.Lists {
		for _, pg := range paginate(p, s.Config.Paginate) {
			out = append(out, job{page: p, pager: pg})
		}
	}
	return out
}

// file is the output file of a job.
func (j job) file() string {
	if j.pager != nil && j.pager.Number > 1 {
		return site.OutFile(pageURL(j.page.Path, j.pager.Number))
	}
	return j.page.OutFile
}

// renderJobs renders jobs in parallel into out. The default language's
// 404 page is written at /404.html too, for hosts that look there, and
// its home at / when site.yaml asks (rootHome).
func renderJobs(ctx context.Context, r *render.Renderer, s *site.Site, js []job, out sink) diag.List {
	diags := make([]diag.List, len(js))
	def404 := s.Languages[0].NotFound
	if ownsOutput(s, "404.html") {
		def404 = nil // the site's own /404.html page
	}
	var defHome *site.Page
	if rootHome(s) {
		defHome = s.Languages[0].Home // also at /, as the Jekyll site had it
	}
	parallel(ctx, len(js), func(i int) {
		j := js[i]
		buf := getBuf()
		defer putBuf(buf)
		d := r.Render(buf, j.page, j.pager)
		diags[i] = d
		if d.HasErrors() {
			return
		}
		file := j.file()
		if err := out.write(file, buf.Bytes()); err != nil {
			diags[i].Errorf(j.page.File, 0, "writing %s: %v", file, err)
		}
		if j.page == def404 {
			if err := out.write("404.html", buf.Bytes()); err != nil {
				diags[i].Errorf("", 0, "writing 404.html: %v", err)
			}
		}
		if j.page == defHome && (j.pager == nil || j.pager.Number <= 1) {
			if err := out.write("index.html", buf.Bytes()); err != nil {
				diags[i].Errorf("", 0, "writing index.html: %v", err)
			}
		}
	})
	var all diag.List
	for _, d := range diags {
		all.Append(d)
	}
	return all
}

// readFile is render.ReadSource without the pool.
func readFile(fsys fs.FS, name string) ([]byte, func(), error) {
	b, err := fs.ReadFile(fsys, name)
	return b, func() {}, err
}

// renderAll renders every job and the extras; with alongside, the extras
// are written while the pages render.
func renderAll(ctx context.Context, r *render.Renderer, s *site.Site, js []job, out sink, res *Result, alongside bool) diag.List {
	stats := map[string]*Stats{}
	for _, l := range s.Languages {
		stats[l.Code] = &Stats{Lang: l.Code}
	}
	for _, j := range js {
		if j.pager == nil {
			stats[j.page.L.Code].Pages++
		} else {
			stats[j.page.L.Code].Lists++
		}
	}
	// The feeds, sitemap, calendars and aliases are written while the
	// pages render rather than after them: on their own they would leave
	// a core idle at the end of the build.
	var extras diag.List
	done := make(chan struct{})
	writeAll := func() {
		defer close(done)
		extras = writeExtras(r, s, out, stats)
	}
	if alongside {
		go writeAll()
	}
	all := renderJobs(ctx, r, s, js, out)
	if !alongside {
		writeAll()
	}
	<-done
	all.Append(extras)
	if all.HasErrors() {
		return all
	}
	for _, l := range s.Languages {
		res.Langs = append(res.Langs, *stats[l.Code])
	}
	return all
}

// paginate splits a list's members into pages; content pages get nil.
func paginate(p *site.Page, size int) []*render.Pager {
	members := p.Members
	if p.Kind == site.KindHome || p.Kind == site.KindTaxonomy || p.Kind == site.Kind404 || size <= 0 {
		return []*render.Pager{{Number: 1, Total: 1, Pages: members, First: p.RelPermalink(), Last: p.RelPermalink(), URLs: []string{p.RelPermalink()}}}
	}
	total := (len(members) + size - 1) / size
	if total == 0 {
		total = 1
	}
	base := p.RelPermalink()
	urls := make([]string, total)
	for i := range urls {
		urls[i] = pageURL(base, i+1)
	}
	pagers := make([]*render.Pager, total)
	for i := range pagers {
		lo, hi := i*size, min((i+1)*size, len(members))
		pg := &render.Pager{Number: i + 1, Total: total, Pages: members[lo:hi], First: urls[0], Last: urls[total-1], URLs: urls}
		if i > 0 {
			pg.Prev = urls[i-1]
		}
		if i+1 < total {
			pg.Next = urls[i+1]
		}
		pagers[i] = pg
	}
	return pagers
}

// pageURL is the URL of page n of a list at base.
func pageURL(base string, n int) string {
	if n == 1 {
		return base
	}
	return fmt.Sprintf("%spage/%d/", base, n)
}

var bufs = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 64<<10)) }}

func getBuf() *bytes.Buffer  { b := bufs.Get().(*bytes.Buffer); b.Reset(); return b }
func putBuf(b *bytes.Buffer) { bufs.Put(b) }

// copyStatic copies the theme's static/ and then the site's static/ over
// it (site files win). A file an extension publishes itself
// (site.StaticOwner: an upload the images extension re-encoded without
// the camera's metadata) is not copied as it is.
func copyStatic(fsys fs.FS, theme string, out sink, res *Result) diag.List {
	var diags diag.List
	files := map[string]string{} // output path → source path
	for _, dir := range []string{path.Join("themes", theme, "static"), "static"} {
		_ = fsroot.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			if ownedStatic(res.Site, strings.TrimPrefix(p, dir+"/")) {
				return nil
			}
			files[strings.TrimPrefix(p, dir+"/")] = p
			return nil
		})
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if out.exists(n) && (res.Site == nil || !replaceable(res.Site, n)) {
			diags.Errorf(files[n], 0, "static file %s would overwrite a generated page of the same URL", n)
			continue
		}
		b, err := fs.ReadFile(fsys, files[n])
		if err != nil {
			diags.Errorf(files[n], 0, "%v", err)
			continue
		}
		if err := out.writeStatic(n, b); err != nil {
			diags.Errorf(files[n], 0, "%v", err)
			continue
		}
		res.Static++
	}
	return diags
}

// ownedStatic reports whether an extension publishes the static file rel
// itself.
func ownedStatic(s *site.Site, rel string) bool {
	if s == nil {
		return false
	}
	for _, e := range s.Extensions() {
		if o, ok := e.(site.StaticOwner); ok && o.OwnsStatic(s, rel) {
			return true
		}
	}
	return false
}

// loadData reads data/*.yaml|yml|json into a map by file name.
func loadData(fsys fs.FS) (map[string]any, diag.List) {
	return readDataDir(fsys, "data")
}
