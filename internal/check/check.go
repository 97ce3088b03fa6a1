// Package check finds what a build does not: problems a reader of the
// published site would meet. `deltag check` runs it.
//
// It builds the site (unminified, so lines mean something) into a
// temporary folder, or reads an already built folder, and reports:
//
//   - everything the build reports: broken references to other pages,
//     forms and typed content that do not validate (errors), and warnings;
//   - the accessibility statement: missing required parts (errors);
//   - broken internal links and anchors (errors);
//   - images without alt text: an img with no alt attribute, or with an
//     empty one inside a Markdown body (errors);
//   - any page that loads a resource (script, style, font, image, iframe,
//     media) from another host than the baseURL's (errors): the site must
//     not hand its readers' addresses to third parties;
//   - page weight: HTML + CSS + JS of a page, images apart, over the budget
//     of check.pageWeight (default 50 KB), measured on the site as
//     published (minified when site.yaml says so) (errors);
//   - pages missing a translation, a table per language (listed, not
//     errors).
//
// Each problem names the output file and line, and the content file when
// the page has one ("public/sv/x/index.html:12: … (content/sv/x.md:7)").
// When check builds the site itself, output lines are those of
// `deltag build --no-minify`.
package check

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/a11y"
	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/site"
)

// Options configures a check.
type Options struct {
	Source string // the site root; default "."
	// Dest, when set, is a built site to check instead of building one.
	Dest string
	// Label is how output files are named in diagnostics; default "public"
	// when building, Dest otherwise.
	Label  string
	Now    time.Time
	Drafts bool
	Future bool
	// Extensions are passed to the build (see build.Options).
	Extensions []site.Extension
}

// Report is the outcome of a check.
type Report struct {
	Diags diag.List
	// Missing lists, per language, the pages that exist in another
	// language but not in this one.
	Missing []Missing
	// Languages of the site, in site order (for the table).
	Languages []string
	// Pages is the number of HTML files checked.
	Pages int
	// Budget is the page-weight budget in bytes; Heaviest the heaviest
	// page and its weight.
	Budget   int64
	Heaviest string
	Weight   int64
	// Built reports whether check built the site itself.
	Built bool
}

// Missing is one language's missing translations.
type Missing struct {
	Lang  string
	Pages []*site.Page // one page of each translation group lacking Lang
}

// Run checks the site at opts.Source.
func Run(ctx context.Context, opts Options) *Report {
	if opts.Source == "" {
		opts.Source = "."
	}
	rep := &Report{}
	tmp, err := os.MkdirTemp("", "deltag-check-")
	if err != nil {
		rep.Diags.Errorf("", 0, "%v", err)
		return rep
	}
	defer os.RemoveAll(tmp)

	// The build: its diagnostics and the site model. Unminified, so the
	// lines of the output are lines a person can look at.
	off := false
	lines := filepath.Join(tmp, "lines")
	res, diags := build.Build(ctx, build.Options{Source: opts.Source, Dest: lines, Now: opts.Now, Drafts: opts.Drafts, Future: opts.Future, Extensions: opts.Extensions, Minify: &off})
	// The statement's missing parts are build warnings; here they are errors.
	for _, d := range diags {
		if d.Severity == diag.Warning && strings.HasPrefix(d.Msg, "accessibility statement:") {
			continue
		}
		rep.Diags.Add(d)
	}
	cfg, _ := config.Load(os.DirFS(opts.Source))
	if cfg != nil {
		strict := a11y.Validate(cfg.Accessibility, langCodes(cfg), true)
		for i := range strict {
			strict[i].File = config.File
			if strict[i].Line == 0 {
				strict[i].Line = cfg.Lines["accessibility"]
			}
		}
		for _, d := range strict {
			if !hasDiag(rep.Diags, d) {
				rep.Diags.Add(d)
			}
		}
	}
	if res == nil || cfg == nil {
		return rep // the build failed; there is no output to look at
	}
	s := res.Site
	for _, l := range s.Languages {
		rep.Languages = append(rep.Languages, l.Code)
	}
	rep.Missing = missingTranslations(s)
	rep.Budget = cfg.Check.Budget()

	root, weightRoot := lines, lines
	label := opts.Label
	switch {
	case opts.Dest != "":
		root, weightRoot = opts.Dest, opts.Dest
		if label == "" {
			label = filepath.ToSlash(opts.Dest)
		}
	default:
		rep.Built = true
		if label == "" {
			label = "public"
		}
		if cfg.MinifyOn() {
			// Weigh what is published: the minified build.
			weightRoot = filepath.Join(tmp, "published")
			if _, d := build.Build(ctx, build.Options{Source: opts.Source, Dest: weightRoot, Now: opts.Now, Drafts: opts.Drafts, Future: opts.Future}); d.HasErrors() {
				weightRoot = lines
			}
		}
	}
	c := &checker{
		cfg:    cfg,
		site:   s,
		label:  strings.TrimSuffix(label, "/"),
		source: opts.Source,
		pages:  pagesByFile(s),
	}
	rep.Diags.Append(c.scan(os.DirFS(root)))
	rep.Pages = c.htmlFiles
	w := weigh(os.DirFS(weightRoot), cfg)
	for _, pw := range w {
		if pw.total > rep.Weight {
			rep.Weight, rep.Heaviest = pw.total, pw.file
		}
		if pw.total > rep.Budget {
			where := "the default budget"
			if cfg.Check.PageWeight.Bytes > 0 {
				where = fmt.Sprintf("the budget set in %s:%d (check.pageWeight)", config.File, cfg.Check.PageWeight.Line)
			}
			rep.Diags.Add(diag.Diagnostic{
				File: c.label + "/" + pw.file,
				Msg: fmt.Sprintf("page weight %s (HTML %s, CSS %s, JS %s; images apart) is over %s of %s",
					a11y.FormatSize(pw.total), a11y.FormatSize(pw.html), a11y.FormatSize(pw.css), a11y.FormatSize(pw.js), where, a11y.FormatSize(rep.Budget)),
				Hint: c.contentOf(pw.file),
			})
		}
	}
	return rep
}

