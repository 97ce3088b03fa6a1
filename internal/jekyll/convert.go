package jekyll

import (
	"bytes"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/kramdown"
	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
)

// convert turns d's front matter into deltag's and checks its body.
func (im *importer) convert(d *doc) {
	m := d.fm
	loc := im.cfg.Location

	// Keys that mean something else in deltag than in Jekyll, where
	// Jekyll ignores them, are renamed so that they keep their value
	// without changing the page.
	for _, k := range []string{"url", "aliases", "draft"} {
		if m.has(k) {
			to := "jekyll_" + k
			im.diags.Warnf(d.Source, d.line(k), "front matter key %q is renamed %q: in deltag it would change the page", k, to)
			m.rename(k, to)
		}
	}

	// An HTML comment with a colon in it is valid YAML: a key.
	for _, k := range m.keys() {
		if strings.HasPrefix(k, "<!--") {
			im.diags.Warnf(d.Source, d.line(k), "an HTML comment in front matter, read by YAML as the key %q; dropped", k)
			m.remove(k)
		}
	}

	for _, k := range dateKeys {
		n := m.get(k)
		if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			continue
		}
		jd, err := parseDate(n.Value, isQuoted(n), loc)
		if err != nil {
			if k != "date" { // reported by resolveDate
				im.diags.Warnf(d.Source, d.nodeLine(n), "%s: %v; kept as written", k, err)
			}
			continue
		}
		m.set(k, plainNode(jd.RFC3339(), "!!timestamp"))
	}

	// Jekyll splits a string of categories or tags at spaces; deltag
	// reads a string as one term.
	for _, k := range []string{"categories", "tags"} {
		if n := m.get(k); n != nil && n.Kind == yaml.ScalarNode && n.Tag == "!!str" && strings.Contains(strings.TrimSpace(n.Value), " ") {
			m.set(k, seqNode(strings.Fields(n.Value)...))
		}
	}

	if n := m.get("lang"); n != nil && n.Kind == yaml.ScalarNode && n.Value != d.Lang {
		m.set("lang", strNode(d.Lang))
	}

	if m.has("permalink") {
		if d.URL != "" {
			m.rename("permalink", "url")
			m.set("url", strNode(d.URL))
		} else {
			m.remove("permalink")
		}
	} else if d.URL != "" {
		m.set("url", strNode(d.URL)) // kept without a permalink of its own: a language's 404 page
	}

	if n := m.get("redirect_from"); n != nil {
		var aliases []string
		for _, a := range scalarStrings(n) {
			if strings.Contains(a, "://") {
				im.diags.Warnf(d.Source, d.nodeLine(n), "redirect_from %q is not a path on this site; dropped", a)
				continue
			}
			aliases = append(aliases, "/"+strings.TrimPrefix(a, "/"))
		}
		m.rename("redirect_from", "aliases") // filled in by finishAliases
		d.Aliases = append(d.Aliases, aliases...)
	}
	if n := m.get("redirect_to"); n != nil {
		im.diags.Warnf(d.Source, d.nodeLine(n), "redirect_to is not carried over: deltag has no page that only redirects elsewhere")
	}

	// Jekyll's unpublished: true and show_drafts: true publish what
	// would otherwise be deltag's drafts; published: false (which deltag
	// reads as draft: true) stays for the site's Liquid as
	// jekyll_published (page.published).
	if n := m.get("published"); n != nil && im.cfg.Unpublished {
		if falsy(d.own["published"]) {
			m.rename("published", "jekyll_published")
		} else {
			m.remove("published")
		}
	} else if n != nil {
		if falsy(d.own["published"]) {
			m.rename("published", "draft")
			m.set("draft", plainNode("true", "!!bool"))
			d.Draft = true
		} else {
			m.remove("published")
		}
	}
	if !m.has("draft") && (d.Kind == KindDraft && !im.cfg.ShowDrafts || falsy(d.defaults["published"]) && !im.cfg.Unpublished) {
		m.set("draft", plainNode("true", "!!bool"))
		d.Draft = true
	}
	if d.Kind == KindDraft && im.cfg.ShowDrafts && !m.has("date") && d.date != nil {
		m.set("date", strNode(d.date.Time.Format(time.RFC3339)))
	}

	im.rewriteRefs(d, m.n, "")

	// Front-matter defaults become front matter: deltag has no defaults.
	for _, k := range sortedKeys(d.defaults) {
		switch k {
		case "permalink", "published", "redirect_from":
			continue
		}
		if m.has(k) || (k == "url" || k == "aliases" || k == "draft") {
			continue
		}
		var n yaml.Node
		if err := n.Encode(d.defaults[k]); err != nil {
			continue
		}
		m.set(k, &n)
	}

	im.deltagKeys(d)
	if d.Kind == KindDocument && !im.applyType(d) && typedLayouts[d.Section] {
		// The collection's fields are not those of the deltag type its
		// name suggests (types.go), so the page keeps a plain layout.
		m.set("type", strNode(plainType))
	}

	if n := m.get("ref"); n != nil && n.Kind == yaml.ScalarNode {
		d.Ref = strings.TrimSpace(n.Value)
	}

	im.summary(d)
	d.sp.Body = im.rewriteLinkTagsAt(d.Source, d.sp.BodyLine, d.sp.Body)
	im.rewriteLinks(d)
	im.checkBody(d)
}

