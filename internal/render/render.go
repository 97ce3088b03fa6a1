package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/fsroot"
	"github.com/deltag/deltag/internal/markdown"
	"github.com/deltag/deltag/internal/page"
	"github.com/deltag/deltag/internal/site"
	"gopkg.in/yaml.v3"
)

// View is the dot of every layout.
//
// Besides the embedded page it repeats the fields layouts read most as
// its own: html/template finds a struct's own fields by a quick scan but a
// field promoted through embedded structs by a slower search on every
// access, which showed as 7% of a 10,000-page build.
type View struct {
	*site.Page
	Title        string
	Date         time.Time
	Summary      string
	BodySummary  string
	Params       map[string]any
	Section      string
	Kind         string
	L            *site.Language
	Path         string
	Image        string
	Links        []page.Link
	Prev, Next   *site.Page
	SectionPage  *site.Page
	Translations []*site.Page
	Site         *site.Site
	Extra        map[string]any
	Draft        bool
	// Methods of the page every layout calls, as values: a method reached
	// through the embedded page costs a reflective search and call each
	// time.
	RelPermalink  string
	Permalink     string
	SectionTitle  string
	AllReferences []*site.Page
	TermsOf       map[string][]*site.Term
	// LangLinks are the links to the page in every other language: its
	// translation, else that language's home page (the language switch).
	LangLinks []LangLink
	// Content is the rendered Markdown body.
	Content template.HTML
	// Headings lists the body's headings, for a table of contents.
	Headings []markdown.Heading
	// Pager is set on list pages: the members on this page of the list.
	Pager *Pager
}

// LangLink is a link to a page, or to the home page, in another
// language; Alternate is set when it is the page's translation.
type LangLink struct {
	Code, Name, URL string
	Alternate       bool
}

// langLinks lists the links to p in the site's other languages.
func langLinks(p *site.Page) []LangLink {
	out := make([]LangLink, 0, len(p.Site.Languages)-1)
	for _, l := range p.Site.Languages {
		if l.Code == p.L.Code {
			continue
		}
		link := LangLink{Code: l.Code, Name: l.Name}
		if t := p.Translation(l.Code); t != nil {
			link.URL, link.Alternate = t.RelPermalink(), true
		} else {
			link.URL = l.Home.RelPermalink()
		}
		out = append(out, link)
	}
	return out
}

// Pager is one page of a paginated list.
type Pager struct {
	Number, Total int
	Pages         []*site.Page
	Prev, Next    string // URLs, "" at the ends
	First, Last   string
	URLs          []string // URL of every page of the list, for numbered links
}

// PagerLink is one numbered link of a pager; Gap marks an elided run.
type PagerLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool
}

// Links returns the numbered links a pager shows: the first and last
// page, the current one and two on each side, with a gap where pages are
// left out — so a list of 40 pages gets at most nine links, not forty.
func (p *Pager) Links() []PagerLink {
	var out []PagerLink
	last := 0
	for n := 1; n <= p.Total; n++ {
		if n != 1 && n != p.Total && (n < p.Number-2 || n > p.Number+2) {
			continue
		}
		if last != 0 && n > last+1 {
			out = append(out, PagerLink{Gap: true})
		}
		out = append(out, PagerLink{Number: n, URL: p.URLs[n-1], Current: n == p.Number})
		last = n
	}
	return out
}

// Renderer renders pages of one site. It is safe for concurrent use.
type Renderer struct {
	site    *site.Site
	fsys    fs.FS
	layouts map[string]*Layouts // by language
	md      map[string]*markdown.Converter
	i18n    map[string]map[string]string
	byFile  map[string]*site.Page

	mu      sync.Mutex
	missing map[string]bool // "lang: key" of missing UI strings
	cache   sync.Map        // partialCached results by lang, name and key

	pageRenderers []site.PageRenderer // extensions that render a page's text or whole page

}

