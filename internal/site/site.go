// Package site resolves parsed pages into the read-only model that
// templates see: languages, pages with URLs, translations, sections,
// taxonomies and their terms, references between pages, prev/next and
// menus. Features plug in as extensions (see Extension) that run inside
// Resolve and change the model only through a Builder. Resolve runs once
// per build, in one goroutine; after it the model is sealed and nothing
// changes it, so rendering can read it from any number of goroutines.
// Parsed pages are never changed.
//
// Language is a field of every page, not a separate tree: Site.Pages holds
// every page of every language; each Language holds its own views.
package site

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/page"
)

// Kinds of page.
const (
	KindPage     = "page"     // a content file
	KindHome     = "home"     // a language's home page
	KindSection  = "section"  // the list of a section
	KindTaxonomy = "taxonomy" // the list of a taxonomy's terms
	KindTerm     = "term"     // the list of pages with a term
	Kind404      = "404"      // the not-found page of a language
)

// Site is the resolved site.
type Site struct {
	Config    *config.Config
	Languages []*Language
	// Pages holds the content pages of every language, in a stable order
	// (language, then section order).
	Pages []*Page
	// Lists holds every generated list page (homes, sections, taxonomies,
	// terms, 404s), in a stable order.
	Lists []*Page
	// Data holds the files under data/, by name without extension.
	Data map[string]any
	// Now is the build's notion of the current time.
	Now time.Time
	// BuildDrafts is on when drafts are built (they get a visible mark).
	BuildDrafts bool

	index      pageIndex
	extensions []Extension
	state      map[string]any // per-build state of extensions (Builder.SetState)
}

// Language is one of the site's languages with its pages.
type Language struct {
	*config.Language
	Site       *Site
	Home       *Page
	NotFound   *Page
	Pages      []*Page // regular content pages, newest first
	Sections   []*Page // section list pages, by title
	Taxonomies []*Taxonomy
	Menus      map[string][]*MenuEntry
	sections   map[string]*Page
}

// Taxonomy is one taxonomy (categories, tags) in one language.
type Taxonomy struct {
	Name  string // categories
	Page  *Page  // the page listing its terms
	Terms []*Term
}

// Term is one value of a taxonomy in one language.
type Term struct {
	Name  string // as written
	Slug  string
	Page  *Page // the page listing Pages
	Pages []*Page
}

// MenuEntry is a resolved menu item.
type MenuEntry struct {
	Name   string
	URL    string
	Page   *Page // the page or list it points at, nil for URLs
	Weight int
}

// Page is a content page or a generated list page.
type Page struct {
	// Source is the parsed content file; for generated lists it is the
	// _index.md that gives the list its text, or a blank page.
	*page.Page
	Site *Site
	Kind string
	L    *Language
	// Path is the site-relative URL path, "/sv/evenemang/x/".
	Path string
	// OutFile is the output file, slash-separated, "sv/evenemang/x/index.html".
	OutFile string
	// Type is the folder the page's layouts are looked up in: its front
	// matter's type:, or what an extension set (a page of type event
	// outside the events section renders with the events layouts). It
	// shadows the parsed page's Type, which stays as written.
	Type string
	// Summary and BodySummary are what lists, feeds and meta tags show of
	// the page: the front matter's summary and the first paragraph, as
	// parsed, unless an extension rendered them (Builder.SetSummary: a
	// Jekyll page's excerpt with Liquid in it). They shadow the parsed
	// page's fields, which stay as parsed.
	Summary, BodySummary string

	// Members are the pages a list shows, in display order.
	Members []*Page
	// Term and Taxonomy are set on term and taxonomy lists.
	Term     *Term
	Taxonomy *Taxonomy
	// SectionPage is the section list a regular page belongs to.
	SectionPage *Page

	Translations []*Page // the page in other languages, in site language order
	Prev, Next   *Page   // neighbours in the section, by display order

	// Refs are the pages this page names in its front matter, by key.
	Refs map[string][]*Page
	// ReferencedBy are the pages that name this page, newest first.
	ReferencedBy []*Page
	// TermsOf are the terms of each taxonomy this page carries.
	TermsOf    map[string][]*Term
	termValues map[string][]string // taxonomy values that are terms, not references
	allRefs    []*Page             // AllReferences, computed in Resolve
	// Extra holds values extensions derive (an event's status, a pool's
	// remaining amount), set through the Builder inside Resolve.
	Extra map[string]any
	// origin and originLine name what asked for a generated list, for
	// diagnostics (Builder.AddList).
	origin     string
	originLine int
}

// IsList reports whether the page is a generated list.
func (p *Page) IsList() bool { return p.Kind != KindPage }

// RelPermalink is the URL path including the base URL's path.
func (p *Page) RelPermalink() string {
	return p.Site.Config.BasePath() + strings.TrimPrefix(p.Path, "/")
}

// Permalink is the absolute URL.
func (p *Page) Permalink() string { return p.Site.Config.AbsURL(p.Path) }

// Translation returns the page's translation into lang, or nil.
func (p *Page) Translation(lang string) *Page {
	for _, t := range p.Translations {
		if t.L.Code == lang {
			return t
		}
	}
	return nil
}

// AllTranslations is the page and its translations, in site language order.
func (p *Page) AllTranslations() []*Page {
	out := make([]*Page, 0, len(p.Translations)+1)
	for _, l := range p.Site.Languages {
		if l == p.L {
			out = append(out, p)
		} else if t := p.Translation(l.Code); t != nil {
			out = append(out, t)
		}
	}
	return out
}

// IsFuture reports whether the page's date is after the build time.
func (p *Page) IsFuture() bool { return p.Date.After(p.Site.Now) }

// LocalDate is the date in the page's language's time zone.
func (p *Page) LocalDate() time.Time { return p.Date.In(p.L.Location) }

// Terms returns the page's terms of one taxonomy.
func (p *Page) TermsIn(taxonomy string) []*Term { return p.TermsOf[taxonomy] }

// References returns the pages named by the front-matter key.
func (p *Page) References(key string) []*Page { return p.Refs[key] }

// AllReferences returns every page this page names, deduplicated, in key
// order.
func (p *Page) AllReferences() []*Page { return p.allRefs }

// allReferences computes AllReferences once the references are resolved.
func (p *Page) allReferences() []*Page {
	keys := make([]string, 0, len(p.Refs))
	for k := range p.Refs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	seen := map[*Page]bool{}
	var out []*Page
	for _, k := range keys {
		for _, r := range p.Refs[k] {
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// SectionTitle is the title of the page's section in its language.
func (p *Page) SectionTitle() string {
	if p.SectionPage != nil {
		return p.SectionPage.Title
	}
	return ""
}

// SortPages orders pages in the default display order: a weight first
// (lower first, 0 = unweighted, last), then newest date, then title, then
// file.
func SortPages(ps []*Page) { sortPages(ps) }

func sortPages(ps []*Page) {
	slices.SortStableFunc(ps, func(a, b *Page) int {
		if (a.Weight != 0) != (b.Weight != 0) {
			if a.Weight != 0 {
				return -1
			}
			return 1
		}
		if a.Weight != b.Weight {
			return cmp.Compare(a.Weight, b.Weight)
		}
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		if c := strings.Compare(a.Title, b.Title); c != 0 {
			return c
		}
		return strings.Compare(a.File, b.File)
	})
}