// typedLayouts are the default theme's layout folders for deltag's
// typed content (events, ideas, …), which show fields a Jekyll
// collection of the same name need not have: a collection becomes a
// type by its fields (types.go), never by its name.
var typedLayouts = map[string]bool{"events": true, "ideas": true, "projects": true, "pools": true, "budgets": true}

// plainType is the type that picks the theme's _default layouts.
const plainType = "_default"

// ownKeys are front-matter keys a Jekyll site uses for its own purposes
// (Jekyll gives them no meaning) that deltag reads as its own: form
// names a deltag form, type picks layouts and a content schema.
var ownKeys = []string{"form", "type"}

// deltagKeys keeps the site's own meaning of keys deltag reads
// differently, and drops what deltag cannot read from links: entries
// without a url (as `defaults` often carry).
func (im *importer) deltagKeys(d *doc) {
	m := d.fm
	for _, k := range ownKeys {
		if m.has(k) {
			to := "jekyll_" + k
			if _, own := d.own[k]; own {
				im.diags.Warnf(d.Source, d.line(k), "front matter key %q is renamed %q: in deltag it would change the page", k, to)
			}
			m.rename(k, to)
		}
	}
	n := m.get("links")
	if n == nil {
		return
	}
	if n.Kind != yaml.SequenceNode {
		if n.Tag != "!!null" {
			im.diags.Warnf(d.Source, d.line("links"), "links: not a list of {title, url}; renamed jekyll_links")
			m.rename("links", "jekyll_links")
		} else {
			m.remove("links")
		}
		return
	}
	var keep []*yaml.Node
	for _, it := range n.Content {
		switch it.Kind {
		case yaml.ScalarNode:
			if it.Tag != "!!null" && strings.TrimSpace(it.Value) != "" {
				keep = append(keep, it)
			}
			continue
		case yaml.MappingNode:
			if u := (mapping{it}).get("url"); u != nil && u.Kind == yaml.ScalarNode && u.Tag != "!!null" && strings.TrimSpace(u.Value) != "" {
				keep = append(keep, it)
				continue
			}
		}
		if _, own := d.own["links"]; own {
			im.diags.Warnf(d.Source, d.nodeLine(it), "links: an entry without a url is left out (Jekyll layouts skipped it)")
		}
	}
	if len(keep) == 0 {
		m.remove("links")
		return
	}
	n.Content = keep
}

// summary carries a custom excerpt_separator over: the text before it
// becomes the summary.
func (im *importer) summary(d *doc) {
	sep, _ := d.own["excerpt_separator"].(string)
	if sep == "" {
		sep = im.cfg.ExcerptSeparator
	}
	if sep == "" || sep == "\n\n" || d.fm.has("summary") || d.fm.has("excerpt") {
		return
	}
	i := bytes.Index(d.sp.Body, []byte(sep))
	if i < 0 {
		return
	}
	if s := strings.TrimSpace(string(d.sp.Body[:i])); s != "" {
		d.fm.set("summary", strNode(s))
	}
}

// refCandidate reports whether v is written as a path to a content file
// (a Markdown or HTML file, relative to the site root) and returns the
// path.
func refCandidate(v string) (string, bool) {
	if v == "" || strings.Contains(v, "://") || strings.ContainsAny(v, "\n?#") || strings.HasPrefix(v, "mailto:") {
		return "", false
	}
	p := strings.TrimPrefix(strings.TrimPrefix(v, "/"), "./")
	ext := path.Ext(p)
	if !isMarkdownExt(ext) && !isHTMLExt(ext) {
		return "", false
	}
	return p, true
}

func (im *importer) sourceIndex() map[string]*doc {
	if im.srcIdx == nil {
		im.srcIdx = map[string]*doc{}
		for _, d := range im.docs {
			if !d.skip {
				im.srcIdx[norm.NFC.String(d.Source)] = d
			}
		}
	}
	return im.srcIdx
}

func (im *importer) hiddenIndex() map[string]string {
	if im.hidIdx == nil {
		im.hidIdx = map[string]string{}
		for p, label := range im.found.Hidden {
			im.hidIdx[norm.NFC.String(p)] = label
		}
	}
	return im.hidIdx
}

// rawHTMLRE finds an HTML tag or comment.
var rawHTMLRE = regexp.MustCompile(`<(?:[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?|/[A-Za-z][A-Za-z0-9-]*\s*|!--.*?--)>`)

// codeSpanRE finds inline code, where tags are text.
var codeSpanRE = regexp.MustCompile("`+[^`]*`+")

// checkBody notes raw HTML, and Liquid, whose output Jekyll's Markdown
// kept as raw HTML (includes write HTML).
func (im *importer) checkBody(d *doc) {
	if d.html {
		im.unsafe = true
	}
	lines := strings.Split(string(d.sp.Body), "\n")
	fence := ""
	for _, line := range lines {
		if strings.Contains(line, "{{") || strings.Contains(line, "{%") {
			im.unsafe = true
		}
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
		if !d.html && !strings.HasPrefix(line, "    ") && rawHTMLRE.MatchString(codeSpanRE.ReplaceAllString(line, "")) {
			im.unsafe = true
			d.hasHTML = true
		}
	}
	// A table kramdown reads and goldmark does not (no header separator)
	// is written as HTML at build (kramdown.Rewrite).
	if !im.unsafe && !d.html && strings.Contains(string(kramdown.Rewrite(d.sp.Body)), "<table>\n<tbody>") {
		im.unsafe = true
	}
}
