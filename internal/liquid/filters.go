package liquid

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/deltag/deltag/internal/kramdown"
	"github.com/osteele/liquid/expressions"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	goldhtml "github.com/yuin/goldmark/renderer/html"
	"golang.org/x/text/unicode/norm"
)

// markdown is markdownify's converter: kramdown-like, raw HTML kept, as
// Jekyll's own.
var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
	goldmark.WithRendererOptions(goldhtml.WithUnsafe()))

func (e *Engine) addFilters() {
	f := e.eng.RegisterFilter
	f("relative_url", func(s any) string { return e.relativeURL(str(s)) })
	f("absolute_url", func(s any) string {
		u := str(s)
		if strings.Contains(u, "://") {
			return u
		}
		return e.baseURL + e.relativeURL(u)
	})
	f("date_to_xmlschema", func(t any) any { return withTime(t, func(t time.Time) string { return t.Format(time.RFC3339) }) })
	f("date_to_rfc822", func(t any) any {
		return withTime(t, func(t time.Time) string { return t.Format("Mon, 02 Jan 2006 15:04:05 -0700") })
	})
	f("date_to_string", func(t any) any { return withTime(t, func(t time.Time) string { return t.Format("02 Jan 2006") }) })
	f("date_to_long_string", func(t any) any { return withTime(t, func(t time.Time) string { return t.Format("02 January 2006") }) })
	f("where", where)
	f("where_exp", func(in any, name string, expr expressions.Closure) ([]any, error) {
		var out []any
		for _, it := range list(in) {
			v, err := expr.Bind(name, it).Evaluate()
			if err != nil {
				return nil, err
			}
			if Truthy(v) {
				out = append(out, it)
			}
		}
		return out, nil
	})
	f("find", func(in any, key string, value any) any {
		if l := where(in, key, value); len(l) > 0 {
			return l[0]
		}
		return nil
	})
	f("group_by", groupBy)
	f("jsonify", func(v any) (string, error) {
		b, err := json.Marshal(jsonable(v))
		return string(b), err
	})
	f("markdownify", func(s any) (string, error) {
		var b bytes.Buffer
		err := markdown.Convert([]byte(str(s)), &b)
		return b.String(), err
	})
	f("slugify", func(s any, mode ...string) string { return slugify(str(s)) })
	f("xml_escape", func(s any) string { return html.EscapeString(str(s)) })
	f("cgi_escape", func(s any) string { return url.QueryEscape(str(s)) })
	f("uri_escape", func(s any) string { return (&url.URL{Path: str(s)}).EscapedPath() })
	f("number_of_words", func(s any) int { return len(strings.Fields(str(s))) })
	f("normalize_whitespace", func(s any) string { return strings.Join(strings.Fields(str(s)), " ") })
	f("smartify", func(s any) (string, error) { return kramdown.Smartify(str(s)) })
	f("array_to_sentence_string", func(in any, conn ...string) string {
		c := "and"
		if len(conn) > 0 {
			c = conn[0]
		}
		var parts []string
		for _, v := range list(in) {
			parts = append(parts, str(v))
		}
		switch len(parts) {
		case 0:
			return ""
		case 1:
			return parts[0]
		case 2:
			return parts[0] + " " + c + " " + parts[1]
		}
		return strings.Join(parts[:len(parts)-1], ", ") + ", " + c + " " + parts[len(parts)-1]
	})
	f("sort", sortBy)
	f("find_exp", func(in any, name string, expr expressions.Closure) (any, error) {
		for _, it := range list(in) {
			v, err := expr.Bind(name, it).Evaluate()
			if err != nil {
				return nil, err
			}
			if Truthy(v) {
				return it, nil
			}
		}
		return nil, nil
	})
	f("group_by_exp", func(in any, name string, expr expressions.Closure) ([]any, error) {
		var order []string
		groups := map[string][]any{}
		for _, it := range list(in) {
			v, err := expr.Bind(name, it).Evaluate()
			if err != nil {
				return nil, err
			}
			k := str(v)
			if _, ok := groups[k]; !ok {
				order = append(order, k)
			}
			groups[k] = append(groups[k], it)
		}
		out := make([]any, 0, len(order))
		for _, k := range order {
			out = append(out, map[string]any{"name": k, "items": groups[k], "size": len(groups[k])})
		}
		return out, nil
	})
	f("push", func(in any, v any) []any { return append(append([]any(nil), list(in)...), v) })
	f("unshift", func(in any, v any) []any { return append([]any{v}, list(in)...) })
	f("pop", func(in any) []any {
		l := list(in)
		if len(l) == 0 {
			return l
		}
		return append([]any(nil), l[:len(l)-1]...)
	})
	f("shift", func(in any) []any {
		l := list(in)
		if len(l) == 0 {
			return l
		}
		return append([]any(nil), l[1:]...)
	})
	f("to_integer", func(v any) int {
		if n, ok := Number(v); ok {
			return int(n)
		}
		n, _ := strconv.Atoi(strings.TrimSpace(str(v)))
		return n
	})
	// sample picks the first: a build is deterministic.
	f("sample", func(in any) any {
		if l := list(in); len(l) > 0 {
			return l[0]
		}
		return nil
	})
	f("inspect", func(v any) string { b, _ := json.Marshal(jsonable(v)); return string(b) })
}