// Options are switches of a Renderer.
//
// Both switch off work the renderer does once instead of per page, so
// that tests can check the fast path renders the same bytes and
// benchmarks can measure what it saves.
type Options struct {
	// StringsPerPage looks every {{T "key"}} up when a page renders,
	// instead of once when the layouts are compiled (foldStrings).
	StringsPerPage bool
	// AutolinkEverywhere is markdown.Options.AutolinkEverywhere.
	AutolinkEverywhere bool
}

// New loads layouts and UI strings and prepares a renderer.
func New(fsys fs.FS, s *site.Site) (*Renderer, diag.List) {
	return NewWith(fsys, s, Options{})
}

// NewWith is New with options.
func NewWith(fsys fs.FS, s *site.Site, opts Options) (*Renderer, diag.List) {
	var diags diag.List
	cfg := s.Config
	r := &Renderer{
		site:    s,
		fsys:    fsys,
		layouts: map[string]*Layouts{},
		md:      map[string]*markdown.Converter{},
		byFile:  map[string]*site.Page{},
		missing: map[string]bool{},
	}
	for _, p := range s.Pages {
		r.byFile[p.File] = p
	}
	for _, p := range s.Lists { // homes and sections given by an _index.md
		if p.File != "" && r.byFile[p.File] == nil {
			r.byFile[p.File] = p
		}
	}
	r.i18n, diags = loadI18n(fsys, cfg.Theme, s)
	srcs, d := readLayouts(fsys, LayoutDirs(cfg.Theme))
	diags.Append(d)
	if len(srcs) == 0 {
		diags.Errorf("layouts", 0, "no layouts found in layouts/ or themes/%s/layouts/ (is theme: set in site.yaml?)", cfg.Theme)
	}
	for i, l := range s.Languages {
		co := compileOptions{collapse: cfg.MinifyOn()}
		if !opts.StringsPerPage {
			strs := r.i18n[l.Code]
			co.strings = func(key string) (string, bool) { s, ok := strs[key]; return s, ok }
		}
		ls, d := compile(srcs, r.funcs(l), co)
		if i == 0 {
			diags.Append(d) // the same errors for every language: report once
		}
		r.layouts[l.Code] = ls
		mo := markdown.Options{Unsafe: cfg.Markdown.Unsafe, Typographer: cfg.Markdown.TypographerOn(), AutolinkEverywhere: opts.AutolinkEverywhere}
		for _, e := range s.Extensions() {
			if h, ok := e.(site.MarkdownHook); ok {
				h.Markdown(s, l, &mo)
			}
		}
		r.md[l.Code] = markdown.New(l.Code, mo)
	}
	for _, e := range s.Extensions() {
		if pr, ok := e.(site.PageRenderer); ok {
			r.pageRenderers = append(r.pageRenderers, pr)
		}
	}
	for _, pr := range r.pageRenderers {
		pr.Prepare(s, func(p *site.Page) ([]byte, error) {
			res, err := r.Body(p)
			if err == nil && res.Diags.HasErrors() {
				err = res.Diags.Err()
			}
			return res.HTML, err
		})
	}
	return r, diags
}

