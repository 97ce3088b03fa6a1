package markdown

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// appendPlain appends the plain text of n's inline content to b: the text a
// reader sees, without Markdown syntax, raw HTML, images or footnote marks.
// Escapes and character references are resolved.
func appendPlain(b []byte, n ast.Node, src []byte) []byte {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(src)
			if !c.IsRaw() {
				v = unescape(v)
			}
			b = append(b, v...)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b = append(b, ' ')
			}
		case *ast.String:
			v := c.Value
			if !c.IsRaw() && !c.IsCode() {
				v = unescape(v)
			}
			b = append(b, v...)
		case *ast.AutoLink:
			b = append(b, c.Label(src)...)
		case *ast.RawHTML, *ast.Image, *east.FootnoteLink, *east.FootnoteBacklink, *east.TaskCheckBox:
			// Not text.
		default:
			b = appendPlain(b, c, src)
		}
	}
	return b
}

// unescape resolves backslash escapes and character references, copying
// only when there is something to resolve.
func unescape(v []byte) []byte {
	if bytes.IndexByte(v, '\\') >= 0 {
		v = util.UnescapePunctuations(v)
	}
	if bytes.IndexByte(v, '&') >= 0 {
		v = util.ResolveEntityNames(util.ResolveNumericReferences(v))
	}
	return v
}

// collapseSpace replaces each run of white space in b with one space and
// trims both ends, in place.
func collapseSpace(b []byte) []byte {
	out := b[:0]
	space := false
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if unicode.IsSpace(r) {
			space = true
			i += size
			continue
		}
		if space && len(out) > 0 {
			out = append(out, ' ')
		}
		space = false
		out = append(out, b[i:i+size]...)
		i += size
	}
	return out
}
