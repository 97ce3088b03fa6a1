package build

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"sort"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/render"
	"github.com/deltag/deltag/internal/site"
)

// feedSize is how many entries an Atom feed carries.
const feedSize = 20

// writeExtras writes what is not a page layout: the language chooser at
// /, an Atom feed per language, sitemap.xml, robots.txt, alias redirects
// and the extensions' outputs (calendars, scripts). It is the one function
// for these files: a full build, an incremental update and a body-only
// edit all call it, so deltag serve writes what deltag build writes.
func writeExtras(r *render.Renderer, s *site.Site, out sink, stats map[string]*Stats) diag.List {
	var diags diag.List
	cfg := s.Config

	// The language chooser, unless the default home is written there
	// (renderJobs).
	buf := getBuf()
	defer putBuf(buf)
	if !rootHome(s) {
		if r.HasLayout("root.html") {
			diags.Append(r.RenderNamed(buf, s.Languages[0].Code, "root.html", RootView{Site: s, Languages: s.Languages}))
		} else {
			rootPage(buf, s)
		}
		if diags.HasErrors() {
			return diags
		}
		put(out, "index.html", buf.Bytes(), &diags)
	}

	diags.Append(writeFeeds(s, out))
	if stats != nil {
		for _, l := range s.Languages {
			stats[l.Code].Feeds++
		}
	}

	buf.Reset()
	sitemap(buf, s)
	put(out, "sitemap.xml", buf.Bytes(), &diags)
	put(out, "robots.txt", []byte("User-agent: *\nAllow: /\n\nSitemap: "+cfg.AbsURL("sitemap.xml")+"\n"), &diags)

	// The extensions' own files (calendars, the forms' script).
	for _, e := range s.Extensions() {
		if w, ok := e.(site.OutputWriter); ok {
			diags.Append(w.Outputs(s, func(name string, b []byte) { put(out, name, b, &diags) }))
		}
	}

	// Aliases: small redirect pages at old URLs (checked for collisions
	// and for leaving the site in site.Resolve).
	for _, p := range s.Pages {
		for _, a := range p.Aliases {
			file := site.AliasFile(a)
			buf.Reset()
			aliasPage(buf, p, r.T(p.L.Code, "moved"))
			put(out, file, buf.Bytes(), &diags)
			if stats != nil {
				stats[p.L.Code].Aliases++
			}
		}
	}
	return diags
}

// writeFeeds writes the Atom feed of every language.
func writeFeeds(s *site.Site, out sink) diag.List {
	var diags diag.List
	buf := getBuf()
	defer putBuf(buf)
	for _, l := range s.Languages {
		buf.Reset()
		if err := atomFeed(buf, s, l); err != nil {
			diags.Errorf("", 0, "feed %s: %v", l.Code, err)
		}
		put(out, l.Code+"/feed.xml", buf.Bytes(), &diags)
	}
	if f := rootFeed(s); f != "" {
		buf.Reset()
		if err := atomFeed(buf, s, s.Languages[0]); err != nil {
			diags.Errorf("site.yaml", s.Config.Lines["params"], "feed %s: %v", f, err)
		}
		put(out, f, buf.Bytes(), &diags)
	}
	return diags
}

func put(out sink, name string, b []byte, diags *diag.List) {
	if err := out.write(name, b); err != nil {
		diags.Errorf("", 0, "writing %s: %v", name, err)
	}
}

// RootView is the dot of root.html, the language chooser at /.
type RootView struct {
	Site      *site.Site
	Languages []*site.Language
}

