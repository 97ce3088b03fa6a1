// Package liquid renders a Jekyll site's own templates: the Liquid in its
// pages, its _layouts/ and _includes/, with Jekyll's objects, filters and
// tags, on github.com/osteele/liquid (the engine of gojekyll, the Go port
// of Jekyll, maintained and close to Shopify's Liquid).
//
// # Where templates live
//
// In a site imported from Jekyll the files keep their Jekyll names:
//
//	_config.yml     Jekyll's configuration: every key is site.<key>
//	_layouts/x.html a layout, named x by pages (layout: x); its own
//	                front matter may name the layout it goes in
//	_includes/      files for {% include name.html key=value %}
//
// An Engine exists for a site that has _config.yml (see Open). Pages
// name their layout with layout:; a name with no Liquid layout falls back
// to deltag's html/template lookup (see internal/render).
//
// # Objects
//
// Templates see site (the config keys, plus time, data, pages, posts,
// each collection by label, categories, tags, url, baseurl), page (front
// matter plus url, date, title, content, excerpt, path, collection,
// categories, tags, lang), paginator (jekyll-paginate), layout (the current layout's front matter),
// content (in layouts) and include (in includes). The caller builds site
// and page (Vars); the package only renders.
//
// # Filters and tags
//
// Liquid's standard filters and tags, plus Jekyll's: relative_url,
// absolute_url, date_to_xmlschema, date_to_rfc822, date_to_string,
// date_to_long_string, where, where_exp, group_by, find, jsonify,
// markdownify, slugify, xml_escape, cgi_escape, uri_escape,
// number_of_words, array_to_sentence_string, smartify, normalize_whitespace,
// sort with a property, find_exp, group_by_exp, push, pop, shift, unshift,
// to_integer, sample (the first item: builds are deterministic); tags
// include (with parameters), include_relative (from static/, where the
// import copied the files beside pages), highlight, and the
// plugin tags seo, feed_meta (jekyll-seo-tag, jekyll-feed) as built-ins.
// {% link %} and {% post_url %} are resolved by `deltag import jekyll`,
// which writes the URL in their place.
//
// A template that does not parse or render is an error with file and
// line; a page never shows Liquid code.
package liquid

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/kramdown"
	"github.com/osteele/liquid"
	"gopkg.in/yaml.v3"
)

// Folders and files of a site, as Jekyll names them.
const (
	ConfigFile  = "_config.yml"
	LayoutsDir  = "_layouts"
	IncludesDir = "_includes"
	// StaticDir is where a deltag site keeps the files Jekyll copied as
	// they are (include_relative reads them there).
	StaticDir = "static"
)

// Engine renders one site's Liquid. It is safe for concurrent use.
type Engine struct {
	fsys     fs.FS
	eng      *liquid.Engine
	config   map[string]any
	layouts  map[string]*layout
	baseURL  string // site url without a trailing slash
	basePath string // baseurl: "" or "/path" without a trailing slash

	mu       sync.Mutex
	includes map[string]*liquid.Template
}

// layout is one file of _layouts/.
type layout struct {
	file   string
	front  map[string]any
	tpl    *liquid.Template
	parent string
}

// Vars are the objects a page's templates see.
type Vars struct {
	Site map[string]any
	Page map[string]any
	// Paginator is set on pages that list posts in pages (jekyll-paginate).
	Paginator map[string]any
}

// Open returns the engine of the site in fsys, or nil when the site has
// no _config.yml (it is not a Jekyll site). Every layout is parsed now, so
// that all of their errors are reported together.
func Open(fsys fs.FS) (*Engine, diag.List) {
	var diags diag.List
	raw, err := fs.ReadFile(fsys, ConfigFile)
	if err != nil {
		return nil, nil
	}
	e := &Engine{fsys: fsys, eng: liquid.NewEngine(), layouts: map[string]*layout{}, includes: map[string]*liquid.Template{}}
	if err := yaml.Unmarshal(raw, &e.config); err != nil {
		diags.Errorf(ConfigFile, 0, "%v", err)
	}
	if e.config == nil {
		e.config = map[string]any{}
	}
	e.baseURL = strings.TrimSuffix(fmt.Sprint(orEmpty(e.config["url"])), "/")
	if b := strings.Trim(fmt.Sprint(orEmpty(e.config["baseurl"])), "/"); b != "" {
		e.basePath = "/" + b
	}
	e.addFilters()
	e.addTags()
	diags.Append(e.readLayouts())
	return e, diags
}

