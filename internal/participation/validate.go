package participation

import (
	"strings"

	"github.com/deltag/deltag/internal/page"
	"github.com/deltag/deltag/internal/schema"
	"github.com/deltag/deltag/internal/site"
)

// Money is an amount in a currency (an ISO 4217 code).
type Money = schema.MoneyValue

// Place is where something happens.
type Place = schema.PlaceValue

// check validates a page's fields against its type (schema.Type.Validate)
// and returns the checked values by name.
func (r *resolver) check(p *site.Page, t *schema.Type) map[string]any {
	raw, present := p.Params[t.Key]
	loc := p.L.Location
	if m, ok := raw.(map[string]any); ok {
		if tz, ok := m["timezone"].(string); ok && tz != "" {
			if l, err := r.zone(tz); err == nil {
				loc = l
			}
		}
	}
	c := &checker{r: r, p: p}
	src := schema.Source{File: p.File, FrontLine: p.FrontLine, Lines: p.Lines, Loc: loc,
		ParseDate: page.ParseDate, KindOf: page.KindOf,
		Ref: func(path, v string) (any, string) {
			t := c.reference(path, v)
			if t == nil {
				return nil, ""
			}
			if tt := TypeOf(t); tt != nil {
				return t, tt.Name
			}
			return t, ""
		}}
	return t.Validate(raw, present, src, r.diags)
}

type checker struct {
	r *resolver
	p *site.Page
}

func (c *checker) errorf(path, format string, args ...any) {
	line := c.p.FrontLine
	for q := path; ; {
		if l, ok := c.p.Lines[q]; ok {
			line = l
			break
		}
		i := strings.LastIndexByte(q, '.')
		if i < 0 {
			break
		}
		q = q[:i]
	}
	c.r.diags.Errorf(c.p.File, line, "%s: "+format, append([]any{path}, args...)...)
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

func scalarString(v any) (string, bool) { return schema.Scalar(v) }
