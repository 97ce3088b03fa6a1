package jekyll

import (
	"net/url"
	"path"
	"regexp"
	"strings"

	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
)

// References between pages: deltag checks them where Jekyll does not.
// A front-matter value that names a content file becomes a deltag
// reference only when deltag will find the page it names: published, in
// the page's own language or the default one. Any other value that
// deltag would read as a reference is kept as text (written with a
// leading "./", which deltag reads as text) and reported, because Jekyll
// kept it as text too. Links in Markdown bodies to .md files point at
// the page's new file, or, when there is no such page, stay links to
// the same address as in Jekyll without deltag checking them.

// skipRefKeys hold values that are URLs or dates, never file references.
var skipRefKeys = map[string]bool{"url": true, "aliases": true, "date": true, "layout": true, "lang": true, "ref": true}

// rewriteRefs rewrites front-matter values that name a content file of
// the Jekyll site ("_themes/medborgarbudget.md") to deltag's short
// reference ("themes/medborgarbudget"), and keeps every other value
// deltag would read as a reference as text.
func (im *importer) rewriteRefs(d *doc, n *yaml.Node, key string) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if key == "" && skipRefKeys[k] {
				continue
			}
			im.rewriteRefs(d, n.Content[i+1], k)
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			im.rewriteRefs(d, c, key)
		}
	case yaml.ScalarNode:
		if n.Tag != "!!str" && n.Tag != "" {
			return
		}
		im.rewriteRef(d, n)
	}
}

func (im *importer) rewriteRef(d *doc, n *yaml.Node) {
	asText := func(why string) {
		im.diags.Warnf(d.Source, d.nodeLine(n), "%q %s; kept as text, as Jekyll showed it", n.Value, why)
		n.Value = "./" + n.Value
		n.Style = 0
	}
	p, ok := refCandidate(n.Value)
	if !ok {
		// Not a file name, but deltag may still read it as a reference
		// ("themes/x" where themes is a section).
		if key, ok := im.deltagRef(n.Value); ok && im.refDoc(d.Lang, key) == nil {
			asText("is read by deltag as a reference, but names no page in " + d.Lang + " or " + im.defaultLang())
		}
		return
	}
	key := norm.NFC.String(p)
	t := im.sourceIndex()[key]
	switch {
	case t != nil && t.JekyllURL == "":
		asText("names an unpublished page (" + t.Source + ")")
	case t != nil && im.refDoc(d.Lang, t.refTarget()) == nil:
		asText("names a page in another language (" + t.Lang + ") only, which deltag does not link to from " + d.Lang)
	case t != nil:
		if target := t.refTarget(); target != "" {
			n.Value = target
			n.Style = 0
		}
	default:
		if label, ok := im.hiddenIndex()[key]; ok {
			asText("names a document of collection " + label + ", which has no pages (its documents are data)")
			return
		}
		if _, ok := im.deltagRef(n.Value); ok || isMarkdownExt(path.Ext(p)) {
			asText("names no file of the Jekyll site")
		}
	}
}

// deltagRef is package site's LooksLikeRef: whether deltag reads v as a
// reference, and the key it looks up.
func (im *importer) deltagRef(v string) (string, bool) {
	if v == "" || strings.ContainsAny(v, " \t\n?#") || strings.Contains(v, "://") ||
		strings.HasPrefix(v, "/") || strings.HasPrefix(v, ".") || !strings.Contains(v, "/") {
		return "", false
	}
	first := v[:strings.IndexByte(v, '/')]
	if !strings.HasSuffix(v, ".md") && !strings.HasPrefix(first, "_") && !im.sections()[first] {
		return "", false
	}
	k := strings.TrimPrefix(strings.TrimSuffix(v, ".md"), "_")
	return strings.TrimSuffix(k, "/"), true
}

// sections are the deltag sections the import creates.
func (im *importer) sections() map[string]bool {
	if im.secs == nil {
		im.secs = map[string]bool{}
		for _, d := range im.docs {
			if !d.skip && d.Section != "" {
				im.secs[d.Section] = true
			}
		}
	}
	return im.secs
}

func (im *importer) defaultLang() string { return im.cfg.Lang }

// refDoc finds the published page deltag resolves a reference key to
// from a page in lang: in lang, else in the default language.
func (im *importer) refDoc(lang, key string) *doc {
	if im.refIdx == nil {
		im.refIdx = map[string]*doc{}
		for _, d := range im.docs {
			if d.skip || d.JekyllURL == "" {
				continue
			}
			im.refIdx[d.Lang+"\x00"+strings.Trim(d.refTarget(), "/")] = d
			if d.slug != d.name {
				k := d.Lang + "\x00" + strings.Trim(path.Join(path.Dir(d.refTarget()), d.slug), "/")
				if im.refIdx[k] == nil {
					im.refIdx[k] = d
				}
			}
		}
	}
	key = strings.Trim(key, "/")
	if t := im.refIdx[lang+"\x00"+key]; t != nil {
		return t
	}
	return im.refIdx[im.defaultLang()+"\x00"+key]
}