func orEmpty(v any) any {
	if v == nil {
		return ""
	}
	return v
}

// Config is _config.yml as read, for site.<key>.
func (e *Engine) Config() map[string]any { return e.config }

// HasLayout reports whether _layouts/ has a layout of that name.
func (e *Engine) HasLayout(name string) bool {
	_, ok := e.layouts[name]
	return ok
}

func (e *Engine) readLayouts() diag.List {
	var diags diag.List
	_ = fs.WalkDir(e.fsys, LayoutsDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := fs.ReadFile(e.fsys, p)
		if err != nil {
			diags.Errorf(p, 0, "%v", err)
			return nil
		}
		name := strings.TrimPrefix(p, LayoutsDir+"/")
		name = strings.TrimSuffix(name, path.Ext(name))
		front, body, bodyLine, err := splitFront(b)
		if err != nil {
			diags.Errorf(p, 1, "front matter: %v", err)
		}
		tpl, serr := e.parse(body, p, bodyLine)
		if serr != nil {
			diags.Add(sourceDiag(serr, p, bodyLine))
			return nil
		}
		l := &layout{file: p, front: front, tpl: tpl}
		if s, ok := front["layout"].(string); ok && s != "" && s != "none" && s != "null" {
			l.parent = s
		}
		e.layouts[name] = l
		return nil
	})
	// A layout naming a parent that does not exist is rendered without
	// it, as Jekyll does, but reported: it is almost always a typo.
	names := make([]string, 0, len(e.layouts))
	for n := range e.layouts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if l := e.layouts[n]; l.parent != "" && e.layouts[l.parent] == nil {
			diags.Warnf(l.file, 2, "layout %q names layout %q, which _layouts/ does not have; rendered without it", n, l.parent)
			l.parent = ""
		}
	}
	return diags
}

// Render renders the Liquid in a page's text (before Markdown, as Jekyll
// does), and reads kramdown's options line and table of contents in it
// (package kramdown). file and line say where the text starts, for errors.
func (e *Engine) Render(text []byte, file string, line int, v Vars) ([]byte, *diag.Diagnostic) {
	if !bytes.Contains(text, []byte("{{")) && !bytes.Contains(text, []byte("{%")) {
		return kramdown.Rewrite(text), nil
	}
	tpl, serr := e.parse(text, file, line)
	if serr != nil {
		d := sourceDiag(serr, file, line)
		return nil, &d
	}
	b := e.bindings(v, nil, nil)
	b[pageTextKey] = true
	out, d := renderSafe(tpl, b, file, line)
	if d != nil {
		return nil, d
	}
	return kramdown.Rewrite(out), nil
}

// Layout renders content (the page's HTML) in the named layout and the
// layouts it names, to w.
func (e *Engine) Layout(w io.Writer, name string, content []byte, v Vars) *diag.Diagnostic {
	seen := map[string]bool{}
	for name != "" {
		l := e.layouts[name]
		if l == nil {
			break
		}
		if seen[name] {
			d := diag.Errorf(l.file, 1, "layout %q is inside itself (layout: names a layout that names it again)", name)
			return &d
		}
		seen[name] = true
		out, d := renderSafe(l.tpl, e.bindings(v, l.front, content), l.file, 1)
		if d != nil {
			return d
		}
		content = out
		name = l.parent
	}
	_, err := w.Write(content)
	if err != nil {
		d := diag.Errorf("", 0, "%v", err)
		return &d
	}
	return nil
}

