package ical

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	got := Escape("a\\b;c,d\ne\r\nf")
	if want := `a\\b\;c\,d\ne\nf`; got != want {
		t.Errorf("Escape = %q, want %q", got, want)
	}
}

// TestFold: lines of at most 75 octets, a space starts each continuation,
// no UTF-8 sequence is split, and unfolding gives the line back.
func TestFold(t *testing.T) {
	for _, s := range []string{
		"SUMMARY:" + strings.Repeat("å", 100),
		"DESCRIPTION:" + strings.Repeat("x", 74) + "€" + strings.Repeat("y", 80),
		"SHORT:ok",
	} {
		folded := Fold(s)
		if !strings.HasSuffix(folded, "\r\n") {
			t.Errorf("%q: no CRLF at the end", s)
		}
		lines := strings.Split(strings.TrimSuffix(folded, "\r\n"), "\r\n")
		for i, l := range lines {
			if len(l) > 75 {
				t.Errorf("line %d: %d octets", i, len(l))
			}
			if !utf8.ValidString(l) {
				t.Errorf("line %d splits a UTF-8 sequence: %q", i, l)
			}
			if i > 0 && !strings.HasPrefix(l, " ") {
				t.Errorf("line %d does not start with a space", i)
			}
		}
		if got := strings.ReplaceAll(strings.TrimSuffix(folded, "\r\n"), "\r\n ", ""); got != s {
			t.Errorf("unfolded = %q, want %q", got, s)
		}
	}
}
