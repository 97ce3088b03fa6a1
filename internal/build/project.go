package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/fsroot"
	"github.com/deltag/deltag/internal/markdown"
	"github.com/deltag/deltag/internal/page"
	"github.com/deltag/deltag/internal/render"
	"github.com/deltag/deltag/internal/site"
	"github.com/deltag/deltag/themes"
	"github.com/tdewolff/minify/v2"
)

// Project keeps a site in memory between builds, so that an edit
// re-renders only what depends on it (deltag serve). It writes into one
// folder, Dir, which always holds the last good build: a rebuild with
// errors changes nothing there.
//
// What an edit re-renders:
//
//   - a content page: itself; its translations, references and the pages
//     that reference it, old and new; its neighbours (prev/next) before
//     and after; every list page whose members changed or that shows it or a page
//     related to it (cards show derived values: a pool's remaining sum);
//     every list of its section (filter pages too: they show counts and
//     totals derived from all its pages); the taxonomy overviews of its
//     language; every extra output — feeds, the sitemap, aliases, the
//     extensions' calendars — by the same function a full build uses
//     (written only when their bytes changed). If the page is in a menu,
//     or the menus change, every page is rendered.
//   - a static file: copied (a CSS file alone is reported as a CSS
//     change, so browsers swap the stylesheet without reloading).
//   - site.yaml, a layout, an i18n or data file, an _index.md, or any
//     other file: a full build.
//
// The result is byte-identical to a full build of the same files; layouts
// that show other pages than those relations (say, every page's title on
// every page) need a full build, which is what `deltag build` does.
type Project struct {
	opts Options
	fsys fs.FS
	Dir  string

	mu    sync.Mutex
	cfg   *config.Config
	pages map[string]*page.Page // parsed content files, by path
	data  map[string]any
	site  *site.Site
	// outs maps every page output of site to the job that renders it;
	// a list job's pager holds the members the file shows.
	outs    map[string]job
	extras  map[string][32]byte   // extra outputs (feeds, sitemap…) → hash
	statics map[string]string     // static output → source path
	files   map[string]*site.Page // content pages of site by file; nil until needed
	r       *render.Renderer      // the renderer of site, reused while the model stays
}

// Change describes one rebuild.
type Change struct {
	Full     bool     // everything was rebuilt
	CSSOnly  bool     // only stylesheets changed
	Rendered int      // page outputs rendered
	Written  []string // files written or removed (slash paths in Dir)
	Duration time.Duration
}

// OpenProject runs a full build of opts.Source into opts.Dest and keeps
// the model. A site with errors still gives a Project (serve shows the
// errors and rebuilds when they are fixed).
func OpenProject(ctx context.Context, opts Options) (*Project, *Change, diag.List) {
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	p := &Project{opts: opts, fsys: opts.FS, Dir: opts.Dest}
	if p.fsys == nil {
		p.fsys = themes.WithDefault(fsroot.New(opts.Source))
	}
	if err := os.MkdirAll(p.Dir, 0o755); err != nil {
		return nil, nil, diag.List{diag.Errorf(p.Dir, 0, "%v", err)}
	}
	ch, diags := p.Full(ctx)
	return p, ch, diags
}

// Full rebuilds everything from the files.
func (p *Project) Full(ctx context.Context) (*Change, diag.List) {
	p.mu.Lock()
	defer p.mu.Unlock()
	start := time.Now()
	cfg, parsed, data, diags := load(ctx, p.fsys, p.opts)
	if diags.HasErrors() {
		return nil, diags
	}
	pages := map[string]*page.Page{}
	for _, pp := range parsed {
		pages[pp.File] = pp
	}
	s, r, d := p.resolve(cfg, pages, data)
	diags.Append(d)
	if diags.HasErrors() {
		return nil, diags
	}
	mem := newMemSink(cfg.MinifyOn())
	res := &Result{Site: s}
	all := jobs(s)
	diags.Append(renderAll(ctx, r, s, all, mem, res, true))
	diags.Append(copyStatic(p.fsys, cfg.Theme, mem, res))
	if diags.HasErrors() {
		return nil, diags
	}
	// Swap in: write what differs, remove what is gone.
	ch := &Change{Full: true}
	keep := map[string]bool{}
	for name, b := range mem.files {
		keep[name] = true
		if p.differs(name, b) {
			if err := writeAtomic(p.Dir, name, b); err != nil {
				diags.Errorf(name, 0, "%v", err)
				continue
			}
			ch.Written = append(ch.Written, name)
		}
	}
	_ = filepath.WalkDir(p.Dir, func(fp string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(p.Dir, fp)
		if rel = filepath.ToSlash(rel); !keep[rel] {
			os.Remove(fp)
			ch.Written = append(ch.Written, rel)
		}
		return nil
	})
	p.cfg, p.pages, p.data, p.site, p.files, p.r = cfg, pages, data, s, nil, r
	p.outs = byOutput(all)
	p.statics = staticSources(p.fsys, cfg.Theme)
	// The extra outputs (feeds, sitemap, calendars…) are what the build
	// wrote beyond pages and static files; keep their hashes.
	p.extras = map[string][32]byte{}
	for name, b := range mem.files {
		_, isPage := p.outs[name]
		_, isStatic := p.statics[name]
		if !isPage && !isStatic {
			p.extras[name] = sha256.Sum256(b)
		}
	}
	ch.Rendered = len(p.outs)
	ch.Duration = time.Since(start)
	sort.Strings(ch.Written)
	return ch, diags
}

