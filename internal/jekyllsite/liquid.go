// Package jekyllsite renders a site imported from Jekyll as Jekyll did,
// as one extension (site.Extension) listed in internal/features:
//
//   - Resolve opens the site's Liquid engine (package liquid) when the
//     site has _config.yml, i.e. it came from Jekyll (nothing else is
//     done for other sites), builds Jekyll's objects and renders the
//     Liquid in summaries, which it sets on the model pages
//     (site.Builder.SetSummary; parsed pages stay as parsed);
//   - Prepare renders every page's text in Jekyll's order, for
//     post.content in lists and feeds (see Prepare);
//   - Text renders the Liquid in a page's text before Markdown;
//   - Page renders a page whose layout: names a file of _layouts/ with
//     that layout instead of the html/template lookup (one lookup: a
//     layout name is first looked for in _layouts/, then as package
//     render describes);
//   - Outputs writes the CSS compiled from the site's Sass (package
//     sass; any site with assets/*.scss; kept in the cache folder so an
//     unchanged site compiles nothing), and OwnsStatic keeps a static
//     file of the same name from being copied over it;
//   - Generate adds jekyll-paginate's further index pages, as many
//     as this build's posts fill (paginate.go);
//   - RebuildWhole: deltag serve rebuilds a Liquid site whole on every
//     change, since any page may show any other.
//
// Jekyll's objects (site, page, paginator) are built from the one model
// (site.Site), once per build, in Resolve.
package jekyllsite

import (
	"bytes"
	"context"
	"hash/fnv"
	"html"
	"io/fs"
	"strings"
	"sync"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/kramdown"
	"github.com/deltag/deltag/internal/liquid"
	"github.com/deltag/deltag/internal/sass"
	"github.com/deltag/deltag/internal/site"
)

// Extension is the Jekyll extension; see the package doc.
type Extension struct{}

// Name names the extension in diagnostics.
func (Extension) Name() string { return "jekyll" }

// state is one build's Liquid side.
type state struct {
	eng      *liquid.Engine
	fsys     fs.FS
	cacheDir string
	siteVars map[string]any
	pages    map[*site.Page]map[string]any
	order    []*site.Page // Jekyll's render order (objects.order)
	paginate pagination

	// Set by Prepare and read-only after it: the Liquid of every page
	// with Liquid in its text, rendered in Jekyll's order.
	preparing bool
	texts     map[*site.Page]renderedText
	early     diag.List // pages that show a later page's Liquid as text (warnEarly)

	mu   sync.Mutex
	sass map[string]bool // the files Outputs wrote from Sass
}

// renderedText is a page's text with its Liquid rendered, for the text
// it was rendered from (a hash of it).
type renderedText struct {
	hash uint64
	out  []byte
	diag *diag.Diagnostic
}

func stateOf(s *site.Site) *state {
	st, _ := s.State(Extension{}).(*state)
	return st
}

// Resolve opens the site's Liquid engine, if it has one (_config.yml),
// builds Jekyll's objects from the model and renders the Liquid in the
// summaries: they were taken from the text as written, and every layout,
// list card, feed and meta tag shows them (Builder.SetSummary).
func (e Extension) Resolve(b *site.Builder) diag.List {
	eng, diags := liquid.Open(b.FS()) // nil unless the site has _config.yml
	st := &state{eng: eng, fsys: b.FS(), cacheDir: b.CacheDir(), sass: map[string]bool{}}
	b.SetState(e, st)
	if eng == nil {
		return diags
	}
	s := b.Site()
	objs := jekyllObjects(s, eng.Config(), collectionOrder(b.FS()))
	st.siteVars, st.pages, st.order = objs.site, objs.pages, objs.order
	st.paginate = readPagination(s, b.FS())
	st.renderExcerpts(b)
	return diags
}

// RebuildWhole is true for a Liquid site: its pages can show any other
// page's text (site.posts).
func (Extension) RebuildWhole(s *site.Site) bool { return liquidOf(s) != nil }

// liquidOf is the build's state when the site renders Liquid, else nil.
func liquidOf(s *site.Site) *state {
	if l := stateOf(s); l != nil && l.eng != nil {
		return l
	}
	return nil
}

