package jekyll

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// resolve decides, for every content file, its language, date, the URL
// Jekyll gave it, and where and under which URL it goes in deltag.
func (im *importer) resolve() {
	cfg := im.cfg
	known := map[string]bool{}
	for code := range languages {
		known[code] = true
	}
	for _, l := range cfg.Languages {
		known[normLang(l)] = true
	}
	for _, d := range im.docs {
		if d.skip {
			continue
		}
		if l := stringValue(d.jekyllOrOwn("lang")); l != "" {
			d.Lang = normLang(l)
			known[d.Lang] = true
		}
	}
	found := map[string]bool{}
	for _, d := range im.docs {
		if d.skip {
			continue
		}
		base := path.Base(d.Source)
		suffixLang, rest := langSuffix(base, known)
		if d.Lang == "" {
			d.Lang = suffixLang
		}
		if d.Lang == "" && d.Kind == KindPage {
			// A first folder named after a language: en/about.md.
			if first, _, ok := strings.Cut(d.Source, "/"); ok && known[first] {
				d.Lang = first
			}
		}
		if d.Lang == "" {
			d.Lang = cfg.Lang
		}
		if !validLang(d.Lang) {
			im.diags.Warnf(d.Source, d.line("lang"), "lang %q is not a language code deltag reads; the page goes to the default language %s", d.Lang, cfg.Lang)
			d.Lang = cfg.Lang
		}
		if suffixLang == d.Lang {
			base = rest
		}
		found[d.Lang] = true
		im.resolveDate(d)
		im.resolveURL(d)
		im.place(d, base)
	}
	// Languages: the default first, then by code.
	found[cfg.Lang] = true
	for l := range found {
		if l != cfg.Lang {
			im.langs = append(im.langs, l)
		}
	}
	sort.Strings(im.langs)
	im.langs = append([]string{cfg.Lang}, im.langs...)
	im.naturalURLs()
}

// jekyllOrOwn returns a front-matter value as deltag will see it: the
// page's own, else the defaults'.
func (d *doc) jekyllOrOwn(key string) any {
	if v, ok := d.own[key]; ok {
		return v
	}
	return d.defaults[key]
}

func stringValue(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case nil:
		return ""
	case []any, map[string]any:
		return ""
	}
	return fmt.Sprint(v)
}