// renderExtras renders the extra outputs of a model (feeds, sitemap,
// aliases, the extensions' calendars…) into memory with writeExtras, the
// same function a full build uses.
func (p *Project) renderExtras(r *render.Renderer, s *site.Site) (*memSink, diag.List) {
	mem := newMemSink(p.cfg.MinifyOn())
	return mem, writeExtras(r, s, mem, nil)
}

// commitExtras writes the extra outputs whose bytes changed, removes those
// a model no longer has (unless a page now has that file) and returns the
// new hashes.
func (p *Project) commitExtras(mem *memSink, outs map[string]job, ch *Change) (map[string][32]byte, diag.List) {
	var diags diag.List
	extras := make(map[string][32]byte, len(mem.files))
	for _, name := range sortedNames(mem.files) {
		b := mem.files[name]
		h := sha256.Sum256(b)
		extras[name] = h
		if old, ok := p.extras[name]; !ok || old != h {
			if err := writeAtomic(p.Dir, name, b); err != nil {
				diags.Errorf(name, 0, "%v", err)
			}
			ch.Written = append(ch.Written, name)
		}
	}
	for name := range p.extras {
		_, stillExtra := extras[name]
		_, nowPage := outs[name]
		if !stillExtra && !nowPage {
			os.Remove(filepath.Join(p.Dir, filepath.FromSlash(name)))
			ch.Written = append(ch.Written, name)
		}
	}
	return extras, diags
}

// resolve builds the model and a renderer from the parsed pages, in
// file order as a full build has them.
func (p *Project) resolve(cfg *config.Config, pages map[string]*page.Page, data map[string]any) (*site.Site, *render.Renderer, diag.List) {
	files := make([]string, 0, len(pages))
	for f := range pages {
		files = append(files, f)
	}
	sort.Strings(files)
	list := make([]*page.Page, 0, len(files))
	for _, f := range files {
		list = append(list, pages[f])
	}
	return resolve(p.fsys, cfg, list, data, p.opts)
}