var aliasTmpl = template.Must(template.New("alias").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<link rel="canonical" href="{{.Abs}}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{.Rel}}">
</head>
<body>
<main><p>{{.Moved}} <a href="{{.Rel}}">{{.Title}}</a></p></main>
</body>
</html>
`))

func aliasPage(buf *bytes.Buffer, p *site.Page, moved string) {
	_ = aliasTmpl.Execute(buf, map[string]string{
		"Lang": p.L.Code, "Title": p.Title, "Abs": p.Permalink(), "Rel": p.RelPermalink(), "Moved": moved,
	})
}

var rootTmpl = template.Must(template.New("root").Parse(`<!DOCTYPE html>
<html lang="{{(index .Languages 0).Code}}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{(index .Languages 0).Title}}</title></head>
<body><main><ul>{{range .Languages}}<li><a href="{{.Home.RelPermalink}}" lang="{{.Code}}" hreflang="{{.Code}}">{{.Name}}</a></li>{{end}}</ul></main></body>
</html>
`))

func rootPage(buf *bytes.Buffer, s *site.Site) {
	_ = rootTmpl.Execute(buf, RootView{Site: s, Languages: s.Languages})
}

type atomLink struct {
	Rel      string `xml:"rel,attr,omitempty"`
	Href     string `xml:"href,attr"`
	Type     string `xml:"type,attr,omitempty"`
	HrefLang string `xml:"hreflang,attr,omitempty"`
}

type atomEntry struct {
	Title     string     `xml:"title"`
	Links     []atomLink `xml:"link"`
	ID        string     `xml:"id"`
	Published string     `xml:"published,omitempty"`
	Updated   string     `xml:"updated"`
	Summary   string     `xml:"summary,omitempty"`
}

type atomFeedDoc struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	Title   string      `xml:"title"`
	Sub     string      `xml:"subtitle,omitempty"`
	Links   []atomLink  `xml:"link"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Author  *atomAuthor `xml:"author,omitempty"`
	Entries []atomEntry `xml:"entry"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

// atomFeed writes a language's feed of its newest dated pages (pages
// without a date — about, thank-you pages — are not news).
func atomFeed(buf *bytes.Buffer, s *site.Site, l *site.Language) error {
	pages := make([]*site.Page, 0, len(l.Pages))
	for _, p := range l.Pages {
		if !p.Date.IsZero() {
			pages = append(pages, p)
		}
	}
	sort.SliceStable(pages, func(i, j int) bool {
		if !pages[i].Date.Equal(pages[j].Date) {
			return pages[i].Date.After(pages[j].Date)
		}
		return pages[i].File < pages[j].File
	})
	if len(pages) > feedSize {
		pages = pages[:feedSize]
	}
	feed := atomFeedDoc{
		Lang:  l.Code,
		Title: l.Title,
		Sub:   l.Description,
		Links: []atomLink{
			{Rel: "self", Href: s.Config.AbsURL(l.Code + "/feed.xml"), Type: "application/atom+xml"},
			{Rel: "alternate", Href: l.Home.Permalink(), Type: "text/html"},
		},
		ID:     l.Home.Permalink(),
		Author: &atomAuthor{Name: l.Title},
	}
	var newest time.Time
	for _, p := range pages {
		upd := p.Date
		if p.Lastmod.After(upd) {
			upd = p.Lastmod
		}
		if upd.After(newest) {
			newest = upd
		}
		e := atomEntry{
			Title:   p.Title,
			Links:   []atomLink{{Rel: "alternate", Href: p.Permalink(), Type: "text/html"}},
			ID:      p.Permalink(),
			Updated: rfc3339(upd),
			Summary: summaryOf(p),
		}
		if !p.Date.IsZero() {
			e.Published = rfc3339(p.Date)
		}
		for _, t := range p.Translations {
			e.Links = append(e.Links, atomLink{Rel: "alternate", Href: t.Permalink(), HrefLang: t.L.Code, Type: "text/html"})
		}
		feed.Entries = append(feed.Entries, e)
	}
	if newest.IsZero() {
		newest = time.Unix(0, 0).UTC()
	}
	feed.Updated = rfc3339(newest)
	buf.WriteString(xml.Header)
	return xml.NewEncoder(buf).Encode(feed)
}

func summaryOf(p *site.Page) string {
	if p.Summary != "" {
		return p.Summary
	}
	return p.BodySummary
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// sitemap writes sitemap.xml (every page but 404s and noindex pages)
// with hreflang alternates for every page
// that has translations, and x-default pointing at the default language
// (for home pages, at the language chooser).
func sitemap(buf *bytes.Buffer, s *site.Site) {
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	all := append(append([]*site.Page{}, s.Pages...), s.Lists...)
	for _, p := range all {
		if p.Kind == site.Kind404 || noindex(p) {
			continue
		}
		buf.WriteString("<url><loc>")
		buf.WriteString(xmlEscape(p.Permalink()))
		buf.WriteString("</loc>")
		if d := lastmod(p); !d.IsZero() {
			buf.WriteString("<lastmod>")
			buf.WriteString(d.Format(time.RFC3339))
			buf.WriteString("</lastmod>")
		}
		if len(p.Translations) > 0 {
			for _, t := range p.AllTranslations() {
				if noindex(t) {
					continue
				}
				fmt.Fprintf(buf, `<xhtml:link rel="alternate" hreflang="%s" href="%s"/>`, t.L.Code, xmlEscape(t.Permalink()))
			}
			fmt.Fprintf(buf, `<xhtml:link rel="alternate" hreflang="x-default" href="%s"/>`, xmlEscape(XDefault(p)))
		}
		buf.WriteString("</url>\n")
	}
	buf.WriteString("</urlset>\n")
}

// noindex reports whether a page asks search engines to leave it out
// (front matter noindex: true, as the thank-you pages after a form do;
// the theme's head then says robots noindex): it is not in the sitemap.
func noindex(p *site.Page) bool {
	if p.Page == nil {
		return false
	}
	v, _ := p.Params["noindex"].(bool)
	return v
}

// XDefault is the URL for readers whose language the site lacks.
func XDefault(p *site.Page) string {
	if p.Kind == site.KindHome {
		return p.Site.Config.AbsURL("")
	}
	def := p.Site.Languages[0].Code
	if p.L.Code == def {
		return p.Permalink()
	}
	if t := p.Translation(def); t != nil {
		return t.Permalink()
	}
	return p.Permalink()
}

func lastmod(p *site.Page) time.Time {
	if p.Lastmod.After(p.Date) {
		return p.Lastmod
	}
	return p.Date
}

func xmlEscape(s string) string {
	if !strings.ContainsAny(s, "<>&'\"\r\n\t") {
		return s
	}
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
