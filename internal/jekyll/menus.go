package jekyll

import (
	"fmt"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// Menus: Jekyll themes read their navigation from a data file
// (_data/menu.yml, navigation.yml, …), usually a list of {title, url},
// sometimes one list per language ({sv: […], en: […]}) or per menu
// ({main: […]}); an entry may be wrapped (`- page: {…}`), name itself
// and give its url by language (`en: Join`, `url: {en: join}`), and
// sit in a group (`- group: …, pages: […]`), whose entries are taken. The first such file becomes site.yaml's main menu, so a
// site on the default theme keeps its navigation: an entry whose url is
// a page Jekyll built names that page (and so follows its translations),
// any other entry keeps its url.

// menuFiles are the data file names (without extension) read as menus,
// most likely first.
var menuFiles = []string{"menu", "navigation", "nav", "main_menu", "mainmenu", "main-menu", "menus", "header"}

// menuItem is one entry of the menu site.yaml gets.
type menuItem struct {
	page, section, url string
	names              map[string]string // language ("" for all) → name
	weight             int
}

// dataMenu reads the site's menu data file into menu items, or nil.
func (im *importer) dataMenu() (file string, items []*menuItem) {
	byName := map[string]string{}
	for _, rel := range im.found.Data {
		ext := path.Ext(rel)
		if ext != ".yml" && ext != ".yaml" {
			continue
		}
		byName[strings.TrimSuffix(rel, ext)] = rel
	}
	for _, name := range menuFiles {
		rel, ok := byName[name]
		if !ok {
			continue
		}
		file = path.Join(im.cfg.DataDir, rel)
		b, err := readSource(im.src, file)
		if err != nil {
			continue
		}
		root, err := parseAny(b)
		if err != nil {
			im.diags.Warnf(file, yamlErrorLine(err), "not read as the menu: %s", yamlErrorText(err))
			return "", nil
		}
		lists := menuLists(root, im.cfg.isLang)
		if lists == nil {
			im.diags.Warnf(file, 1, "not read as the menu: want a list of {title, url}, or such lists by language")
			return "", nil
		}
		return file, im.menuItems(file, lists)
	}
	return "", nil
}

// parseAny parses a YAML document of any kind.
func parseAny(b []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.SequenceNode}, nil
	}
	return doc.Content[0], nil
}

// menuLists finds the menu lists in a data file: language → list (""
// for a menu of every language).
func menuLists(n *yaml.Node, isLang func(string) bool) map[string]*yaml.Node {
	switch n.Kind {
	case yaml.SequenceNode:
		return map[string]*yaml.Node{"": n}
	case yaml.MappingNode:
		out := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			if v.Kind != yaml.SequenceNode {
				continue
			}
			if isLang(k) {
				out[normLang(k)] = v
			}
		}
		if len(out) > 0 {
			return out
		}
		// {main: […], footer: […]}: the first list.
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i+1].Kind == yaml.SequenceNode {
				return map[string]*yaml.Node{"": n.Content[i+1]}
			}
		}
	}
	return nil
}

func (im *importer) menuItems(file string, lists map[string]*yaml.Node) []*menuItem {
	var items []*menuItem
	byTarget := map[string]*menuItem{}
	langs := append([]string{""}, im.langs...)
	for _, lang := range langs {
		list := lists[lang]
		if list == nil {
			continue
		}
		for i, e := range im.menuEntries(file, list.Content) {
			m := mapping{e}
			names := im.entryNames(m)
			title := names[""]
			if title == "" && len(names) > 0 {
				title = names[im.langs[0]]
			}
			u := im.entryURL(m)
			if u == "" {
				im.diags.Warnf(file, e.Line, "menu entry %q has no url; left out", title)
				continue
			}
			if m.has("children") || m.has("subnav") || m.has("submenu") {
				im.diags.Warnf(file, e.Line, "menu entry %q: nested entries are not carried over (deltag menus are one level)", title)
			}
			if !strings.Contains(u, "://") && !strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "#") && !strings.Contains(u, ":") {
				u = "/" + u // a theme joins it to the site's root (relative_url)
			}
			it := im.menuTarget(u)
			key := it.page + "\x00" + it.section + "\x00" + it.url
			if prev := byTarget[key]; prev != nil {
				for l, n := range names {
					prev.names[l] = n
				}
				if _, ok := names[""]; !ok && lang != "" {
					prev.names[lang] = title
				}
				continue
			}
			it.names = map[string]string{}
			for l, n := range names {
				it.names[l] = n
			}
			if _, ok := names[""]; ok && lang != "" {
				it.names = map[string]string{lang: title}
			}
			it.weight = (i + 1) * 10
			byTarget[key] = it
			items = append(items, it)
		}
	}
	return items
}