// MissingStrings lists UI strings a layout asked for that no i18n file
// has, as "lang: key", sorted.
func (r *Renderer) MissingStrings() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.missing))
	for k := range r.missing {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// LayoutFor returns the layout a page renders with.
func (r *Renderer) LayoutFor(p *site.Page) (string, bool) {
	ls := r.layouts[p.L.Code]
	typ := p.Type
	if typ == "" {
		typ = p.Section
	}
	kind := p.Kind
	if kind == site.KindPage {
		kind = "single"
	}
	var names []string
	if p.Layout != "" && typ != "" {
		names = append(names, typ+"/"+p.Layout+".html")
	}
	if typ != "" {
		names = append(names, typ+"/"+kind+".html")
	}
	if p.Layout != "" {
		names = append(names, "_default/"+p.Layout+".html")
	}
	names = append(names, "_default/"+kind+".html")
	if p.IsList() && p.Kind != site.Kind404 {
		names = append(names, "_default/list.html")
	}
	return ls.Lookup(names...)
}

// Body renders a page's Markdown body, rewriting links to other content
// files to their URLs.
func (r *Renderer) Body(p *site.Page) (markdown.Result, error) {
	return r.body(new(bytes.Buffer), p)
}

// htmlBufs are the buffers Render converts bodies into; the HTML is
// copied into the View's Content, so the buffer is free again after.
var htmlBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// body is Body writing the HTML into buf.
func (r *Renderer) body(buf *bytes.Buffer, p *site.Page) (markdown.Result, error) {
	if p.Page == nil || p.File == "" {
		return markdown.Result{}, nil
	}
	data, done, err := ReadSource(r.fsys, p.File)
	if err != nil {
		return markdown.Result{}, err
	}
	defer done() // the Result holds no slice of the source
	body := p.Body(data)
	for _, pr := range r.pageRenderers { // a page's text in a template language (Liquid)
		var d *diag.Diagnostic
		if body, d = pr.Text(r.site, p, body); d != nil {
			return markdown.Result{Diags: diag.List{*d}}, nil
		}
	}
	dir := path.Dir(p.File)
	resolve := func(dest string) (string, bool) {
		target := path.Clean(path.Join(dir, dest))
		if strings.HasPrefix(dest, "/") {
			target = path.Clean(strings.TrimPrefix(dest, "/"))
			if !strings.HasPrefix(target, "content/") {
				target = "content/" + target
			}
		}
		if t := r.byFile[target]; t != nil {
			return t.RelPermalink(), true
		}
		return "", false
	}
	return r.md[p.L.Code].ConvertInto(buf, body, p.File, p.BodyLine, resolve), nil
}

// Render renders one output of a page: a content page, or one page of a
// list (pager is nil for content pages).
func (r *Renderer) Render(buf *bytes.Buffer, p *site.Page, pager *Pager) diag.List {
	var diags diag.List
	v := &View{Page: p, Pager: pager, Title: p.Title, Date: p.Date, Summary: p.Summary,
		BodySummary: p.BodySummary, Params: p.Params, Section: p.Section, Kind: p.Kind,
		L: p.L, Path: p.Path, Image: p.Image, Links: p.Links,
		Prev: p.Prev, Next: p.Next, SectionPage: p.SectionPage, Translations: p.Translations,
		Site: p.Site, Extra: p.Extra, RelPermalink: p.RelPermalink(), Permalink: p.Permalink(),
		SectionTitle: p.SectionTitle(), AllReferences: p.AllReferences(), TermsOf: p.TermsOf,
		LangLinks: langLinks(p)}
	if p.Page != nil {
		v.Draft = p.Draft
	}
	if pager == nil || pager.Number == 1 {
		hb := htmlBufs.Get().(*bytes.Buffer)
		hb.Reset()
		res, err := r.body(hb, p)
		v.Content = template.HTML(res.HTML) // a copy: hb goes back now
		htmlBufs.Put(hb)
		if err != nil {
			diags.Errorf(p.File, 0, "%v", err)
			return diags
		}
		diags.Append(res.Diags)
		v.Headings = res.Headings
	}
	for _, pr := range r.pageRenderers { // a whole page in a template language (Liquid)
		if handled, d := pr.Page(r.site, buf, p, []byte(v.Content)); handled {
			return append(diags, d...)
		}
	}
	name, ok := r.LayoutFor(p)
	if !ok {
		diags.Errorf(p.File, 0, "no layout for this %s page (looked for %s/single.html and _default/single.html)", p.Kind, p.Section)
		return diags
	}
	if err := r.layouts[p.L.Code].Execute(buf, name, v); err != nil {
		d := templateDiag(err, r.layoutFiles())
		if p.File != "" {
			d.Msg += " (rendering " + p.File + ")"
		} else {
			d.Msg += " (rendering " + p.Path + ")"
		}
		diags.Add(d)
	}
	return diags
}

func (r *Renderer) layoutFiles() map[string]string {
	files := map[string]string{}
	for _, dir := range LayoutDirs(r.site.Config.Theme) {
		_ = fsroot.WalkDir(r.fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				name := strings.TrimPrefix(p, dir+"/")
				if _, ok := files[name]; !ok {
					files[name] = p
				}
			}
			return nil
		})
	}
	return files
}

