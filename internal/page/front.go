package page

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Front-matter splitting.
//
// deltag splits front matter itself instead of through
// github.com/adrg/frontmatter, which recognised a closing delimiter on a
// line after trimming it: an indented "---" (a Markdown thematic break in a
// YAML block value) ended the front matter there and dropped every key
// after it, draft: true included. Here a closing delimiter is a line that
// is exactly the delimiter from column 0 (trailing spaces allowed). That is
// YAML's own rule: a "---" or "..." at column 0 ends a YAML document even
// inside a block scalar, and an indented one never does. The formats are
// still decoded by the modules that decoded them before: gopkg.in/yaml.v3,
// github.com/BurntSushi/toml and encoding/json.

// front is the front matter of a file as found by splitFront.
type front struct {
	kind string // "yaml", "toml", "json"; "" when the file has none
	text []byte // between the delimiters; the object itself for a bare {…}
	// open is the line of the opening delimiter; textLine the line text
	// starts on (open+1, or open for a bare JSON object).
	open, textLine int
	body           int // byte offset of the body
}

// splitError is a problem with the delimiters, at a line.
type splitError struct {
	line int
	msg  string
}

func (e *splitError) Error() string { return e.msg }

var delims = []struct{ open, close, kind string }{
	{"---", "---", "yaml"},
	{"---yaml", "---", "yaml"},
	{"+++", "+++", "toml"},
	{"---toml", "---", "toml"},
	{";;;", ";;;", "json"},
	{"---json", "---", "json"},
}

// bareJSON is a first line that opens a JSON object: "{" alone or
// followed by a key; "{{" and "{%" are template text, not front matter.
var bareJSON = regexp.MustCompile(`^\{\s*("|\}|$)`)

// splitFront finds the front matter of b (LF line endings, no BOM).
// Blank lines before the opening delimiter are allowed.
func splitFront(b []byte) (front, error) {
	off, line := 0, 1
	for off < len(b) {
		end := lineEnd(b, off)
		if len(bytes.TrimSpace(b[off:end])) > 0 {
			break
		}
		off, line = next(b, end), line+1
	}
	if off >= len(b) {
		return front{}, nil
	}
	end := lineEnd(b, off)
	first := string(bytes.TrimRight(b[off:end], " \t"))
	for _, d := range delims {
		if first != d.open {
			continue
		}
		start := next(b, end)
		pos, n := start, line+1
		for pos < len(b) {
			e := lineEnd(b, pos)
			l := string(bytes.TrimRight(b[pos:e], " \t"))
			if l == d.close || (d.kind == "yaml" && l == "...") {
				return front{kind: d.kind, text: b[start:pos], open: line, textLine: line + 1, body: next(b, e)}, nil
			}
			pos, n = next(b, e), n+1
		}
		return front{}, &splitError{line, fmt.Sprintf("front matter opened with %s is never closed: add a line %s (at the start of the line) after the last key", d.open, d.close)}
	}
	if bareJSON.MatchString(first) {
		return splitJSON(b, off, line)
	}
	return front{}, nil
}

// splitJSON reads one JSON object starting at off, on line line.
func splitJSON(b []byte, off, line int) (front, error) {
	dec := json.NewDecoder(bytes.NewReader(b[off:]))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		at := off + jsonErrOffset(err, len(b)-off)
		return front{}, &splitError{lineAt(b, at), "JSON front matter: " + jsonWords(err)}
	}
	end := off + int(dec.InputOffset())
	le := lineEnd(b, end)
	if rest := bytes.TrimSpace(b[end:le]); len(rest) > 0 {
		return front{}, &splitError{lineAt(b, end), fmt.Sprintf("JSON front matter: text %q follows the closing } on its line: start the body on the next line", truncate(string(rest), 20))}
	}
	return front{kind: "json", text: b[off:end], open: line, textLine: line, body: next(b, le)}, nil
}

func jsonErrOffset(err error, max int) int {
	var o int64 = int64(max)
	switch e := err.(type) {
	case *json.SyntaxError:
		o = e.Offset
	case *json.UnmarshalTypeError:
		o = e.Offset
	}
	if o > 0 {
		o-- // the offset is after the byte that failed
	}
	if o > int64(max) {
		o = int64(max)
	}
	return int(o)
}

// jsonWords words encoding/json's errors for a person.
func jsonWords(err error) string {
	m := err.Error()
	switch {
	case m == "unexpected EOF" || strings.Contains(m, "unexpected end of JSON input"):
		return "the object is not closed: a } or a \" is missing"
	case strings.Contains(m, "after object key:value pair"):
		return "a comma is missing between two entries (or the object is not closed with })"
	case strings.Contains(m, "after object key"):
		return `a key must be followed by a colon, as in "title": "…"`
	case strings.Contains(m, "looking for beginning of object key string"):
		return `a key must be in double quotes (and no comma may follow the last entry)`
	case strings.Contains(m, "looking for beginning of value"):
		return "a value is missing or not valid JSON (text must be in double quotes; no comma after the last entry)"
	case strings.Contains(m, "in string literal"):
		return "a line break or control character inside a text in quotes: write it as \\n"
	}
	return m
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// lineEnd returns the offset of the newline ending the line at off (or
// len(b)).
func lineEnd(b []byte, off int) int {
	if i := bytes.IndexByte(b[off:], '\n'); i >= 0 {
		return off + i
	}
	return len(b)
}

func next(b []byte, end int) int {
	if end < len(b) {
		return end + 1
	}
	return end
}

// lineAt returns the 1-based line of byte offset off.
func lineAt(b []byte, off int) int {
	if off > len(b) {
		off = len(b)
	}
	return bytes.Count(b[:off], []byte("\n")) + 1
}