var langRE = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{2,8})?$`)

func normLang(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-")
}

func validLang(s string) bool { return langRE.MatchString(s) }

// dateKeys are front-matter keys holding dates; their values are
// normalised to RFC 3339.
var dateKeys = []string{"date", "last_modified_at", "lastmod", "publishDate", "expiryDate", "modified"}

func (im *importer) resolveDate(d *doc) {
	loc := im.cfg.Location
	if n := d.fm.get("date"); n != nil && n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		jd, err := parseDate(n.Value, isQuoted(n), loc)
		if err != nil {
			im.diags.Warnf(d.Source, d.nodeLine(n), "date: %v; kept as written", err)
		} else {
			d.date = &jd
		}
	} else if v, ok := d.defaults["date"]; ok && v != nil {
		if jd, err := parseDate(fmt.Sprint(v), true, loc); err == nil {
			d.date = &jd
		}
	}
	if d.date == nil && (d.Kind == KindPost || d.Kind == KindDocument || d.Kind == KindDraft) {
		if t, ok := fileDate(path.Base(d.Source), loc); ok {
			d.date = &jekyllDate{Time: t}
			d.fileDate = true
		}
	}
	if d.date == nil && d.Kind == KindDraft && im.cfg.ShowDrafts {
		// Jekyll dates a draft it shows by its file's time; the import
		// writes that date into the page (draftDate).
		if st, err := im.root.Stat(d.Source); err == nil {
			d.date = &jekyllDate{Time: st.ModTime().Truncate(time.Second).In(loc), Zoned: true}
		}
	}
}

// published reports whether Jekyll built d, with the site's future,
// unpublished and show_drafts (and no command-line flags). A document of
// a collection dated ahead is not written without future: true, as a
// post is not (Document#write? asks the publisher).
func (im *importer) published(d *doc) bool {
	data := d.jekyllData()
	if falsy(data["published"]) && !im.cfg.Unpublished {
		return false
	}
	switch d.Kind {
	case KindDraft:
		return im.cfg.ShowDrafts
	case KindPost, KindDocument:
		if d.date != nil && !im.cfg.Future && d.date.Time.Unix() > im.now.Unix() {
			return false
		}
	}
	return true
}

// falsy is YAML 1.1's false, which Jekyll's YAML reader uses.
func falsy(v any) bool {
	switch x := v.(type) {
	case bool:
		return !x
	case string:
		switch strings.ToLower(x) {
		case "false", "no", "off", "n":
			return true
		}
	}
	return false
}

// urlSource describes d to the URL rules, with the data Jekyll saw.
func (im *importer) urlSource(d *doc, data map[string]any, useFileData bool) URLSource {
	src := URLSource{Kind: d.Kind, Path: d.Source, CollectionDir: d.collectionDir, Collection: d.Collection}
	if p, ok := data["permalink"].(string); ok {
		src.Permalink = p
	}
	if s := stringValue(data["slug"]); s != "" {
		src.Slug = s
	}
	if d.Kind == KindPage {
		return src
	}
	if col, ok := im.cfg.collection(d.Collection); ok {
		src.CollectionPermalink = col.Permalink
	}
	if d.Kind == KindPost || d.Kind == KindDraft {
		src.CollectionPermalink = im.cfg.PostsPermalink
	}
	src.Categories = mergeCategories(d.pathCats, d.defaults, d.own, d.fmValid)
	if d.date != nil {
		src.Date = d.date.Time
	} else {
		src.Date = im.now
	}
	if !useFileData {
		// Unreadable front matter: Jekyll stopped before taking the
		// slug and date from the file name.
		src.Slug = basenameNoExt(d.Source)
		src.Date = im.now
	}
	return src
}

var datePlaceholderRE = regexp.MustCompile(`:(year|month|day|hour|minute|second|i_day|i_month|short_month|long_month|short_year|y_day|long_day|short_day|week|w_year|w_day)`)

func (im *importer) resolveURL(d *doc) {
	rules := URLRules{Permalink: im.cfg.Permalink, Location: im.cfg.Location}
	if im.published(d) {
		src := im.urlSource(d, d.jekyllData(), d.fmValid)
		// Jekyll writes the file at the decoded path (URL.unescape_path):
		// a permalink written /f%C3%B6r/ is the folder för.
		u := unescapePath(rules.URL(src))
		if !d.fmValid && d.Kind != KindPage && datePlaceholderRE.MatchString(im.template(d, src)) {
			im.diags.Warnf(d.Source, d.sp.YAMLLine, "Jekyll dated this page with its build time because it could not read the front matter; that URL cannot be kept")
		} else {
			d.JekyllURL = u
		}
	}
	// A page Jekyll wrote at /<lang>/404.html is that language's 404
	// page: it keeps the URL, and deltag writes no 404 page of its own
	// there (build.jobs).
	if d.JekyllURL != "" && fileURL(d.JekyllURL) == "/"+d.Lang+"/404.html" {
		d.URL = "/" + d.Lang + "/404.html"
	}
	// A permalink in the page's own front matter, or given to it by
	// `defaults` (a pattern per folder, as sites with a folder per
	// language set them), is its URL in deltag: the relative links that
	// its layouts and includes write then name what they named in Jekyll.
	// (A language's home keeps deltag's home URL, which is the same.)
	p, ok := d.own["permalink"].(string)
	if !ok || p == "" {
		p, ok = d.defaults["permalink"].(string)
		ok = ok && !im.isHomeURL(d)
	}
	if ok && p != "" {
		src := im.urlSource(d, deepMerge(d.defaults, d.own), true)
		src.Permalink = p
		d.URL = fileURL(unescapePath(rules.URL(src)))
	}
}

// template is the permalink template Jekyll used for d.
func (im *importer) template(d *doc, src URLSource) string {
	switch {
	case src.Permalink != "":
		return src.Permalink
	case src.CollectionPermalink != "":
		return src.CollectionPermalink
	case d.Kind == KindPost || d.Kind == KindDraft:
		return styleTemplate(URLRules{Permalink: im.cfg.Permalink}.siteStyle())
	}
	return "/:collection/:path"
}

// fileURL is a Jekyll URL in the form that names the file Jekyll wrote:
// "/a/" and "/a.html" stay, "/a" (a permalink without trailing slash or
// extension) becomes "/a.html", as Jekyll wrote a.html for it.
func fileURL(u string) string {
	if strings.HasSuffix(u, "/") || path.Ext(u) != "" {
		return u
	}
	return u + ".html"
}

// mergeCategories merges categories as Jekyll 4 does: folders above
// _posts, then defaults, then front matter (a string is split at
// spaces), then `category`; duplicates dropped.
func mergeCategories(pathCats []string, defaults, own map[string]any, ownValid bool) []string {
	cats := append([]string{}, pathCats...)
	merge := func(data map[string]any) {
		v, ok := data["categories"]
		if !ok || v == nil {
			return
		}
		var add []string
		if s, ok := v.(string); ok {
			add = strings.Fields(s)
		} else {
			add = toStrings(v)
		}
		cats = union(cats, add)
	}
	merge(defaults)
	data := defaults
	if ownValid {
		merge(own)
		data = deepMerge(defaults, own)
	}
	// Utils.pluralized_array_from_hash(data, "category", "categories")
	var extra []string
	if v, ok := data["category"]; ok {
		extra = toStrings(v)
	} else if v, ok := data["categories"]; ok {
		if s, ok := v.(string); ok {
			extra = strings.Fields(s)
		} else {
			extra = toStrings(v)
		}
	}
	return union(cats, extra)
}

func union(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range append(append([]string{}, a...), b...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// toStrings is Ruby's Array(v).flatten.map(&:to_s).
func toStrings(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, toStrings(e)...)
		}
		return out
	case string:
		return []string{x}
	case int:
		return []string{strconv.Itoa(x)}
	}
	return []string{fmt.Sprint(v)}
}

// place decides d's file in the deltag site: content/<lang>/<section>/….
func (im *importer) place(d *doc, base string) {
	ext := path.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	var dir string
	switch d.Kind {
	case KindPost, KindDraft:
		d.Section = "posts"
		// Zero-pad the date prefix so deltag reads it: 2021-2-3-x → 2021-02-03-x.
		if m := dateFileRE.FindStringSubmatch(base); m != nil {
			if t, ok := fileDate(base, im.cfg.Location); ok {
				stem = t.Format("2006-01-02") + "-" + m[2]
			}
		}
	case KindDocument:
		d.Section = d.Collection
		sub := strings.TrimPrefix(path.Dir(strings.TrimPrefix(d.Source, d.collectionDir+"/")), ".")
		dir = sub
	default:
		dir = path.Dir(d.Source)
		if dir == "." {
			dir = ""
		}
		// The language folder itself: en/about.md of an English page.
		if first, rest, _ := strings.Cut(dir, "/"); first == d.Lang {
			dir = rest
		}
		if first, _, _ := strings.Cut(dir, "/"); dir != "" {
			d.Section = first
		}
	}
	name := stem + ".md"
	if d.Kind == KindPage && stem == "index" {
		name = "_index.md"
	}
	var parts []string
	parts = append(parts, "content", d.Lang)
	if d.Kind != KindPage {
		parts = append(parts, d.Section)
	}
	if dir != "" {
		parts = append(parts, dir)
	}
	dest := path.Join(append(parts, name)...)
	// A page Jekyll wrote at a language's home URL (a collection
	// document with permalink /es/, or / in the default language) is that
	// language's home text, as a root index.md is.
	if home := path.Join("content", d.Lang, "_index.md"); dest != home && im.byDest[home] == nil && im.isHomeURL(d) {
		dest, stem, d.Section = home, "_index", ""
	}
	if other := im.byDest[dest]; other != nil {
		for i := 2; ; i++ {
			alt := strings.TrimSuffix(dest, ".md") + "-" + strconv.Itoa(i) + ".md"
			if im.byDest[alt] == nil {
				im.diags.Warnf(d.Source, 0, "%s is also where %s goes; written as %s", dest, other.Source, alt)
				dest = alt
				stem = strings.TrimSuffix(path.Base(alt), ".md")
				break
			}
		}
	}
	d.Dest = dest
	im.byDest[dest] = d
	im.bySource[d.Source] = d
	// deltag's page name: the stem without a YYYY-MM-DD- prefix.
	d.name = stem
	if m := deltagDatePrefix.FindStringSubmatch(stem); m != nil {
		d.name = m[1]
	}
	d.slug = d.name
	if s := strings.Trim(stringValue(d.jekyllOrOwn("slug")), "/ "); s != "" {
		d.slug = s
	}
}

// deltagDatePrefix is the prefix deltag's page package strips.
var deltagDatePrefix = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}-(.+)$`)

