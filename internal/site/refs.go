package site

import (
	"fmt"
	"sort"
	"strings"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/locale"
)

// A front-matter value names another content file when it looks like a
// path: no scheme, no leading "/", no spaces, at least one "/", and either
// ending in ".md", starting with "_" (the Jekyll collection form
// "_themes/medborgarbudget.md") or starting with the name of a section.
// It resolves to the page of that section and name in the page's own
// language, falling back to the default language. A value that looks like
// a path but names no page is an error.

// RefKey identifies a content page independent of language:
// "section/dir/name".
func refKey(section, dir, name string) string {
	if dir != "" {
		return section + "/" + dir + "/" + name
	}
	return section + "/" + name
}

// LooksLikeRef reports whether s is written as a path to a content file,
// and returns the section/name key it names.
func (s *Site) LooksLikeRef(v string) (key string, ok bool) {
	if v == "" || strings.ContainsAny(v, " \t\n?#") || strings.Contains(v, "://") ||
		strings.HasPrefix(v, "/") || strings.HasPrefix(v, ".") || !strings.Contains(v, "/") {
		return "", false
	}
	first := v[:strings.IndexByte(v, '/')]
	isMD := strings.HasSuffix(v, ".md")
	if !isMD && !strings.HasPrefix(first, "_") && !s.isSection(first) {
		return "", false
	}
	k := strings.TrimPrefix(strings.TrimSuffix(v, ".md"), "_")
	k = strings.TrimSuffix(k, "/")
	return k, true
}

func (s *Site) isSection(name string) bool {
	if _, ok := s.Config.Sections[name]; ok {
		return true
	}
	for _, l := range s.Languages {
		if l.sections[name] != nil {
			return true
		}
	}
	return false
}

// pageIndex finds content pages by language and key.
type pageIndex map[string]*Page

func buildIndex(s *Site) pageIndex {
	idx := pageIndex{}
	for _, p := range s.Pages {
		idx[p.L.Code+"\x00"+refKey(p.Section, p.Dir, p.Name)] = p
		if p.Slug != p.Name {
			k := p.L.Code + "\x00" + refKey(p.Section, p.Dir, p.Slug)
			if idx[k] == nil {
				idx[k] = p
			}
		}
	}
	return idx
}

// Lookup finds the page a reference key names, in lang or else in the
// default language.
func (s *Site) lookup(idx pageIndex, lang, key string) *Page {
	if !strings.Contains(key, "/") {
		key = "/" + key // "about": a page outside any section
	}
	if p := idx[lang+"\x00"+key]; p != nil {
		return p
	}
	if p := idx[s.Languages[0].Code+"\x00"+key]; p != nil {
		return p
	}
	return nil
}

// Ref resolves a reference written in a page of lang; for templates.
func (s *Site) Ref(lang, v string) *Page {
	key, ok := s.LooksLikeRef(v)
	if !ok {
		key = strings.Trim(v, "/")
	}
	return s.lookup(s.index, lang, key)
}

func resolveReferences(s *Site, diags *diag.List) {
	idx := buildIndex(s)
	s.index = idx
	resolve := func(p *Page, key, v string) *Page {
		k, ok := s.LooksLikeRef(v)
		if !ok {
			return nil
		}
		t := s.lookup(idx, p.L.Code, k)
		if t == nil {
			diags.Errorf(p.File, p.Line(key), "%s: %q names no page (looked for section %q, page %q in %s and %s)", key, v,
				k[:strings.IndexByte(k, '/')], k[strings.IndexByte(k, '/')+1:], p.L.Code, s.Languages[0].Code)
			return nil
		}
		return t
	}
	add := func(p *Page, key string, t *Page) {
		if p.Refs == nil {
			p.Refs = map[string][]*Page{}
		}
		for _, e := range p.Refs[key] {
			if e == t {
				return
			}
		}
		p.Refs[key] = append(p.Refs[key], t)
	}
	for _, p := range s.Pages {
		// Taxonomy values that name a page are references, not terms.
		for _, tax := range sortedKeys(p.Terms) {
			var terms []string
			for _, v := range p.Terms[tax] {
				if t := resolve(p, tax, v); t != nil {
					add(p, tax, t)
					continue
				} else if _, ok := s.LooksLikeRef(v); ok {
					continue // reported
				}
				terms = append(terms, v)
			}
			if p.termValues == nil {
				p.termValues = map[string][]string{}
			}
			p.termValues[tax] = terms
		}
		for _, key := range sortedKeys(p.Params) {
			walkStrings(p.Params[key], key, func(path, v string) {
				if t := resolve(p, path, v); t != nil {
					add(p, key, t)
					if path != key {
						add(p, path, t)
					}
				}
			})
		}
	}
	for _, p := range s.Pages {
		p.allRefs = p.allReferences()
		for _, t := range p.allRefs {
			t.ReferencedBy = append(t.ReferencedBy, p)
		}
	}
	for _, p := range s.Pages {
		sortPages(p.ReferencedBy)
	}
}

