package render

import (
	"fmt"
	"html/template"
	"math"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/locale"
	"github.com/deltag/deltag/internal/page"
	"github.com/deltag/deltag/internal/site"
)

// funcs returns the template functions for one language. They are:
//
//	T KEY [ARGS]          UI string from i18n/<lang>.yaml (theme, then site)
//	formatDate STYLE T    a date in the language: short, medium, long, full,
//	                      time, datetime, iso, or a Go layout
//	dateRange A B [TIME]  a period, collapsing what the two dates share
//	number X [DECIMALS]   2 467 989 (sv) · 2.467.989 (da)
//	money X CURRENCY      2 467 989 kr (sv) · 100.000 kr. (da)
//	percent X             42 %
//	relURL P / absURL P   a site path with the base URL's path / absolute
//	markdownify S         inline Markdown to HTML
//	plainify S            strips HTML tags
//	slugify S             a URL slug in the language's convention
//	first N LIST / after N LIST / last N LIST
//	dict K V … / slice A … / default D V / join SEP LIST
//	upper / lower / title / trim / contains / hasPrefix / replace
//	add / sub / mul / div / mod / seq N
//	isset MAP KEY / param PAGE KEY (dotted keys) / where LIST FIELD VALUE
//	sortBy FIELD LIST / reverse LIST / jsonify V / safeHTML S (trusted only)
//	lang                  the language code
//	ref PATH              the page a reference names, or nil
//	partialCached NAME DATA [KEY…]
//	                      a partial rendered once per language and key, for
//	                      parts that are the same on many pages (the footer)
//	menuCurrent PAGE      the page's path when a menu links to it, else "":
//	                      the key for caching a menu with aria-current
//
// The extensions add their own (see site.FuncsProvider; participation's
// typeOf, icsURL…, forms' form).
func (r *Renderer) funcs(l *site.Language) template.FuncMap {
	loc := locale.For(l.Code)
	def := r.site.Languages[0].Code
	inZone := func(t time.Time) time.Time { return t.In(l.Location) }
	fm := template.FuncMap{
		"T":    func(key string, args ...any) string { return r.translate(l.Code, key, args...) },
		"lang": func() string { return l.Code },
		"formatDate": func(style string, v any) (string, error) {
			t, err := toTime(v, l.Location)
			if err != nil || t.IsZero() {
				return "", err
			}
			return loc.FormatDate(inZone(t), style), nil
		},
		"dateRange": func(a, b any, withTime ...bool) (string, error) {
			ta, err := toTime(a, l.Location)
			if err != nil {
				return "", err
			}
			tb, err := toTime(b, l.Location)
			if err != nil {
				return "", err
			}
			if tb.IsZero() {
				return loc.FormatDate(inZone(ta), "long"), nil
			}
			return loc.FormatDateRange(inZone(ta), inZone(tb), len(withTime) > 0 && withTime[0]), nil
		},
		"number": func(v any, decimals ...int) (string, error) {
			x, err := toFloat(v)
			d := -1
			if len(decimals) > 0 {
				d = decimals[0]
			}
			return loc.FormatNumber(x, d), err
		},
		"money": func(v any, currency string) (string, error) {
			x, err := toFloat(v)
			return loc.FormatMoney(x, currency), err
		},
		"percent": func(v any) (string, error) {
			x, err := toFloat(v)
			return loc.FormatPercent(x, 0), err
		},
		"relURL": func(p string) string {
			if isAbs(p) {
				return p
			}
			return r.site.Config.BasePath() + strings.TrimPrefix(p, "/")
		},
		"absURL": func(p string) string {
			if isAbs(p) {
				return p
			}
			return r.site.Config.AbsURL(p)
		},
		"markdownify": func(v any) template.HTML {
			return template.HTML(r.md[l.Code].Inline([]byte(fmt.Sprint(v))))
		},
		"plainify": func(v any) string { return stripTags(fmt.Sprint(v)) },
		"slugify":  func(s string) string { return locale.Slugify(l.Code, s) },
		"first":    func(n int, v any) (any, error) { return sliceRange(v, 0, n) },
		"after":    func(n int, v any) (any, error) { return sliceRange(v, n, -1) },
		"last": func(n int, v any) (any, error) {
			rv := reflect.ValueOf(v)
			if rv.Kind() != reflect.Slice {
				return nil, fmt.Errorf("last: want a list, got %T", v)
			}
			return sliceRange(v, max(0, rv.Len()-n), -1)
		},
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: want key, value pairs")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m, nil
		},
		"slice": func(v ...any) []any { return v },
		"default": func(d, v any) any {
			if truth(v) {
				return v
			}
			return d
		},
		"join": func(sep string, v any) string {
			rv := reflect.ValueOf(v)
			if rv.Kind() != reflect.Slice {
				return fmt.Sprint(v)
			}
			parts := make([]string, rv.Len())
			for i := range parts {
				parts[i] = fmt.Sprint(rv.Index(i).Interface())
			}
			return strings.Join(parts, sep)
		},
		"upper":     strings.ToUpper,
		"lower":     strings.ToLower,
		"trim":      strings.TrimSpace,
		"contains":  strings.Contains,
		"hasPrefix": strings.HasPrefix,
		"replace":   func(s, old, new string) string { return strings.ReplaceAll(s, old, new) },
		"title": func(s string) string {
			if s == "" {
				return s
			}
			rs := []rune(s)
			return strings.ToUpper(string(rs[0])) + string(rs[1:])
		},
		"add": func(a, b any) (float64, error) { return arith(a, b, func(x, y float64) float64 { return x + y }) },
		"sub": func(a, b any) (float64, error) { return arith(a, b, func(x, y float64) float64 { return x - y }) },
		"mul": func(a, b any) (float64, error) { return arith(a, b, func(x, y float64) float64 { return x * y }) },
		"div": func(a, b any) (float64, error) {
			return arith(a, b, func(x, y float64) float64 {
				if y == 0 {
					return math.NaN()
				}
				return x / y
			})
		},
		"mod": func(a, b int) int {
			if b == 0 {
				return 0
			}
			return a % b
		},
		"seq": func(n int) []int {
			out := make([]int, max(n, 0))
			for i := range out {
				out[i] = i + 1
			}
			return out
		},
		"isset": func(m any, key string) bool {
			_, ok := lookupPath(m, key)
			return ok
		},
		"param": func(p *site.Page, key string) any {
			v, _ := lookupPath(p.Params, key)
			return v
		},
		"where":    where,
		"sortBy":   sortBy,
		"reverse":  reverse,
		"jsonify":  jsonify,
		"safeHTML": func(s string) template.HTML { return template.HTML(s) },
		"ref":      func(v string) *site.Page { return r.site.Ref(l.Code, v) },
		"langName": func(code string) string {
			if cl := r.site.Config.Language(code); cl != nil {
				return cl.Name
			}
			return code
		},
		"defaultLang": func() string { return def },
		"now":         func() time.Time { return r.site.Now },
		"links":       func(p *site.Page) []page.Link { return p.Links },
	}
	fm["menuCurrent"] = func(p *site.Page) string {
		for _, entries := range p.L.Menus {
			for _, e := range entries {
				if e.Page == p {
					return p.Path
				}
			}
		}
		return ""
	}
	fm["partialCached"] = func(name string, data any, key ...any) (template.HTML, error) {
		return r.partialCached(l.Code, name, data, key)
	}
	// The extensions' functions (typed content, forms); a name the core
	// already has is the extension's.
	for _, e := range r.site.Extensions() {
		if fp, ok := e.(site.FuncsProvider); ok {
			for name, f := range fp.Funcs(r.site, l) {
				fm[name] = f
			}
		}
	}
	return fm
}

