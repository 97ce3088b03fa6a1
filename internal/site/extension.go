package site

import (
	"bytes"
	"html/template"
	"io/fs"
	"slices"

	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/markdown"
	"github.com/deltag/deltag/internal/page"
)

// An Extension is a feature plugged into the pipeline: typed content,
// forms, the accessibility statement. Every part is optional; an
// extension implements the interfaces below that it needs, and the list
// of extensions is composed in one place (internal/features) and passed
// in Options. The core (site, build, render, serve) knows only these
// interfaces, never a feature by name.
//
// Where each part runs:
//
//	Generator   before resolve: pages made from the config or from the
//	            parsed pages join them (they go through the same
//	            selection, URLs and checks as content files): the
//	            intake's shell pages, jekyll-paginate's pages of posts,
//	            as many as this build's posts fill
//	Resolver    inside Resolve, after URLs, translations, references and
//	            taxonomies, before ordering, prev/next, menus and the
//	            collision check; it changes the model only through the
//	            Builder (SetExtra, SetLayout, SetSummary, OrderSection,
//	            AddList, LinkTranslations, SetState)
//	Funcs       when layouts are compiled, once per language
//	Outputs     after the pages are rendered, by the one function that
//	            writes extra outputs for a full build, an incremental
//	            update and a body-only edit alike
//	Markdown    when a language's Markdown converter is made (MarkdownHook:
//	            an image hook that checks and rewrites every image)
//	Statics     when static/ is copied (StaticOwner: files the extension
//	            publishes itself, processed, are not copied as they are)
//	PageRender  per page, while rendering (PageRenderer: a page's text
//	            before Markdown, a whole page instead of a layout)
//	Rebuild     deltag serve rebuilds the whole site on every change
//	            (WholeRebuilder)
//
// A Resolver may keep per-build state for its other parts with
// Builder.SetState (read with Site.State): the images of this build, say.
// The model stays sealed; such state is the extension's own and must be
// safe for concurrent use by the renderers.
//
// After Resolve returns the model is sealed: the Builder refuses further
// changes, and no extension ever changes a parsed page (a *page.Page):
// deltag serve resolves the same parsed pages again after an edit, so a
// change made to one would survive into the next model.
//
// # Worked example: a content type with a derived value
//
// A housing company runs surveys and wants each survey page to say
// whether it is still open. Declare the type in site.yaml:
//
//	sections:
//	  surveys: {path: {sv: enkater, da: undersoegelser}}
//	types:
//	  survey:
//	    section: surveys
//	    fields:
//	      - {name: closes, kind: date, required: true, label: {sv: Stänger, da: Lukker}}
//
// write the extension in its own package, reading the fields through the
// schema (Need makes a renamed field an error, Validate checks every page
// and converts the values) and recording the derived value through the
// Builder:
//
//	type Extension struct{}
//
//	func (Extension) Name() string { return "survey" }
//
//	func (Extension) Resolve(b *site.Builder) diag.List {
//		var diags diag.List
//		s := b.Site()
//		t := s.Config.Types["survey"]
//		if t == nil {
//			return nil
//		}
//		if msg := t.Need("closes", true, schema.Date); msg != "" {
//			diags.Errorf("site.yaml", t.Line, "%s", msg)
//			return diags
//		}
//		for _, p := range s.Pages {
//			if p.Section != t.Section && p.Page.Type != t.Name {
//				continue
//			}
//			raw, ok := p.Params[t.Key]
//			vals := t.Validate(raw, ok, schema.Source{File: p.File, FrontLine: p.FrontLine,
//				Lines: p.Lines, Loc: p.L.Location, ParseDate: page.ParseDate, KindOf: page.KindOf}, &diags)
//			closes, _ := vals["closes"].(time.Time)
//			b.SetExtra(p, "survey", map[string]any{"closes": closes, "open": s.Now.Before(closes)})
//			b.SetLayout(p, t.Layout) // a survey outside surveys/ renders like one
//		}
//		return diags
//	}
//
// add Extension{} to internal/features, and read the value in the layout
// surveys/single.html:
//
//	{{with .Extra.survey}}{{if .open}}{{T "survey_open_until"}} {{formatDate "long" .closes}}{{end}}{{end}}
//
// Nothing in site, build, render or serve changes; deltag serve
// re-resolves after a front-matter edit and keeps the value right.
// TestWorkedExample runs this extension.
type Extension interface {
	// Name names the extension in diagnostics.
	Name() string
}