// HasLayout reports whether a named layout exists for the default
// language.
func (r *Renderer) HasLayout(name string) bool {
	return r.layouts[r.site.Languages[0].Code].Has(name)
}

// RenderNamed renders a named layout (such as root.html) with data.
func (r *Renderer) RenderNamed(buf *bytes.Buffer, lang, name string, data any) diag.List {
	if err := r.layouts[lang].Execute(buf, name, data); err != nil {
		return diag.List{templateDiag(err, r.layoutFiles())}
	}
	return nil
}

// loadI18n reads UI strings: the theme's i18n/<lang>.yaml, then the
// site's i18n/<lang>.yaml over it.
func loadI18n(fsys fs.FS, theme string, s *site.Site) (map[string]map[string]string, diag.List) {
	var diags diag.List
	out := map[string]map[string]string{}
	for _, l := range s.Languages {
		m := map[string]string{}
		for _, dir := range []string{path.Join("themes", theme, "i18n"), "i18n"} {
			file := path.Join(dir, l.Code+".yaml")
			b, err := fs.ReadFile(fsys, file)
			if err != nil {
				continue
			}
			var kv map[string]string
			if err := yaml.Unmarshal(b, &kv); err != nil {
				diags.Add(diag.Errorf(file, 0, "%v", err))
				continue
			}
			for k, v := range kv {
				m[k] = v
			}
		}
		out[l.Code] = m
	}
	return out, diags
}

// translate returns the UI string key in lang, falling back to the
// default language, then to the key itself (and records it as missing).
func (r *Renderer) translate(lang, key string, args ...any) string {
	s, ok := r.i18n[lang][key]
	if !ok {
		r.mu.Lock()
		r.missing[lang+": "+key] = true
		r.mu.Unlock()
		if s, ok = r.i18n[r.site.Languages[0].Code][key]; !ok {
			s = key
		}
	}
	if len(args) > 0 && strings.Contains(s, "%") {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// T returns a UI string in lang, as the T template function does.
func (r *Renderer) T(lang, key string) string { return r.translate(lang, key) }

// ForgetCached drops every partialCached result, for when pages change
// but the renderer is kept (deltag serve's body-only rebuilds).
func (r *Renderer) ForgetCached() { r.cache.Clear() }

// partialCached renders a partial once per language, name and key and
// returns the same HTML to every later call. The partial must produce
// HTML for an element-content position.
func (r *Renderer) partialCached(lang, name string, data any, key []any) (template.HTML, error) {
	k := cacheKey{lang: lang, name: name, key: keyString(key)}
	if v, ok := r.cache.Load(k); ok {
		return v.(template.HTML), nil
	}
	var buf bytes.Buffer
	if err := r.layouts[lang].executePartial(&buf, name, data); err != nil {
		return "", err
	}
	h := template.HTML(buf.String())
	v, _ := r.cache.LoadOrStore(k, h)
	return v.(template.HTML), nil
}

// cacheKey finds a partialCached result.
type cacheKey struct{ lang, name, key string }

// keyString joins partialCached's keys into one string, without fmt for
// strings (the usual keys), and one string key as it is: every joined
// key ends in a NUL byte, so the two cannot meet.
func keyString(key []any) string {
	if len(key) == 1 {
		if s, ok := key[0].(string); ok && !strings.HasSuffix(s, "\x00") {
			return s
		}
	}
	var b strings.Builder
	for _, k := range key {
		if s, ok := k.(string); ok {
			b.WriteString("s")
			b.WriteString(s)
		} else {
			fmt.Fprintf(&b, "%T:%v", k, k)
		}
		b.WriteByte(0)
	}
	return b.String()
}