func isAbs(p string) bool {
	return strings.Contains(p, "://") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "mailto:") || strings.HasPrefix(p, "#")
}

func toTime(v any, loc *time.Location) (time.Time, error) {
	switch x := v.(type) {
	case time.Time:
		return x, nil
	case *time.Time:
		if x == nil {
			return time.Time{}, nil
		}
		return *x, nil
	case string:
		if x == "" {
			return time.Time{}, nil
		}
		return page.ParseDate(x, loc)
	case nil:
		return time.Time{}, nil
	}
	return time.Time{}, fmt.Errorf("want a date, got %T", v)
}

// toFloat reads a template argument as a number by the one rule
// (locale.Number); nil is 0.
func toFloat(v any) (float64, error) {
	if v == nil {
		return 0, nil
	}
	if f, ok := locale.Number(v); ok {
		return f, nil
	}
	if s, ok := v.(string); ok {
		return 0, fmt.Errorf("want a number, got %q", s)
	}
	return 0, fmt.Errorf("want a number, got %T", v)
}

func arith(a, b any, f func(x, y float64) float64) (float64, error) {
	x, err := toFloat(a)
	if err != nil {
		return 0, err
	}
	y, err := toFloat(b)
	if err != nil {
		return 0, err
	}
	return f(x, y), nil
}