// menuEntries are the entries of a menu list: an entry that only wraps
// another (`- page: {…}`) is that one, and the entries of a group
// (`- group: …, pages: […]`) take its place (deltag menus are one
// level; the group's own name is dropped, with a warning).
func (im *importer) menuEntries(file string, list []*yaml.Node) []*yaml.Node {
	var out []*yaml.Node
	for _, e := range list {
		if e.Kind != yaml.MappingNode {
			continue
		}
		if len(e.Content) == 2 && e.Content[1].Kind == yaml.MappingNode {
			switch e.Content[0].Value {
			case "page", "item", "link", "entry":
				e = e.Content[1]
			}
		}
		m := mapping{e}
		if sub := m.get("pages"); sub != nil && sub.Kind == yaml.SequenceNode && im.entryURL(m) == "" {
			im.diags.Warnf(file, e.Line, "menu group %q: its entries are carried over, the group's name is not (deltag menus are one level)", im.entryNames(m)[im.langs[0]])
			out = append(out, im.menuEntries(file, sub.Content)...)
			continue
		}
		out = append(out, e)
	}
	return out
}

// entryNames are a menu entry's names: "" → its title, or language →
// name when it names itself by language (title: {en: …}, or en: …
// beside its url).
func (im *importer) entryNames(m mapping) map[string]string {
	if t := firstScalar(m, "title", "name", "text", "label"); t != "" {
		return map[string]string{"": t}
	}
	names := map[string]string{}
	add := func(n *yaml.Node) {
		for i := 0; n != nil && n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			if v.Kind == yaml.ScalarNode && strings.TrimSpace(v.Value) != "" && im.siteLang(k) {
				names[normLang(k)] = strings.TrimSpace(v.Value)
			}
		}
	}
	for _, k := range []string{"title", "name", "text", "label"} {
		add(m.get(k))
	}
	if len(names) == 0 {
		add(m.n)
	}
	return names
}

// entryURL is a menu entry's url: a scalar, or of a url given by
// language, the default language's, else `default`, else the first.
func (im *importer) entryURL(m mapping) string {
	if u := firstScalar(m, "url", "link", "href", "permalink"); u != "" {
		return u
	}
	for _, k := range []string{"url", "link", "href"} {
		n := m.get(k)
		if n == nil || n.Kind != yaml.MappingNode {
			continue
		}
		um := mapping{n}
		for _, key := range []string{im.langs[0], "default"} {
			if u := firstScalar(um, key); u != "" {
				return u
			}
		}
		for i := 1; i < len(n.Content); i += 2 {
			if v := n.Content[i]; v.Kind == yaml.ScalarNode && strings.TrimSpace(v.Value) != "" {
				return strings.TrimSpace(v.Value)
			}
		}
	}
	return ""
}

func firstScalar(m mapping, keys ...string) string {
	for _, k := range keys {
		if n := m.get(k); n != nil && n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
			return strings.TrimSpace(n.Value)
		}
	}
	return ""
}

// menuTarget is the page, section or URL a menu url names.
func (im *importer) menuTarget(u string) *menuItem {
	p := u
	if base := "/" + strings.Trim(im.cfg.BaseURL, "/"); base != "/" {
		p = strings.TrimPrefix(p, base)
	}
	if site := strings.TrimSuffix(im.cfg.URL, "/"); site != "" {
		p = strings.TrimPrefix(p, site)
	}
	if strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") {
		p = unescapePath(strings.TrimSuffix(p, "index.html"))
		for _, d := range im.docs {
			if d.skip || d.JekyllURL == "" {
				continue
			}
			if !sameURL(d.JekyllURL, p) {
				continue
			}
			switch {
			case path.Base(d.Dest) != "_index.md":
				return &menuItem{page: d.refTarget()}
			case d.Section != "":
				return &menuItem{section: d.Section}
			}
			return &menuItem{url: "/" + im.langs[0] + "/"}
		}
		if base := "/" + strings.Trim(im.cfg.BaseURL, "/"); base != "/" && !strings.HasPrefix(u, base) {
			return &menuItem{url: base + u}
		}
	}
	return &menuItem{url: u}
}

// sameURL compares two URL paths as a visitor would: /a, /a/ and /a.html
// are the same page.
func sameURL(a, b string) bool {
	norm := func(s string) string {
		s = strings.TrimSuffix(strings.TrimSuffix(s, ".html"), "/")
		return s
	}
	return norm(a) == norm(b)
}

// menuYAML is the menus: block of site.yaml.
func (im *importer) menuYAML(file string, items []*menuItem) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n# From the Jekyll site's %s.\nmenus:\n  main:\n", file)
	for _, it := range items {
		var parts []string
		switch {
		case it.page != "":
			parts = append(parts, "page: "+q(it.page))
		case it.section != "":
			parts = append(parts, "section: "+q(it.section))
		default:
			parts = append(parts, "url: "+q(it.url))
		}
		if all, ok := it.names[""]; ok && len(it.names) == 1 {
			parts = append(parts, "name: "+q(all))
		} else {
			var names []string
			for _, l := range im.langs {
				if n, ok := it.names[l]; ok {
					names = append(names, l+": "+q(n))
				}
			}
			parts = append(parts, "name: {"+strings.Join(names, ", ")+"}")
		}
		parts = append(parts, fmt.Sprintf("weight: %d", it.weight))
		fmt.Fprintf(&b, "    - {%s}\n", strings.Join(parts, ", "))
	}
	return b.String()
}

// siteLang reports whether s names a language deltag knows or one the
// site's pages are in.
func (im *importer) siteLang(s string) bool {
	if im.cfg.isLang(s) {
		return true
	}
	for _, l := range im.langs {
		if l == normLang(s) {
			return true
		}
	}
	return false
}
