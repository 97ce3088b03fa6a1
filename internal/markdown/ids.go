package markdown

import (
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"golang.org/x/text/unicode/norm"
)

// Slug turns heading text into the base of an element ID, following the
// rules in the package documentation: lowercase, letters (å, ä, ö, æ, ø, é
// and every other Unicode letter) and digits kept, runs of spaces and dashes
// collapsed to one "-", underscores kept, everything else dropped, no
// leading or trailing "-". Text is NFC-normalised first, so a decomposed
// "ö" gives the same ID as a precomposed one. It returns "" when nothing is
// left. Templates that link to headings (an "anchorize" function) should use
// it so their anchors match.
func Slug(text string) string {
	if !norm.NFC.IsNormalString(text) {
		text = norm.NFC.String(text)
	}
	b := make([]byte, 0, len(text))
	dash := false // a separator is pending
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '_':
			if dash && len(b) > 0 {
				b = append(b, '-')
			}
			dash = false
			b = utf8.AppendRune(b, unicode.ToLower(r))
		case unicode.IsSpace(r) || unicode.Is(unicode.Pd, r):
			dash = true
		}
	}
	return string(b)
}

// ids is the parser.IDs of one document: it hands out unique element IDs
// ("x", "x-1", "x-2", …). Explicit IDs ({#x}) are Put before any ID is
// generated, so a generated ID never takes an explicit one.
type ids struct {
	used map[string]bool
}

var _ parser.IDs = (*ids)(nil)

func newIDs() *ids { return &ids{used: make(map[string]bool, 16)} }

// Generate returns a new unique ID for a node whose plain text is value.
func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	base := Slug(string(value))
	if base == "" {
		base = "id"
		if kind == ast.KindHeading {
			base = "heading"
		}
	}
	id := base
	for i := 1; s.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.used[id] = true
	return []byte(id)
}

// Put marks value as used.
func (s *ids) Put(value []byte) { s.used[string(value)] = true }

// has reports whether value is already used.
func (s *ids) has(value []byte) bool { return s.used[string(value)] }
