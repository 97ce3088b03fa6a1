package images

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/page"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// Decorative is the Markdown image title that marks an image as
// decorative, so its empty alt text is meant: ![](/uploads/a.jpg "decorative").
const Decorative = "decorative"

// Set is the images of one build: it finds each image a page names in the
// site's static/ (then the theme's), processes it once, and remembers
// which variants the build must write. It is safe for concurrent use by
// the renderers.
type Set struct {
	fsys   fs.FS
	dirs   []string // static folders, searched in order
	proc   *Processor
	prefix string // URL path of the variants, "/img/" under the base path
	base   string // the base URL's path, ending in "/"

	// checkOnly finds and checks images without processing them (a
	// site without images:); warn reports problems as warnings (a site
	// imported from Jekyll, which published images unchecked).
	checkOnly, warn bool

	mu   sync.Mutex
	byID map[string]*entry  // by source path in fsys
	used map[string]Variant // by Name: the variants pages show
	orig map[string]Variant // by path under static/: the clean original
	lead map[string]bool    // content files whose layout shows a front-matter image first
}

type entry struct {
	once sync.Once
	im   *Image
	err  error
}

// NewSet returns the Set of a site read from fsys: images are looked up
// under static/ and themes/<theme>/static/, cached in cacheDir, and
// published under basePath + "img/".
func NewSet(fsys fs.FS, theme, cacheDir, basePath string, opts Options) *Set {
	dirs := []string{"static"}
	if theme != "" {
		dirs = append(dirs, path.Join("themes", theme, "static"))
	}
	return &Set{
		fsys: fsys, dirs: dirs, proc: New(cacheDir, opts),
		prefix: strings.TrimSuffix(basePath, "/") + "/img/",
		base:   strings.TrimSuffix(basePath, "/") + "/",
		byID:   map[string]*entry{}, used: map[string]Variant{}, orig: map[string]Variant{}, lead: map[string]bool{},
	}
}

// CheckOnly makes the Set find and check images (the file exists, alt
// text is given) without resizing them: pictures and outputs are none,
// static files are published as they are. For a site without images:.
func (s *Set) CheckOnly() { s.checkOnly = true }

// Warn makes the Set report problems with images as warnings, not errors.
func (s *Set) Warn() { s.warn = true }

// Picture is an image ready for a layout: the processed image, its alt
// text and the URL prefix of its variants.
type Picture struct {
	*Image // nil for an SVG, which is published as it is
	Alt    string
	prefix string
	svg    string // the SVG's site path
	base   string // the base URL's path, for the SVG's URL
}

// Src is the URL of the widest variant (of an SVG, its own URL).
func (p *Picture) Src() string {
	if p.Image == nil {
		return p.base + strings.TrimPrefix(p.svg, "/")
	}
	return p.prefix + p.Largest().Name
}

// SitePath is the widest variant's path from the site root, without the
// base URL's path: for absURL (og:image).
func (p *Picture) SitePath() string {
	if p.Image == nil {
		return p.svg
	}
	return "/img/" + p.Largest().Name
}

// Srcset is the srcset attribute value, "" for an SVG.
func (p *Picture) Srcset() string {
	if p.Image == nil {
		return ""
	}
	return p.Image.Srcset(p.prefix)
}

// Tag is the <img> element: src and srcset, sizes, the width and height
// of the widest variant (so the browser reserves the space), alt, and
// loading="lazy" unless eager (the first image of a page).
func (p *Picture) Tag(class, sizes string, eager bool) template.HTML {
	var b strings.Builder
	if p.Image == nil {
		fmt.Fprintf(&b, `<img src="%s" alt="%s"`, template.HTMLEscapeString(p.Src()), template.HTMLEscapeString(p.Alt))
	} else {
		l := p.Largest()
		fmt.Fprintf(&b, `<img src="%s" srcset="%s" sizes="%s" width="%d" height="%d" alt="%s"`,
			template.HTMLEscapeString(p.Src()), template.HTMLEscapeString(p.Srcset()),
			template.HTMLEscapeString(sizes), l.Width, l.Height, template.HTMLEscapeString(p.Alt))
	}
	if class != "" {
		fmt.Fprintf(&b, ` class="%s"`, template.HTMLEscapeString(class))
	}
	if !eager {
		b.WriteString(` loading="lazy"`)
	}
	b.WriteString(` decoding="async">`)
	return template.HTML(b.String())
}

