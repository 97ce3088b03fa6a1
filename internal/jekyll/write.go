package jekyll

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/deltag/deltag/internal/fsroot"
	"golang.org/x/text/unicode/norm"
)

// translations checks refs and finds the translation groups deltag will
// form: pages sharing a ref, and pages without a ref key at the same
// section/name in several languages.
func (im *importer) translations() {
	im.report = &Report{}
	type langRef struct{ lang, ref string }
	first := map[langRef]*doc{}
	byRef := map[string]map[string]string{}
	var refs []string
	byPath := map[string]map[string]string{}
	var paths []string
	for _, d := range im.docs {
		if d.skip {
			continue
		}
		if !d.fm.has("ref") {
			k := d.Section + "\x00" + d.refTarget()
			if byPath[k] == nil {
				byPath[k] = map[string]string{}
				paths = append(paths, k)
			}
			if byPath[k][d.Lang] == "" {
				byPath[k][d.Lang] = d.Dest
			}
			continue
		}
		if d.Ref == "" {
			continue // ref: '' — no translations
		}
		k := langRef{d.Lang, d.Ref}
		if o := first[k]; o != nil {
			im.diags.Warnf(d.Source, d.line("ref"), "ref %q is also used by %s in the same language; removed here, as a ref links one page per language", d.Ref, o.Source)
			d.fm.remove("ref")
			d.Ref = ""
			continue
		}
		first[k] = d
		if byRef[d.Ref] == nil {
			byRef[d.Ref] = map[string]string{}
			refs = append(refs, d.Ref)
		}
		byRef[d.Ref][d.Lang] = d.Dest
	}
	sort.Strings(refs)
	for _, r := range refs {
		if len(byRef[r]) > 1 {
			im.report.Translations = append(im.report.Translations, Translation{Ref: r, Pages: byRef[r]})
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		if len(byPath[p]) > 1 {
			im.report.Translations = append(im.report.Translations, Translation{Pages: byPath[p]})
		}
	}
}

// outFile is the file deltag writes for a URL path (package site).
func outFile(u string) string {
	u = strings.TrimPrefix(u, "/")
	if u == "" || strings.HasSuffix(u, "/") {
		return u + "index.html"
	}
	if path.Ext(u) == "" {
		return u + "/index.html"
	}
	return u
}

// aliasFile is the file deltag writes for an alias (package build).
func aliasFile(a string) string {
	a = strings.Trim(a, "/")
	if a == "" {
		return "index.html"
	}
	if strings.HasSuffix(a, ".html") || strings.HasSuffix(a, ".htm") {
		return a
	}
	return a + "/index.html"
}

// finishAliases decides every page's aliases: its redirect_from entries
// and, unless the page keeps it, the URL Jekyll gave it. An alias that
// would take a file deltag writes for something else is dropped and
// reported.
func (im *importer) finishAliases() {
	owner := map[string]string{}
	// The site's own 404.html, sitemap.xml and robots.txt win over
	// deltag's (build/sitefiles.go); an alias may not take them.
	reserved := map[string]bool{}
	for _, f := range []string{"404.html", "sitemap.xml", "robots.txt"} {
		reserved[f] = true
	}
	if im.cfg.Feed != "" {
		owner[im.cfg.Feed] = "the feed"
	}
	// "/" is not the language chooser's: the Jekyll site's home was
	// there, so it redirects to the home in the default language (a
	// static index.html, which wins over deltag's chooser).
	own404 := map[string]bool{}
	for _, d := range im.docs {
		if !d.skip && d.URL == "/"+d.Lang+"/404.html" {
			own404[d.Lang] = true
		}
	}
	for _, l := range im.langs {
		owner[l+"/index.html"] = "the " + l + " home page"
		if !own404[l] {
			owner[l+"/404.html"] = "deltag's " + l + " 404 page"
		}
		owner[l+"/feed.xml"] = "deltag's " + l + " feed"
		for _, t := range []string{"categories", "tags"} {
			owner[l+"/"+t+"/index.html"] = "the " + l + " " + t + " list"
		}
	}
	for _, s := range im.found.Static {
		owner[s] = "the static file " + s
	}
	for _, c := range im.found.Copies {
		owner[strings.TrimPrefix(c.URL, "/")] = "the static file " + c.Src
	}
	own := map[*doc]string{}
	for _, d := range im.docs {
		if d.skip {
			continue
		}
		u := d.natural
		if d.URL != "" {
			u = d.URL
		}
		f := outFile(u)
		own[d] = f
		if d.Draft {
			continue
		}
		isIndex := path.Base(d.Dest) == "_index.md"
		if d.Section != "" && !isIndex {
			list := d.Lang + "/" + d.Section + "/index.html"
			if owner[list] == "" {
				owner[list] = "the " + d.Lang + " " + d.Section + " list"
			}
		}
		if o, ok := owner[f]; ok && !isIndex {
			im.diags.Warnf(d.Source, d.line("url"), "its URL %s is also that of %s", u, o)
		}
		owner[f] = d.Source
	}
	for _, d := range im.docs {
		if d.skip {
			continue
		}
		candidates := d.Aliases
		if d.JekyllURL != "" {
			candidates = append(candidates, fileURL(d.JekyllURL))
		}
		var aliases []string
		seen := map[string]bool{}
		for _, a := range candidates {
			f := aliasFile(a)
			if _, err := fsroot.Join("static", f); err != nil || hasDotDot(a) {
				im.diags.Errorf(d.Source, d.aliasLine(a), "not kept: the old URL %q climbs out of the site with \"..\"; no redirect is written for it", a)
				continue
			}
			if f == own[d] || seen[f] {
				continue
			}
			seen[f] = true
			if o, ok := owner[f]; ok && o != d.Source {
				im.diags.Warnf(d.Source, d.line("aliases"), "the old URL %s cannot redirect here: it is now %s", a, o)
				continue
			}
			owner[f] = d.Source
			aliases = append(aliases, a)
		}
		d.Aliases = aliases
		if len(aliases) == 0 || path.Base(d.Dest) == "_index.md" {
			// deltag writes aliases of content pages only; the old URLs
			// of a home or section text get redirect files in static/.
			d.fm.remove("aliases")
			continue
		}
		d.fm.set("aliases", seqNode(aliases...))
	}
}

// write writes the deltag site.
func (im *importer) write() error {
	im.finishAliases()
	if err := os.MkdirAll(im.dest, 0o755); err != nil {
		return err
	}
	siteYAML := im.withContentRules(im.siteYAML())
	im.fitDeltag(siteYAML)
	for _, d := range im.docs {
		if d.skip {
			continue
		}
		fm, err := encodeFrontMatter(d.fm.n)
		if err != nil {
			im.diags.Errorf(d.Source, 0, "not imported: writing front matter: %v", err)
			d.skip = true
			continue
		}
		if err := im.writeFile(d.Dest, append(fm, d.sp.Body...)); err != nil {
			return err
		}
	}
	if err := im.paginatorPages(); err != nil {
		return err
	}
	if err := im.plainSectionLists(); err != nil {
		return err
	}
	for _, d := range im.docs {
		if d.skip || path.Base(d.Dest) != "_index.md" {
			continue
		}
		for _, a := range d.Aliases {
			if aliasFile(a) == "index.html" && im.homeAtRoot(d) {
				continue // deltag writes the home itself at / (params.home)
			}
			if err := im.writeFile(path.Join("static", aliasFile(a)), im.redirectPage(d)); err != nil {
				return err
			}
		}
	}
	for _, rel := range im.found.Static {
		if err := im.copyStatic(rel); err != nil {
			return err
		}
	}
	for _, c := range im.found.Copies {
		var err error
		if c.Data != nil {
			err = im.writeFile(path.Join("static", c.URL), c.Data)
		} else {
			err = im.copyFile(c.Src, path.Join("static", c.URL))
		}
		if err != nil {
			return err
		}
		im.report.Static++
	}
	for _, rel := range im.found.Data {
		ext := strings.ToLower(path.Ext(rel))
		switch ext {
		case ".yml", ".yaml", ".json":
		case ".csv", ".tsv":
			if err := im.tableData(rel); err != nil {
				return err
			}
		default:
			im.diags.Warnf(path.Join(im.cfg.DataDir, rel), 0, "not a data file Jekyll reads; copied as it is")
		}
		if err := im.copyFile(path.Join(im.cfg.DataDir, rel), path.Join("data", rel)); err != nil {
			return err
		}
		im.report.Data++
	}
	if err := im.copyTemplates(); err != nil {
		return err
	}
	if err := im.hiddenCollections(); err != nil {
		return err
	}
	if err := im.writeStrings(); err != nil {
		return err
	}
	return im.writeFile("site.yaml", siteYAML)
}

// plainSectionLists gives the list page of a section named like one of
// deltag's typed sections the plain layout too (see typedLayouts), and
// that of a collection that became a type under another name the type's
// list (events, ideas, projects; types.go), unless the site has a text
// for it.
func (im *importer) plainSectionLists() error {
	seen := map[string]bool{}
	for _, d := range im.docs {
		if d.skip || d.Kind != KindDocument {
			continue
		}
		layout := ""
		switch t := im.types.types[d.Collection]; {
		case t != nil && t.list && d.Section != t.layout:
			layout = t.layout // the type's list, for a type's section of another name
		case t == nil && typedLayouts[d.Section]:
			layout = plainType
		}
		f := path.Join("content", d.Lang, d.Section, "_index.md")
		if layout == "" || seen[f] || im.byDest[f] != nil {
			continue
		}
		seen[f] = true
		if err := im.writeFile(f, []byte("---\ntype: "+layout+"\n---\n")); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) copyStatic(rel string) error {
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") {
			im.diags.Warnf(rel, 0, "copied to static/, but deltag does not publish files whose names start with a dot")
			break
		}
	}
	if err := im.copyFile(rel, path.Join("static", rel)); err != nil {
		return err
	}
	im.report.Static++
	// A name in decomposed form (as macOS writes å: a + ring) is a
	// different file name on Linux hosts than the composed form browsers
	// usually request. Keep the original and add the composed name.
	if nfc := norm.NFC.String(rel); nfc != rel {
		dst := filepath.Join(im.dest, "static", filepath.FromSlash(nfc))
		if _, err := os.Lstat(dst); err == nil {
			return nil // the same file on a normalising file system, or a real NFC twin
		}
		if err := im.copyFile(rel, path.Join("static", nfc)); err != nil {
			return err
		}
		im.report.StaticNFC++
	}
	return nil
}

