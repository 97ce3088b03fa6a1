package schema

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/locale"
)

// Validation of a page's fields against its type: one checker for every
// typed page, whatever feature derives values from it. Values come back
// converted by kind: dates as time.Time, numbers as float64, money as
// MoneyValue, places as PlaceValue, references as what Source.Ref
// returns, lists of maps as []map[string]any.

// MoneyValue is an amount in a currency (an ISO 4217 code).
type MoneyValue struct {
	Amount   float64
	Currency string
}

// IsZero reports whether no amount was given.
func (m MoneyValue) IsZero() bool { return m.Amount == 0 && m.Currency == "" }

// PlaceValue is where something happens.
type PlaceValue struct {
	Name    string
	Address string
}

// String is "name, address".
func (p PlaceValue) String() string {
	switch {
	case p.Name == "":
		return p.Address
	case p.Address == "":
		return p.Name
	}
	return p.Name + ", " + p.Address
}

// Source is what the checker needs to know about the page the values come
// from. Package schema sits below page and site (config imports it), so
// the page's parts come in as values and functions.
type Source struct {
	File      string
	FrontLine int
	// Lines are the lines of the front matter's dotted keys.
	Lines map[string]int
	// Loc is the time zone of dates without an offset.
	Loc *time.Location
	// ParseDate reads a date written as text (page.ParseDate).
	ParseDate func(s string, loc *time.Location) (time.Time, error)
	// KindOf names a value's kind for messages (page.KindOf).
	KindOf func(v any) string
	// Ref resolves a reference field: the page it names and that page's
	// type name, or nil when it names none (Ref reports that itself).
	Ref func(path, v string) (target any, typeName string)
}

// Validate checks raw — the front-matter value under the type's key —
// against t and returns the checked values by field name. Problems go to
// diags with the page's file and the field's line: a missing required
// field, a wrong kind or an unknown choice is an error, a key the type
// does not declare a warning.
func (t *Type) Validate(raw any, present bool, src Source, diags *diag.List) map[string]any {
	if !present || raw == nil {
		for _, f := range t.Fields {
			if f.Required {
				diags.Errorf(src.File, src.FrontLine, "%s.%s: required field is missing: a page of type %s needs %s: {%s}", t.Key, f.Name, t.Name, t.Key, strings.Join(requiredNames(t.Fields), ", "))
			}
		}
		return map[string]any{}
	}
	m, ok := raw.(map[string]any)
	if !ok {
		diags.Errorf(src.File, src.Lines[t.Key], "%s: want a map of fields (%s: {%s}), got %s", t.Key, t.Key, strings.Join(FieldNames(t.Fields), ", "), src.KindOf(raw))
		return map[string]any{}
	}
	c := &checker{src: src, loc: src.Loc, diags: diags}
	return c.fields(t.Fields, t.Lookup, m, t.Key, t.Name)
}

func requiredNames(fields []*Field) []string {
	var out []string
	for _, f := range fields {
		if f.Required {
			out = append(out, f.Name)
		}
	}
	return out
}

type checker struct {
	src   Source
	loc   *time.Location
	diags *diag.List
}

func (c *checker) errorf(path, format string, args ...any) {
	c.diags.Errorf(c.src.File, c.line(path), "%s: %s", path, fmt.Sprintf(format, args...))
}

// line is the line of a dotted path, else of its nearest parent.
func (c *checker) line(path string) int {
	for {
		if l, ok := c.src.Lines[path]; ok {
			return l
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			return c.src.FrontLine
		}
		path = path[:i]
	}
}

func (c *checker) kindOrValue(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return c.src.KindOf(v)
}

// Scalar reads a scalar as text: strings as they are, numbers and
// true/false as written, dates as YYYY-MM-DD.
func Scalar(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case int, int64, uint64, float64, bool:
		return fmt.Sprint(x), true
	case time.Time:
		return x.Format("2006-01-02"), true
	}
	return "", false
}

// fields checks a map against fields; path is its dotted path.
func (c *checker) fields(fields []*Field, lookup func(string) *Field, m map[string]any, path, typeName string) map[string]any {
	out := make(map[string]any, len(m))
	for _, f := range fields {
		fp := path + "." + f.Name
		v, ok := m[f.Name]
		if !ok || empty(v) {
			if f.Required {
				c.errorf(fp, "required field is missing (type %s)", typeName)
			}
			continue
		}
		if cv, ok := c.value(f, v, fp, m, typeName); ok {
			out[f.Name] = cv
		}
	}
	for k := range m {
		if lookup(k) == nil {
			c.diags.Warnf(c.src.File, c.line(path+"."+k), "%s.%s: unknown field (type %s has %s)", path, k, typeName, strings.Join(FieldNames(fields), ", "))
		}
	}
	return out
}

