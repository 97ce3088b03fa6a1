package markdown

import (
	"bytes"
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// summaryParser parses the one paragraph a summary is made of, for the
// package-level Summary. It knows strikethrough so "~~x~~" gives "x"; the
// rest of GFM does not change plain text.
var summaryParser = newSummaryParser(nil)

// newSummaryParser returns a parser for summaries, with typography when
// typo is not nil.
func newSummaryParser(typo goldmark.Extender) parser.Parser {
	exts := []goldmark.Extender{extension.Strikethrough}
	if typo != nil {
		exts = append(exts, typo)
	}
	return goldmark.New(goldmark.WithExtensions(exts...)).Parser()
}

// Summary returns the plain text of the first paragraph of src, a page body:
// no Markdown syntax ("**bold**" gives "bold", a link gives its text), no
// HTML, images or footnote references, white space collapsed. Headings,
// lists, block quotes, tables, code and HTML blocks before it are skipped,
// and so is a paragraph with no text (an image alone). When the text is
// longer than n runes it is cut at a word boundary and ends in "…", n runes
// at most in all; n <= 0 means no limit. It returns "" when there is no
// paragraph.
//
// Summary is cheap: a line scan finds the paragraph and only that paragraph
// is parsed. A reference link ([text][ref]) keeps its brackets, since its
// definition is elsewhere. Summary applies no typography; the Converter's
// Summary method does.
func Summary(src []byte, n int) string {
	return summarize(summaryParser, src, n)
}

// Summary is the package-level Summary with the Converter's typography, so
// a summary reads like its page: ”citat” – och så vidare.
func (c *Converter) Summary(src []byte, n int) string {
	return summarize(c.summary, src, n)
}

func summarize(p parser.Parser, src []byte, n int) string {
	if len(src) > MaxSize {
		return ""
	}
	for chunk := range paragraphs(src) {
		if line, _ := tooDeep(chunk, MaxDepth); line > 0 {
			return "" // Convert reports it
		}
		doc := p.Parse(text.NewReader(chunk))
		var buf []byte
		for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
			if c.Kind() == ast.KindParagraph {
				buf = appendPlain(buf, c, chunk)
				break
			}
		}
		s := dropFootnoteRefs(string(collapseSpace(buf)))
		if s != "" {
			return truncate(s, n)
		}
	}
	return ""
}

// truncate cuts s to at most n runes including a final "…", at a word
// boundary when there is one.
func truncate(s string, n int) string {
	if n <= 0 || utf8.RuneCountInString(s) <= n {
		return s
	}
	// Keep n-1 runes, room for the ellipsis.
	end := 0
	for i := 0; i < n-1; i++ {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
	}
	cut := s[:end]
	if r, _ := utf8.DecodeRuneInString(s[end:]); !unicode.IsSpace(r) {
		// Mid-word: go back to the last space, unless the word is all there is.
		if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > 0 {
			cut = cut[:i]
		}
	}
	cut = strings.TrimRightFunc(cut, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:.!?-–—", r)
	})
	if cut == "" {
		cut = s[:end]
	}
	return cut + "…"
}

// dropFootnoteRefs removes footnote references ("[^1]", "[^note]") left as
// text because their definitions were not parsed.
func dropFootnoteRefs(s string) string {
	if !strings.Contains(s, "[^") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "[^")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], ']')
		if j < 0 || strings.ContainsAny(s[i:i+j], " \t") {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return string(collapseSpace([]byte(b.String())))
}

// scanState is where the line scan of paragraphs is.
type scanState int

const (
	inNone      scanState = iota
	inPara                // collecting a paragraph
	inBlock               // skipping a block until a blank line
	inList                // skipping a list until a blank line
	inListBreak           // after a blank line inside or after a list
	inFence               // inside fenced code
)

// paragraphs yields, in order, the top-level paragraphs of src as found by
// a line scan: each is a slice of src. The scan follows CommonMark closely
// enough for a summary: it skips fenced and indented code, ATX and setext
// headings, thematic breaks, block quotes, lists (with their indented
// continuation), tables, HTML blocks and link reference definitions.
func paragraphs(src []byte) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		state := inNone
		var fenceMark []byte
		paraStart, paraEnd, paraLines := 0, 0, 0
		for pos := 0; pos < len(src); {
			start, end := pos, len(src)
			if i := bytes.IndexByte(src[pos:], '\n'); i >= 0 {
				end = pos + i
				pos = end + 1
			} else {
				pos = end
			}
			line := bytes.TrimRight(src[start:end], "\r")
			t, ind := trimIndent(line)

			if state == inFence {
				if ind < 4 && isFenceClose(t, fenceMark) {
					state = inNone
				}
				continue
			}
			if len(t) == 0 { // blank
				switch state {
				case inPara:
					if !yield(src[paraStart:paraEnd]) {
						return
					}
					state = inNone
				case inList, inListBreak:
					state = inListBreak
				default:
					state = inNone
				}
				continue
			}
			switch state {
			case inPara:
				switch {
				case ind < 4 && isSetextUnderline(t):
					state = inBlock // the paragraph was a heading
				case paraLines == 1 && isTableDelimiter(t):
					state = inBlock // the paragraph was a table's header row
				case ind < 4 && interruptsParagraph(t):
					if !yield(src[paraStart:paraEnd]) {
						return
					}
					state = startBlock(t, &fenceMark)
				default:
					paraEnd = end
					paraLines++
				}
				continue
			case inBlock, inList:
				continue
			case inListBreak:
				if ind >= 2 {
					state = inList // an item's continuation
					continue
				}
			}
			if ind >= 4 {
				state = inBlock // indented code
				continue
			}
			if j := bytes.IndexByte(t, ']'); t[0] == '[' && j > 0 && j+1 < len(t) && t[j+1] == ':' {
				state = inNone // a link reference definition
				continue
			}
			if s := startBlock(t, &fenceMark); s != inPara {
				state = s
				continue
			}
			state, paraStart, paraEnd, paraLines = inPara, start, end, 1
		}
		if state == inPara {
			yield(src[paraStart:paraEnd])
		}
	}
}