func (e *Engine) bindings(v Vars, layoutFront map[string]any, content []byte) liquid.Bindings {
	b := liquid.Bindings{"site": v.Site, "page": v.Page, "jekyll": jekyllVar}
	if v.Paginator != nil {
		b["paginator"] = v.Paginator
	}
	if layoutFront != nil {
		b["layout"] = layoutFront
	}
	if content != nil {
		b["content"] = string(content)
	}
	return b
}

// jekyllVar is Jekyll's jekyll object: deltag builds are for publishing,
// so the environment is production (as JEKYLL_ENV=production).
var jekyllVar = map[string]any{"environment": "production", "version": "4.3.1"}

// renderSafe renders tpl, turning a Liquid error into a diagnostic, and a
// panic inside the Liquid library (some filters panic on values they do
// not expect, such as map on a page) into one too: a mistake in a page's
// Liquid fails that page with its file and line, never the whole build.
func renderSafe(tpl *liquid.Template, b liquid.Bindings, file string, line int) (out []byte, d *diag.Diagnostic) {
	defer func() {
		if r := recover(); r != nil {
			e := sourceDiag(failure{file, line, r}, file, line)
			out, d = nil, &e
		}
	}()
	out, serr := tpl.Render(b)
	if serr != nil {
		e := sourceDiag(serr, file, line)
		return nil, &e
	}
	return out, nil
}

// parse parses a template (lax spellings made strict), turning a panic
// inside the Liquid library (its parser panics on some literals, such as
// a number too long for an int) into an error with the file and line.
func (e *Engine) parse(src []byte, file string, line int) (tpl *liquid.Template, serr liquid.SourceError) {
	defer func() {
		if r := recover(); r != nil {
			tpl, serr = nil, failure{file, line, r}
		}
	}()
	return e.eng.ParseTemplateLocation(lax(src), file, line)
}

// failure is a panic inside the Liquid library, as its SourceError.
type failure struct {
	file string
	line int
	r    any
}

func (f failure) Error() string {
	return fmt.Sprintf("the template engine failed on this text (%v); check the filters and values of the Liquid here", f.r)
}
func (f failure) Cause() error    { return nil }
func (f failure) Path() string    { return f.file }
func (f failure) LineNumber() int { return f.line }

// sourceDiag turns a Liquid error into a diagnostic with the file and
// line it names (the engine counts lines from where the text starts).
func sourceDiag(err liquid.SourceError, file string, line int) diag.Diagnostic {
	f := err.Path()
	if f == "" {
		f = file
	}
	l := err.LineNumber()
	if l <= 0 {
		l = line
	}
	msg := err.Error()
	if c := err.Cause(); c != nil {
		msg = c.Error()
	}
	return diag.Errorf(f, l, "Liquid: %s", msg)
}

// splitFront splits a layout's or include's front matter off.
func splitFront(b []byte) (map[string]any, []byte, int, error) {
	front := map[string]any{}
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	if !bytes.HasPrefix(b, []byte("---")) {
		return front, b, 1, nil
	}
	nl := bytes.IndexByte(b, '\n')
	if nl < 0 || strings.TrimSpace(string(b[:nl])) != "---" {
		return front, b, 1, nil
	}
	rest := b[nl+1:]
	line := 2
	for i := 0; i < len(rest); {
		j := bytes.IndexByte(rest[i:], '\n')
		end := len(rest)
		if j >= 0 {
			end = i + j
		}
		if t := strings.TrimSpace(string(rest[i:end])); t == "---" || t == "..." {
			err := yaml.Unmarshal(rest[:i], &front)
			if front == nil {
				front = map[string]any{}
			}
			if end < len(rest) {
				end++
			}
			return front, rest[end:], line + 1, err
		}
		line++
		if j < 0 {
			break
		}
		i = end + 1
	}
	return front, b, 1, nil
}