func (im *importer) copyFile(srcRel, destRel string) error {
	real, err := fsroot.New(im.src).Resolve(srcRel)
	if err != nil {
		return err
	}
	in, err := os.Open(real)
	if err != nil {
		return err
	}
	defer in.Close()
	dst, err := fsroot.Join(im.dest, destRel)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func (im *importer) writeFile(rel string, b []byte) error {
	dst, err := fsroot.Join(im.dest, rel)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

// aliasLine is the line of the redirect_from entry a (now under aliases).
func (d *doc) aliasLine(a string) int {
	n := d.fm.get("aliases")
	if n == nil || n.Line == 0 {
		return d.line("aliases")
	}
	for _, c := range n.Content {
		if "/"+strings.TrimPrefix(c.Value, "/") == a {
			return d.nodeLine(c)
		}
	}
	return d.nodeLine(n)
}

// hasDotDot reports whether a URL path has a ".." segment: such an old
// URL cannot be a file of the site, and a redirect for it would be
// written beside the destination.
func hasDotDot(u string) bool {
	for _, s := range strings.Split(strings.ReplaceAll(u, "\\", "/"), "/") {
		if s == ".." {
			return true
		}
	}
	return false
}

// q quotes a string for YAML (JSON strings are YAML).
func q(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// siteYAML writes site.yaml with only the keys deltag knows.
func (im *importer) siteYAML() []byte {
	cfg := im.cfg
	var b strings.Builder
	src := "_config.yml"
	if cfg.File != "" {
		src = cfg.File
	}
	fmt.Fprintf(&b, "# Written by `deltag import jekyll` from the Jekyll site's %s.\n", src)
	base := strings.TrimSuffix(cfg.URL, "/") + "/" + strings.Trim(cfg.BaseURL, "/")
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	if cfg.URL == "" {
		im.diags.Warnf(src, 0, "no url: site.yaml gets baseURL %s; set the site's address there for feeds and the sitemap", base)
	}
	fmt.Fprintf(&b, "baseURL: %s\ntheme: deltag\n\nlanguages:\n", q(base))
	tz := cfg.Location.String()
	for i, code := range im.langs {
		l := languageInfo(code)
		fmt.Fprintf(&b, "  - code: %s\n    name: %s\n    locale: %s\n    timezone: %s\n", code, q(l.Name), q(l.Locale), q(tz))
		if i == 0 {
			b.WriteString("    default: true\n")
		}
		if cfg.Title != "" {
			fmt.Fprintf(&b, "    title: %s\n", q(cfg.Title))
		}
		if cfg.Description != "" {
			fmt.Fprintf(&b, "    description: %s\n", q(cfg.Description))
		}
	}
	// Sections: posts and every output collection that has pages.
	used := map[string]bool{}
	for _, d := range im.docs {
		if !d.skip && d.Kind != KindPage {
			used[d.Section] = true
		}
	}
	var secs []string
	for _, col := range cfg.Collections {
		if used[col.Label] {
			secs = append(secs, col.Label)
		}
	}
	if len(secs) > 0 {
		b.WriteString("\n# Section folders keep their Jekyll collection names.\nsections:\n")
		for _, s := range secs {
			var paths, titles []string
			col, _ := cfg.collection(s)
			for _, code := range im.langs {
				title := col.Title
				if s == "posts" {
					title = languageInfo(code).Posts
				} else if title == "" {
					title = strings.ToUpper(s[:1]) + s[1:]
				}
				paths = append(paths, code+": "+q(s))
				titles = append(titles, code+": "+q(title))
			}
			fmt.Fprintf(&b, "  %s:\n    path: {%s}\n    title: {%s}\n", q(s), strings.Join(paths, ", "), strings.Join(titles, ", "))
		}
	}
	b.WriteString(im.typesYAML())
	if perm := im.permalinks(); len(perm) > 0 {
		b.WriteString("\npermalinks:\n")
		for _, k := range sortedKeys(anyMap(perm)) {
			fmt.Fprintf(&b, "  %s: %s\n", k, q(perm[k]))
		}
	}
	b.WriteString("\ntaxonomies: [categories, tags]\n\nmarkdown:\n")
	if im.unsafe {
		b.WriteString("  # The Jekyll pages contain raw HTML, so it is rendered as written.\n" +
			"  # That is only safe for trusted content: never for text residents submit.\n" +
			"  unsafe: true\n")
	} else {
		b.WriteString("  unsafe: false\n")
	}
	b.WriteString("  typographer: true\n\nminify: true\n")
	if file, items := im.dataMenu(); len(items) > 0 {
		b.WriteString(im.menuYAML(file, items))
	}
	var params []string
	if cfg.Feed != "" {
		params = append(params, "  # The Jekyll site had a feed here; deltag writes the default language's feed at it.\n  feed: "+q("/"+cfg.Feed)+"\n")
	}
	for _, d := range im.docs {
		if !d.skip && path.Base(d.Dest) == "_index.md" && im.homeAtRoot(d) {
			params = append(params, "  # The Jekyll site's home was at /: deltag writes the default language's home\n"+
				"  # there too (not the language chooser), so its relative links still work.\n  home: /\n")
			break
		}
	}
	if len(params) > 0 {
		b.WriteString("\nparams:\n" + strings.Join(params, ""))
	}
	return []byte(b.String())
}

func anyMap(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// redirectPage is a static page that sends a browser on to d's deltag
// URL, like the redirect pages deltag writes for aliases.
func (im *importer) redirectPage(d *doc) []byte {
	base := "/" + strings.Trim(im.cfg.BaseURL, "/")
	target := strings.TrimSuffix(base, "/") + d.natural
	title, _ := d.own["title"].(string)
	if title == "" {
		title = target
	}
	abs := strings.TrimSuffix(im.cfg.URL, "/") + target
	return []byte("<!DOCTYPE html>\n<html lang=\"" + d.Lang + "\">\n<head>\n<meta charset=\"utf-8\">\n" +
		"<title>" + html.EscapeString(title) + "</title>\n" +
		"<link rel=\"canonical\" href=\"" + html.EscapeString(abs) + "\">\n" +
		"<meta name=\"robots\" content=\"noindex\">\n" +
		"<meta http-equiv=\"refresh\" content=\"0; url=" + html.EscapeString(target) + "\">\n" +
		"</head>\n<body>\n<main><p><a href=\"" + html.EscapeString(target) + "\">" + html.EscapeString(title) + "</a></p></main>\n</body>\n</html>\n")
}

// homeAtRoot reports whether d is the default language's home and Jekyll
// wrote it at /.
func (im *importer) homeAtRoot(d *doc) bool {
	if d.skip || d.Lang != im.cfg.Lang || d.Dest != path.Join("content", d.Lang, "_index.md") {
		return false
	}
	for _, a := range d.Aliases {
		if aliasFile(a) == "index.html" {
			return true
		}
	}
	return false
}