func truth(v any) bool {
	if v == nil {
		return false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
		return rv.Len() > 0
	case reflect.Bool:
		return rv.Bool()
	case reflect.Pointer, reflect.Interface:
		return !rv.IsNil()
	case reflect.Int, reflect.Int64:
		return rv.Int() != 0
	case reflect.Float64:
		return rv.Float() != 0
	}
	return true
}

func sliceRange(v any, from, to int) (any, error) {
	rv := reflect.ValueOf(v)
	if v == nil {
		return nil, nil
	}
	if rv.Kind() != reflect.Slice {
		return nil, fmt.Errorf("want a list, got %T", v)
	}
	n := rv.Len()
	if to < 0 || to > n {
		to = n
	}
	if from > n {
		from = n
	}
	if from > to {
		from = to
	}
	return rv.Slice(from, to).Interface(), nil
}

// lookupPath reads a dotted key ("event.start") from nested maps.
func lookupPath(m any, key string) (any, bool) {
	cur := m
	for _, part := range strings.Split(key, ".") {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		cur, ok = mm[part]
		if !ok {
			return nil, false
		}
	}
	return cur, true
}

// field reads a field, method or Params key of a list element.
func field(e any, name string) any {
	if p, ok := e.(*site.Page); ok {
		switch name {
		case "Section":
			return p.Section
		case "Kind":
			return p.Kind
		case "Type":
			if p.Type != "" {
				return p.Type
			}
			return p.Section
		case "Title":
			return p.Title
		case "Date":
			return p.Date
		case "Weight":
			return p.Weight
		}
		if strings.HasPrefix(name, "Params.") {
			v, _ := lookupPath(p.Params, strings.TrimPrefix(name, "Params."))
			return v
		}
	}
	if m, ok := e.(map[string]any); ok {
		v, _ := lookupPath(m, name)
		return v
	}
	rv := reflect.ValueOf(e)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Struct {
		if f := rv.FieldByName(name); f.IsValid() {
			return f.Interface()
		}
	}
	return nil
}

func where(list any, name string, value any) ([]any, error) {
	rv := reflect.ValueOf(list)
	if list == nil {
		return nil, nil
	}
	if rv.Kind() != reflect.Slice {
		return nil, fmt.Errorf("where: want a list, got %T", list)
	}
	var out []any
	for i := 0; i < rv.Len(); i++ {
		e := rv.Index(i).Interface()
		if fmt.Sprint(field(e, name)) == fmt.Sprint(value) {
			out = append(out, e)
		}
	}
	return out, nil
}

func sortBy(name string, list any) ([]any, error) {
	rv := reflect.ValueOf(list)
	if list == nil {
		return nil, nil
	}
	if rv.Kind() != reflect.Slice {
		return nil, fmt.Errorf("sortBy: want a list, got %T", list)
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	sort.SliceStable(out, func(i, j int) bool { return less(field(out[i], name), field(out[j], name)) })
	return out, nil
}

func less(a, b any) bool {
	if ta, ok := a.(time.Time); ok {
		if tb, ok := b.(time.Time); ok {
			return ta.Before(tb)
		}
	}
	fa, ea := toFloat(a)
	fb, eb := toFloat(b)
	if ea == nil && eb == nil {
		return fa < fb
	}
	return fmt.Sprint(a) < fmt.Sprint(b)
}

func reverse(list any) ([]any, error) {
	rv := reflect.ValueOf(list)
	if list == nil {
		return nil, nil
	}
	if rv.Kind() != reflect.Slice {
		return nil, fmt.Errorf("reverse: want a list, got %T", list)
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[len(out)-1-i] = rv.Index(i).Interface()
	}
	return out, nil
}
