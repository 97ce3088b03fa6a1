package config

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/deltag/deltag/internal/diag"
	"gopkg.in/yaml.v3"
)

// YAMLSourceDiags is YAMLDiags for an error decoding src: a syntax
// error is explained in plain words at the line the writer must change,
// which is often not the line the parser stopped at (an unclosed quote
// is only noticed at the end of the text). offset is added to every line.
func YAMLSourceDiags(file string, offset int, src []byte, err error) diag.List {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return YAMLDiags(file, offset, err)
	}
	line, msg := explainYAML(src, err.Error())
	return diag.List{diag.Errorf(file, line+offset, "%s", msg)}
}

var anyLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// explainYAML turns a yaml.v3 syntax error into a line of src and words.
func explainYAML(src []byte, raw string) (int, string) {
	m := strings.TrimPrefix(raw, "yaml: ")
	line := 1
	if sm := anyLine.FindStringSubmatch(m); sm != nil {
		line, _ = strconv.Atoi(sm[1])
		m = sm[2]
	}
	lines := strings.Split(string(src), "\n")
	text := func(n int) string {
		if n < 1 || n > len(lines) {
			return ""
		}
		return lines[n-1]
	}
	indent := func(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
	switch {
	case strings.Contains(m, "unexpected end of stream"), strings.Contains(m, "found unexpected end of stream"):
		for i, l := range lines {
			if q, ok := unclosedQuote(l); ok {
				return i + 1, "the " + q + " quote opened on this line is never closed: close it on the same line (a value in quotes cannot run over several lines)"
			}
		}
		return line, "the text ends in the middle of a value: is a quote or a bracket left open?"
	case strings.Contains(m, "mapping values are not allowed"):
		l := text(line)
		if indent(l) > 0 && line > 1 && indent(text(line-1)) < indent(l) && !strings.HasSuffix(strings.TrimSpace(text(line-1)), ":") {
			return line, "this line is indented under a key that already has a value: start it at the beginning of the line, or give the key above no value of its own"
		}
		return line, `a value contains a colon followed by a space: put the whole value in quotes, e.g. title: "Möte: kl 18"`
	case strings.Contains(m, "did not find expected key"):
		for n := line; n <= line+1 && n <= len(lines); n++ {
			l := strings.TrimSpace(text(n))
			if i := strings.Index(l, `: "`); i >= 0 && strings.Count(l[i+2:], `"`) >= 2 && !strings.HasSuffix(l, `"`) {
				return n, "text follows the closing quote of a value: put all of the value inside the quotes"
			}
		}
		if n := line + 1; n <= len(lines) && indent(text(n)) < indent(text(line)) && indent(text(n)) > 0 {
			return n, "this line is indented differently from the line above: items of one list or map must start in the same column"
		}
		return line, "this line does not fit the structure above it: check its indentation, and quote values that contain : or #"
	case strings.Contains(m, "tab character"):
		return line, "a tab is used for indentation here: YAML indents with spaces only"
	case strings.Contains(m, "cannot start any token"):
		for i, l := range lines {
			if v := valueOf(l); v != "" && strings.ContainsAny(v[:1], "@`%") {
				return i + 1, "a value cannot start with " + v[:1] + ": put it in quotes"
			}
		}
		return line, "a value starts with a character YAML reserves (@, ` or %): put it in quotes"
	case strings.Contains(m, "expected ',' or ']'"):
		return line, "a list in [ ] is not closed with ] on this line"
	case strings.Contains(m, "expected ',' or '}'"):
		return line, "a map in { } is not closed with } on this line"
	case strings.Contains(m, "could not find expected ':'"):
		return line, `this line is not "key: value": a key needs a colon and a space after it, and text that continues a value must be indented`
	case strings.Contains(m, "expected '-' indicator"):
		return line, "a list item and a key are mixed at the same level: a list needs \"- \" before every item"
	case strings.Contains(m, "unknown anchor"):
		for i, l := range lines {
			if v := valueOf(l); strings.HasPrefix(v, "*") {
				return i + 1, "a value cannot start with *: put it in quotes"
			}
		}
		return line, "a value starts with * (a YAML alias): put it in quotes"
	}
	return line, "YAML: " + m
}

// valueOf returns the value of a "key: value" or "- value" line.
func valueOf(l string) string {
	t := strings.TrimSpace(l)
	if strings.HasPrefix(t, "- ") {
		return strings.TrimSpace(t[2:])
	}
	if i := strings.Index(t, ": "); i >= 0 {
		return strings.TrimSpace(t[i+2:])
	}
	return ""
}

// unclosedQuote reports whether the value of line l opens a quote that
// the line does not close.
func unclosedQuote(l string) (string, bool) {
	v := valueOf(l)
	if v == "" {
		return "", false
	}
	switch v[0] {
	case '"':
		rest := v[1:]
		for i := 0; i < len(rest); i++ {
			if rest[i] == '\\' {
				i++
				continue
			}
			if rest[i] == '"' {
				return "", false
			}
		}
		return "double", true
	case '\'':
		rest := strings.ReplaceAll(v[1:], "''", "")
		if !strings.Contains(rest, "'") {
			return "single", true
		}
	}
	return "", false
}