// walkStrings calls fn for every string in v, with its dotted path.
func walkStrings(v any, path string, fn func(path, s string)) {
	switch x := v.(type) {
	case string:
		fn(path, x)
	case []any:
		for i, e := range x {
			walkStrings(e, fmt.Sprintf("%s.%d", path, i), fn)
		}
	case map[string]any:
		for _, k := range sortedKeys(x) {
			walkStrings(x[k], path+"."+k, fn)
		}
	}
}

func buildTaxonomies(s *Site) {
	cfg := s.Config
	for _, l := range s.Languages {
		for _, name := range cfg.Taxonomies {
			tax := &Taxonomy{Name: name}
			title := cfg.SectionTitle(name, l.Code)
			if title == "" {
				title = strings.ToUpper(name[:1]) + name[1:]
			}
			base := "/" + l.Code + "/" + cfg.SectionPath(name, l.Code) + "/"
			tax.Page = s.newList(l, KindTaxonomy, nil, base, title)
			tax.Page.Taxonomy = tax
			tax.Page.Page.Section = name
			terms := map[string]*Term{}
			slugs := map[string]string{} // most pages share a few terms
			for _, p := range l.Pages {
				for _, v := range p.termValues[name] {
					slug, ok := slugs[v]
					if !ok {
						slug = locale.Slugify(l.Code, v)
						slugs[v] = slug
					}
					if slug == "" {
						continue
					}
					t := terms[slug]
					if t == nil {
						t = &Term{Name: v, Slug: slug}
						terms[slug] = t
						tax.Terms = append(tax.Terms, t)
					}
					t.Pages = append(t.Pages, p)
					if p.TermsOf == nil {
						p.TermsOf = map[string][]*Term{}
					}
					p.TermsOf[name] = append(p.TermsOf[name], t)
				}
			}
			sort.Slice(tax.Terms, func(i, j int) bool { return tax.Terms[i].Slug < tax.Terms[j].Slug })
			for _, t := range tax.Terms {
				sortPages(t.Pages)
				t.Page = s.newList(l, KindTerm, nil, base+t.Slug+"/", t.Name)
				t.Page.Term = t
				t.Page.Taxonomy = tax
				t.Page.Members = t.Pages
				t.Page.Page.Section = name
			}
			if len(tax.Terms) > 0 {
				l.Taxonomies = append(l.Taxonomies, tax)
			}
		}
	}
	// Taxonomy lists and terms with the same slug translate to each other.
	for _, l := range s.Languages {
		for _, o := range s.Languages {
			if o == l {
				continue
			}
			for _, t := range l.Taxonomies {
				ot := o.taxonomy(t.Name)
				if ot == nil {
					continue
				}
				t.Page.Translations = append(t.Page.Translations, ot.Page)
				for _, term := range t.Terms {
					for _, oterm := range ot.Terms {
						if oterm.Slug == term.Slug {
							term.Page.Translations = append(term.Page.Translations, oterm.Page)
						}
					}
				}
			}
		}
	}
}

func (l *Language) taxonomy(name string) *Taxonomy {
	for _, t := range l.Taxonomies {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Taxonomy returns the language's taxonomy by name, or nil.
func (l *Language) Taxonomy(name string) *Taxonomy { return l.taxonomy(name) }

// Section returns the language's section list by section id, or nil.
func (l *Language) Section(name string) *Page { return l.sections[name] }

func buildMenus(s *Site, l *Language, diags *diag.List) {
	cfg := s.Config
	def := cfg.DefaultLanguage().Code
	for _, name := range sortedKeys(cfg.Menus) {
		for _, e := range cfg.Menus[name] {
			m := &MenuEntry{Weight: e.Weight, Name: e.Name.Get(l.Code, def), URL: e.URL}
			switch {
			case e.Section != "":
				sec := l.sections[e.Section]
				if sec == nil {
					if !s.isSection(e.Section) {
						diags.Errorf("site.yaml", e.Line, "menu %q: no section %q", name, e.Section)
					}
					continue // the section has no pages in this language
				}
				m.Page = sec
			case e.Page != "":
				key, ok := s.LooksLikeRef(e.Page)
				if !ok {
					key = strings.Trim(e.Page, "/")
				}
				t := s.lookup(s.index, l.Code, key)
				if t != nil && t.L != l {
					t = t.Translation(l.Code) // the page named in another language
				}
				if t == nil {
					diags.Warnf("site.yaml", e.Line, "menu %q: page %q names no page in %s; entry left out", name, e.Page, l.Code)
					continue
				}
				m.Page = t
			}
			if m.Page != nil {
				m.URL = m.Page.RelPermalink()
				if m.Name == "" {
					m.Name = m.Page.Title
				}
			}
			l.Menus[name] = append(l.Menus[name], m)
		}
	}
	for _, p := range l.Pages {
		for _, mi := range p.Menus {
			n := mi.Name
			if n == "" {
				n = p.Title
			}
			l.Menus[mi.Menu] = append(l.Menus[mi.Menu], &MenuEntry{Name: n, URL: p.RelPermalink(), Page: p, Weight: mi.Weight})
		}
	}
	for _, entries := range l.Menus {
		sort.SliceStable(entries, func(i, j int) bool {
			if entries[i].Weight != entries[j].Weight {
				return entries[i].Weight < entries[j].Weight
			}
			return entries[i].Name < entries[j].Name
		})
	}
}
