// Package jekyllsite renders a site imported from Jekyll as Jekyll did,
// as one extension (site.Extension) listed in internal/features:
//
//   - Resolve opens the site's Liquid engine (package liquid) when the
//     site has _config.yml, i.e. it came from Jekyll; nothing else is
//     done for other sites;
//   - Text renders the Liquid in a page's text before Markdown;
//   - Page renders a page whose layout: names a file of _layouts/ with
//     that layout instead of the html/template lookup (one lookup: a
//     layout name is first looked for in _layouts/, then as package
//     render describes);
//   - Outputs writes the CSS compiled from the site's Sass (package
//     sass; any site with assets/*.scss), and OwnsStatic keeps a static file of the same name from
//     being copied over it;
//   - RebuildWhole: deltag serve rebuilds a Liquid site whole on every
//     change, since any page may show any other.
//
// Jekyll's objects (site, page, paginator) are built from the one model
// (site.Site), once per build.
package jekyllsite

import (
	"bytes"
	"context"
	"html"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/deltag/deltag/internal/diag"
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
	once     sync.Once
	siteVars map[string]any
	pages    map[*site.Page]map[string]any

	mu   sync.Mutex
	sass map[string]bool // the files Outputs wrote from Sass
}

func stateOf(s *site.Site) *state {
	st, _ := s.State(Extension{}).(*state)
	return st
}