// mdLinkRE finds an inline Markdown link or image: [text](dest "title").
var mdLinkRE = regexp.MustCompile(`(!?\[[^\]\n]*\]\(\s*)<?([^)\s>]+)>?((?:\s+"[^"\n]*")?\s*\))`)

// mdDefRE finds a link reference definition: [label]: dest.
var mdDefRE = regexp.MustCompile(`^( {0,3}\[[^\]\n]+\]:\s*)<?(\S+?)>?(\s.*)?$`)

// rewriteLinks points links to .md files at the imported file, relative
// to where the page now lives.
func (im *importer) rewriteLinks(d *doc) {
	if d.html {
		return
	}
	lines := strings.Split(string(d.sp.Body), "\n")
	fence := ""
	changed := false
	for i, line := range lines {
		t := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		if strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t") {
			continue
		}
		n := d.sp.BodyLine + i
		fix := func(m []string) string {
			dest, ok := im.linkDest(d, n, m[2])
			if !ok {
				return m[0]
			}
			changed = true
			return m[1] + dest + m[3]
		}
		if m := mdDefRE.FindStringSubmatch(line); m != nil {
			lines[i] = fix(m)
			continue
		}
		lines[i] = replaceOutsideCode(line, func(s string) string {
			return mdLinkRE.ReplaceAllStringFunc(s, func(x string) string { return fix(mdLinkRE.FindStringSubmatch(x)) })
		})
	}
	if changed {
		d.sp.Body = []byte(strings.Join(lines, "\n"))
	}
}

// replaceOutsideCode applies f to the parts of line outside code spans.
func replaceOutsideCode(line string, f func(string) string) string {
	spans := codeSpanRE.FindAllStringIndex(line, -1)
	if spans == nil {
		return f(line)
	}
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(f(line[last:sp[0]]))
		b.WriteString(line[sp[0]:sp[1]])
		last = sp[1]
	}
	b.WriteString(f(line[last:]))
	return b.String()
}

// linkDest is the new destination of a link in d's body at line, and
// whether it changes.
func (im *importer) linkDest(d *doc, line int, dest string) (string, bool) {
	if dest == "" || dest[0] == '#' || strings.HasPrefix(dest, "//") || strings.Contains(dest, ":") {
		return "", false
	}
	end := strings.IndexAny(dest, "?#")
	if end < 0 {
		end = len(dest)
	}
	p, suffix := dest[:end], dest[end:]
	if !strings.HasSuffix(strings.ToLower(p), ".md") {
		return im.siteRelative(d, p, suffix)
	}
	src := path.Clean(path.Join(path.Dir(d.Source), p))
	if strings.HasPrefix(p, "/") {
		src = path.Clean(strings.TrimPrefix(p, "/"))
	}
	t := im.sourceIndex()[norm.NFC.String(unescapePath(src))]
	if t != nil && !t.skip && t.JekyllURL != "" {
		return relPath(path.Dir(d.Dest), t.Dest) + suffix, true
	}
	why := "names no file of the Jekyll site"
	if t != nil {
		why = "names an unpublished page (" + t.Source + ")"
	}
	im.diags.Warnf(d.Source, line, "link to %q %s; kept as a link to the same address as in Jekyll, which deltag does not check", dest, why)
	// deltag checks links whose path ends in ".md"; an escaped dot is the
	// same address to a web server, and not a link deltag checks.
	return p[:len(p)-3] + "%2E" + p[len(p)-2:] + suffix, true
}

// siteRelative is a relative link or image of d (assets/x.png,
// other-page) as the path it named in Jekyll: the browser resolved it
// against the page's Jekyll URL, and the page may have another URL in
// deltag (or reach it through a redirect), where it would name nothing.
func (im *importer) siteRelative(d *doc, p, suffix string) (string, bool) {
	if p == "" || strings.HasPrefix(p, "/") || d.JekyllURL == "" {
		return "", false
	}
	dir := d.JekyllURL
	if !strings.HasSuffix(dir, "/") {
		dir = path.Dir(dir)
	}
	abs := path.Join("/", dir, p)
	if strings.HasSuffix(p, "/") && abs != "/" {
		abs += "/"
	}
	if strings.HasPrefix(abs, "/..") {
		return "", false
	}
	return strings.TrimSuffix(im.cfg.BaseURL, "/") + abs + suffix, true
}

// relPath is the relative path from folder dir to file target.
func relPath(dir, target string) string {
	from := strings.Split(dir, "/")
	to := strings.Split(target, "/")
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	var parts []string
	for range from[i:] {
		parts = append(parts, "..")
	}
	parts = append(parts, to[i:]...)
	return strings.Join(parts, "/")
}

// unescapePath decodes %XX as Jekyll's URL.unescape_path does; a path
// that is not valid percent-encoding is returned as it is.
func unescapePath(p string) string {
	if !strings.Contains(p, "%") {
		return p
	}
	if u, err := url.PathUnescape(p); err == nil {
		return u
	}
	return p
}