// Get processes the image at a site URL path ("/uploads/a.jpg") once, and
// marks its variants for writing. A URL with a scheme or a missing file
// is an error naming where it was looked for.
func (s *Set) Get(url string) (*Picture, error) {
	if strings.Contains(url, "://") || strings.HasPrefix(url, "//") || strings.HasPrefix(url, "data:") {
		return nil, fmt.Errorf("image %q is on another host; put it in static/ so it is served from the site", url)
	}
	rel := strings.TrimPrefix(path.Clean("/"+strings.SplitN(url, "?", 2)[0]), "/")
	var file string
	for _, d := range s.dirs {
		f := path.Join(d, rel)
		if st, err := fs.Stat(s.fsys, f); err == nil && !st.IsDir() {
			file = f
			break
		}
	}
	if file == "" {
		return nil, fmt.Errorf("image %s not found (looked for %s)", url, strings.Join(s.candidates(rel), " and "))
	}
	if strings.EqualFold(path.Ext(rel), ".svg") {
		// Vector images scale by themselves: published as they are.
		return &Picture{svg: "/" + rel, base: s.base, prefix: s.prefix}, nil
	}
	if s.checkOnly {
		return nil, nil
	}
	s.mu.Lock()
	e := s.byID[file]
	if e == nil {
		e = &entry{}
		s.byID[file] = e
	}
	s.mu.Unlock()
	e.once.Do(func() {
		data, err := fs.ReadFile(s.fsys, file)
		if err != nil {
			e.err = err
			return
		}
		e.im, e.err = s.proc.Process(file, data)
	})
	if e.err != nil {
		return nil, e.err
	}
	s.mu.Lock()
	for _, v := range e.im.Variants {
		s.used[v.Name] = v
	}
	if l := e.im.Largest(); sameFormat(rel, l.Name) {
		l.Name = rel
		s.orig[rel] = l
	}
	s.mu.Unlock()
	return &Picture{Image: e.im, prefix: s.prefix}, nil
}

func (s *Set) candidates(rel string) []string {
	out := make([]string, len(s.dirs))
	for i, d := range s.dirs {
		out[i] = path.Join(d, rel)
	}
	return out
}

// sameFormat reports whether a source and its variant share a format, so
// the variant's bytes can stand at the source's URL.
func sameFormat(src, variant string) bool {
	ext := strings.ToLower(path.Ext(src))
	if ext == ".jpeg" {
		ext = ".jpg"
	}
	return ext == path.Ext(variant)
}

