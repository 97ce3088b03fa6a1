// Package render turns the resolved site into bytes: Markdown bodies
// through goldmark, pages through html/template layouts.
//
// # Layout lookup
//
// Layouts are read from the site's layouts/ folder, then from
// themes/<theme>/layouts/; a site file replaces the theme file of the same
// name. For a page the first layout that exists wins, in this order:
//
//	<type>/<layout>.html   (only when the page sets layout:)
//	<type>/<kind>.html
//	_default/<layout>.html (only when the page sets layout:)
//	_default/<kind>.html
//	_default/list.html     (only for the list kinds)
//
// where <type> is the page's type: (front matter), else its section, and
// <kind> is single for content pages, and home, section, taxonomy, term or
// 404 for generated pages. The root language chooser uses root.html.
//
// A layout that defines "main" is rendered inside _default/baseof.html,
// which places it with {{block "main" .}}. Every file under partials/ is a
// named template: {{template "partials/header.html" .}}.
//
// # Template data
//
// The dot of every layout is a View: the page (see site.Page: Title, Date,
// Summary, Params, Translations, References, ReferencedBy, Members, …)
// plus Content (the rendered body), Headings, Pager (on paginated lists),
// Site and LangLinks (the page in every other language, else that
// language's home). The page's most read fields and methods (Title,
// RelPermalink, Permalink, AllReferences, …) are repeated on the View as
// values, which html/template reads much faster than a method of an
// embedded struct. See funcs.go for the functions.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/fsroot"
)

// Layouts is the set of compiled layouts for one language.
type Layouts struct {
	// partials is a set with only the partials, for partialCached.
	partials *template.Template
	byName   map[string]*template.Template
	// inBase holds the layouts that define "main" and so render inside
	// _default/baseof.html.
	inBase map[string]bool
}

// source is one layout file.
type source struct {
	name string // relative to layouts/, e.g. "_default/single.html"
	file string // path from the site root, for diagnostics
	text string
}

// LayoutDirs are where layouts are read from, most important first.
func LayoutDirs(theme string) []string {
	dirs := []string{"layouts"}
	if theme != "" {
		dirs = append(dirs, path.Join("themes", theme, "layouts"))
	}
	return dirs
}

// readLayouts collects the layout files; earlier dirs win.
func readLayouts(fsys fs.FS, dirs []string) ([]source, diag.List) {
	var diags diag.List
	seen := map[string]bool{}
	var out []source
	for _, dir := range dirs {
		err := fsroot.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == dir {
					return fs.SkipDir
				}
				return err
			}
			if d.IsDir() || !strings.HasSuffix(p, ".html") && !strings.HasSuffix(p, ".xml") {
				return nil
			}
			name := strings.TrimPrefix(p, dir+"/")
			if seen[name] {
				return nil
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				diags.Errorf(p, 0, "%v", err)
				return nil
			}
			seen[name] = true
			out = append(out, source{name: name, file: p, text: string(b)})
			return nil
		})
		if err != nil {
			diags.Errorf(dir, 0, "reading layouts: %v", err)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, diags
}

// compileOptions are what compile does beyond parsing.
type compileOptions struct {
	// collapse collapses the layouts' own whitespace (collapseLayoutSpace).
	collapse bool
	// strings, when set, gives the language's UI strings, which are put
	// in place of {{T "key"}} calls (foldStrings).
	strings func(key string) (string, bool)
}

// prepare applies the options to a parsed set, before its first run.
func (o compileOptions) prepare(set *template.Template) {
	if o.collapse {
		collapseLayoutSpace(set)
	}
	if o.strings != nil {
		foldStrings(set, o.strings)
	}
}

// compile parses every layout with funcs. Each page layout gets its own
// template set holding the base layout and all partials.
func compile(srcs []source, funcs template.FuncMap, opts compileOptions) (*Layouts, diag.List) {
	var diags diag.List
	files := map[string]string{}
	var partials, layouts []source
	var base *source
	for i, s := range srcs {
		files[s.name] = s.file
		switch {
		case strings.HasPrefix(s.name, "partials/"):
			partials = append(partials, s)
		case s.name == "_default/baseof.html":
			base = &srcs[i]
		default:
			layouts = append(layouts, s)
		}
	}
	common := template.New("").Funcs(funcs)
	ok := true
	for _, s := range partials {
		if _, err := common.New(s.name).Parse(s.text); err != nil {
			diags.Add(templateDiag(err, files))
			ok = false
		}
	}
	if base != nil {
		if _, err := common.New(base.name).Parse(base.text); err != nil {
			diags.Add(templateDiag(err, files))
			ok = false
		}
	}
	L := &Layouts{byName: map[string]*template.Template{}, inBase: map[string]bool{}}
	if !ok {
		return L, diags
	}
	opts.prepare(common)
	L.partials, _ = common.Clone()
	for _, s := range layouts {
		set, err := common.Clone()
		if err != nil {
			diags.Errorf(s.file, 0, "%v", err)
			continue
		}
		t, err := set.New(s.name).Parse(s.text)
		if err != nil {
			diags.Add(templateDiag(err, files))
			continue
		}
		opts.prepare(set)
		L.byName[s.name] = t
		if base != nil {
			alone, err := template.New(s.name).Funcs(funcs).Parse(s.text)
			L.inBase[s.name] = err == nil && alone.Lookup("main") != nil
		}
	}
	return L, diags
}

// Has reports whether a layout exists.
func (l *Layouts) Has(name string) bool { return l.byName[name] != nil }

// Lookup returns the first existing layout among names.
func (l *Layouts) Lookup(names ...string) (string, bool) {
	for _, n := range names {
		if l.byName[n] != nil {
			return n, true
		}
	}
	return "", false
}

// Execute renders layout name with data into w.
func (l *Layouts) Execute(buf *bytes.Buffer, name string, data any) error {
	t := l.byName[name]
	if t == nil {
		return fmt.Errorf("no layout %s", name)
	}
	if l.inBase[name] {
		return t.ExecuteTemplate(buf, "_default/baseof.html", data)
	}
	return t.Execute(buf, data)
}

// template: _default/single.html:12:5: executing "..." at <.Foo>: ...
var tmplErr = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// templateDiag turns a template error into a diagnostic naming the file
// and line. files maps template names to their paths.
func templateDiag(err error, files map[string]string) diag.Diagnostic {
	msg := err.Error()
	m := tmplErr.FindStringSubmatch(msg)
	if m == nil {
		return diag.Errorf("", 0, "template: %s", msg)
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	file := files[m[1]]
	if file == "" {
		file = m[1]
	}
	text := m[4]
	if i := strings.Index(text, "\": "); strings.HasPrefix(text, "executing \"") && i > 0 {
		text = text[i+3:]
	}
	return diag.Diagnostic{File: file, Line: line, Col: col, Msg: "template: " + text}
}

// executePartial renders one partial on its own.
func (l *Layouts) executePartial(buf *bytes.Buffer, name string, data any) error {
	if l.partials == nil || l.partials.Lookup(name) == nil {
		return fmt.Errorf("no partial %s", name)
	}
	return l.partials.ExecuteTemplate(buf, name, data)
}