// Update rebuilds after files changed (slash paths from the site root).
func (p *Project) Update(ctx context.Context, changed []string) (*Change, diag.List) {
	if p.site == nil || needsFull(changed, p.cfg.Theme) || rebuildWhole(p.site) {
		return p.Full(ctx)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	start := time.Now()
	ch := &Change{}
	var diags diag.List

	// Static files: copy or remove.
	var content []string
	css := true
	for _, f := range changed {
		if strings.HasPrefix(f, "content/") {
			content = append(content, f)
			css = false
			continue
		}
		name, ok := p.staticName(f)
		if !ok {
			continue
		}
		if !strings.HasSuffix(name, ".css") {
			css = false
		}
		src := p.resolveStatic(name)
		if src == "" {
			os.Remove(filepath.Join(p.Dir, filepath.FromSlash(name)))
			delete(p.statics, name)
			ch.Written = append(ch.Written, name)
			continue
		}
		b, err := fs.ReadFile(p.fsys, src)
		if err != nil {
			diags.Errorf(src, 0, "%v", err)
			continue
		}
		mem := newMemSink(p.cfg.MinifyOn())
		if err := mem.writeStatic(name, b); err != nil {
			diags.Errorf(src, 0, "%v", err)
			continue
		}
		if err := writeAtomic(p.Dir, name, mem.files[name]); err != nil {
			diags.Errorf(name, 0, "%v", err)
		}
		p.statics[name] = src
		ch.Written = append(ch.Written, name)
	}
	if len(content) == 0 {
		ch.CSSOnly = css && len(ch.Written) > 0
		ch.Duration = time.Since(start)
		return ch, diags
	}

	if ch2, diags, ok := p.bodyOnly(ctx, content, start); ok {
		ch2.Written = append(ch.Written, ch2.Written...)
		return ch2, diags
	}

	// Content: parse what changed, resolve again, render what depends.
	pages := make(map[string]*page.Page, len(p.pages)+1)
	for k, v := range p.pages {
		pages[k] = v
	}
	changedSet := map[string]bool{}
	for _, f := range content {
		changedSet[f] = true
		data, err := fs.ReadFile(p.fsys, f)
		if err != nil {
			delete(pages, f)
			continue
		}
		pp, d := page.Parse(f, strings.TrimPrefix(f, "content/"), data, p.cfg)
		diags.Append(d)
		if pp == nil {
			continue
		}
		if pp.Summary == "" {
			pp.BodySummary = markdown.Summary(pp.Body(data), 300)
		}
		pages[f] = pp
	}
	if diags.HasErrors() {
		return nil, diags
	}
	s, r, d := p.resolve(p.cfg, pages, p.data)
	diags.Append(d)
	if diags.HasErrors() {
		return nil, diags
	}
	all := jobs(s)
	outs := byOutput(all)
	todo, full := affected(p.site, s, all, changedSet, p.outs)
	if full {
		todo = all
		ch.Full = true
	}
	mem := newMemSink(p.cfg.MinifyOn())
	diags.Append(renderJobs(ctx, r, s, todo, mem))
	extra, d := p.renderExtras(r, s)
	diags.Append(d)
	if diags.HasErrors() {
		return nil, diags
	}
	// Everything rendered: now change the folder.
	for name, b := range mem.files {
		if p.differs(name, b) {
			if err := writeAtomic(p.Dir, name, b); err != nil {
				diags.Errorf(name, 0, "%v", err)
			}
			ch.Written = append(ch.Written, name)
		}
	}
	for name := range p.outs {
		if _, ok := outs[name]; !ok {
			os.Remove(filepath.Join(p.Dir, filepath.FromSlash(name)))
			ch.Written = append(ch.Written, name)
		}
	}
	extras, d := p.commitExtras(extra, outs, ch)
	diags.Append(d)
	p.pages, p.site, p.outs, p.extras, p.files, p.r = pages, s, outs, extras, nil, r
	ch.Rendered = len(todo)
	ch.Duration = time.Since(start)
	sort.Strings(ch.Written)
	return ch, diags
}

// bodyOnly is the fast path for the most common edit: the text of
// existing pages changed but not their front matter. The model stays as it
// is (only each page's parsed source is replaced), so nothing is resolved
// again: the pages, the lists that show them, their relations and the
// feeds are rendered. ok is false when the edit is not of that kind.
func (p *Project) bodyOnly(ctx context.Context, files []string, start time.Time) (*Change, diag.List, bool) {
	byFile := p.byFile()
	type swap struct {
		sp  *site.Page
		new *page.Page
	}
	var swaps []swap
	for _, f := range files {
		old := p.pages[f]
		sp := byFile[f]
		if old == nil || sp == nil {
			return nil, nil, false
		}
		if sp.Summary != old.Summary || sp.BodySummary != old.BodySummary {
			return nil, nil, false // an extension derived the summary in resolve: resolve again
		}
		data, err := fs.ReadFile(p.fsys, f)
		if err != nil {
			return nil, nil, false
		}
		np, d := page.Parse(f, strings.TrimPrefix(f, "content/"), data, p.cfg)
		if np == nil || d.HasErrors() || np.FrontHash != old.FrontHash {
			return nil, nil, false
		}
		if np.Summary == "" {
			np.BodySummary = markdown.Summary(np.Body(data), 300)
		}
		swaps = append(swaps, swap{sp, np})
	}
	// Which outputs show these pages.
	changed := map[string]bool{}
	related := map[*site.Page]bool{}
	for _, sw := range swaps {
		changed[sw.sp.File] = true
		related[sw.sp] = true
		for _, t := range sw.sp.Translations {
			related[t] = true
		}
		for _, t := range sw.sp.AllReferences() {
			related[t] = true
		}
		for _, t := range sw.sp.ReferencedBy {
			related[t] = true
		}
		if sw.sp.Prev != nil {
			related[sw.sp.Prev] = true
		}
		if sw.sp.Next != nil {
			related[sw.sp.Next] = true
		}
	}
	var todo []job
	for _, sp := range p.site.Pages {
		if related[sp] {
			todo = append(todo, job{page: sp})
		}
	}
	for _, j := range p.outs {
		if j.pager == nil {
			continue
		}
		for _, m := range j.pager.Pages {
			if changed[m.File] {
				todo = append(todo, j)
				break
			}
		}
	}
	// Swap in the new sources, render; on errors put the old ones back.
	olds := make([]*page.Page, len(swaps))
	for i, sw := range swaps {
		olds[i] = sw.sp.Page
		sw.sp.Page = sw.new
		sw.sp.Summary, sw.sp.BodySummary = sw.new.Summary, sw.new.BodySummary
	}
	p.r.ForgetCached() // cached cards show the old text
	mem := newMemSink(p.cfg.MinifyOn())
	diags := renderJobs(ctx, p.r, p.site, todo, mem)
	extra, d := p.renderExtras(p.r, p.site)
	diags.Append(d)
	if diags.HasErrors() {
		for i, sw := range swaps {
			sw.sp.Page = olds[i]
			sw.sp.Summary, sw.sp.BodySummary = olds[i].Summary, olds[i].BodySummary
		}
		return nil, diags, true
	}
	ch := &Change{Rendered: len(todo)}
	for _, name := range sortedNames(mem.files) {
		b := mem.files[name]
		if !p.differs(name, b) {
			continue
		}
		if err := writeAtomic(p.Dir, name, b); err != nil {
			diags.Errorf(name, 0, "%v", err)
		}
		ch.Written = append(ch.Written, name)
	}
	extras, d := p.commitExtras(extra, p.outs, ch)
	diags.Append(d)
	p.extras = extras
	for _, sw := range swaps {
		p.pages[sw.sp.File] = sw.new
	}
	ch.Duration = time.Since(start)
	return ch, diags, true
}

func (p *Project) byFile() map[string]*site.Page {
	if p.files == nil {
		p.files = byFile(p.site)
	}
	return p.files
}

func sortedNames(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// needsFull reports whether a change needs a full build.
func needsFull(changed []string, theme string) bool {
	for _, f := range changed {
		switch {
		case f == config.File, strings.HasPrefix(f, "layouts/"), strings.HasPrefix(f, "i18n/"), strings.HasPrefix(f, "data/"):
			return true
		case strings.HasPrefix(f, "_"), strings.HasPrefix(f, "assets/"): // a Jekyll site's _config.yml, _layouts/, _includes/, _sass/ and Sass (sitefiles.go)
			return true
		case strings.HasPrefix(f, "themes/"):
			if !strings.HasPrefix(f, "themes/"+theme+"/static/") {
				return true
			}
		case strings.HasPrefix(f, "content/"):
			if path.Base(f) == "_index.md" || !strings.HasSuffix(f, ".md") {
				return true
			}
		}
	}
	return false
}

// staticName maps a changed file to its output name, if it is static.
func (p *Project) staticName(f string) (string, bool) {
	for _, dir := range []string{"static/", "themes/" + p.cfg.Theme + "/static/"} {
		if strings.HasPrefix(f, dir) {
			return strings.TrimPrefix(f, dir), true
		}
	}
	return "", false
}

// resolveStatic finds the file that serves a static name now: the site's,
// else the theme's; "" when neither exists.
func (p *Project) resolveStatic(name string) string {
	for _, dir := range []string{"static/", "themes/" + p.cfg.Theme + "/static/"} {
		if _, err := fs.Stat(p.fsys, dir+name); err == nil {
			return dir + name
		}
	}
	return ""
}

func staticSources(fsys fs.FS, theme string) map[string]string {
	out := map[string]string{}
	for _, dir := range []string{path.Join("themes", theme, "static"), "static"} {
		_ = fsroot.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				out[strings.TrimPrefix(p, dir+"/")] = p
			}
			return nil
		})
	}
	return out
}