// Generator makes pages from the config or the parsed pages, before
// resolve: the pages it returns join the parsed pages and go through the
// same selection, URLs and checks. It must not change the pages it is
// given (deltag serve resolves them again).
type Generator interface {
	Extension
	Generate(in GenerateInput) ([]*page.Page, diag.List)
}

// GenerateInput is what a Generator reads.
type GenerateInput struct {
	Config *config.Config
	// Pages are every parsed page, section and home texts (_index.md)
	// included, in the order the files were found, and the pages of
	// the generators listed before this one.
	Pages []*page.Page
	// Published reports whether this build publishes a page (drafts,
	// future and expired pages are left out unless asked for).
	Published func(*page.Page) bool
	// Data holds the files under data/; FS is the site's source.
	Data map[string]any
	FS   fs.FS
}

// Resolver checks pages and computes derived values through a Builder.
type Resolver interface {
	Extension
	Resolve(b *Builder) diag.List
}

// FuncsProvider adds template functions for one language. A function
// that takes a page should accept the layout's dot: use PageOf.
type FuncsProvider interface {
	Extension
	Funcs(s *Site, l *Language) template.FuncMap
}

// OutputWriter writes files beyond pages (calendars, a script). emit
// writes through the build's one checked write function; a name that
// leaves the destination is an error there. Outputs must depend only on
// the sealed model and on page sources, so that every build path writes
// the same bytes.
type OutputWriter interface {
	Extension
	Outputs(s *Site, emit func(name string, data []byte)) diag.List
}

// MarkdownHook changes the Markdown options of one language before its
// converter is made, such as an image hook (markdown.Options.Image).
type MarkdownHook interface {
	Extension
	Markdown(s *Site, l *Language, opts *markdown.Options)
}

// StaticOwner publishes some static files itself: OwnsStatic reports
// whether rel, a path under static/ ("uploads/a.jpg"), is one, so the
// build does not copy it as it is (an upload the images extension
// re-encodes without the camera's metadata). Asked after the pages are
// rendered.
type StaticOwner interface {
	Extension
	OwnsStatic(s *Site, rel string) bool
}

// PageRenderer renders pages in a template language of its own (a
// Jekyll site's Liquid). Prepare runs once per renderer, before any page
// renders; body renders a page's text as the page would show it (Text,
// then Markdown), for objects that show other pages' text. Text renders a
// page's text before Markdown (return it unchanged when the page is not
// the extension's). Page renders the whole page around its converted
// content instead of the layouts (handled=false leaves it to them). Text
// and Page are called from many goroutines.
type PageRenderer interface {
	Extension
	Prepare(s *Site, body func(p *Page) ([]byte, error))
	Text(s *Site, p *Page, body []byte) ([]byte, *diag.Diagnostic)
	Page(s *Site, w *bytes.Buffer, p *Page, content []byte) (handled bool, diags diag.List)
}

// WholeRebuilder tells deltag serve to rebuild the whole site after any
// change, rather than only what the change touches (a Liquid page can
// show any other page's text).
type WholeRebuilder interface {
	Extension
	RebuildWhole(s *Site) bool
}

// SetState keeps a value of e's for this build (read it with
// Site.State): per-build state its other parts share, such as the images
// this build processes. Keyed by e.Name().
func (b *Builder) SetState(e Extension, v any) {
	b.check()
	if b.s.state == nil {
		b.s.state = map[string]any{}
	}
	b.s.state[e.Name()] = v
}

// State is the value e kept with Builder.SetState, or nil.
func (s *Site) State(e Extension) any { return s.state[e.Name()] }

// CacheDir is a folder where extensions may keep derived files between
// builds (resized images); "" when the build gave none.
func (b *Builder) CacheDir() string { return b.cacheDir }

