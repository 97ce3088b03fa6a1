package jekyllsite

import (
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/liquid"
	"github.com/deltag/deltag/internal/page"
	"github.com/deltag/deltag/internal/site"
	"gopkg.in/yaml.v3"
)

// Pagination (jekyll-paginate) at build time. Jekyll renders the site's
// index page once per page of posts: at its own URL, then at
// paginate_path with :num replaced (/page2/, /page3/, …), each time with
// a paginator object. The import marks the index page it paginates with
// jekyll_paginate: 1; Generate adds a copy of it for every further
// page the posts of this build fill (paginate: per page in _config.yml),
// so a post added or removed adds or removes a page, and paginator gives
// each its posts. As in jekyll-paginate 1.1: posts are site.posts newest
// first, without those with hidden: true; total_pages is
// ceil(posts / paginate); previous_page_path of page 2 is the index
// page's URL; a site without posts has no paginator.

// paginateKey is the front-matter key the import marks the paginated
// index page with (1), and that the copies carry with their number.
const paginateKey = "jekyll_paginate"

// Generate adds the paginated index page's further pages: as many as
// the posts this build publishes fill, at paginate_path.
func (Extension) Generate(in site.GenerateInput) ([]*page.Page, diag.List) {
	if in.FS == nil {
		return nil, nil
	}
	per, tmpl, diags := paginateConfig(in.FS)
	if per == 0 {
		return nil, diags
	}
	var index *page.Page
	have := map[int]bool{} // further pages written by an earlier import
	for _, pp := range in.Pages {
		switch n, _ := pp.Params[paginateKey].(int); {
		case n == 1 && index == nil && in.Published(pp):
			index = pp
		case n > 1:
			have[n] = true
		}
	}
	if index == nil {
		return nil, diags
	}
	paths, _ := in.Data["jekyll_paths"].(map[string]any)
	posts := 0
	for _, pp := range in.Pages {
		if !pp.IsIndex && isPost(pp, paths) && !liquid.Truthy(pp.Params["hidden"]) && in.Published(pp) {
			posts++
		}
	}
	var out []*page.Page
	for n := 2; n <= (posts+per-1)/per; n++ {
		if have[n] {
			continue
		}
		cp := *index
		cp.IsIndex = false
		// A page of its own at paginate_path, outside any section, with
		// no translations, menu entries, aliases or terms: Jekyll's copy
		// of the index page is a page of the site, nothing more.
		cp.Section, cp.Dir, cp.Name = "", "", "jekyll-page-"+strconv.Itoa(n)
		cp.URL = pagePath(tmpl, n)
		cp.Aliases, cp.Menus = nil, nil
		cp.Ref, cp.HasRef = "", true
		cp.Terms = map[string][]string{}
		cp.Params = make(map[string]any, len(index.Params))
		for k, v := range index.Params {
			cp.Params[k] = v
		}
		cp.Params[paginateKey] = n
		out = append(out, &cp)
	}
	return out, diags
}

// paginateConfig reads paginate and paginate_path from _config.yml; per
// is 0 when the site does not paginate.
func paginateConfig(fsys fs.FS) (per int, tmpl string, diags diag.List) {
	raw, err := fs.ReadFile(fsys, liquid.ConfigFile)
	if err != nil {
		return 0, "", nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(raw, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return 0, "", nil // reported by liquid.Open
	}
	var val, pathNode *yaml.Node
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		switch m.Content[i].Value {
		case "paginate":
			val = m.Content[i+1]
		case "paginate_path":
			pathNode = m.Content[i+1]
		}
	}
	if val == nil || val.Tag == "!!null" {
		return 0, "", nil
	}
	per, err = strconv.Atoi(strings.TrimSpace(val.Value))
	if err != nil || per < 1 || val.Kind != yaml.ScalarNode {
		diags.Warnf(liquid.ConfigFile, val.Line, "paginate: %s is not a number of posts per page; the index page is not paginated", val.Value)
		return 0, "", diags
	}
	if pathNode != nil && pathNode.Kind == yaml.ScalarNode && pathNode.Tag != "!!null" {
		tmpl = pathNode.Value
	}
	if tmpl == "" {
		tmpl = "/page:num/"
	}
	return per, tmpl, diags
}

// isPost reports whether a page is one of Jekyll's posts (site.posts):
// a document in the posts section.
func isPost(p *page.Page, paths map[string]any) bool {
	return p.Section == "posts" && isDocument(p, paths)
}

// isDocument reports whether a page is a document of a collection (a
// post too) rather than a page: from its Jekyll source, which the import
// recorded in data/jekyll_paths (_posts/…, _events/…); a file written
// after the import is a document when it is in a section.
func isDocument(p *page.Page, paths map[string]any) bool {
	if jp, ok := paths[p.File].(string); ok {
		return strings.HasPrefix(jp, "_")
	}
	return p.Section != ""
}

// pagePath is the URL of page n (n ≥ 2) for paginate_path, as Jekyll
// writes it (a folder, unless paginate_path names an .html file).
func pagePath(tmpl string, n int) string {
	u := "/" + strings.Trim(strings.ReplaceAll(tmpl, ":num", strconv.Itoa(n)), "/") + "/"
	if path.Ext(strings.TrimSuffix(u, "/")) == ".html" {
		u = strings.TrimSuffix(u, "/")
	}
	return u
}

// paginator is jekyll-paginate's paginator for the index page or one of
// its copies (jekyll_paginate: n), or nil: the posts of page n, the
// neighbours and their paths.
func (l *state) paginator(p *site.Page) map[string]any {
	if p.Page == nil {
		return nil
	}
	n, ok := p.Params[paginateKey].(int)
	if !ok || n < 1 || l.paginate.per < 1 {
		return nil
	}
	per := l.paginate.per
	var posts []any
	all, _ := l.siteVars["posts"].([]any)
	for _, o := range all {
		if m, _ := o.(map[string]any); !liquid.Truthy(m["hidden"]) {
			posts = append(posts, o)
		}
	}
	total := (len(posts) + per - 1) / per
	if n > total {
		return nil // Jekyll makes no such page
	}
	pathOf := func(i int) any {
		if i == 1 {
			return l.paginate.first
		}
		return pagePath(l.paginate.tmpl, i)
	}
	from, to := (n-1)*per, min(n*per, len(posts))
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

// pagination is what paginator needs, read once per build.
type pagination struct {
	per   int
	tmpl  string
	first string // the paginated index page's URL in Jekyll
}

// readPagination reads _config.yml's pagination and page 1's URL: the
// paginated index page's URL in Jekyll (its folder in
// data/jekyll_paths), else paginate_path's folder.
func readPagination(s *site.Site, fsys fs.FS) pagination {
	per, tmpl, _ := paginateConfig(fsys)
	pg := pagination{per: per, tmpl: tmpl, first: path.Dir("/" + strings.Trim(tmpl, "/"))}
	if per == 0 {
		return pg
	}
	paths, _ := s.Data["jekyll_paths"].(map[string]any)
	for _, p := range append(s.Lists[:len(s.Lists):len(s.Lists)], s.Pages...) {
		if p.Page == nil {
			continue
		}
		if n, _ := p.Params[paginateKey].(int); n == 1 {
			if jp, ok := paths[p.File].(string); ok {
				pg.first = path.Dir("/" + jp)
			}
			break
		}
	}
	if pg.first != "/" {
		pg.first += "/"
	}
	return pg
}