// Resolve opens the site's Liquid engine, if it has one (_config.yml).
func (e Extension) Resolve(b *site.Builder) diag.List {
	eng, diags := liquid.Open(b.FS()) // nil unless the site has _config.yml
	b.SetState(e, &state{eng: eng, fsys: b.FS(), sass: map[string]bool{}})
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

// Prepare builds Jekyll's objects and renders the summaries and every
// page's content (Jekyll's post.content in lists and feeds).
func (Extension) Prepare(s *site.Site, body func(p *site.Page) ([]byte, error)) {
	l := liquidOf(s)
	if l == nil {
		return
	}
	l.vars(s, s.Languages[0].Home, nil) // builds the objects and excerpts once
	// Summaries were taken from the text as written, Liquid included:
	// every layout, list card and feed must show them rendered. (This
	// writes to the parsed pages before anything renders, as it did
	// before the extension point; it belongs to Resolve once summaries
	// are a field of the model page.)
	for p, o := range l.pages {
		if p.Page == nil {
			continue
		}
		text, _ := o["excerpt_text"].(string)
		if hasLiquid(p.Summary) {
			p.Page.Summary = text
		}
		if hasLiquid(p.BodySummary) {
			p.Page.BodySummary = text
		}
	}
	// Jekyll's post.content in lists and feeds: each page's text rendered
	// (Liquid, then Markdown), without its layout. Pages are rendered in
	// file order; one whose text shows another page's content sees it
	// only when that page comes first. Errors are reported when the page
	// itself renders.
	for _, p := range s.Pages {
		if o := l.pages[p]; o != nil && p.File != "" {
			if html, err := body(p); err == nil {
				o["content"] = string(html)
			}
		}
	}
}

func hasLiquid(s string) bool { return strings.Contains(s, "{{") || strings.Contains(s, "{%") }

// Text renders the Liquid in a page's text.
func (Extension) Text(s *site.Site, p *site.Page, body []byte) ([]byte, *diag.Diagnostic) {
	l := liquidOf(s)
	if l == nil {
		return body, nil
	}
	return l.eng.Render(body, p.File, p.BodyLine, l.vars(s, p, nil))
}

// Page renders p in its Liquid layout, when its layout: names one;
// handled is false when the page is for the html/template layouts.
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
	l.once.Do(func() {
		l.siteVars, l.pages = jekyllObjects(s, l.eng.Config())
		l.renderExcerpts()
	})
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
// with _sass/ partials; package sass).
func (Extension) Outputs(s *site.Site, emit func(name string, data []byte)) diag.List {
	l := stateOf(s)
	if l == nil {
		return nil
	}
	files, diags := sass.Compile(context.Background(), l.fsys)
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

// paginator is jekyll-paginate's paginator for a page the import marked
// with its page number (jekyll_paginate: n), or nil: the posts of page
// n, the neighbours and their paths (from paginate and paginate_path in
// _config.yml).
func (l *state) paginator(p *site.Page) map[string]any {
	if p.Page == nil {
		return nil
	}
	n, ok := p.Params["jekyll_paginate"].(int)
	per, _ := l.siteVars["paginate"].(int)
	if !ok || n < 1 || per < 1 {
		return nil
	}
	tmpl, _ := l.siteVars["paginate_path"].(string)
	if tmpl == "" {
		tmpl = "/page:num/"
	}
	pathOf := func(i int) any {
		if i < 1 {
			return nil
		}
		if i == 1 {
			d := path.Dir("/" + strings.Trim(tmpl, "/"))
			if d != "/" {
				d += "/"
			}
			return d
		}
		return "/" + strings.Trim(strings.ReplaceAll(tmpl, ":num", strconv.Itoa(i)), "/") + "/"
	}
	posts, _ := l.siteVars["posts"].([]any)
	total := (len(posts) + per - 1) / per
	from, to := min((n-1)*per, len(posts)), min(n*per, len(posts))
	pg := map[string]any{
		"page": n, "per_page": per, "posts": posts[from:to], "total_posts": len(posts), "total_pages": total,
		"previous_page": nil, "previous_page_path": nil, "next_page": nil, "next_page_path": nil,
	}
	if n > 1 {
		pg["previous_page"], pg["previous_page_path"] = n-1, pathOf(n-1)
	}
	if n < total {
		pg["next_page"], pg["next_page_path"] = n+1, pathOf(n+1)
	}
	return pg
}

// renderExcerpts renders the Liquid in excerpts, which are taken from the
// page's text as written; an excerpt that is not Liquid on its own (the
// first line of a {% for %}) is left out, never shown as code.
func (l *state) renderExcerpts() {
	for _, o := range l.pages {
		text, _ := o["excerpt_text"].(string)
		if !strings.Contains(text, "{{") && !strings.Contains(text, "{%") {
			continue
		}
		out, d := l.eng.Render([]byte(text), "", 0, liquid.Vars{Site: l.siteVars, Page: o})
		if d != nil || strings.Contains(string(out), "{{") || strings.Contains(string(out), "{%") {
			delete(o, "excerpt")
			delete(o, "excerpt_text")
			continue
		}
		o["excerpt_text"] = string(out)
		o["excerpt"] = "<p>" + html.EscapeString(string(out)) + "</p>\n"
	}
}

// jekyllObjects builds Jekyll's site object (config keys, data, pages,
// posts, collections, categories, tags, time) and every page's object.
func jekyllObjects(s *site.Site, config map[string]any) (map[string]any, map[*site.Page]map[string]any) {
	sv := make(map[string]any, len(config)+8)
	for k, v := range config {
		sv[k] = v
	}
	sv["time"] = s.Now
	sv["data"] = s.Data
	// The import records each page's Jekyll source: Liquid's page.path,
	// which also tells pages from collection documents.
	paths, _ := s.Data["jekyll_paths"].(map[string]any)
	object := func(p *site.Page) map[string]any {
		o := pageObject(p)
		if jp, ok := paths[p.File].(string); ok {
			o["path"] = jp
			o["name"] = path.Base(jp)
		}
		return o
	}
	isDoc := func(p *site.Page, o map[string]any) bool {
		if paths == nil {
			return p.Section != ""
		}
		jp, _ := o["path"].(string)
		return strings.HasPrefix(jp, "_")
	}
	pages := map[*site.Page]map[string]any{}
	var all, posts []any
	collections := map[string][]any{}
	categories := map[string][]any{}
	tags := map[string][]any{}
	sorted := append([]*site.Page(nil), s.Pages...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Date.After(sorted[j].Date) })
	for _, p := range sorted {
		o := object(p)
		pages[p] = o
		switch {
		case p.Section == "posts" && isDoc(p, o):
			posts = append(posts, o)
			for _, c := range p.Page.Terms["categories"] {
				categories[c] = append(categories[c], o)
			}
			for _, t := range p.Page.Terms["tags"] {
				tags[t] = append(tags[t], o)
			}
		case isDoc(p, o):
			label := collectionLabel(p, o)
			collections[label] = append(collections[label], o)
		default:
			all = append(all, o)
		}
	}
	for _, p := range s.Lists {
		if p.Page != nil && p.File != "" {
			o := object(p)
			pages[p] = o
			if isDoc(p, o) {
				// A collection document the import made a home page.
				label := collectionLabel(p, o)
				collections[label] = append(collections[label], o)
				continue
			}
			all = append(all, o)
		}
	}
	// Jekyll lists pages in the order it read them: by path.
	sort.SliceStable(all, func(i, j int) bool {
		a, _ := all[i].(map[string]any)["path"].(string)
		b, _ := all[j].(map[string]any)["path"].(string)
		return a < b
	})
	sv["pages"] = all
	sv["posts"] = posts
	sv["categories"] = categories
	sv["tags"] = tags
	// Jekyll's site.<label> is the collection's documents for every
	// label but posts (SiteDrop#[]), even pages; site.collections is
	// every collection, posts too, sorted by label.
	collections["posts"] = posts
	labels := make([]string, 0, len(collections))
	for label := range collections {
		labels = append(labels, label)
	}
	sort.Strings(labels)
	var cols []any
	for _, label := range labels {
		docs := collections[label]
		if label != "posts" {
			sv[label] = docs
		}
		cols = append(cols, map[string]any{"label": label, "docs": docs, "output": true})
	}
	if data, ok := s.Data["collections"].(map[string]any); ok {
		// Collections without output, kept as data by the import.
		for label, docs := range data {
			if _, taken := sv[label]; !taken {
				sv[label] = docs
			}
		}
	}
	sv["collections"] = cols
	return sv, pages
}

// pageObject is Jekyll's page (or post, or document) object for p.
func pageObject(p *site.Page) map[string]any {
	o := map[string]any{}
	if p.Page != nil {
		for k, v := range p.Params {
			o[k] = v
		}
		for k, v := range p.Page.Terms {
			o[k] = stringsAny(v)
		}
		// Front matter deltag reads into fields is page.<key> again.
		pp := p.Page
		for k, v := range map[string]string{"image": pp.Image, "thumbnail": pp.Thumbnail, "type": pp.Type, "slug": pp.Slug, "ref": pp.Ref} {
			if v != "" {
				o[k] = v
			}
		}
		if pp.Weight != 0 {
			o["weight"] = pp.Weight
		}
		if len(pp.Links) > 0 {
			var links []any
			for _, l := range pp.Links {
				links = append(links, map[string]any{"title": l.Title, "url": l.URL})
			}
			o["links"] = links
		}
		// The import keeps keys that mean something else to deltag as
		// jekyll_<key> (form, type, a weight that is no number): the
		// site's own templates read them under their own names.
		for k, v := range p.Params {
			if name, ok := strings.CutPrefix(k, "jekyll_"); ok && name != "url" && name != "paginate" {
				o[name] = v
			}
		}
		o["layout"] = p.Layout
		o["path"] = p.File
		o["name"] = path.Base(p.File)
	}
	o["title"] = p.Title
	o["url"] = p.Path
	o["id"] = p.Path
	o["lang"] = p.L.Code
	o["collection"] = p.Section
	if !p.Date.IsZero() {
		o["date"] = p.Date
	}
	// Jekyll's excerpt: the first paragraph (or the page's summary).
	summary := p.Summary
	if summary == "" && p.Page != nil {
		summary = p.BodySummary
	}
	if summary != "" {
		o["excerpt"] = "<p>" + html.EscapeString(summary) + "</p>\n"
		o["excerpt_text"] = summary
	}
	return o
}

func stringsAny(l []string) []any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}

// collectionLabel is the Jekyll collection of a document: the folder
// _<label> its Jekyll path starts in (the import may have moved it to
// another section, such as a language's home), else its section.
func collectionLabel(p *site.Page, o map[string]any) string {
	jp, _ := o["path"].(string)
	for _, seg := range strings.Split(jp, "/") {
		if l, ok := strings.CutPrefix(seg, "_"); ok && l != "" {
			return l
		}
	}
	return p.Section
}
