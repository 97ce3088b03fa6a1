package participation

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/locale"
	"github.com/deltag/deltag/internal/page"
	"github.com/deltag/deltag/internal/schema"
	"github.com/deltag/deltag/internal/site"
)

// Money is an amount in a currency (an ISO 4217 code).
type Money struct {
	Amount   float64
	Currency string
}

// IsZero reports whether no amount was given.
func (m Money) IsZero() bool { return m.Amount == 0 && m.Currency == "" }

// Place is where something happens.
type Place struct {
	Name    string
	Address string
}

// String is "name, address".
func (p Place) String() string {
	switch {
	case p.Name == "":
		return p.Address
	case p.Address == "":
		return p.Name
	}
	return p.Name + ", " + p.Address
}

// check validates a page's fields against its type and returns the
// checked values by name.
func (r *resolver) check(p *site.Page, t *schema.Type) map[string]any {
	raw, present := p.Params[t.Key]
	if !present || raw == nil {
		if len(t.Fields) > 0 {
			for _, f := range t.Fields {
				if f.Required {
					r.diags.Errorf(p.File, p.FrontLine, "%s.%s: required field is missing: a page of type %s needs %s: {%s}", t.Key, f.Name, t.Name, t.Key, strings.Join(requiredNames(t.Fields), ", "))
				}
			}
		}
		return map[string]any{}
	}
	m, ok := raw.(map[string]any)
	if !ok {
		r.diags.Errorf(p.File, p.Line(t.Key), "%s: want a map of fields (%s: {%s}), got %s", t.Key, t.Key, strings.Join(schema.FieldNames(t.Fields), ", "), page.KindOf(raw))
		return map[string]any{}
	}
	loc := p.L.Location
	if tz, ok := m["timezone"].(string); ok && tz != "" {
		if l, err := r.zone(tz); err == nil {
			loc = l
		}
	}
	c := &checker{r: r, p: p, loc: loc}
	return c.fields(t.Fields, t.Lookup, m, t.Key, t.Name)
}

func requiredNames(fields []*schema.Field) []string {
	var out []string
	for _, f := range fields {
		if f.Required {
			out = append(out, f.Name)
		}
	}
	return out
}

type checker struct {
	r   *resolver
	p   *site.Page
	loc *time.Location
}

func (c *checker) errorf(path, format string, args ...any) {
	c.r.diags.Errorf(c.p.File, c.line(path), "%s: %s", path, fmt.Sprintf(format, args...))
}

// line is the line of a dotted path, else of its nearest parent.
func (c *checker) line(path string) int {
	for {
		if l, ok := c.p.Lines[path]; ok {
			return l
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			return c.p.FrontLine
		}
		path = path[:i]
	}
}