func hasDiag(l diag.List, d diag.Diagnostic) bool {
	for _, x := range l {
		if x.File == d.File && x.Line == d.Line && x.Msg == d.Msg && x.Severity == d.Severity {
			return true
		}
	}
	return false
}

func langCodes(cfg *config.Config) []string {
	var out []string
	for _, l := range cfg.Languages {
		out = append(out, l.Code)
	}
	return out
}

// pagesByFile maps output files to the pages that wrote them.
func pagesByFile(s *site.Site) map[string]*site.Page {
	m := map[string]*site.Page{}
	for _, p := range s.Pages {
		m[p.OutFile] = p
	}
	for _, p := range s.Lists {
		m[p.OutFile] = p
	}
	return m
}

type checker struct {
	cfg       *config.Config
	site      *site.Site
	label     string
	source    string
	pages     map[string]*site.Page
	htmlFiles int

	files map[string]bool // every file of the output
	docs  map[string]*Doc // every HTML file, scanned
}

// scan reads every file of the output and reports links, anchors,
// images and resources.
func (c *checker) scan(fsys fs.FS) diag.List {
	var diags diag.List
	c.files = map[string]bool{}
	c.docs = map[string]*Doc{}
	var names []string
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		c.files[p] = true
		names = append(names, p)
		return nil
	})
	sort.Strings(names)
	own := ownHost(c.cfg.BaseURL)
	for _, name := range names {
		ext := strings.ToLower(path.Ext(name))
		if ext != ".html" && ext != ".htm" && ext != ".css" && ext != ".svg" {
			continue
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			diags.Errorf(c.label+"/"+name, 0, "%v", err)
			continue
		}
		var d *Doc
		if ext == ".css" {
			d = &Doc{Resources: cssURLs(b, 1)}
		} else {
			d = scanHTML(b)
		}
		if ext != ".css" {
			c.docs[name] = d
		}
		if ext == ".html" || ext == ".htm" {
			c.htmlFiles++
		}
		for _, r := range d.Resources {
			if h := foreignHost(r.URL, own); h != "" {
				c.report(&diags, name, r.Line, r.URL, "%s loaded from another host, %s: %s (serve it from the site itself; a third-party host sees every reader)", r.Kind, h, r.URL)
			}
		}
	}
	for _, name := range names {
		d := c.docs[name]
		if d == nil {
			continue
		}
		for _, l := range d.Links {
			if msg := c.checkLink(name, l.URL, own); msg != "" {
				c.report(&diags, name, l.Line, l.URL, "%s", msg)
			}
		}
		for _, im := range d.Images {
			switch {
			case !im.HasAlt:
				c.report(&diags, name, im.Line, im.Src, "image without alt text: %s (add alt text; alt=\"\" only for decoration)", im.Src)
			case im.InContent && strings.TrimSpace(im.Alt) == "":
				c.report(&diags, name, im.Line, im.Src, "image without alt text: %s (write what it shows between the brackets: ![…](%s))", im.Src, im.Src)
			}
		}
	}
	return diags
}

// report adds an error at an output file's line, naming the content file
// and, when needle can be found in it, its line.
func (c *checker) report(diags *diag.List, file string, line int, needle, format string, args ...any) {
	diags.Add(diag.Diagnostic{
		File: c.label + "/" + file,
		Line: line,
		Msg:  fmt.Sprintf(format, args...),
		Hint: c.contentAt(file, needle),
	})
}

// contentOf names the content file of an output file, or "".
func (c *checker) contentOf(out string) string {
	if p := c.pages[out]; p != nil && p.File != "" {
		return p.File
	}
	return ""
}

