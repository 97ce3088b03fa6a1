package jekyll

import (
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Kind is what Jekyll makes of a file with front matter.
type Kind int

const (
	KindPage     Kind = iota // a root or folder page, e.g. about.md
	KindPost                 // a file in _posts
	KindDraft                // a file in _drafts (built only with --drafts)
	KindDocument             // a document of a collection other than posts
)

func (k Kind) String() string {
	switch k {
	case KindPost:
		return "post"
	case KindDraft:
		return "draft"
	case KindDocument:
		return "document"
	}
	return "page"
}

// styles are Jekyll's built-in permalink styles (Jekyll 4.3,
// configuration.rb STYLE_TO_PERMALINK).
var styles = map[string]string{
	"date":     "/:categories/:year/:month/:day/:title:output_ext",
	"pretty":   "/:categories/:year/:month/:day/:title/",
	"ordinal":  "/:categories/:year/:y_day/:title:output_ext",
	"weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
	"none":     "/:categories/:title:output_ext",
}

// URLRules is the part of _config.yml that decides where Jekyll writes a
// page.
type URLRules struct {
	// Permalink is the site's `permalink`: a style name (date, pretty,
	// ordinal, weekdate, none) or a template. "" means "date".
	Permalink string
	// Location is the site's `timezone`; dates in URLs are in it.
	Location *time.Location
}

// URLSource is one Jekyll file as the URL rules see it. Data that front
// matter defaults give must already be merged in.
type URLSource struct {
	Kind Kind
	// Path is relative to the site source and slash-separated:
	// "about/team.md", "_posts/2021-02-03-x.md", "_themes/a.md".
	Path string
	// CollectionDir is the collection's folder relative to the source
	// ("_themes", "_posts", "blog/_posts"); empty for pages.
	CollectionDir string
	// Collection is the collection's label ("posts" for posts and drafts).
	Collection string
	// CollectionPermalink is the collection's `permalink` metadata, "" when
	// unset; posts then take the site's permalink style.
	CollectionPermalink string
	// Permalink is the `permalink` front matter, "" when unset.
	Permalink string
	// Slug is the `slug` front matter, "" when unset.
	Slug string
	// Categories are the document's categories as Jekyll merges them (see
	// mergeCategories); only posts and documents use them.
	Categories []string
	// Date is the document's date (front matter, else file name).
	Date time.Time
}

// URL returns the URL Jekyll gives src, as a path (not percent-encoded;
// Jekyll's page.url is this path percent-encoded, and the file Jekyll
// writes is at this path). It follows Jekyll 4.3: page.rb `template`,
// collection.rb `url_template`, drops/url_drop.rb and url.rb.
func (r URLRules) URL(src URLSource) string {
	if src.Kind == KindPage {
		return r.pageURL(src)
	}
	return r.documentURL(src)
}

// siteStyle is the site's permalink as Jekyll's permalink_style: the
// configured value, "date" by default.
func (r URLRules) siteStyle() string {
	if r.Permalink == "" {
		return "date"
	}
	return r.Permalink
}

// addSuffix is Utils.add_permalink_suffix.
func addSuffix(template, style string) string {
	switch style {
	case "pretty":
		return template + "/"
	case "date", "ordinal", "none":
		return template + ":output_ext"
	}
	if strings.HasSuffix(style, "/") {
		template += "/"
	}
	if strings.HasSuffix(style, ":output_ext") {
		template += ":output_ext"
	}
	return template
}

func (r URLRules) pageURL(src URLSource) string {
	dir, name := path.Split(src.Path)
	ext := path.Ext(name)
	basename := strings.TrimRight(strings.TrimSuffix(name, ext), ".")
	outExt := outputExt(ext)
	placeholders := map[string]string{
		"path":       strings.TrimSuffix(dir, "/"),
		"basename":   basename,
		"output_ext": outExt,
	}
	template := src.Permalink
	if template == "" {
		switch {
		case !isHTMLExt(outExt):
			template = "/:path/:basename:output_ext"
		case basename == "index":
			template = "/:path/"
		default:
			template = addSuffix("/:path/:basename", r.siteStyle())
		}
	}
	// Pages fill in only their three placeholders (url.rb
	// generate_url_from_hash); anything else stays as written.
	for _, k := range []string{"path", "basename", "output_ext"} {
		template = strings.ReplaceAll(template, ":"+k, placeholders[k])
	}
	return sanitizeURL(template)
}

func (r URLRules) documentURL(src URLSource) string {
	template := src.Permalink
	if template == "" {
		template = src.CollectionPermalink
	}
	if template == "" && (src.Kind == KindPost || src.Kind == KindDraft) {
		template = styleTemplate(r.siteStyle())
	}
	if template == "" {
		template = addSuffix("/:collection/:path", r.siteStyle())
	}
	ph := r.documentPlaceholders(src)
	out := placeholderRE.ReplaceAllStringFunc(template, func(m string) string {
		name := m[1:]
		if v, ok := ph[name]; ok {
			return v
		}
		// ":title_" may stand for ":title" followed by "_".
		if strings.HasSuffix(name, "_") {
			if v, ok := ph[strings.TrimSuffix(name, "_")]; ok {
				return v + "_"
			}
		}
		return m
	})
	return sanitizeURL(out)
}

var placeholderRE = regexp.MustCompile(`:[a-z_]+`)

// styleTemplate turns a permalink style into its template
// (Configuration#style_to_permalink).
func styleTemplate(style string) string {
	if t, ok := styles[style]; ok {
		return t
	}
	return style
}

// documentPlaceholders is Jekyll's Drops::UrlDrop.
func (r URLRules) documentPlaceholders(src URLSource) map[string]string {
	loc := r.Location
	if loc == nil {
		loc = time.UTC
	}
	d := src.Date.In(loc)
	slug := src.Slug
	if slug == "" {
		slug = fileSlug(src.Path)
	}
	ext := path.Ext(src.Path)
	rel := strings.TrimSuffix(src.Path, ext)
	rel = strings.TrimPrefix(rel, src.CollectionDir)
	rel = strings.TrimRight(rel, ".")
	_, week := d.ISOWeek()
	wYear, _ := d.ISOWeek()
	wDay := int(d.Weekday())
	if wDay == 0 {
		wDay = 7
	}
	seen := map[string]bool{}
	var cats []string
	for _, c := range src.Categories {
		c = strings.ToLower(c)
		if !seen[c] {
			seen[c] = true
			cats = append(cats, c)
		}
	}
	return map[string]string{
		"collection":           src.Collection,
		"path":                 rel,
		"name":                 Slugify(basenameNoExt(src.Path), "default", false),
		"title":                Slugify(slug, "pretty", true),
		"slug":                 Slugify(slug, "default", false),
		"categories":           strings.Join(cats, "/"),
		"slugified_categories": slugifiedCategories(src.Categories),
		"year":                 d.Format("2006"),
		"month":                d.Format("01"),
		"day":                  d.Format("02"),
		"hour":                 d.Format("15"),
		"minute":               d.Format("04"),
		"second":               d.Format("05"),
		"i_day":                d.Format("2"),
		"i_month":              d.Format("1"),
		"short_month":          d.Format("Jan"),
		"long_month":           d.Format("January"),
		"short_year":           d.Format("06"),
		"y_day":                d.Format("002"),
		"long_day":             d.Format("Monday"),
		"short_day":            d.Format("Mon"),
		"week":                 pad2(week),
		"w_year":               strconv.Itoa(wYear),
		"w_day":                strconv.Itoa(wDay),
		"output_ext":           outputExt(ext),
	}
}

func slugifiedCategories(cats []string) string {
	seen := map[string]bool{}
	var out []string
	for _, c := range cats {
		s := Slugify(c, "default", false)
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return strings.Join(out, "/")
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func basenameNoExt(p string) string {
	name := path.Base(p)
	return strings.TrimSuffix(name, path.Ext(name))
}

// dateFileRE is Document::DATE_FILENAME_MATCHER applied to a base name.
var dateFileRE = regexp.MustCompile(`^(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^.]+)$`)

// fileSlug is the slug Jekyll takes from a document's file name
// (Document#populate_title): the name without extension, date prefix and
// trailing dots.
func fileSlug(p string) string {
	name := path.Base(p)
	var slug string
	if m := dateFileRE.FindStringSubmatch(name); m != nil {
		slug = m[2]
	} else if ext := path.Ext(name); ext != "" {
		slug = strings.TrimSuffix(name, ext)
	} else {
		slug = name
	}
	return strings.TrimRight(slug, ".")
}

// sanitizeURL is URL#sanitize_url.
func sanitizeURL(s string) string {
	s = "/" + s
	s = strings.ReplaceAll(s, "..", "/")
	s = strings.ReplaceAll(s, "./", "")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '/' && i > 0 && s[i-1] == '/' {
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// markdownExts is Jekyll's default markdown_ext.
var markdownExts = map[string]bool{
	".markdown": true, ".mkdown": true, ".mkdn": true, ".mkd": true, ".md": true,
}

func isMarkdownExt(ext string) bool { return markdownExts[strings.ToLower(ext)] }

func isHTMLExt(ext string) bool {
	switch strings.ToLower(ext) {
	case ".html", ".xhtml", ".htm":
		return true
	}
	return false
}

// outputExt is the extension Jekyll's converters give a file.
func outputExt(ext string) string {
	switch {
	case isMarkdownExt(ext):
		return ".html"
	case ext == ".scss" || ext == ".sass":
		return ".css"
	}
	return ext
}

// Slugify is Jekyll's Utils.slugify for the modes "raw", "default",
// "pretty" and "ascii"; any other mode returns s (lowercased unless
// cased). URLs use only "default" and "pretty".
func Slugify(s, mode string, cased bool) string {
	var keep func(r rune) bool
	switch mode {
	case "raw":
		keep = func(r rune) bool { return !unicode.IsSpace(r) }
	case "default":
		keep = func(r rune) bool { return isMLNd(r) }
	case "pretty":
		keep = func(r rune) bool { return isMLNd(r) || strings.ContainsRune("._~!$&'()+,;=@", r) }
	case "ascii":
		keep = func(r rune) bool { return r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
	default:
		if cased {
			return s
		}
		return strings.ToLower(s)
	}
	var b strings.Builder
	hyphen := false
	for _, r := range s {
		if keep(r) {
			b.WriteRune(r)
			hyphen = false
			continue
		}
		if !hyphen {
			b.WriteByte('-')
			hyphen = true
		}
	}
	out := b.String()
	// Utils.slugify removes one leading and one trailing hyphen.
	out = strings.TrimPrefix(out, "-")
	out = strings.TrimSuffix(out, "-")
	if !cased {
		out = strings.ToLower(out)
	}
	return out
}

func isMLNd(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.Is(unicode.Nd, r)
}