// startBlock returns the scan state for the block a line t (indent removed)
// starts: inPara for a paragraph line, inNone for a one-line block (heading,
// thematic break).
func startBlock(t []byte, fenceMark *[]byte) scanState {
	switch {
	case bytes.HasPrefix(t, []byte("```")) || bytes.HasPrefix(t, []byte("~~~")):
		*fenceMark = t[:len(t)-len(bytes.TrimLeft(t, string(t[:1])))]
		return inFence
	case isATXHeading(t), isThematicBreak(t):
		return inNone
	case t[0] == '>', t[0] == '|', isHTMLStart(t):
		return inBlock
	case isListMarker(t):
		return inList
	}
	return inPara
}

// interruptsParagraph reports whether line t starts a block that ends a
// paragraph without a blank line between.
func interruptsParagraph(t []byte) bool {
	if bytes.HasPrefix(t, []byte("```")) || bytes.HasPrefix(t, []byte("~~~")) ||
		isATXHeading(t) || isThematicBreak(t) || t[0] == '>' {
		return true
	}
	// Only a non-empty item interrupts, and of ordered lists only one
	// starting at 1: "2020. Det var…" goes on the paragraph.
	if !isListMarker(t) || len(bytes.TrimLeft(t, "-*+0123456789.) \t")) == 0 {
		return false
	}
	return !('0' <= t[0] && t[0] <= '9') || bytes.HasPrefix(t, []byte("1.")) || bytes.HasPrefix(t, []byte("1)"))
}

// trimIndent removes leading spaces and tabs and returns the indent width,
// a tab counting as 4.
func trimIndent(line []byte) ([]byte, int) {
	ind := 0
	for i, c := range line {
		switch c {
		case ' ':
			ind++
		case '\t':
			ind += 4 - ind%4
		default:
			return bytes.TrimRight(line[i:], " \t"), ind
		}
	}
	return nil, ind
}

func isFenceClose(t, mark []byte) bool {
	if len(mark) == 0 || !bytes.HasPrefix(t, mark) {
		return false
	}
	return len(bytes.TrimLeft(t, string(mark[:1]))) == 0
}

func isATXHeading(t []byte) bool {
	n := len(t) - len(bytes.TrimLeft(t, "#"))
	return n >= 1 && n <= 6 && (n == len(t) || t[n] == ' ' || t[n] == '\t')
}

// isThematicBreak: three or more of one of "*-_", spaces allowed between.
func isThematicBreak(t []byte) bool {
	if len(t) == 0 || (t[0] != '*' && t[0] != '-' && t[0] != '_') {
		return false
	}
	n := 0
	for _, c := range t {
		switch c {
		case t[0]:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// isSetextUnderline: only "=" or only "-", spaces after.
func isSetextUnderline(t []byte) bool {
	if len(t) == 0 || (t[0] != '=' && t[0] != '-') {
		return false
	}
	return len(bytes.TrimLeft(t, string(t[:1]))) == 0
}

// isTableDelimiter: a GFM table's second row, such as "|---|:-:|" or
// "--- | ---".
func isTableDelimiter(t []byte) bool {
	dash := false
	pipe := false
	for _, c := range t {
		switch c {
		case '-':
			dash = true
		case '|':
			pipe = true
		case ':', ' ', '\t':
		default:
			return false
		}
	}
	return dash && pipe
}

func isListMarker(t []byte) bool {
	if c := t[0]; c == '-' || c == '*' || c == '+' {
		return len(t) == 1 || t[1] == ' ' || t[1] == '\t'
	}
	i := 0
	for i < len(t) && i < 9 && '0' <= t[i] && t[i] <= '9' {
		i++
	}
	if i == 0 || i >= len(t) || (t[i] != '.' && t[i] != ')') {
		return false
	}
	return i+1 == len(t) || t[i+1] == ' ' || t[i+1] == '\t'
}

// isHTMLStart: "<" and a tag name, "</", "<!" or "<?"; not an autolink such
// as <https://example.org>.
func isHTMLStart(t []byte) bool {
	if len(t) < 2 || t[0] != '<' {
		return false
	}
	switch c := t[1]; {
	case c == '/' || c == '!' || c == '?':
		return true
	case !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'):
		return false
	}
	i := 2
	for i < len(t) && ('a' <= t[i] && t[i] <= 'z' || 'A' <= t[i] && t[i] <= 'Z' || '0' <= t[i] && t[i] <= '9' || t[i] == '-') {
		i++
	}
	return i == len(t) || t[i] == ' ' || t[i] == '>' || t[i] == '/' || t[i] == '\t'
}