// refTarget is how deltag names d in a reference: "section/dir/name", or
// "name" for a root page, or the section for its _index.
func (d *doc) refTarget() string {
	rel := strings.TrimPrefix(d.Dest, "content/"+d.Lang+"/")
	dir := path.Dir(rel)
	if dir == "." {
		dir = ""
	}
	if path.Base(rel) == "_index.md" {
		return dir
	}
	return path.Join(dir, d.name)
}

// permalinks are the patterns site.yaml gets; sections not named use
// deltag's default /:lang/:section/:slug/.
func (im *importer) permalinks() map[string]string {
	// Posts may share a slug on different days in Jekyll; give them the
	// date in deltag's URL when they do.
	seen := map[string]bool{}
	for _, d := range im.docs {
		if d.skip || d.Section != "posts" {
			continue
		}
		k := d.Lang + "/" + d.slug
		if seen[k] {
			return map[string]string{"posts": "/:lang/:section/:year/:month/:day/:slug/"}
		}
		seen[k] = true
	}
	return nil
}

// naturalURLs computes the URL deltag gives each page (package site's
// pageURL, with the permalinks written to site.yaml), so that an alias is
// not added for a URL the page already has.
func (im *importer) naturalURLs() {
	perm := im.permalinks()
	for _, d := range im.docs {
		if d.skip {
			continue
		}
		rel := strings.TrimPrefix(d.Dest, "content/"+d.Lang+"/")
		if path.Base(rel) == "_index.md" {
			if dir := path.Dir(rel); dir == "." {
				d.natural = "/" + d.Lang + "/"
			} else {
				d.natural = "/" + d.Lang + "/" + strings.SplitN(dir, "/", 2)[0] + "/"
			}
			continue
		}
		pattern, ok := perm[d.Section]
		if !ok {
			pattern = "/:lang/:section/:slug/"
			if d.Section == "" {
				pattern = "/:lang/:slug/"
			}
		}
		slug := d.slug
		parts := strings.Split(path.Dir(rel), "/")
		if len(parts) > 1 {
			slug = strings.Join(parts[1:], "/") + "/" + slug
		}
		var y, m, dd string
		if d.date != nil {
			t := d.date.Time.In(im.cfg.Location)
			y, m, dd = t.Format("2006"), t.Format("01"), t.Format("02")
		}
		u := strings.NewReplacer(":lang", d.Lang, ":section", d.Section, ":slug", slug, ":year", y, ":month", m, ":day", dd).Replace(pattern)
		u = path.Clean(u)
		if !strings.HasSuffix(u, ".html") && !strings.HasSuffix(u, ".xml") {
			u += "/"
		}
		d.natural = u
	}
}

// isHomeURL reports whether Jekyll wrote d at its language's home: /<lang>/,
// or / in the default language.
func (im *importer) isHomeURL(d *doc) bool {
	u := d.JekyllURL
	if u == "" || d.Draft {
		return false
	}
	return u == "/"+d.Lang+"/" || u == "/"+d.Lang+"/index.html" ||
		(d.Lang == im.cfg.Lang && (u == "/" || u == "/index.html"))
}