// contentAt names the content file of an output file and the line on
// which needle appears in its body, when it does.
func (c *checker) contentAt(out, needle string) string {
	p := c.pages[out]
	if p == nil || p.File == "" {
		return ""
	}
	if needle == "" {
		return p.File
	}
	b, err := os.ReadFile(filepath.Join(c.source, filepath.FromSlash(p.File)))
	if err != nil {
		return p.File
	}
	candidates := []string{needle}
	if u, err := url.PathUnescape(needle); err == nil && u != needle {
		candidates = append(candidates, u)
	}
	if base := path.Base(needle); base != needle && base != "." && base != "/" {
		candidates = append(candidates, base)
	}
	for _, cand := range candidates {
		if i := bytes.Index(b, []byte(cand)); i >= 0 {
			return fmt.Sprintf("%s:%d", p.File, bytes.Count(b[:i], []byte("\n"))+1)
		}
	}
	return p.File
}

// checkLink returns what is wrong with a link from the output file from,
// or "".
func (c *checker) checkLink(from, href, own string) string {
	if href == "" {
		return "empty link"
	}
	u, err := url.Parse(href)
	if err != nil {
		return fmt.Sprintf("malformed link %q: %v", href, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https":
	case "javascript":
		return fmt.Sprintf("javascript: link %q (use a button, or a real URL)", href)
	default:
		return "" // mailto:, tel:, …
	}
	if u.Host != "" && !strings.EqualFold(u.Hostname(), own) {
		return "" // another site: not checked here (no network)
	}
	target := from
	if u.Path != "" || u.Host != "" {
		p := u.Path
		if !strings.HasPrefix(p, "/") {
			p = path.Join("/"+path.Dir(from), p)
			if strings.HasSuffix(u.Path, "/") {
				p += "/"
			}
		} else {
			base := c.cfg.BasePath()
			if !strings.HasPrefix(p+"/", base) && p != strings.TrimSuffix(base, "/") {
				return fmt.Sprintf("broken link %s: outside the site's base path %s", href, base)
			}
			p = "/" + strings.TrimPrefix(p, base)
		}
		var ok bool
		target, ok = c.resolveFile(p)
		if !ok {
			return fmt.Sprintf("broken link %s: no such page in the built site", href)
		}
	}
	if u.Fragment == "" {
		return ""
	}
	d := c.docs[target]
	if d == nil {
		return "" // not HTML: fragments mean something else there
	}
	if _, ok := d.IDs[u.Fragment]; ok {
		return ""
	}
	if u.Fragment == "top" && target == from {
		return ""
	}
	return fmt.Sprintf("broken anchor %s: %s has no element with id %q", href, "/"+target, u.Fragment)
}

// resolveFile maps a site path to an output file, as a static host does.
func (c *checker) resolveFile(p string) (string, bool) {
	p = strings.TrimPrefix(path.Clean(p), "/")
	if p == "." || p == "" {
		p = ""
	}
	var cands []string
	if p == "" {
		cands = []string{"index.html"}
	} else {
		cands = []string{p, p + "/index.html", p + ".html"}
	}
	for _, f := range cands {
		if c.files[f] {
			return f, true
		}
	}
	return "", false
}

// ownHost is the host of the base URL, "" for a relative base URL.
func ownHost(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// foreignHost returns the host a resource URL loads from when that is not
// the site's own, else "".
func foreignHost(ref, own string) string {
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "data", "blob", "about":
		return ""
	}
	if u.Host == "" {
		return ""
	}
	if own != "" && strings.EqualFold(u.Hostname(), own) {
		return ""
	}
	return u.Host
}

// ForeignResources lists every resource any HTML, SVG or CSS file under
// fsys loads from a host other than own, as "file:line: kind url". The
// privacy test runs it on the example portal.
func ForeignResources(fsys fs.FS, own string) ([]string, error) {
	var out []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ext := strings.ToLower(path.Ext(p))
		if ext != ".html" && ext != ".htm" && ext != ".css" && ext != ".svg" {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		var rs []Ref
		if ext == ".css" {
			rs = cssURLs(b, 1)
		} else {
			rs = scanHTML(b).Resources
		}
		for _, r := range rs {
			if h := foreignHost(r.URL, own); h != "" {
				out = append(out, fmt.Sprintf("%s:%d: %s from %s: %s", p, r.Line, r.Kind, h, r.URL))
			}
		}
		return nil
	})
	return out, err
}

// missingTranslations lists, per language, the content pages and section
// lists whose translation group lacks that language. A page with ref: ”
// has no translations on purpose and is left out.
func missingTranslations(s *site.Site) []Missing {
	// Only the sections' own lists: generated lists such as filtered views
	// are per language by nature.
	sections := map[*site.Page]bool{}
	for _, l := range s.Languages {
		for _, sec := range l.Sections {
			sections[sec] = true
		}
	}
	var out []Missing
	for _, l := range s.Languages {
		m := Missing{Lang: l.Code}
		seen := map[*site.Page]bool{}
		all := append(append([]*site.Page{}, s.Pages...), s.Lists...)
		for _, p := range all {
			if p.L == l || seen[p] || (p.Kind != site.KindPage && !sections[p]) {
				continue
			}
			if p.Kind == site.KindPage && p.HasRef && p.Ref == "" {
				continue
			}
			seen[p] = true
			for _, t := range p.Translations {
				seen[t] = true
			}
			if p.Translation(l.Code) == nil {
				m.Pages = append(m.Pages, p)
			}
		}
		out = append(out, m)
	}
	return out
}