// Originals are the processed sources that keep their URL, each with the
// widest variant's file: Name is the path under static/ ("uploads/a.jpg").
// A GIF or WebP source, whose variants are JPEG, is not among them.
func (s *Set) Originals() []Variant {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Variant, 0, len(s.orig))
	for _, v := range s.orig {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Published reports whether a static file (its path under static/, such
// as "uploads/a.jpg") is copied as it is: false for the images this build
// processed, whose uploads may carry the camera's metadata (GPS); they are
// published from Originals instead.
func (s *Set) Published(rel string) bool {
	if s == nil || s.checkOnly {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.dirs {
		if _, ok := s.byID[path.Join(d, rel)]; ok {
			return false
		}
	}
	return true
}

// Outputs are the variants the build's pages show, by name: each is
// written to "img/<Name>" from its File in the cache.
func (s *Set) Outputs() []Variant {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Variant, 0, len(s.used))
	for _, v := range s.used {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// CheckPage checks and processes a page's front-matter image and
// thumbnail: the file must exist and be readable, and the image must have
// alt text (image: {src, alt} or image_alt) unless it says it is
// decorative (decorative: true or image_decorative: true). Problems are
// reported at the key's line.
func (s *Set) CheckPage(p *page.Page) diag.List {
	var diags diag.List
	for _, key := range []string{"image", "thumbnail"} {
		src := p.Image
		if key == "thumbnail" {
			src = p.Thumbnail
		}
		if src == "" {
			continue
		}
		if _, err := s.Get(src); err != nil {
			diags.Add(diag.Diagnostic{Severity: s.severity(), File: p.File, Line: line(p, key, "src"), Msg: fmt.Sprintf("%s: %v", key, err)})
			continue
		}
		if key == "image" {
			s.mu.Lock()
			s.lead[p.File] = true
			s.mu.Unlock()
		}
		if _, ok := s.alt(p, key); !ok {
			diags.Add(diag.Diagnostic{Severity: s.severity(), File: p.File, Line: line(p, key, "src"),
				Msg:  fmt.Sprintf("%s %s has no alt text", key, src),
				Hint: fmt.Sprintf("write %s: {src: %s, alt: \"what it shows\"}, or decorative: true when it adds nothing to the text", key, src)})
		}
	}
	return diags
}

func (s *Set) severity() diag.Severity {
	if s.warn {
		return diag.Warning
	}
	return diag.Error
}

func line(p *page.Page, key, sub string) int {
	if l, ok := p.Lines[key+"."+sub]; ok {
		return l
	}
	return p.Line(key)
}

// alt is the front-matter image's alt text; ok is false when there is
// none and the image is not marked decorative. A thumbnail without its
// own alt text takes the image's.
func (s *Set) alt(p *page.Page, key string) (string, bool) {
	if a, _ := p.Params[key+"_alt"].(string); strings.TrimSpace(a) != "" {
		return strings.TrimSpace(a), true
	}
	if d, _ := p.Params[key+"_decorative"].(bool); d {
		return "", true
	}
	if key == "thumbnail" {
		return s.alt(p, "image")
	}
	return "", false
}

// PageImage is the picture of a page's front matter key ("image" or
// "thumbnail", which falls back to the image), nil when it has none or it
// failed CheckPage.
func (s *Set) PageImage(p *page.Page, key string) *Picture {
	if s == nil || s.checkOnly || p == nil {
		return nil
	}
	src := p.Image
	if key == "thumbnail" && p.Thumbnail != "" {
		src = p.Thumbnail
	} else {
		key = "image"
	}
	if src == "" {
		return nil
	}
	alt, ok := s.alt(p, key)
	if !ok {
		return nil
	}
	pic, err := s.Get(src)
	if err != nil {
		return nil
	}
	pic.Alt = alt
	return pic
}

// MarkdownSizes is the sizes attribute of images in a page's text: the
// reading column (42rem) on wide screens, the viewport less its margins
// below.
const MarkdownSizes = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"

// Markdown checks and rewrites one Markdown image of a content file:
// the attributes to set on the <img> (src, srcset, sizes, width, height,
// loading, decoding), or an error for a missing file or a missing alt text
// (title "decorative" marks an image whose empty alt is meant). first is
// true for the document's first image: it loads eagerly unless the page's
// layout already shows a front-matter image above it.
func (s *Set) Markdown(file, dest, alt, title string, first bool) ([][2]string, error) {
	attrs, err := s.markdown(file, dest, alt, title, first)
	if err != nil && s.warn {
		// Reported as a warning (markdown reads a diag.Diagnostic's
		// severity); the image stays as written.
		return nil, diag.Diagnostic{Severity: diag.Warning, Msg: err.Error()}
	}
	return attrs, err
}

func (s *Set) markdown(file, dest, alt, title string, first bool) ([][2]string, error) {
	decorative := title == Decorative
	if strings.TrimSpace(alt) == "" && !decorative {
		return nil, fmt.Errorf("image %s has no alt text: describe it in ![…](%s), or mark it decorative with ![](%s %q)", dest, dest, dest, Decorative)
	}
	if strings.Contains(dest, "://") || strings.HasPrefix(dest, "//") {
		return nil, fmt.Errorf("image %s is on another host; put it in static/ so it is served from the site", dest)
	}
	url := dest
	if !strings.HasPrefix(url, "/") {
		// Relative to the page's folder under static/ is not a thing in
		// deltag: images live in static/, named by their site path.
		return nil, fmt.Errorf("image %s: name it by its site path, such as /uploads/%s (files in static/)", dest, path.Base(dest))
	}
	pic, err := s.Get(url)
	if err != nil {
		return nil, err
	}
	if s.checkOnly {
		return nil, nil
	}
	var attrs [][2]string
	if pic.Image != nil {
		l := pic.Largest()
		attrs = [][2]string{
			{"src", pic.Src()}, {"srcset", pic.Srcset()}, {"sizes", MarkdownSizes},
			{"width", fmt.Sprint(l.Width)}, {"height", fmt.Sprint(l.Height)},
		}
	}
	s.mu.Lock()
	lead := s.lead[file]
	s.mu.Unlock()
	if !first || lead {
		attrs = append(attrs, [2]string{"loading", "lazy"})
	}
	attrs = append(attrs, [2]string{"decoding", "async"})
	if decorative {
		attrs = append(attrs, [2]string{"title", ""})
	}
	return attrs, nil
}

// ScanBody registers the images of a page's Markdown body, so that the
// Set knows every image of the site before any page is rendered (an
// incremental rebuild renders only some pages but publishes every
// variant). Problems are left for rendering to report at their line.
func (s *Set) ScanBody(body []byte) {
	if s.checkOnly || !bytes.Contains(body, []byte("![")) {
		return
	}
	doc := scanner.Parser().Parse(text.NewReader(body))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering {
			if d := string(img.Destination); strings.HasPrefix(d, "/") && !strings.HasPrefix(d, "//") {
				_, _ = s.Get(d)
			}
		}
		return ast.WalkContinue, nil
	})
}

// scanner parses bodies for ScanBody; like the renderer's, with GFM so
// that tables and the like parse the same.
var scanner = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote))