// Extensions returns the extensions the site was resolved with.
func (s *Site) Extensions() []Extension { return s.extensions }

// Builder is what a Resolver changes the model through. It is valid only
// during Resolve.
type Builder struct {
	s        *Site
	fsys     fs.FS
	cacheDir string
	orders   map[*Page]func(a, b *Page) int // custom display order by section list
	added    []*Page                        // lists added by extensions, in order
	sealed   bool
}

func (b *Builder) check() {
	if b.sealed {
		panic("site: the model is sealed; an extension may change it only inside Resolve")
	}
}

// Site is the model being resolved. Read it freely; change it only
// through the Builder's methods.
func (b *Builder) Site() *Site { return b.s }

// FS is the site's source folder, for files an extension reads (a
// budget's vote file).
func (b *Builder) FS() fs.FS { return b.fsys }

// SetExtra records a derived value on a page, for layouts (p.Extra.key).
func (b *Builder) SetExtra(p *Page, key string, v any) {
	b.check()
	if p.Extra == nil {
		p.Extra = make(map[string]any, 4)
	}
	p.Extra[key] = v
}

// SetSummary replaces what lists, feeds and meta tags show of a page:
// its summary (front matter) and its body summary (the first
// paragraph), such as an excerpt whose Liquid the extension rendered.
// The parsed page keeps the text as written.
func (b *Builder) SetSummary(p *Page, summary, bodySummary string) {
	b.check()
	p.Summary, p.BodySummary = summary, bodySummary
}

// SetLayout sets the folder a page's layouts are looked up in (its
// .Type). The parsed page keeps the type its front matter gave.
func (b *Builder) SetLayout(p *Page, folder string) {
	b.check()
	p.Type = folder
}

// OrderSection replaces the default display order of a section list (and
// of the lists added for it with AddList) with cmp; ties keep the default
// order (weight, newest date, title, file). Prev and Next follow it.
func (b *Builder) OrderSection(sec *Page, cmp func(a, b *Page) int) {
	b.check()
	if sec != nil {
		b.orders[sec] = cmp
	}
}

// List describes a generated list page (a filtered view of a section).
type List struct {
	Section string // the section it belongs to; its section list is SectionPage
	Layout  string // the layout folder (<Layout>/section.html renders it)
	Title   string
	Path    string  // the URL path, "/sv/projekt/status/pagaende/"
	Members []*Page // ordered like the section after Resolve
	// File and Line name what asked for the list, for diagnostics
	// ("site.yaml", the filter's line).
	File string
	Line int
}

// AddList adds a generated list page of kind section to the language. Its
// output file follows from Path by the one URL → file rule, and the
// collision check covers it like every other output.
func (b *Builder) AddList(l *Language, spec List) *Page {
	b.check()
	pp := &page.Page{Lang: l.Code, Section: spec.Section, Type: spec.Layout, Title: spec.Title,
		Params: map[string]any{}, Terms: map[string][]string{}, Lines: map[string]int{}}
	lp := &Page{Page: pp, Site: b.s, Kind: KindSection, L: l, Path: spec.Path, Type: spec.Layout,
		Members: spec.Members, SectionPage: l.sections[spec.Section], origin: spec.File, originLine: spec.Line}
	b.added = append(b.added, lp)
	return lp
}

// LinkTranslations makes the pages translations of each other (one page
// per language).
func (b *Builder) LinkTranslations(ps ...*Page) {
	b.check()
	for _, p := range ps {
		for _, q := range ps {
			if q != p && !slices.Contains(p.Translations, q) {
				p.Translations = append(p.Translations, q)
			}
		}
	}
}

// PageOf finds the page in a template's dot: a *Page, or a value that
// embeds one (the layouts' view).
func PageOf(v any) *Page {
	switch x := v.(type) {
	case *Page:
		return x
	case interface{ ModelPage() *Page }:
		return x.ModelPage()
	}
	return nil
}

// ModelPage returns p; a value embedding a *Page has it too, which is how
// PageOf finds the page in any layout's dot.
func (p *Page) ModelPage() *Page { return p }
