// Package page parses one content file — front matter and the position of
// its Markdown body — into a Page with typed known fields.
//
// Front matter may be YAML (between --- lines), TOML (+++) or JSON (;;; or
// a leading {…} object), read through github.com/adrg/frontmatter. Known
// fields are typed; every other key is kept in Params under its own name
// (hyphens and spaces included). A UTF-8 byte-order mark and CRLF line
// endings are accepted. Line numbers always refer to the file as written.
//
// Known fields:
//
//	title, summary (or excerpt), date, lastmod, publishDate, expiryDate,
//	draft, slug, url, aliases, weight, layout, type, lang, ref, image,
//	thumbnail, links (list of {title, url}), menu (a menu name, a list of
//	names, or a map name → {weight, name}), and one list per taxonomy
//	(categories and tags by default).
//
// A string where a list is wanted is a one-element list. Dates are read by
// ParseDate; a page without a date takes it from a YYYY-MM-DD- file-name
// prefix.
package page

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/diag"
	"gopkg.in/yaml.v3"
)

// Link is an entry of the links field.
type Link struct {
	Title string
	URL   string
}

// MenuItem places a page in a menu.
type MenuItem struct {
	Menu   string
	Name   string
	Weight int
}

// Page is one content file as written. It holds no body: the body is read
// again from BodyOffset when it is rendered, so a 10,000-page site does not
// keep every body in memory.
type Page struct {
	File    string // slash path from the site root, e.g. content/sv/news/x.md
	Lang    string
	Section string // first folder under the language folder; "" for root pages
	Dir     string // folders below the section, slash-separated; usually ""
	Name    string // file name without .md and without a date prefix
	IsIndex bool   // _index.md: the text of a section or home page

	Title       string
	Summary     string
	Date        time.Time
	Lastmod     time.Time
	PublishDate time.Time
	ExpiryDate  time.Time
	Draft       bool
	Slug        string
	URL         string
	Aliases     []string
	Weight      int
	Layout      string
	Type        string
	Ref         string
	Image       string
	Thumbnail   string
	Links       []Link
	Menus       []MenuItem
	// Terms holds the raw values of each taxonomy field, e.g.
	// Terms["categories"] = ["_themes/medborgarbudget.md", "boende"].
	Terms map[string][]string

	// Params holds every front-matter key that is not a known field.
	Params map[string]any
	// Lines maps a front-matter key, or a dotted path for nested keys
	// ("event.start"), to its line in File. Empty for TOML and JSON.
	Lines map[string]int
	// FrontLine is the line of the opening delimiter.
	FrontLine int
	// BodyOffset is the byte offset of the body in the file; BodyLine the
	// line it starts on.
	BodyOffset int
	BodyLine   int
	// Summary computed from the body when no summary was given.
	BodySummary string
	// HasRef reports whether ref was given at all; ref: '' means "has no
	// translations" and is not the same as no ref key.
	HasRef bool
	// FrontHash is a hash of the front matter as written: equal hashes
	// mean an edit touched only the body.
	FrontHash uint64
}

// Line returns the line of a front-matter key, or FrontLine.
func (p *Page) Line(key string) int {
	if l, ok := p.Lines[key]; ok {
		return l
	}
	return p.FrontLine
}