// Prepare renders every page's text in Jekyll's order (objects.order),
// as Jekyll's Site#render does, and keeps it: Jekyll's post.content in
// lists and feeds. Before a page renders, its content is its text as
// written (Jekyll's document.content before the renderer ran); after, its
// text rendered (Liquid, then Markdown) without its layout. So a page
// (an index, a feed) sees every post's content, and a post that shows a
// later post's content shows that text as written, as Jekyll does. Text
// then gives each page the Liquid it rendered here, so the page itself
// shows what lists show of it; errors are reported when the page itself
// renders.
func (Extension) Prepare(s *site.Site, body func(p *site.Page) ([]byte, error)) {
	l := liquidOf(s)
	if l == nil {
		return
	}
	l.texts = make(map[*site.Page]renderedText, len(l.order))
	for _, p := range l.order {
		o := l.pages[p]
		delete(o, "content")
		if data, err := fs.ReadFile(l.fsys, p.File); err == nil {
			o["content"] = string(p.Page.Body(data))
		}
	}
	l.preparing = true
	defer func() { l.preparing = false }()
	l.early = nil
	sigs := liquidSignatures(l.order, l.pages)
	for i, p := range l.order {
		if html, err := body(p); err == nil {
			l.pages[p]["content"] = string(html)
		}
		l.warnEarly(p, i, sigs)
	}
}

// sigLen is how much of a text, from its first Liquid tag or output,
// finds it in another page's text (liquidSignatures).
const sigLen = 24

// signatures find which pages' texts as written appear in a rendered
// text, without searching for each: a text holding Liquid is filed
// under the sigLen bytes from its first {{ or {% (or, shorter than that,
// in short), by its index in the render order.
type signatures struct {
	long  map[string][]int
	short []int
	raw   []string // the texts as written, trimmed, by index
}

func liquidSignatures(order []*site.Page, pages map[*site.Page]map[string]any) signatures {
	sg := signatures{long: map[string][]int{}, raw: make([]string, len(order))}
	for i, p := range order {
		raw, _ := pages[p]["content"].(string)
		raw = strings.TrimSpace(raw)
		j := firstLiquid(raw)
		if j < 0 {
			continue
		}
		sg.raw[i] = raw
		if len(raw)-j < sigLen {
			sg.short = append(sg.short, i)
			continue
		}
		sg.long[raw[j:j+sigLen]] = append(sg.long[raw[j:j+sigLen]], i)
	}
	return sg
}

func firstLiquid(s string) int {
	a, b := strings.Index(s, "{{"), strings.Index(s, "{%")
	if a < 0 || (b >= 0 && b < a) {
		return b
	}
	return a
}

// warnEarly warns when the text of the page at index i of the render
// order shows the content of a page Jekyll renders after it: that
// content is shown as written, and when it holds Liquid, the code is
// published as text, as Jekyll does. Only a text that still holds Liquid
// after rendering is looked at, at each of its {{ and {%.
func (l *state) warnEarly(p *site.Page, i int, sg signatures) {
	t, ok := l.texts[p]
	if !ok || t.diag != nil || !hasLiquid(string(t.out)) {
		return
	}
	out := string(t.out)
	seen := map[int]bool{}
	check := func(q int) {
		if q > i && !seen[q] && strings.Contains(out, sg.raw[q]) {
			seen[q] = true
			l.early.Warnf(p.File, p.BodyLine, "shows the content of %s as written, with its Liquid code: Jekyll renders that page after this one (posts, then the other collections, then pages by file name) and shows the same", l.order[q].File)
		}
	}
	for j := 0; j+sigLen <= len(out); j++ {
		if out[j] == '{' && (out[j+1] == '{' || out[j+1] == '%') {
			for _, q := range sg.long[out[j:j+sigLen]] {
				check(q)
			}
		}
	}
	for _, q := range sg.short {
		check(q)
	}
}

func hasLiquid(s string) bool { return strings.Contains(s, "{{") || strings.Contains(s, "{%") }

// Text renders the Liquid in a page's text: while Prepare runs, with the
// objects as they are at the page's turn; after it, as Prepare rendered
// it (when the text is the same). kramdown's extensions are read in a
// text with or without Liquid (kramdown.Rewrite).
func (Extension) Text(s *site.Site, p *site.Page, body []byte) ([]byte, *diag.Diagnostic) {
	l := liquidOf(s)
	if l == nil {
		return body, nil
	}
	if !bytes.Contains(body, []byte("{{")) && !bytes.Contains(body, []byte("{%")) {
		return kramdown.Rewrite(body), nil
	}
	h := fnv.New64a()
	h.Write(body)
	sum := h.Sum64()
	if !l.preparing {
		if t, ok := l.texts[p]; ok && t.hash == sum {
			return t.out, t.diag
		}
	}
	out, d := l.eng.Render(body, p.File, p.BodyLine, l.vars(s, p, nil))
	if l.preparing {
		l.texts[p] = renderedText{hash: sum, out: out, diag: d}
	}
	return out, d
}

