package build

import (
	"context"
	"io/fs"
	"strings"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/liquid"
	"github.com/deltag/deltag/internal/sass"
	"github.com/deltag/deltag/internal/site"
)

// Files a site brings itself win over the ones deltag generates.
//
// This is the seam for sites that come from elsewhere (`deltag import
// jekyll`): their own robots.txt, sitemap.xml, 404.html, feed.xml and
// index.html (instead of the language chooser) are kept at their URLs, and a root feed (Jekyll's /feed.xml) is written
// when site.yaml asks for it. When the build grows an extension point,
// these three functions are what a "site files" extension provides.

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

// siteSass writes the CSS compiled from the site's Sass (package sass),
// over a static file of the same name.
func siteSass(ctx context.Context, fsys fs.FS, out sink, res *Result) diag.List {
	files, diags := sass.Compile(ctx, fsys)
	for _, f := range files {
		if err := out.writeStatic(f.Name, f.Data); err != nil {
			diags.Errorf(f.Name, 0, "%v", err)
			continue
		}
		res.Static++
	}
	return diags
}

// liquidSite reports whether the site renders Liquid (it came from
// Jekyll: it has _config.yml). Its pages can show any other page's text
// (site.posts), so serve rebuilds it whole on every change.
func liquidSite(fsys fs.FS) bool {
	_, err := fs.Stat(fsys, liquid.ConfigFile)
	return err == nil
}