// Parse reads one content file. file is its slash path from the site
// root; rel its path below content/. Problems go to the returned list; the
// page is returned whenever its front matter could be read at all.
func Parse(file, rel string, data []byte, cfg *config.Config) (*Page, diag.List) {
	var diags diag.List
	p := &Page{File: file, Params: map[string]any{}, Lines: map[string]int{}, Terms: map[string][]string{}}

	// Language and section from the folders.
	parts := strings.Split(rel, "/")
	if len(parts) > 1 && cfg.Language(parts[0]) != nil {
		p.Lang = parts[0]
		parts = parts[1:]
	}
	base := parts[len(parts)-1]
	dirs := parts[:len(parts)-1]
	if len(dirs) > 0 {
		p.Section = dirs[0]
		p.Dir = strings.Join(dirs[1:], "/")
	}
	name := strings.TrimSuffix(base, path.Ext(base))
	p.IsIndex = name == "_index"

	if len(data) > maxFile {
		diags.Errorf(file, 0, "the file is %d MB: more than the %d MB a content file may have; split it into several pages", len(data)>>20, maxFile>>20)
		return nil, diags
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	norm := data
	if bytes.Contains(data, []byte("\r\n")) {
		norm = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}

	p.FrontLine = firstNonBlankLine(norm)
	fr, err := splitFront(norm)
	if err != nil {
		se := err.(*splitError)
		diags.Errorf(file, se.line, "%s", se.msg)
		return nil, diags
	}
	fm := &rawFront{fields: map[string]any{}, lines: map[string]int{}}
	if fr.kind != "" {
		p.FrontLine = fr.open
		if d := decodeFront(file, fr, fm); len(d) > 0 {
			diags.Append(d)
			return nil, diags
		}
	}
	bodyStartNorm := fr.body
	p.BodyLine = bytes.Count(norm[:bodyStartNorm], []byte("\n")) + 1
	// Map the body start back into the original (CRLF) bytes: same line.
	p.BodyOffset = offsetOfLine(data, p.BodyLine)
	h := fnv.New64a()
	h.Write(data[:p.BodyOffset])
	p.FrontHash = h.Sum64()

	lang := cfg.DefaultLanguage()
	if p.Lang != "" {
		lang = cfg.Language(p.Lang)
	}
	p.fill(fm, lang, cfg, &diags)
	if p.Lang == "" {
		p.Lang = lang.Code
	}
	p.checkKeys(fm, cfg, &diags)
	if cfg.RequiresTitle() && !p.IsIndex && strings.TrimSpace(p.Title) == "" {
		if _, given := fm.fields["title"]; given {
			diags.Errorf(file, p.Line("title"), "title is empty: every page needs a title (its heading and the name in lists and feeds)")
		} else {
			diags.Errorf(file, p.FrontLine, "no title: every page needs title: in its front matter (its heading and the name in lists and feeds)")
		}
	}

	if p.Date.IsZero() {
		if t, rest, ok := SplitDatePrefix(name, cfg.Language(p.Lang).Location); ok {
			p.Date = t
			name = rest
		}
	} else if _, rest, ok := SplitDatePrefix(name, time.UTC); ok {
		name = rest
	}
	p.Name = name
	if p.Slug == "" {
		p.Slug = name
	}
	return p, diags
}

// maxFile bounds a content file (front matter and body), so that no one
// page can take unbounded time or memory; markdown.MaxSize bounds the
// body alone.
const maxFile = 16 << 20

// offsetOfLine returns the byte offset at which 1-based line n starts.
func offsetOfLine(b []byte, n int) int {
	off := 0
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(b[off:], '\n')
		if j < 0 {
			return len(b)
		}
		off += j + 1
	}
	return off
}

func firstNonBlankLine(b []byte) int {
	line := 1
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		l := b
		if i >= 0 {
			l = b[:i]
		}
		if len(bytes.TrimSpace(l)) > 0 {
			return line
		}
		if i < 0 {
			break
		}
		b = b[i+1:]
		line++
	}
	return 1
}

// rawFront is what a front-matter decoder produces: the fields, each with
// its raw scalar text where there is one (for dates written in forms
// YAML does not know), and the line of each key.
type rawFront struct {
	kind   string
	fields map[string]any
	raw    map[string]string
	lines  map[string]int
	order  []string
}

type yamlError struct{ err error }

func (e *yamlError) Error() string { return e.err.Error() }

// decodeFront decodes the front matter found by splitFront into fm. Line
// numbers in fm.lines are relative to the opening delimiter's line.
func decodeFront(file string, fr front, fm *rawFront) diag.List {
	var err error
	switch fr.kind {
	case "yaml":
		err = unmarshalYAML(fr.text, fm)
		if yerr, ok := err.(*yamlError); ok {
			var out diag.List
			for _, d := range config.YAMLSourceDiags(file, fr.open, fr.text, yerr.err) {
				d.Msg = "front matter: " + d.Msg
				out.Add(d)
			}
			return out
		}
	case "toml":
		return unmarshalTOML(file, fr, fm)
	case "json":
		return unmarshalJSON(file, fr, fm)
	}
	if err != nil {
		return diag.List{diag.Errorf(file, fr.open, "front matter: %v", err)}
	}
	return nil
}

