package jekyllsite

import (
	"html"
	"path"
	"sort"
	"strings"

	"github.com/deltag/deltag/internal/site"
)

// objects are Jekyll's site object and every page's object for one
// build, and the order Jekyll renders the pages in.
type objects struct {
	site  map[string]any
	pages map[*site.Page]map[string]any
	// order is Jekyll's render order (Site#render): the documents of
	// every collection, posts first, then the other collections in the
	// order _config.yml lists them, each as Collection#sort_docs! sorts
	// them (sortDocs); then the pages, by file name
	// (Reader#sort_files!). A page's text sees the content of the pages
	// before it rendered and of the pages after it as written.
	order []*site.Page
}

// jekyllObjects builds Jekyll's site object (config keys, data, pages,
// posts, collections, categories, tags, time) and every page's object,
// from the model as the extensions see it in Resolve. collectionOrder
// lists the collections as _config.yml does.
func jekyllObjects(s *site.Site, config map[string]any, collectionOrder []string) objects {
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
	isDoc := func(p *site.Page, _ map[string]any) bool { return isDocument(p.Page, paths) }
	pages := make(map[*site.Page]map[string]any, len(s.Pages)+8)
	var all []any
	var pageOrder, postOrder []*site.Page
	docOrder := map[string][]*site.Page{}
	for _, p := range s.Pages {
		o := object(p)
		pages[p] = o
		switch {
		case p.Section == "posts" && isDoc(p, o):
			postOrder = append(postOrder, p)
		case isDoc(p, o):
			label := collectionLabel(p, o)
			docOrder[label] = append(docOrder[label], p)
		default:
			all = append(all, o)
			pageOrder = append(pageOrder, p)
		}
	}
	for _, p := range listPages(s) {
		if p.Page != nil && p.File != "" {
			o := object(p)
			pages[p] = o
			if isDoc(p, o) {
				// A collection document the import made a home page.
				label := collectionLabel(p, o)
				docOrder[label] = append(docOrder[label], p)
				continue
			}
			all = append(all, o)
			pageOrder = append(pageOrder, p)
		}
	}
	// Jekyll lists pages in the order it read them: by path.
	sort.SliceStable(all, func(i, j int) bool {
		a, _ := all[i].(map[string]any)["path"].(string)
		b, _ := all[j].(map[string]any)["path"].(string)
		return a < b
	})
	jpath := func(p *site.Page) string {
		jp, _ := pages[p]["path"].(string)
		return jp
	}
	// Every collection's documents in Jekyll's order (sortDocs); posts
	// too, which site.posts, site.categories and site.tags list newest
	// first (SiteDrop#posts, Site#post_attr_hash).
	rules := collectionRules(config)
	docs := func(ps []*site.Page) []any {
		out := make([]any, len(ps))
		for i, p := range ps {
			out[i] = pages[p]
		}
		return out
	}
	// Posts are by date, then path (Reader#sort_files!; Jekyll never
	// applies sort_by or order to them: CollectionReader skips posts),
	// and site.posts lists them newest first.
	sortDocs(postOrder, sortRule{}, "posts", pages, jpath)
	var posts []any
	categories := map[string][]any{}
	tags := map[string][]any{}
	for i := len(postOrder) - 1; i >= 0; i-- {
		p := postOrder[i]
		o := pages[p]
		posts = append(posts, o)
		for _, c := range p.Page.Terms["categories"] {
			categories[c] = append(categories[c], o)
		}
		for _, t := range p.Page.Terms["tags"] {
			tags[t] = append(tags[t], o)
		}
	}
	sv["pages"] = all
	sv["posts"] = posts
	sv["categories"] = categories
	sv["tags"] = tags
	labels := make([]string, 0, len(docOrder))
	for label := range docOrder {
		labels = append(labels, label)
	}
	sort.Strings(labels)
	// site.collections: every collection with output, posts among them,
	// by label (SiteDrop#collections).
	var cols []any
	for _, label := range append([]string{"posts"}, labels...) {
		if label == "posts" && len(postOrder) == 0 {
			continue
		}
		if label != "posts" {
			sortDocs(docOrder[label], rules[label], label, pages, jpath)
			// Jekyll's site.<label> is the collection's documents for
			// every label but posts (SiteDrop#[]), even pages.
			sv[label] = docs(docOrder[label])
		}
		ps := docOrder[label]
		if label == "posts" {
			ps = postOrder
		}
		cols = append(cols, map[string]any{"label": label, "docs": docs(ps), "output": true})
	}
	if data, ok := s.Data["collections"].(map[string]any); ok {
		// Collections without output, kept as data by the import.
		for label, docs := range data {
			if _, taken := sv[label]; !taken {
				sv[label] = docs
			}
			if _, has := docOrder[label]; !has && label != "posts" {
				cols = append(cols, map[string]any{"label": label, "docs": docs, "output": false})
			}
		}
	}
	sort.SliceStable(cols, func(i, j int) bool {
		return cols[i].(map[string]any)["label"].(string) < cols[j].(map[string]any)["label"].(string)
	})
	sv["collections"] = cols

	// Jekyll's render order: posts, then the other collections, each
	// in its order (sortDocs), then the pages.
	order := make([]*site.Page, 0, len(pages))
	order = append(order, postOrder...)
	rank := map[string]int{}
	for i, label := range collectionOrder {
		if _, ok := rank[label]; !ok {
			rank[label] = i
		}
	}
	sort.SliceStable(labels, func(i, j int) bool {
		ri, oki := rank[labels[i]]
		rj, okj := rank[labels[j]]
		switch {
		case oki && okj:
			return ri < rj
		case oki != okj:
			return oki // listed in _config.yml before not listed
		}
		return labels[i] < labels[j]
	})
	for _, label := range labels {
		order = append(order, docOrder[label]...)
	}
	sort.SliceStable(pageOrder, func(i, j int) bool {
		a, b := jpath(pageOrder[i]), jpath(pageOrder[j])
		if na, nb := path.Base(a), path.Base(b); na != nb {
			return na < nb
		}
		return a < b
	})
	order = append(order, pageOrder...)
	return objects{site: sv, pages: pages, order: order}
}

// listPages are the model's list pages as Resolve has made them when the
// extensions run (Site.Lists is filled after them): homes, 404s,
// sections, taxonomies and terms.
func listPages(s *site.Site) []*site.Page {
	var out []*site.Page
	for _, l := range s.Languages {
		out = append(out, l.Home)
		if l.NotFound.Kind == site.Kind404 { // else a content page (Resolve)
			out = append(out, l.NotFound)
		}
		out = append(out, l.Sections...)
		for _, t := range l.Taxonomies {
			out = append(out, t.Page)
			for _, term := range t.Terms {
				out = append(out, term.Page)
			}
		}
	}
	return out
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
