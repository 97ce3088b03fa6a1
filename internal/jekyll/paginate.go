package jekyll

import (
	"path"
	"strings"
)

// Pagination (jekyll-paginate): Jekyll renders the site's index page once
// per page of posts, at / and then at paginate_path (/page2/, /page3/, …),
// with a paginator object. The import marks the index page it paginates
// (jekyll_paginate: 1); `deltag build` adds its further pages from the
// posts present at each build, with their paginator (package jekyllsite,
// paginate.go), so a post added or removed adds or removes a page.

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

// paginatorPages marks the paginated index page.
func (im *importer) paginatorPages() error {
	per, tmpl := im.paginate()
	if per == 0 {
		return nil
	}
	// Jekyll paginates a page named index.html (not index.md) in
	// paginate_path's folder or a folder above it, the deepest first.
	dirs := map[string]bool{}
	for dir := path.Dir(strings.Trim(tmpl, "/")); ; dir = path.Dir(dir) {
		dirs[dir] = true
		if dir == "." || dir == "/" {
			break
		}
	}
	var home *doc
	for _, d := range im.docs {
		if d.skip || d.Kind != KindPage || path.Base(d.Source) != "index.html" || !dirs[path.Dir(d.Source)] {
			continue
		}
		if home == nil || len(d.Source) > len(home.Source) {
			home = d
		}
	}
	if home == nil {
		im.diags.Warnf(im.cfg.File, 0, "paginate: no index page to paginate (jekyll-paginate paginates index.html, not index.md, in paginate_path's folder or one above it)")
		return nil
	}
	home.fm.set("jekyll_paginate", plainNode("1", "!!int"))
	fm, err := encodeFrontMatter(home.fm.n)
	if err != nil {
		return err
	}
	return im.writeFile(home.Dest, append(fm, home.sp.Body...))
}