// Page renders p in its Liquid layout, when its layout: names one;
// handled is false when the page is for the html/template layouts.
// Layouts render after Prepare, so they see every page's content
// rendered (Jekyll renders a document's layouts at its turn).
func (Extension) Page(s *site.Site, buf *bytes.Buffer, p *site.Page, content []byte) (handled bool, diags diag.List) {
	l := liquidOf(s)
	if l == nil {
		return false, nil
	}
	if p.Layout == "" || !l.eng.HasLayout(p.Layout) {
		return false, nil
	}
	if d := l.eng.Layout(buf, p.Layout, content, l.vars(s, p, content)); d != nil {
		if d.File == "" {
			d.File = p.File
		}
		diags.Add(*d)
	}
	return true, diags
}

// vars are Jekyll's site and page objects for p.
func (l *state) vars(s *site.Site, p *site.Page, content []byte) liquid.Vars {
	pg := l.pages[p]
	if pg == nil {
		pg = pageObject(p)
	}
	if content != nil {
		c := make(map[string]any, len(pg)+1)
		for k, v := range pg {
			c[k] = v
		}
		c["content"] = string(content)
		pg = c
	}
	return liquid.Vars{Site: l.siteVars, Page: pg, Paginator: l.paginator(p)}
}

// Outputs writes the CSS compiled from the site's Sass (assets/*.scss
// with partials from Jekyll's load path, sassLoadPaths; package sass).
func (Extension) Outputs(s *site.Site, emit func(name string, data []byte)) diag.List {
	l := stateOf(s)
	if l == nil {
		return nil
	}
	var config map[string]any
	if l.eng != nil {
		config = l.eng.Config()
	}
	files, diags := sass.Compile(context.Background(), l.fsys, sass.Options{CacheDir: l.cacheDir,
		LoadPaths: sassLoadPaths(config, l.fsys)})
	// Prepare's warnings are reported here, once per build path (Outputs
	// is the extension's part every build path calls after rendering).
	diags = append(l.early[:len(l.early):len(l.early)], diags...)
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, f := range files {
		l.sass[f.Name] = true
		emit(f.Name, f.Data)
	}
	return diags
}

// OwnsStatic reports whether rel is written from Sass, over a static
// file of the same name.
func (Extension) OwnsStatic(s *site.Site, rel string) bool {
	l := stateOf(s)
	if l == nil {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sass[rel]
}

// renderExcerpts renders the Liquid in excerpts, which are taken from the
// page's text as written (its summary, else its first paragraph), and
// sets them as the model page's summary; an excerpt that is not Liquid on
// its own (the first line of a {% for %}) is left out, never shown as
// code.
func (l *state) renderExcerpts(b *site.Builder) {
	for _, p := range l.order { // a stable order; any would do
		o := l.pages[p]
		text, _ := o["excerpt_text"].(string)
		if !hasLiquid(text) {
			continue
		}
		out := l.renderSummary(text, o)
		if out == "" {
			delete(o, "excerpt")
			delete(o, "excerpt_text")
		} else {
			o["excerpt_text"] = out
			o["excerpt"] = "<p>" + html.EscapeString(out) + "</p>\n"
		}
		// The excerpt is the summary when there is one, else the body
		// summary (a parsed page has one or the other).
		if p.Summary != "" {
			b.SetSummary(p, out, p.BodySummary)
		} else {
			b.SetSummary(p, p.Summary, out)
		}
	}
}

// renderSummary renders the Liquid in a summary taken from the text of
// the page whose object is o; "" when it is not Liquid on its own.
func (l *state) renderSummary(text string, o map[string]any) string {
	out, d := l.eng.Render([]byte(text), "", 0, liquid.Vars{Site: l.siteVars, Page: o})
	if d != nil || hasLiquid(string(out)) {
		return ""
	}
	return strings.TrimSpace(string(out))
}