// affected lists the jobs of the new model an edit of changed files
// touches; full is true when every page must be rendered again.
func affected(old, cur *site.Site, curJobs []job, changed map[string]bool, oldOuts map[string]job) (todo []job, full bool) {
	oldByFile := byFile(old)
	curByFile := byFile(cur)
	related := map[string]bool{}
	mark := func(p *site.Page) {
		if p != nil && p.File != "" {
			related[p.File] = true
		}
	}
	for f := range changed {
		related[f] = true
		for _, p := range []*site.Page{oldByFile[f], curByFile[f]} {
			if p == nil {
				continue
			}
			if len(p.Menus) > 0 {
				return nil, true
			}
			for _, t := range p.Translations {
				mark(t)
			}
			for _, t := range p.AllReferences() {
				mark(t)
			}
			for _, t := range p.ReferencedBy {
				mark(t)
			}
			mark(p.Prev)
			mark(p.Next)
		}
	}
	if !sameMenus(old, cur) {
		return nil, true
	}
	sections := map[string]bool{}
	for f := range changed {
		for _, p := range []*site.Page{oldByFile[f], curByFile[f]} {
			if p != nil && p.Section != "" {
				sections[p.L.Code+"/"+p.Section] = true
			}
		}
	}
	for _, j := range curJobs {
		if j.pager == nil {
			if related[j.page.File] {
				todo = append(todo, j)
			}
			continue
		}
		was, existed := oldOuts[j.file()]
		switch {
		case !existed || was.pager == nil, j.page.Kind == site.KindTaxonomy && touchesLang(j.page.L.Code, changed, curByFile, oldByFile),
			// The lists of a section (its filter pages too) show what
			// extensions derive from all its pages: counts, totals.
			j.page.Kind == site.KindSection && sections[j.page.L.Code+"/"+j.page.Section]:
			todo = append(todo, j)
		case !sameMembers(was.pager.Pages, j.pager.Pages):
			todo = append(todo, j)
		default:
			// A list shows its members' cards, and a card shows values
			// derived from the pages related to the edit (a pool's
			// remaining sum changes when a project naming it does).
			for _, m := range j.pager.Pages {
				if related[m.File] {
					todo = append(todo, j)
					break
				}
			}
		}
	}
	return todo, false
}

