package locale

import (
	"hash/fnv"
	"strconv"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Slugify makes a URL path segment from s, spelling letters the way the
// language lang (a code or BCP 47 tag, as for For) writes them in ASCII:
//
//	sv, fi, en, …   å, ä → a; ö → o; é → e (accents dropped)
//	da, nb          æ → ae; ø → oe; å → aa
//	de              ä → ae; ö → oe; ü → ue
//	every language  æ → ae, ø → o, œ → oe, ß → ss, ð, đ → d, þ → th, ł → l
//
// The result has only lowercase ASCII letters, digits and single dashes
// between them. Apostrophes are dropped ("Children's" → "childrens");
// every other run of spaces and symbols becomes one dash. Input without
// a letter or digit gives "". Input whose letters have no ASCII spelling
// (Cyrillic, Greek, CJK, …) gives a stable hexadecimal hash of the text
// rather than "", so such a page should be given its own slug.
func Slugify(lang, s string) string {
	tr := For(lang).conv().translit
	if !isASCII(s) {
		s = norm.NFC.String(s) // so that a decomposed "å" (as macOS file names have it) is one rune
	}
	sb := slugBuilder{out: make([]byte, 0, len(s))}
	letterOrDigit := false // s has a letter or digit
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r < utf8.RuneSelf {
			switch {
			case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
				letterOrDigit = true
				sb.byte(byte(r))
			case 'A' <= r && r <= 'Z':
				letterOrDigit = true
				sb.byte(byte(r + 'a' - 'A'))
			case r == '\'':
			default:
				sb.dash = true
			}
			continue
		}
		if isApostrophe(r) || unicode.Is(unicode.Mn, r) {
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			letterOrDigit = true
		}
		r = unicode.ToLower(r)
		if tr != nil {
			if w := tr(r); w != "" {
				sb.word(w)
				continue
			}
		}
		if w := commonTranslit(r); w != "" {
			sb.word(w)
			continue
		}
		var rb [utf8.UTFMax]byte
		d := norm.NFKD.Properties(rb[:utf8.EncodeRune(rb[:], r)]).Decomposition()
		if d == nil {
			sb.dash = true
			continue
		}
		// The full compatibility decomposition: "é" is "e" and a
		// combining accent, "ﬁ" is "fi", "²" is "2".
		for len(d) > 0 {
			r, size := utf8.DecodeRune(d)
			d = d[size:]
			switch {
			case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
				sb.byte(byte(r))
			case 'A' <= r && r <= 'Z':
				sb.byte(byte(r + 'a' - 'A'))
			case unicode.Is(unicode.Mn, r):
			default:
				if w := commonTranslit(unicode.ToLower(r)); w != "" {
					sb.word(w)
				} else {
					sb.dash = true
				}
			}
		}
	}
	if len(sb.out) == 0 && letterOrDigit {
		h := fnv.New64a()
		for _, r := range s {
			var rb [utf8.UTFMax]byte
			h.Write(rb[:utf8.EncodeRune(rb[:], unicode.ToLower(r))])
		}
		return strconv.FormatUint(h.Sum64(), 16)
	}
	return string(sb.out)
}

// slugBuilder joins words with single dashes.
type slugBuilder struct {
	out  []byte
	dash bool // a separator is pending
}

func (b *slugBuilder) sep() {
	if b.dash && len(b.out) > 0 {
		b.out = append(b.out, '-')
	}
	b.dash = false
}

func (b *slugBuilder) byte(c byte) {
	b.sep()
	b.out = append(b.out, c)
}

func (b *slugBuilder) word(w string) {
	b.sep()
	b.out = append(b.out, w...)
}

// commonTranslit spells lowercase letters that have no decomposition into
// ASCII in every language's slugs.
func commonTranslit(r rune) string {
	switch r {
	case 'æ':
		return "ae"
	case 'ø':
		return "o"
	case 'œ':
		return "oe"
	case 'ß':
		return "ss"
	case 'ð', 'đ':
		return "d"
	case 'þ':
		return "th"
	case 'ł':
		return "l"
	case 'ı':
		return "i"
	}
	return ""
}

func isApostrophe(r rune) bool { return r == '’' || r == 'ʼ' }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
