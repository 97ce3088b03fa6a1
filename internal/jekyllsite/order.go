package jekyllsite

import (
	"cmp"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/liquid"
	"github.com/deltag/deltag/internal/site"
	"gopkg.in/yaml.v3"
)

// collectionOrder lists the collections of the site's _config.yml in the
// order it names them (collections: as a mapping or a list), which is
// the order Jekyll renders them in after posts. The engine's config is
// a Go map and has lost that order.
func collectionOrder(fsys fs.FS) []string {
	raw, err := fs.ReadFile(fsys, liquid.ConfigFile)
	if err != nil {
		return nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(raw, &doc) != nil || len(doc.Content) == 0 {
		return nil // the engine reports a broken _config.yml
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "collections" {
			continue
		}
		var out []string
		switch c := root.Content[i+1]; c.Kind {
		case yaml.MappingNode:
			for j := 0; j < len(c.Content); j += 2 {
				out = append(out, c.Content[j].Value)
			}
		case yaml.SequenceNode:
			for _, n := range c.Content {
				out = append(out, n.Value)
			}
		}
		return out
	}
	return nil
}

// sortRule is how _config.yml sorts a collection's documents: by a
// front-matter key (sort_by) or in a listed order (order).
type sortRule struct {
	sortBy string
	order  []string // file names relative to the collection's folder
}

// collectionRules reads sort_by and order of every collection in the
// site's config (collections: as a mapping; a list has no metadata).
func collectionRules(config map[string]any) map[string]sortRule {
	out := map[string]sortRule{}
	cols, _ := config["collections"].(map[string]any)
	for label, v := range cols {
		meta, _ := v.(map[string]any)
		var r sortRule
		if list, ok := meta["order"].([]any); ok {
			for _, e := range list {
				if s, ok := e.(string); ok {
					r.order = append(r.order, s)
				}
			}
		} else if s, ok := meta["sort_by"].(string); ok {
			r.sortBy = s
		}
		out[label] = r
	}
	return out
}

// sortDocs sorts a collection's documents as Jekyll 4.3's
// Collection#sort_docs! does:
//
//   - with order: the listed files first, in that order, then the
//     others in the default order (rearrange_docs!);
//   - with sort_by: by that front-matter key, documents without it
//     last, and the default order where the values are equal or do not
//     compare (sort_docs_by_key!);
//   - else the default order (Document#<=>): by date where both have
//     one, else by path.
func sortDocs(ps []*site.Page, r sortRule, label string, objs map[*site.Page]map[string]any, jpath func(*site.Page) string) {
	byDefault := func(a, b *site.Page) int {
		if !a.Date.IsZero() && !b.Date.IsZero() {
			if c := a.Date.Compare(b.Date); c != 0 {
				return c
			}
		}
		return strings.Compare(jpath(a), jpath(b))
	}
	switch {
	case len(r.order) > 0:
		slices.SortStableFunc(ps, byDefault)
		rank := map[*site.Page]int{}
		for _, p := range ps {
			for i, name := range r.order {
				rel := "_" + label + "/" + path.Clean(name)
				if jp := jpath(p); jp == rel || strings.HasSuffix(jp, "/"+rel) {
					if _, seen := rank[p]; !seen {
						rank[p] = i
					}
				}
			}
		}
		slices.SortStableFunc(ps, func(a, b *site.Page) int {
			ra, oka := rank[a]
			rb, okb := rank[b]
			switch {
			case oka && okb:
				return ra - rb
			case oka:
				return -1
			case okb:
				return 1
			}
			return 0
		})
	case r.sortBy != "":
		slices.SortStableFunc(ps, func(a, b *site.Page) int {
			va, vb := objs[a][r.sortBy], objs[b][r.sortBy]
			switch {
			case va == nil && vb != nil:
				return 1
			case va != nil && vb == nil:
				return -1
			}
			if c, ok := compareValues(va, vb); ok && c != 0 {
				return c
			}
			return byDefault(a, b)
		})
	default:
		slices.SortStableFunc(ps, byDefault)
	}
}

// compareValues compares two front-matter values as Ruby's <=> does for
// the kinds YAML gives: numbers with numbers, strings with strings,
// times with times; ok is false for values that do not compare.
func compareValues(a, b any) (int, bool) {
	if x, ok := liquid.Number(a); ok {
		if y, ok := liquid.Number(b); ok {
			return cmp.Compare(x, y), true
		}
		return 0, false
	}
	switch x := a.(type) {
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y), true
		}
	case time.Time:
		if y, ok := b.(time.Time); ok {
			return x.Compare(y), true
		}
	case bool:
		if y, ok := b.(bool); ok && x == y {
			return 0, true
		}
	}
	return 0, false
}