// relativeURL is Jekyll's relative_url: the site's baseurl before a path.
func (e *Engine) relativeURL(u string) string {
	if strings.Contains(u, "://") || strings.HasPrefix(u, "//") {
		return u
	}
	if !strings.HasPrefix(u, "/") {
		u = "/" + u
	}
	return e.basePath + u
}

func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case time.Time:
		return x.Format("2006-01-02 15:04:05 -0700")
	}
	return fmt.Sprint(v)
}

func withTime(v any, f func(time.Time) string) any {
	switch x := v.(type) {
	case time.Time:
		return f(x)
	case string:
		for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05", "2006-01-02"} {
			if t, err := time.Parse(layout, x); err == nil {
				return f(t)
			}
		}
	}
	return v
}

// list is a Liquid value as a list: a map's values are not a list.
func list(v any) []any {
	if v == nil {
		return nil
	}
	if l, ok := v.([]any); ok {
		return l
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array {
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = rv.Index(i).Interface()
		}
		return out
	}
	if m, ok := v.(map[string]any); ok {
		// Jekyll iterates a hash as [key, value] pairs; where/sort see
		// the values.
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make([]any, 0, len(m))
		for _, k := range keys {
			out = append(out, m[k])
		}
		return out
	}
	return []any{v}
}

// prop is item[key] for maps; "a.b" descends.
func prop(item any, key string) any {
	for _, k := range strings.Split(key, ".") {
		m, ok := item.(map[string]any)
		if !ok {
			return nil
		}
		item = m[k]
	}
	return item
}

// Truthy is Liquid's truth: everything but nil and false.
func Truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	}
	return true
}

// where is Jekyll's where: items whose property equals value, or
// contains it when the property is a list.
func where(in any, key string, value any) []any {
	want := str(value)
	var out []any
	for _, it := range list(in) {
		p := prop(it, key)
		if l, ok := p.([]any); ok {
			for _, x := range l {
				if str(x) == want {
					out = append(out, it)
					break
				}
			}
			continue
		}
		if str(p) == want {
			out = append(out, it)
		}
	}
	return out
}

// groupBy is Jekyll's group_by: [{name, items, size}] in first-seen order.
func groupBy(in any, key string) []any {
	var order []string
	groups := map[string][]any{}
	for _, it := range list(in) {
		k := str(prop(it, key))
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], it)
	}
	out := make([]any, 0, len(order))
	for _, k := range order {
		out = append(out, map[string]any{"name": k, "items": groups[k], "size": len(groups[k])})
	}
	return out
}

// sortBy is Jekyll's sort: by the value, or by a property; nils last
// unless nils is "first".
func sortBy(in any, args ...string) []any {
	l := append([]any(nil), list(in)...)
	key := ""
	if len(args) > 0 {
		key = args[0]
	}
	nilsFirst := len(args) > 1 && args[1] == "first"
	val := func(x any) any {
		if key == "" {
			return x
		}
		return prop(x, key)
	}
	sort.SliceStable(l, func(i, j int) bool {
		a, b := val(l[i]), val(l[j])
		if a == nil || b == nil {
			if a == nil && b == nil {
				return false
			}
			return (a == nil) == nilsFirst
		}
		return less(a, b)
	})
	return l
}

func less(a, b any) bool {
	if ta, ok := a.(time.Time); ok {
		if tb, ok := b.(time.Time); ok {
			return ta.Before(tb)
		}
	}
	fa, aok := Number(a)
	fb, bok := Number(b)
	if aok && bok {
		return fa < fb
	}
	return str(a) < str(b)
}

// Number is a YAML number (int, int64, uint64 or float64) as a float64;
// ok is false for any other value, a numeric string too, as Liquid and
// Ruby compare them.
func Number(v any) (n float64, ok bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// jsonable turns values json cannot write (map[any]any) into ones it can.
func jsonable(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonable(e)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[fmt.Sprint(k)] = jsonable(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonable(e)
		}
		return out
	}
	return v
}

var slugDashes = regexp.MustCompile(`-+`)

// slugify is Jekyll's default slugify: lowercase, every run of
// characters other than letters and digits a single hyphen.
func slugify(s string) string {
	s = norm.NFC.String(strings.ToLower(s))
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return strings.Trim(slugDashes.ReplaceAllString(b.String(), "-"), "-")
}
