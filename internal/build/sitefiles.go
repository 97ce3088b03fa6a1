package build

import (
	"strings"

	"github.com/deltag/deltag/internal/site"
)

// Files a site brings itself win over the ones deltag generates.
//
// This is the seam for sites that come from elsewhere (`deltag import
// jekyll`): their own robots.txt, sitemap.xml, 404.html, feed.xml and
// index.html (instead of the language chooser) are kept at their URLs, and
// a root feed (Jekyll's /feed.xml) is written when site.yaml asks for it.
// Liquid and Sass are the jekyllsite extension's.

// replaceable reports whether a static file of the site may replace the
// generated file of the same name, rather than being a collision.
func replaceable(s *site.Site, name string) bool {
	switch name {
	case "robots.txt", "sitemap.xml", "404.html", "feed.xml", "index.html":
		return true
	}
	return name == rootFeed(s)
}

// ownsOutput reports whether a content page of the site is written at
// name, so that deltag does not write its generated file there too (the
// site's own 404 page at /404.html).
func ownsOutput(s *site.Site, name string) bool {
	for _, p := range s.Pages {
		if p.OutFile == name {
			return true
		}
	}
	return false
}

// rootFeed is the file of the extra feed site.yaml asks for with
// `params: {feed: /feed.xml}` (the import of a site that had jekyll-feed
// sets it), or "". It carries the default language's entries.
func rootFeed(s *site.Site) string {
	f, _ := s.Config.Params["feed"].(string)
	f = strings.TrimPrefix(strings.TrimSpace(f), "/")
	if f == "" || strings.HasSuffix(f, "/") || strings.Contains(f, "..") {
		return ""
	}
	return f
}

// rebuildWhole reports whether an extension asks deltag serve to rebuild
// the whole site on every change (site.WholeRebuilder: a Liquid site,
// whose pages can show any other page's text).
func rebuildWhole(s *site.Site) bool {
	for _, e := range s.Extensions() {
		if w, ok := e.(site.WholeRebuilder); ok && w.RebuildWhole(s) {
			return true
		}
	}
	return false
}

// rootHome reports whether site.yaml asks for the default language's
// home page at / as well, instead of the language chooser
// (`params: {home: /}`: the import of a Jekyll site whose home was at /),
// so that the relative links of the home mean what they meant there.
func rootHome(s *site.Site) bool {
	h, _ := s.Config.Params["home"].(string)
	return strings.TrimSpace(h) == "/"
}
