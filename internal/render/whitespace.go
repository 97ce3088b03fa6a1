package render

import (
	"html/template"
	"strings"
	"text/template/parse"
)

// collapseLayoutSpace shrinks the whitespace a layout's own text puts in
// every page, once, when the layout is compiled: each run of whitespace
// that holds a line break becomes one line break. That is what a reader's
// browser makes of it anyway (outside <pre> and <textarea>, which a
// template holding them keeps as written), so the pages need no HTML
// minifier after rendering. Only the parsed text nodes change; the
// template keeps its source, so errors still name the line of the file.
func collapseLayoutSpace(set *template.Template) {
	for _, t := range set.Templates() {
		if t.Tree == nil || t.Tree.Root == nil || keepsSpace(t.Tree.Root) {
			continue
		}
		collapseNode(t.Tree.Root)
	}
}

// keepsSpace reports whether a tree writes an element whose whitespace
// is content.
func keepsSpace(n parse.Node) bool {
	found := false
	walkText(n, func(t *parse.TextNode) {
		s := strings.ToLower(string(t.Text))
		if strings.Contains(s, "<pre") || strings.Contains(s, "<textarea") {
			found = true
		}
	})
	return found
}

func collapseNode(n parse.Node) {
	walkText(n, func(t *parse.TextNode) { t.Text = collapseSpace(t.Text) })
}

// walkText calls fn for every text node under n.
func walkText(n parse.Node, fn func(*parse.TextNode)) {
	switch n := n.(type) {
	case *parse.TextNode:
		fn(n)
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walkText(c, fn)
		}
	case *parse.IfNode:
		walkText(n.List, fn)
		walkText(n.ElseList, fn)
	case *parse.RangeNode:
		walkText(n.List, fn)
		walkText(n.ElseList, fn)
	case *parse.WithNode:
		walkText(n.List, fn)
		walkText(n.ElseList, fn)
	}
}

// collapseSpace replaces every run of ASCII whitespace that contains a
// line break with a single line break.
func collapseSpace(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if !isSpace(b[i]) {
			out = append(out, b[i])
			i++
			continue
		}
		j, nl := i, false
		for j < len(b) && isSpace(b[j]) {
			nl = nl || b[j] == '\n'
			j++
		}
		if nl {
			out = append(out, '\n')
		} else {
			out = append(out, b[i:j]...)
		}
		i = j
	}
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
