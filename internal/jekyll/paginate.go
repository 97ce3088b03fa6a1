package jekyll

import (
	"math"
	"path"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Pagination (jekyll-paginate): Jekyll renders the site's index page once
// per page of posts, at / and then at paginate_path (/page2/, /page3/, …),
// with a paginator object. The import marks the index page
// (jekyll_paginate: 1) and writes a copy of it for every further page
// with its URL and number (jekyll_paginate: n); deltag's Liquid gives
// each its paginator (render/liquid.go). The number of pages is the one
// Jekyll built at the import: a site that grows past it needs another
// copy with the next number.

// paginate is what the import knows of jekyll-paginate: 0 per page when
// the site does not paginate.
func (im *importer) paginate() (perPage int, pathTmpl string) {
	if !im.cfg.Paginate.Plugin || im.cfg.Paginate.PerPage <= 0 {
		return 0, ""
	}
	p := im.cfg.Paginate.Path
	if p == "" {
		p = "/page:num/"
	}
	return im.cfg.Paginate.PerPage, p
}

// paginatorPath is the URL of page n (n ≥ 2) for paginate_path.
func paginatorPath(tmpl string, n int) string {
	u := "/" + strings.Trim(strings.ReplaceAll(tmpl, ":num", strconv.Itoa(n)), "/") + "/"
	if path.Ext(strings.TrimSuffix(u, "/")) == ".html" {
		u = strings.TrimSuffix(u, "/")
	}
	return u
}

// paginatorPages marks the paginated index page and writes its further
// pages.
func (im *importer) paginatorPages() error {
	per, tmpl := im.paginate()
	if per == 0 {
		return nil
	}
	var home *doc
	posts := 0
	for _, d := range im.docs {
		if d.skip {
			continue
		}
		if d.Kind == KindPost && d.JekyllURL != "" {
			posts++
		}
		// Jekyll paginates the index page in paginate_path's folder.
		dir := path.Dir(strings.Trim(tmpl, "/"))
		if dir == "." {
			dir = ""
		}
		if d.Kind == KindPage && strings.TrimSuffix(path.Base(d.Source), path.Ext(d.Source)) == "index" && strings.Trim(path.Dir(d.Source), ".") == dir {
			home = d
		}
	}
	if home == nil {
		im.diags.Warnf(im.cfg.File, 0, "paginate: no index page to paginate (jekyll-paginate paginates index.html in paginate_path's folder)")
		return nil
	}
	home.fm.set("jekyll_paginate", plainNode("1", "!!int"))
	fm, err := encodeFrontMatter(home.fm.n)
	if err != nil {
		return err
	}
	if err := im.writeFile(home.Dest, append(fm, home.sp.Body...)); err != nil {
		return err
	}
	pages := int(math.Ceil(float64(posts) / float64(per)))
	dir := path.Dir(home.Dest)
	for n := 2; n <= pages; n++ {
		cp := mapping{deepCopy(home.fm.n)}
		cp.set("jekyll_paginate", plainNode(strconv.Itoa(n), "!!int"))
		cp.remove("aliases")
		cp.remove("ref")
		cp.set("url", strNode(paginatorPath(tmpl, n)))
		fm, err := encodeFrontMatter(cp.n)
		if err != nil {
			return err
		}
		if err := im.writeFile(path.Join(dir, "jekyll-page-"+strconv.Itoa(n)+".md"), append(fm, home.sp.Body...)); err != nil {
			return err
		}
	}
	return nil
}

// deepCopy copies a YAML node tree.
func deepCopy(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, k := range n.Content {
		c.Content[i] = deepCopy(k)
	}
	return &c
}