func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// value checks and converts one value. m is the map the value is in (for
// money's sibling currency).
func (c *checker) value(f *Field, v any, path string, m map[string]any, typeName string) (any, bool) {
	wrong := func() (any, bool) {
		c.errorf(path, "want %s, got %s", Describe(f.Kind), c.src.KindOf(v))
		return nil, false
	}
	switch f.Kind {
	case String, Text, Markdown:
		s, ok := Scalar(v)
		if !ok {
			return wrong()
		}
		if f.Kind == String && strings.ContainsRune(strings.TrimSpace(s), '\n') {
			c.errorf(path, "want one line of text (string), got several lines")
			return nil, false
		}
		return s, true
	case Date, DateTime:
		switch x := v.(type) {
		case time.Time:
			// YAML reads a timestamp without an offset (2027-03-04,
			// 2027-03-04 15:30) as UTC; like top-level dates, it is meant
			// in the page's (or the event's) time zone. So a time in UTC
			// is read as wall-clock time there (to mean UTC, write the
			// event's timezone: UTC).
			if x.Location() == time.UTC {
				y, m, d := x.Date()
				x = time.Date(y, m, d, x.Hour(), x.Minute(), x.Second(), x.Nanosecond(), c.loc)
			}
			return x, true
		case string:
			t, err := c.src.ParseDate(x, c.loc)
			if err != nil {
				c.errorf(path, "%v", err)
				return nil, false
			}
			return t, true
		}
		return wrong()
	case Number:
		n, ok := locale.Number(v)
		if !ok {
			return wrong()
		}
		return n, true
	case Money:
		switch x := v.(type) {
		case map[string]any:
			n, ok := locale.Number(x["amount"])
			if !ok {
				c.errorf(path+".amount", "want a number")
				return nil, false
			}
			cur, _ := x["currency"].(string)
			return MoneyValue{Amount: n, Currency: strings.ToUpper(cur)}, true
		default:
			n, ok := locale.Number(v)
			if !ok {
				return wrong()
			}
			cur, _ := m["currency"].(string)
			return MoneyValue{Amount: n, Currency: strings.ToUpper(cur)}, true
		}
	case URL:
		s, ok := v.(string)
		if !ok {
			return wrong()
		}
		s = strings.TrimSpace(s)
		if !(strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "mailto:") || strings.HasPrefix(s, "/")) || strings.ContainsAny(s, " \n") {
			c.errorf(path, "want a URL such as https://example.se/ (or a site path /…), got %q", s)
			return nil, false
		}
		return s, true
	case Email:
		s, ok := v.(string)
		at := strings.LastIndexByte(s, '@')
		if !ok || at < 1 || !strings.Contains(s[at:], ".") || strings.ContainsAny(s, " \n") {
			c.errorf(path, "want an e-mail address, got %s", c.kindOrValue(v))
			return nil, false
		}
		return s, true
	case Bool:
		b, ok := v.(bool)
		if !ok {
			return wrong()
		}
		return b, true
	case Choice:
		s, ok := Scalar(v)
		if !ok {
			return wrong()
		}
		if !f.HasChoice(s) {
			c.errorf(path, "unknown choice %q (choices: %s)", s, strings.Join(f.ChoiceValues(), ", "))
			return nil, false
		}
		return s, true
	case Place:
		switch x := v.(type) {
		case string:
			return PlaceValue{Name: x}, true
		case map[string]any:
			name, _ := Scalar(x["name"])
			addr, _ := Scalar(x["address"])
			for k := range x {
				if k != "name" && k != "address" {
					c.diags.Warnf(c.src.File, c.line(path+"."+k), "%s.%s: unknown key (a place has name and address)", path, k)
				}
			}
			if name == "" && addr == "" {
				c.errorf(path, "want a place name or {name, address}")
				return nil, false
			}
			return PlaceValue{Name: name, Address: addr}, true
		}
		return wrong()
	case Reference:
		s, ok := v.(string)
		if !ok {
			return wrong()
		}
		t, typ := c.src.Ref(path, s)
		if t == nil {
			return nil, false
		}
		if f.To != "" && typ != f.To {
			c.errorf(path, "%q is not a page of type %s", s, f.To)
			return nil, false
		}
		return t, true
	case Map:
		x, ok := v.(map[string]any)
		if !ok {
			return wrong()
		}
		return c.fields(f.Fields, f.Lookup, x, path, typeName), true
	case List:
		var items []any
		switch x := v.(type) {
		case []any:
			items = x
		case string:
			if len(f.Fields) > 0 {
				return wrong()
			}
			items = []any{x}
		default:
			return wrong()
		}
		if len(f.Fields) > 0 {
			out := make([]map[string]any, 0, len(items))
			for i, it := range items {
				ip := path + "." + strconv.Itoa(i)
				im, ok := it.(map[string]any)
				if !ok {
					c.errorf(ip, "want a map of %s, got %s", strings.Join(FieldNames(f.Fields), ", "), c.src.KindOf(it))
					continue
				}
				out = append(out, c.fields(f.Fields, f.Lookup, im, ip, typeName))
			}
			return out, true
		}
		out := make([]string, 0, len(items))
		for i, it := range items {
			s, ok := Scalar(it)
			if !ok {
				c.errorf(path+"."+strconv.Itoa(i), "want text, got %s", c.src.KindOf(it))
				continue
			}
			out = append(out, s)
		}
		return out, true
	}
	return v, true
}

// Need is how a feature that derives values from a type's fields says
// which fields it reads: a field it needs (required) must be declared,
// and every field it reads must have one of kinds when declared. It
// returns what is wrong, or "" — so renaming or removing such a field in
// site.yaml is an error naming the type, not a derived value silently
// zero.
func (t *Type) Need(name string, required bool, kinds ...string) string {
	f := t.Lookup(name)
	if f == nil {
		if required {
			return fmt.Sprintf("type %s has no field %s, which deltag derives values from (want kind %s); add it to fields: or rename it back", t.Name, name, strings.Join(kinds, " or "))
		}
		return ""
	}
	for _, k := range kinds {
		if f.Kind == k {
			return ""
		}
	}
	return fmt.Sprintf("type %s: field %s is %s, but deltag derives values from it as %s", t.Name, name, f.Kind, strings.Join(kinds, " or "))
}
