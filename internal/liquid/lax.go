package liquid

import (
	"bytes"
	"fmt"
	"regexp"
)

// lax rewrites the spellings that Ruby Liquid's lax parser (the one
// Jekyll uses) accepts and osteele/liquid does not, so that a template
// means what it means in Jekyll:
//
//   - a.[b] is a[b] (Ruby reads a lookup as names and [brackets], the
//     dot before a bracket is noise);
//   - in if, elsif and unless, `x && y` and `x || y` are x: Ruby's
//     condition syntax takes one comparison and ignores what follows it
//     up to the next and/or, so `&& y` never counted;
//   - a for loop's `limit: x` and `offset: x` with x nil mean no limit and
//     offset 0 (Ruby checks for nil; osteele/liquid wants an integer):
//     the variable is read through `default` in an assign just before
//     the loop.
//
// Text outside tags, quoted strings and {% raw %} blocks stay as they
// are; newlines are kept, so error lines do not move.
func lax(src []byte) []byte {
	if !bytes.Contains(src, []byte(".[")) && !bytes.Contains(src, []byte("&&")) && !bytes.Contains(src, []byte("||")) &&
		!bytes.Contains(src, []byte("limit")) && !bytes.Contains(src, []byte("offset")) {
		return src
	}
	out := make([]byte, 0, len(src))
	loops := 0
	for i := 0; i < len(src); {
		j := indexOpen(src[i:])
		if j < 0 {
			out = append(out, src[i:]...)
			break
		}
		out = append(out, src[i:i+j]...)
		i += j
		isTag := src[i+1] == '%'
		closer := []byte("}}")
		if isTag {
			closer = []byte("%}")
		}
		end := closeIndex(src[i+2:], closer)
		if end < 0 {
			out = append(out, src[i:]...)
			break
		}
		inner := src[i+2 : i+2+end]
		if isTag && rawRE.Match(inner) {
			// Copy {% raw %}…{% endraw %} untouched.
			k := endRawRE.FindIndex(src[i:])
			if k == nil {
				out = append(out, src[i:]...)
				break
			}
			out = append(out, src[i:i+k[1]]...)
			i += k[1]
			continue
		}
		if isTag && forRE.Match(inner) {
			var assigns []string
			inner, assigns = loopModifiers(inner, &loops)
			open := "{% "
			if inner[0] == '-' {
				open = "{%- "
			}
			for _, a := range assigns {
				out = append(out, open...)
				out = append(out, laxMarkup([]byte(a), false)...)
				out = append(out, " %}"...)
			}
		}
		out = append(out, src[i:i+2]...)
		out = append(out, laxMarkup(inner, isTag && condRE.Match(inner))...)
		out = append(out, closer...)
		i += 2 + end + 2
	}
	return out
}

var (
	rawRE    = regexp.MustCompile(`^-?\s*raw\s*-?$`)
	endRawRE = regexp.MustCompile(`\{%-?\s*endraw\s*-?%\}`)
	condRE   = regexp.MustCompile(`^-?\s*(if|elsif|unless)\b`)
	forRE    = regexp.MustCompile(`^-?\s*for\s`)
	// modRE is a loop's limit or offset whose value is a variable.
	modRE = regexp.MustCompile(`\b(limit|offset)(\s*:\s*)([A-Za-z_][\w.\-]*(?:\[[^\]]*\][\w.\-]*)*)`)
)

// loopModifiers rewrites the limit and offset of a for tag's markup b
// whose values are variables to fresh variables, and returns the
// assigns that give those the value, or no limit and offset 0 for nil
// (n numbers the fresh variables).
func loopModifiers(b []byte, n *int) ([]byte, []string) {
	var assigns []string
	out := modRE.ReplaceAllFunc(b, func(m []byte) []byte {
		s := modRE.FindSubmatch(m)
		name := fmt.Sprintf("deltag_loop_%s_%d", s[1], *n)
		*n++
		dflt := "0"
		if string(s[1]) == "limit" {
			dflt = "1000000000"
		}
		assigns = append(assigns, fmt.Sprintf("assign %s = %s | default: %s", name, s[3], dflt))
		return []byte(string(s[1]) + string(s[2]) + name)
	})
	return out, assigns
}

// indexOpen is the index of the next {{ or {%.
func indexOpen(b []byte) int {
	for i := 0; i+1 < len(b); i++ {
		if b[i] == '{' && (b[i+1] == '{' || b[i+1] == '%') {
			return i
		}
	}
	return -1
}

// closeIndex is the index of closer in b outside quoted strings.
func closeIndex(b, closer []byte) int {
	var quote byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == closer[0] && i+1 < len(b) && b[i+1] == closer[1]:
			return i
		}
	}
	return -1
}

// laxMarkup rewrites the inside of one tag or output.
func laxMarkup(b []byte, cond bool) []byte {
	out := make([]byte, 0, len(b))
	var quote byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '.' && i+1 < len(b) && b[i+1] == '[':
			continue
		case cond && (c == '&' || c == '|') && i+1 < len(b) && b[i+1] == c:
			// Drop up to the next and/or (or the end), keeping newlines.
			k := i
			for k < len(b) && !wordAt(b, k, "and") && !wordAt(b, k, "or") {
				if b[k] == '\n' {
					out = append(out, '\n')
				}
				k++
			}
			i = k - 1
			continue
		}
		out = append(out, c)
	}
	return out
}

// wordAt reports whether b has the word w at i, with space before it.
func wordAt(b []byte, i int, w string) bool {
	if i == 0 || (b[i-1] != ' ' && b[i-1] != '\t' && b[i-1] != '\n') || !bytes.HasPrefix(b[i:], []byte(w)) {
		return false
	}
	k := i + len(w)
	return k == len(b) || b[k] == ' ' || b[k] == '\t' || b[k] == '\n'
}