func touchesLang(lang string, changed map[string]bool, maps ...map[string]*site.Page) bool {
	for f := range changed {
		for _, m := range maps {
			if p := m[f]; p != nil && p.L.Code == lang {
				return true
			}
		}
	}
	return false
}

func byFile(s *site.Site) map[string]*site.Page {
	m := make(map[string]*site.Page, len(s.Pages))
	for _, p := range s.Pages {
		if p.File != "" {
			m[p.File] = p
		}
	}
	return m
}

// byOutput indexes jobs by the files each writes (the default
// language's 404 page is also /404.html; see renderJobs).
func byOutput(js []job) map[string]job {
	m := make(map[string]job, len(js)+1)
	for _, j := range js {
		m[j.file()] = j
		if j.page == j.page.Site.Languages[0].NotFound {
			m["404.html"] = j
		}
		if j.page == j.page.Site.Languages[0].Home && rootHome(j.page.Site) && (j.pager == nil || j.pager.Number <= 1) {
			m["index.html"] = j
		}
	}
	return m
}

// sameMembers reports whether two list pages show the same files in the
// same order (the pages belong to different models, so compare files).
func sameMembers(a, b []*site.Page) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].File != b[i].File {
			return false
		}
	}
	return true
}

func sameMenus(a, b *site.Site) bool {
	key := func(s *site.Site) string {
		var sb strings.Builder
		for _, l := range s.Languages {
			names := make([]string, 0, len(l.Menus))
			for n := range l.Menus {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				for _, e := range l.Menus[n] {
					fmt.Fprintf(&sb, "%s|%s|%s|%s|%d\n", l.Code, n, e.Name, e.URL, e.Weight)
				}
			}
		}
		return sb.String()
	}
	return key(a) == key(b)
}

// differs reports whether name in Dir does not already hold b.
func (p *Project) differs(name string, b []byte) bool {
	old, err := os.ReadFile(filepath.Join(p.Dir, filepath.FromSlash(name)))
	return err != nil || !bytes.Equal(old, b)
}

// writeAtomic writes a file so that a reader never sees it half written.
func writeAtomic(dir, name string, b []byte) error {
	full, err := outPath(dir, name)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	tmp := full + ".deltag-tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, full)
}

// memSink collects a build's files in memory.
type memSink struct {
	min   *minify.M
	mu    sync.Mutex
	files map[string][]byte
}

func newMemSink(doMinify bool) *memSink {
	m := &memSink{files: map[string][]byte{}}
	if doMinify {
		m.min = newMinifier()
	}
	return m
}

func (m *memSink) write(name string, data []byte) error {
	if _, err := outPath("", name); err != nil {
		return err
	}
	b, err := minified(m.min, name, data)
	if err != nil {
		return err
	}
	b = bytes.Clone(b) // b may be the caller's buffer, reused after this call
	m.mu.Lock()
	m.files[path.Clean(name)] = b
	m.mu.Unlock()
	return nil
}

func (m *memSink) writeStatic(name string, data []byte) error {
	switch path.Ext(name) {
	case ".css", ".js", ".svg":
		return m.write(name, data)
	}
	if _, err := outPath("", name); err != nil {
		return err
	}
	m.mu.Lock()
	m.files[path.Clean(name)] = append([]byte(nil), data...)
	m.mu.Unlock()
	return nil
}

func (m *memSink) exists(name string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.files[path.Clean(name)]
	return ok
}