func unmarshalYAML(data []byte, v any) error {
	fm := v.(*rawFront)
	fm.kind = "yaml"
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return &yamlError{err}
	}
	fm.fields = map[string]any{}
	fm.raw = map[string]string{}
	fm.lines = map[string]int{}
	if len(doc.Content) == 0 {
		return nil
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return &yamlError{fmt.Errorf("line %d: front matter must be a map of keys to values", m.Line)}
	}
	var errs []string
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, val := m.Content[i], m.Content[i+1]
		key := k.Value
		if _, dup := fm.fields[key]; dup {
			errs = append(errs, fmt.Sprintf("line %d: key %q appears twice", k.Line, key))
			continue
		}
		var x any
		if err := val.Decode(&x); err != nil {
			errs = append(errs, err.Error())
			continue
		}
		fm.fields[key] = StringKeys(x)
		fm.order = append(fm.order, key)
		if val.Kind == yaml.ScalarNode {
			fm.raw[key] = val.Value
		}
		fm.lines[key] = k.Line
		recordLines(fm.lines, key, val)
	}
	if len(errs) > 0 {
		return &yamlError{&yaml.TypeError{Errors: errs}}
	}
	return nil
}

// recordLines stores the line of every nested key as a dotted path.
func recordLines(lines map[string]int, prefix string, n *yaml.Node) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := prefix + "." + n.Content[i].Value
			lines[p] = n.Content[i].Line
			recordLines(lines, p, n.Content[i+1])
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			p := prefix + "." + strconv.Itoa(i)
			lines[p] = c.Line
			recordLines(lines, p, c)
		}
	}
}

// StringKeys turns decoded YAML into maps with string keys, at every
// depth and in place: yaml.v3 makes map[any]any of a mapping with a key
// that is not a string (2026: …, true: …), and templates can index only
// string keys. Front matter and data files (package build) both use it.
func StringKeys(x any) any {
	switch v := x.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = StringKeys(e)
		}
		return v
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[fmt.Sprint(k)] = StringKeys(e)
		}
		return out
	case []any:
		for i, e := range v {
			v[i] = StringKeys(e)
		}
		return v
	}
	return x
}

// tomlKey matches a top-level "key = value" line of TOML.
var tomlKey = regexp.MustCompile(`^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=`)

func unmarshalTOML(file string, fr front, fm *rawFront) diag.List {
	fm.kind = "toml"
	m := map[string]any{}
	if _, err := toml.Decode(string(fr.text), &m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return diag.List{diag.Errorf(file, fr.textLine+pe.Position.Line-1, "front matter: TOML: %s", pe.Message)}
		}
		return diag.List{diag.Errorf(file, fr.open, "front matter: TOML: %v", err)}
	}
	fm.fields = StringKeys(m).(map[string]any)
	fm.order = sortedKeys(fm.fields)
	// Lines of the top-level keys: those before the first [table].
	for i, l := range strings.Split(string(fr.text), "\n") {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "[") {
			break
		}
		if sm := tomlKey.FindStringSubmatch(l); sm != nil {
			k := strings.Trim(sm[1], `"'`)
			if _, ok := fm.lines[k]; !ok {
				fm.lines[k] = fr.textLine + i - fr.open
			}
		}
	}
	return nil
}

// unmarshalJSON decodes a JSON object key by key, so that every key keeps
// its line and a key given twice is an error rather than a silent win of
// the last one.
func unmarshalJSON(file string, fr front, fm *rawFront) diag.List {
	fm.kind = "json"
	text := fr.text
	fail := func(off int64, msg string) diag.List {
		if off > int64(len(text)) {
			off = int64(len(text))
		}
		return diag.List{diag.Errorf(file, fr.textLine+bytes.Count(text[:off], []byte("\n")), "front matter: JSON: %s", msg)}
	}
	dec := json.NewDecoder(bytes.NewReader(text))
	tok, err := dec.Token()
	if err != nil {
		return fail(dec.InputOffset(), jsonWords(err))
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fail(0, "front matter must be an object: { \"title\": \"…\" }")
	}
	for dec.More() {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return fail(before, jsonWords(err))
		}
		key, _ := tok.(string)
		line := fr.textLine + bytes.Count(text[:dec.InputOffset()], []byte("\n"))
		if _, dup := fm.fields[key]; dup {
			return diag.List{diag.Errorf(file, line, "front matter: JSON: key %q appears twice", key)}
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return fail(dec.InputOffset(), jsonWords(err))
		}
		fm.fields[key] = v
		fm.order = append(fm.order, key)
		fm.lines[key] = line - fr.open
	}
	if _, err := dec.Token(); err != nil {
		return fail(dec.InputOffset(), jsonWords(err))
	}
	return nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Body returns the Markdown body of a page from its file's bytes as read
// again at render time, with CRLF turned into LF.
func (p *Page) Body(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if p.BodyOffset > len(data) {
		return nil
	}
	b := data[p.BodyOffset:]
	if bytes.Contains(b, []byte("\r\n")) {
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	}
	return b
}
