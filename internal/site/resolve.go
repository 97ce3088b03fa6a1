package site

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/locale"
	"github.com/deltag/deltag/internal/page"
)

// Options selects which pages a build publishes.
type Options struct {
	Drafts  bool      // publish pages with draft: true
	Future  bool      // publish pages dated after Now
	Expired bool      // publish pages whose expiryDate has passed
	Now     time.Time // the build time
	// Extensions plug features into the resolve stage (see Extension).
	Extensions []Extension
	// FS is the site's source, for extensions that read files.
	FS fs.FS
	// CacheDir is where extensions may keep derived files between
	// builds (Builder.CacheDir).
	CacheDir string
}

// Resolve builds the site model from parsed pages. pages must be in a
// stable order (the order files were found); the model is deterministic
// for the same input.
func Resolve(cfg *config.Config, pages []*page.Page, data map[string]any, opts Options) (*Site, diag.List) {
	var diags diag.List
	s := &Site{Config: cfg, Data: data, Now: opts.Now, BuildDrafts: opts.Drafts, extensions: opts.Extensions}
	// 0. Pages the extensions generate join the parsed pages.
	for _, e := range opts.Extensions {
		if g, ok := e.(Generator); ok {
			gen, d := g.Generate(GenerateInput{Config: cfg, Pages: pages, Data: data, FS: opts.FS,
				Published: func(p *page.Page) bool { return published(p, opts) }})
			diags.Append(d)
			pages = append(pages[:len(pages):len(pages)], gen...)
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	langs := map[string]*Language{}
	for _, cl := range cfg.Languages {
		l := &Language{Language: cl, Site: s, sections: map[string]*Page{}, Menus: map[string][]*MenuEntry{}}
		s.Languages = append(s.Languages, l)
		langs[cl.Code] = l
	}
	// Default language first, so fallbacks and the root page find it.
	sort.SliceStable(s.Languages, func(i, j int) bool { return s.Languages[i].Default && !s.Languages[j].Default })

	// 1. Select published pages; split section texts from regular pages.
	indexes := map[string]*page.Page{} // lang/section → _index.md
	for _, pp := range pages {
		if pp.IsIndex {
			indexes[pp.Lang+"/"+pp.Section] = pp
			continue
		}
		if !published(pp, opts) {
			continue
		}
		l := langs[pp.Lang]
		p := &Page{Page: pp, Site: s, Kind: KindPage, L: l, Type: pp.Type, Summary: pp.Summary, BodySummary: pp.BodySummary}
		s.Pages = append(s.Pages, p)
		l.Pages = append(l.Pages, p)
	}

	// 2. Lists: homes, sections, 404s.
	for _, l := range s.Languages {
		l.Home = s.newList(l, KindHome, indexes[l.Code+"/"], "/"+l.Code+"/", l.Title)
		l.NotFound = s.newList(l, Kind404, nil, "", "404")
		l.NotFound.OutFile = l.Code + "/404.html"
		l.NotFound.Path = "/" + l.Code + "/404.html"
		// A content page the site keeps at /<lang>/404.html (a Jekyll
		// import's own 404 page) is the language's 404 page.
		for _, p := range l.Pages {
			if p.Page.URL == l.NotFound.Path {
				l.NotFound = p
				break
			}
		}
	}
	for _, p := range s.Pages {
		if p.Section == "" {
			continue
		}
		l := p.L
		sec := l.sections[p.Section]
		if sec == nil {
			title := cfg.SectionTitle(p.Section, l.Code)
			if title == "" {
				title = strings.ToUpper(p.Section[:1]) + p.Section[1:]
			}
			src := indexes[l.Code+"/"+p.Section]
			if src == nil {
				src = &page.Page{Lang: l.Code, Section: p.Section, Params: map[string]any{}}
			}
			sec = s.newList(l, KindSection, src, "/"+l.Code+"/"+cfg.SectionPath(p.Section, l.Code)+"/", title)
			l.sections[p.Section] = sec
			l.Sections = append(l.Sections, sec)
		}
		sec.Members = append(sec.Members, p)
		p.SectionPage = sec
	}
	// Sections given only by an _index.md still get a list page.
	for _, key := range sortedKeys(indexes) {
		pp := indexes[key]
		l := langs[pp.Lang]
		if pp.Section == "" || l.sections[pp.Section] != nil || !published(pp, opts) {
			continue
		}
		sec := s.newList(l, KindSection, pp, "/"+l.Code+"/"+cfg.SectionPath(pp.Section, l.Code)+"/", pp.Title)
		l.sections[pp.Section] = sec
		l.Sections = append(l.Sections, sec)
	}

	// 3. URLs of content pages.
	for _, p := range s.Pages {
		p.Path = pageURL(cfg, p)
		p.OutFile = OutFile(p.Path)
	}

	// 4. Translations, references, taxonomies.
	linkTranslations(s, &diags)
	resolveReferences(s, &diags)
	buildTaxonomies(s)

	// 5. Extensions: typed content checks pages, derives values, adds
	// lists and orders sections, through the Builder only.
	b := &Builder{s: s, fsys: opts.FS, cacheDir: opts.CacheDir, orders: map[*Page]func(a, b *Page) int{}}
	for _, e := range opts.Extensions {
		if r, ok := e.(Resolver); ok {
			diags.Append(r.Resolve(b))
		}
	}
	b.sealed = true

	// 6. Ordering, prev/next, menus.
	for _, l := range s.Languages {
		sortPages(l.Pages)
		sort.SliceStable(l.Sections, func(i, j int) bool { return l.Sections[i].Title < l.Sections[j].Title })
		for _, sec := range l.Sections {
			b.order(sec, sec.Members)
			for i, p := range sec.Members {
				if i > 0 {
					p.Prev = sec.Members[i-1]
				}
				if i+1 < len(sec.Members) {
					p.Next = sec.Members[i+1]
				}
			}
		}
		l.Home.Members = l.Pages
		buildMenus(s, l, &diags)
	}
	for _, lp := range b.added {
		b.order(lp.SectionPage, lp.Members)
	}
	for _, l := range s.Languages {
		s.Lists = append(s.Lists, l.Home)
		if l.NotFound.Kind == Kind404 {
			s.Lists = append(s.Lists, l.NotFound)
		}
		s.Lists = append(s.Lists, l.Sections...)
		for _, t := range l.Taxonomies {
			s.Lists = append(s.Lists, t.Page)
			for _, term := range t.Terms {
				s.Lists = append(s.Lists, term.Page)
			}
		}
	}
	s.Lists = append(s.Lists, b.added...)
	for _, p := range s.Lists {
		if p.OutFile == "" {
			p.OutFile = OutFile(p.Path)
		}
	}
	checkAliases(s, &diags)
	checkCollisions(s, &diags)
	return s, diags
}

// order sorts a list's members for display: the default order, then the
// order an extension gave the section, if any.
func (b *Builder) order(sec *Page, members []*Page) {
	sortPages(members)
	if cmp := b.orders[sec]; cmp != nil && sec != nil {
		slices.SortStableFunc(members, cmp)
	}
}

func published(p *page.Page, o Options) bool {
	if p.Draft && !o.Drafts {
		return false
	}
	if !o.Future && (p.Date.After(o.Now) || p.PublishDate.After(o.Now)) {
		return false
	}
	if !o.Expired && !p.ExpiryDate.IsZero() && !p.ExpiryDate.After(o.Now) {
		return false
	}
	return true
}

// newList makes a generated list page. src is its _index.md, if any.
func (s *Site) newList(l *Language, kind string, src *page.Page, urlPath, title string) *Page {
	if src == nil {
		src = &page.Page{Lang: l.Code, Params: map[string]any{}, Terms: map[string][]string{}}
	}
	if src.Title == "" {
		// A copy: parsed pages stay as parsed, so the model can be
		// resolved again from them (deltag serve).
		cp := *src
		cp.Title = title
		src = &cp
	}
	return &Page{Page: src, Site: s, Kind: kind, L: l, Path: urlPath, Type: src.Type, Summary: src.Summary, BodySummary: src.BodySummary}
}

// pageURL applies the section's permalink pattern, or the page's url.
func pageURL(cfg *config.Config, p *Page) string {
	if p.URL != "" {
		return p.URL
	}
	slug := p.Slug
	if p.Dir != "" {
		slug = p.Dir + "/" + slug
	}
	d := p.Date.In(p.L.Location)
	u := expandPermalink(cfg.Permalink(p.Section), func(tok string) string {
		switch tok {
		case ":lang":
			return p.L.Code
		case ":section":
			return cfg.SectionPath(p.Section, p.L.Code)
		case ":slug":
			return slug
		case ":title":
			return locale.Slugify(p.L.Code, p.Title)
		case ":year":
			return fmt.Sprintf("%04d", d.Year())
		case ":month":
			return fmt.Sprintf("%02d", d.Month())
		case ":day":
			return fmt.Sprintf("%02d", d.Day())
		}
		return tok
	})
	u = path.Clean(u)
	if !strings.HasSuffix(u, ".html") && !strings.HasSuffix(u, ".xml") {
		u += "/"
	}
	return u
}

// expandPermalink replaces each :token (letters after a colon) in
// pattern with value(token).
func expandPermalink(pattern string, value func(tok string) string) string {
	var b strings.Builder
	b.Grow(len(pattern) + 32)
	for i := 0; i < len(pattern); {
		c := pattern[i]
		if c != ':' {
			b.WriteByte(c)
			i++
			continue
		}
		j := i + 1
		for j < len(pattern) && (pattern[j] >= 'a' && pattern[j] <= 'z') {
			j++
		}
		b.WriteString(value(pattern[i:j]))
		i = j
	}
	return b.String()
}

// OutFile maps a URL path to the file that serves it. This is the one
// rule for every output (pages, lists, pagers, aliases): a path whose last
// segment ends in .html, .htm or .xml is that file; any other path is a
// folder, served by its index.html. "/sv/x/" → "sv/x/index.html",
// "/old" → "old/index.html", "/sv/404.html" → "sv/404.html".
func OutFile(u string) string {
	u = strings.TrimPrefix(u, "/")
	switch {
	case u == "" || strings.HasSuffix(u, "/"):
		return u + "index.html"
	case strings.HasSuffix(u, ".html"), strings.HasSuffix(u, ".htm"), strings.HasSuffix(u, ".xml"):
		return u
	}
	return u + "/index.html"
}

// CheckOutFile reports why an output file name is not one deltag may
// write: it must be a clean, relative, slash-separated path that stays
// inside the destination folder. Every output is checked with it before it
// is written (build's write function); Resolve checks aliases with it too,
// so the error names the file and line.
func CheckOutFile(name string) error {
	switch {
	case name == "" || name == ".":
		return fmt.Errorf("the output path is empty")
	case strings.ContainsAny(name, "\\\x00"):
		return fmt.Errorf("the output path %q has a backslash or a NUL byte", name)
	case strings.HasPrefix(name, "/") || (len(name) > 1 && name[1] == ':'):
		return fmt.Errorf("the output path %q is absolute; it must stay inside the destination folder", name)
	case name == ".." || strings.HasPrefix(name, "../") || strings.Contains(name, "/../") || strings.HasSuffix(name, "/.."):
		return fmt.Errorf("the output path %q leaves the destination folder", name)
	case path.Clean(name) != name:
		return fmt.Errorf("the output path %q is not clean (want %q)", name, path.Clean(name))
	}
	return nil
}

// checkAliases reports aliases that would be written outside the
// destination.
func checkAliases(s *Site, diags *diag.List) {
	for _, p := range s.Pages {
		for _, a := range p.Aliases {
			if strings.Contains(a, "..") || CheckOutFile(AliasFile(a)) != nil {
				diags.Errorf(p.File, p.Line("aliases"), "alias %q: a redirect must stay inside the site (no \"..\")", a)
			}
		}
	}
}

// AliasFile is the output file of an alias (by the one rule, OutFile).
func AliasFile(a string) string { return OutFile(path.Clean("/" + a)) }

func linkTranslations(s *Site, diags *diag.List) {
	groups := map[string][]*Page{}
	var order []string
	seenRef := map[string]*Page{}
	for _, p := range s.Pages {
		var key string
		switch {
		case p.HasRef && p.Ref == "":
			continue // ref: '' means: no translations
		case p.Ref != "":
			key = "ref:" + p.Ref
			if other := seenRef[p.L.Code+"\x00"+p.Ref]; other != nil {
				diags.Errorf(p.File, p.Line("ref"), "ref %q is also used by %s in the same language; a ref links one page per language", p.Ref, other.File)
				continue
			}
			seenRef[p.L.Code+"\x00"+p.Ref] = p
		default:
			key = "path:" + p.Section + "/" + p.Dir + "/" + p.Name
		}
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], p)
	}
	for _, key := range order {
		g := groups[key]
		if len(g) < 2 {
			continue
		}
		byLang := map[string]*Page{}
		for _, p := range g {
			if byLang[p.L.Code] == nil {
				byLang[p.L.Code] = p
			}
		}
		for _, p := range g {
			for _, l := range s.Languages {
				if t := byLang[l.Code]; t != nil && l != p.L {
					p.Translations = append(p.Translations, t)
				}
			}
		}
	}
	// Lists translate to the same list in the other languages.
	for _, l := range s.Languages {
		for _, o := range s.Languages {
			if o == l {
				continue
			}
			l.Home.Translations = append(l.Home.Translations, o.Home)
			if l.NotFound.Kind == Kind404 {
				l.NotFound.Translations = append(l.NotFound.Translations, o.NotFound)
			}
			for _, sec := range l.Sections {
				if t := o.sections[sec.Section]; t != nil {
					sec.Translations = append(sec.Translations, t)
				}
			}
		}
	}
}

// checkCollisions is the one check that no two outputs of the model —
// content pages, lists (extensions' too) and aliases — share a file.
func checkCollisions(s *Site, diags *diag.List) {
	seen := map[string]*Page{}
	all := append(append([]*Page{}, s.Pages...), s.Lists...)
	for _, p := range all {
		if other, ok := seen[p.OutFile]; ok {
			file, line := p.File, p.Line("url")
			if p.origin != "" {
				file, line = p.origin, p.originLine
			}
			diags.Errorf(file, line, "URL %s is also the URL of %s; give one of them another slug or url", p.Path, describe(other))
			continue
		}
		seen[p.OutFile] = p
	}
	for _, p := range s.Pages {
		for _, a := range p.Aliases {
			f := AliasFile(a)
			if other, ok := seen[f]; ok && other != p {
				diags.Errorf(p.File, p.Line("aliases"), "alias %s is already the URL of %s", a, describe(other))
				continue
			}
			seen[f] = p
		}
	}
}

func describe(p *Page) string {
	if p.File != "" {
		return p.File
	}
	return "the " + p.Kind + " list " + p.Path
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
