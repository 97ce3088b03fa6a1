package markdown

import "bytes"

// MaxDepth is how deeply lists and block quotes may nest. goldmark's
// block parser does work in proportion to the depth for every line, and
// a deeply indented list has lines as long as it is deep: 1,000 levels
// take seconds, 5,000 minutes and a gigabyte. No real page comes near
// 100.
const MaxDepth = 100

// MaxSize is the largest Markdown body a page may have. With the depth
// bounded, parse time grows with the size, so this bounds the time and
// memory of one page.
const MaxSize = 8 << 20

// tooDeep scans src as CommonMark opens and continues containers (block
// quotes and list items) and returns the 1-based line on which nesting
// first exceeds limit, or 0. It follows the container rules closely
// enough to count real nesting (markers repeated on one line, items
// indented under items, fenced code that must not count) without
// building a tree, in time linear in the size of src times the depth.
func tooDeep(src []byte, limit int) (line, depth int) {
	type container struct {
		quote  bool
		indent int // list item: the column its content starts at
	}
	var stack []container
	fence := []byte(nil) // the open code fence, if any
	fenceDepth := 0
	n := 0
	for len(src) > 0 {
		n++
		var l []byte
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			l, src = src[:i], src[i+1:]
		} else {
			l, src = src, nil
		}
		if bytes.IndexByte(l, '\t') >= 0 {
			l = expandTabs(l)
		}
		blank := len(bytes.TrimSpace(l)) == 0
		// Continue the open containers.
		col, matched := 0, 0
		for _, c := range stack {
			if c.quote {
				sp := leadingSpaces(l, col)
				if sp <= 3 && col+sp < len(l) && l[col+sp] == '>' {
					col += sp + 1
					if col < len(l) && l[col] == ' ' {
						col++
					}
					matched++
					continue
				}
				break
			}
			if blank || leadingSpaces(l, col) >= c.indent {
				col += min(c.indent, len(l)-col)
				matched++
				continue
			}
			break
		}
		if fence != nil {
			if matched < fenceDepth || bytes.HasPrefix(bytes.TrimLeft(l[col:], " "), fence) {
				fence = nil
			}
			if matched < len(stack) {
				stack = stack[:matched]
			}
			continue
		}
		// Open new ones.
		opened := false
		for {
			sp := leadingSpaces(l, col)
			if sp > 3 || col+sp >= len(l) {
				break
			}
			rest := l[col+sp:]
			if thematicBreak(rest) {
				break
			}
			if rest[0] == '>' {
				if !opened {
					stack, opened = stack[:matched], true
				}
				stack = append(stack, container{quote: true})
				col += sp + 1
				if col < len(l) && l[col] == ' ' {
					col++
				}
			} else if w := listMarker(rest); w > 0 {
				if !opened {
					stack, opened = stack[:matched], true
				}
				after := leadingSpaces(l, col+sp+w)
				if after > 4 || col+sp+w+after >= len(l) {
					after = 1
				}
				stack = append(stack, container{indent: sp + w + after})
				col = min(col+sp+w+after, len(l))
			} else {
				break
			}
			if len(stack) > limit {
				return n, len(stack)
			}
		}
		if !opened && matched < len(stack) && blank {
			stack = stack[:matched]
		}
		if t := bytes.TrimLeft(l[col:], " "); bytes.HasPrefix(t, []byte("```")) || bytes.HasPrefix(t, []byte("~~~")) {
			fence, fenceDepth = t[:3], len(stack)
		}
	}
	return 0, 0
}

// thematicBreak reports a line of three or more -, * or _ (spaces
// between allowed): a rule, not nested list items.
func thematicBreak(b []byte) bool {
	var c byte
	n := 0
	for _, x := range b {
		switch {
		case x == ' ' || x == '\t':
		case (x == '-' || x == '*' || x == '_') && (c == 0 || c == x):
			c = x
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// expandTabs replaces tabs with spaces to the next multiple of four
// columns, as CommonMark reads indentation.
func expandTabs(l []byte) []byte {
	out := make([]byte, 0, len(l)+8)
	for _, x := range l {
		if x == '\t' {
			out = append(out, bytes.Repeat([]byte(" "), 4-len(out)%4)...)
			continue
		}
		out = append(out, x)
	}
	return out
}

func leadingSpaces(l []byte, from int) int {
	n := 0
	for i := from; i < len(l) && l[i] == ' '; i++ {
		n++
	}
	return n
}

// listMarker returns the width of a list marker at the start of b
// ("- ", "* ", "+ ", "1. ", "12) "), without the space, or 0.
func listMarker(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	w := 0
	switch b[0] {
	case '-', '*', '+':
		w = 1
	default:
		for w < len(b) && w < 9 && b[w] >= '0' && b[w] <= '9' {
			w++
		}
		if w == 0 || w >= len(b) || (b[w] != '.' && b[w] != ')') {
			return 0
		}
		w++
	}
	if w < len(b) && b[w] != ' ' && b[w] != '\t' {
		return 0
	}
	return w
}
