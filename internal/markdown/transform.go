package markdown

import (
	"bytes"
	"errors"
	"net/url"

	"github.com/deltag/deltag/internal/diag"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// docState is the per-document state of one Convert call. It travels to the
// transformer in the parser.Context, so the shared goldmark.Markdown stays
// stateless.
type docState struct {
	file      string
	firstLine int
	resolve   Resolver
	ids       *ids
	headings  []Heading
	diags     diag.List
	images    int // images seen so far
}

// stateKey finds the docState in a parser.Context. Context keys must be made
// before any Context is, hence a package variable.
var stateKey = parser.NewContextKey()

// transformer rewrites content-file links and gives every heading a unique
// ID, after the whole document is parsed.
type transformer struct {
	unsafe bool
	image  ImageFunc
}

func (t *transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(stateKey).(*docState)
	if st == nil {
		return
	}
	src := reader.Source()

	// Pass 1: rewrite links, and reserve explicit heading IDs ({#id}) so
	// that an ID generated for an earlier heading cannot take one.
	var headings []*ast.Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			headings = append(headings, n)
			t.cleanAttributes(n)
			if id, ok := explicitID(n); ok {
				if st.ids.has(id) {
					st.diags.Warnf(st.file, st.line(src, blockStart(n)), "duplicate heading id %q", id)
				}
				st.ids.Put(id)
			}
		case *ast.Link:
			if st.resolve != nil {
				st.rewriteLink(n, src)
			}
		case *ast.Image:
			if t.image != nil && st.file != "" {
				st.rewriteImage(t.image, n, src)
			}
		}
		return ast.WalkContinue, nil
	})

	// Pass 2: generate the other IDs in document order and list headings.
	if len(headings) == 0 {
		return
	}
	st.headings = make([]Heading, 0, len(headings))
	var buf []byte
	for _, h := range headings {
		buf = appendPlain(buf[:0], h, src)
		txt := string(collapseSpace(buf))
		id, ok := explicitID(h)
		if !ok {
			id = st.ids.Generate([]byte(txt), ast.KindHeading)
			h.SetAttributeString("id", id)
		}
		st.headings = append(st.headings, Heading{Level: h.Level, ID: string(id), Text: txt})
	}
}

// explicitID returns a heading's ID attribute when the author gave one.
func explicitID(h *ast.Heading) ([]byte, bool) {
	v, ok := h.AttributeString("id")
	if !ok {
		return nil, false
	}
	switch v := v.(type) {
	case []byte:
		return v, len(v) > 0
	case string:
		return []byte(v), v != ""
	}
	return nil, false // {id=5}: a number, which goldmark would render empty
}

// cleanAttributes keeps only id and class on a heading unless the site is
// Unsafe: {style=… data-x=…} are not for untrusted authors.
func (t *transformer) cleanAttributes(h *ast.Heading) {
	if t.unsafe || h.Attributes() == nil {
		return
	}
	id, hasID := h.AttributeString("id")
	class, hasClass := h.AttributeString("class")
	h.RemoveAttributes()
	if hasID {
		h.SetAttributeString("id", id)
	}
	if hasClass {
		h.SetAttributeString("class", class)
	}
}

// rewriteLink points a link to a content file at that page's URL, or reports
// it as broken.
func (st *docState) rewriteLink(n *ast.Link, src []byte) {
	path, suffix, ok := contentLink(n.Destination)
	if !ok {
		return
	}
	if p, err := url.PathUnescape(path); err == nil {
		path = p
	}
	u, found := st.resolve(path)
	if !found {
		st.diags.Errorf(st.file, st.line(src, inlineStart(n)),
			"broken link to %q: no such content file", n.Destination)
		return
	}
	n.Destination = append([]byte(u), suffix...)
}

// rewriteImage asks f about an image and applies its answer.
func (st *docState) rewriteImage(f ImageFunc, n *ast.Image, src []byte) {
	st.images++
	alt := string(collapseSpace(appendPlain(nil, n, src)))
	attrs, err := f(st.file, string(n.Destination), alt, string(n.Title), st.images == 1)
	if err != nil {
		var d diag.Diagnostic
		if errors.As(err, &d) { // a diagnostic keeps its severity and hint
			d.File, d.Line = st.file, st.line(src, inlineStart(n))
			st.diags.Add(d)
			return
		}
		st.diags.Errorf(st.file, st.line(src, inlineStart(n)), "%v", err)
		return
	}
	for _, a := range attrs {
		switch a[0] {
		case "src":
			n.Destination = []byte(a[1])
		case "title":
			n.Title = nil
			if a[1] != "" {
				n.Title = []byte(a[1])
			}
		default:
			n.SetAttributeString(a[0], []byte(a[1]))
		}
	}
}

// contentLink reports whether a link destination names a content file: no
// URL scheme, not "#…" or "//…", and a path (before "?" or "#") ending in
// ".md", in any case. It splits dest into that path and the rest.
func contentLink(dest []byte) (path, suffix string, ok bool) {
	if len(dest) == 0 || dest[0] == '#' || bytes.HasPrefix(dest, []byte("//")) || hasScheme(dest) {
		return "", "", false
	}
	end := bytes.IndexAny(dest, "?#")
	if end < 0 {
		end = len(dest)
	}
	p := dest[:end]
	if len(p) < 3 || !bytes.EqualFold(p[len(p)-3:], []byte(".md")) {
		return "", "", false
	}
	return string(p), string(dest[end:]), true
}

// hasScheme reports whether dest starts with a URL scheme (RFC 3986:
// a letter, then letters, digits, "+", "-" or ".", then ":").
func hasScheme(dest []byte) bool {
	for i, c := range dest {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// line turns a byte offset in src into a line number of the file.
func (st *docState) line(src []byte, off int) int {
	if off < 0 || off > len(src) {
		return st.firstLine
	}
	return st.firstLine + bytes.Count(src[:off], []byte("\n"))
}

// inlineStart returns the source offset of an inline node: where its first
// text is, else where its block starts.
func inlineStart(n ast.Node) int {
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off >= 0 {
		return off
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if off := blockStart(p); off >= 0 {
			return off
		}
	}
	return -1
}

// blockStart returns the source offset of a block's first line, or -1.
func blockStart(n ast.Node) int {
	if n.Type() != ast.TypeBlock || n.Lines().Len() == 0 {
		return -1
	}
	return n.Lines().At(0).Start
}