// fields checks a map against fields; path is its dotted path.
func (c *checker) fields(fields []*schema.Field, lookup func(string) *schema.Field, m map[string]any, path, typeName string) map[string]any {
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
			c.r.diags.Warnf(c.p.File, c.line(path+"."+k), "%s.%s: unknown field (type %s has %s)", path, k, typeName, strings.Join(schema.FieldNames(fields), ", "))
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
func (c *checker) value(f *schema.Field, v any, path string, m map[string]any, typeName string) (any, bool) {
	wrong := func() (any, bool) {
		c.errorf(path, "want %s, got %s", schema.Describe(f.Kind), page.KindOf(v))
		return nil, false
	}
	switch f.Kind {
	case schema.String, schema.Text, schema.Markdown:
		s, ok := scalarString(v)
		if !ok {
			return wrong()
		}
		if f.Kind == schema.String && strings.ContainsRune(strings.TrimSpace(s), '\n') {
			c.errorf(path, "want one line of text (string), got several lines")
			return nil, false
		}
		return s, true
	case schema.Date, schema.DateTime:
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
			t, err := page.ParseDate(x, c.loc)
			if err != nil {
				c.errorf(path, "%v", err)
				return nil, false
			}
			return t, true
		}
		return wrong()
	case schema.Number:
		n, ok := locale.Number(v)
		if !ok {
			return wrong()
		}
		return n, true
	case schema.Money:
		switch x := v.(type) {
		case map[string]any:
			n, ok := locale.Number(x["amount"])
			if !ok {
				c.errorf(path+".amount", "want a number")
				return nil, false
			}
			cur, _ := x["currency"].(string)
			return Money{Amount: n, Currency: strings.ToUpper(cur)}, true
		default:
			n, ok := locale.Number(v)
			if !ok {
				return wrong()
			}
			cur, _ := m["currency"].(string)
			return Money{Amount: n, Currency: strings.ToUpper(cur)}, true
		}
	case schema.URL:
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
	case schema.Email:
		s, ok := v.(string)
		at := strings.LastIndexByte(s, '@')
		if !ok || at < 1 || !strings.Contains(s[at:], ".") || strings.ContainsAny(s, " \n") {
			c.errorf(path, "want an e-mail address, got %s", kindOrValue(v))
			return nil, false
		}
		return s, true
	case schema.Bool:
		b, ok := v.(bool)
		if !ok {
			return wrong()
		}
		return b, true
	case schema.Choice:
		s, ok := scalarString(v)
		if !ok {
			return wrong()
		}
		if !f.HasChoice(s) {
			c.errorf(path, "unknown choice %q (choices: %s)", s, strings.Join(f.ChoiceValues(), ", "))
			return nil, false
		}
		return s, true
	case schema.Place:
		switch x := v.(type) {
		case string:
			return Place{Name: x}, true
		case map[string]any:
			name, _ := scalarString(x["name"])
			addr, _ := scalarString(x["address"])
			for k := range x {
				if k != "name" && k != "address" {
					c.r.diags.Warnf(c.p.File, c.line(path+"."+k), "%s.%s: unknown key (a place has name and address)", path, k)
				}
			}
			if name == "" && addr == "" {
				c.errorf(path, "want a place name or {name, address}")
				return nil, false
			}
			return Place{Name: name, Address: addr}, true
		}
		return wrong()
	case schema.Reference:
		s, ok := v.(string)
		if !ok {
			return wrong()
		}
		t := c.reference(path, s)
		if t == nil {
			return nil, false
		}
		if f.To != "" {
			if tt := TypeOf(t); tt == nil || tt.Name != f.To {
				c.errorf(path, "%q is not a page of type %s", s, f.To)
				return nil, false
			}
		}
		return t, true
	case schema.Map:
		x, ok := v.(map[string]any)
		if !ok {
			return wrong()
		}
		return c.fields(f.Fields, f.Lookup, x, path, typeName), true
	case schema.List:
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
					c.errorf(ip, "want a map of %s, got %s", strings.Join(schema.FieldNames(f.Fields), ", "), page.KindOf(it))
					continue
				}
				out = append(out, c.fields(f.Fields, f.Lookup, im, ip, typeName))
			}
			return out, true
		}
		out := make([]string, 0, len(items))
		for i, it := range items {
			s, ok := scalarString(it)
			if !ok {
				c.errorf(path+"."+strconv.Itoa(i), "want text, got %s", page.KindOf(it))
				continue
			}
			out = append(out, s)
		}
		return out, true
	}
	return v, true
}

// reference finds the page a reference names. site.Resolve has already
// resolved (and reported) values written as paths; this also accepts bare
// keys such as "pools/x" for sections site does not know.
func (c *checker) reference(path, v string) *site.Page {
	p := c.p
	if refs := p.Refs[path]; len(refs) > 0 {
		return refs[0]
	}
	if _, looks := p.Site.LooksLikeRef(v); looks {
		return nil // site.Resolve reported it
	}
	if t := p.Site.Ref(p.L.Code, v); t != nil {
		return t
	}
	c.errorf(path, "%q names no page (write the path below content/<lang>/, e.g. pools/faellesskabspulje)", v)
	return nil
}

func scalarString(v any) (string, bool) {
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

func kindOrValue(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return page.KindOf(v)
}
