package page

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/locale"
)

// fill types the known fields of fm into p and keeps the rest as Params.
func (p *Page) fill(fm *rawFront, lang *config.Language, cfg *config.Config, diags *diag.List) {
	for k, l := range fm.lines {
		p.Lines[k] = l + p.FrontLine
	}
	// lang first: it decides the time zone of dates without an offset.
	if v, ok := fm.fields["lang"]; ok && !blank(v) {
		code := fmt.Sprint(v)
		switch {
		case cfg.Language(code) == nil:
			diags.Errorf(p.File, p.Line("lang"), "lang: %q is not a language of this site (site.yaml languages: %s)", code, langList(cfg))
		case p.Lang != "" && p.Lang != code:
			diags.Errorf(p.File, p.Line("lang"), "lang: %q, but the file is in the %q language folder", code, p.Lang)
		default:
			p.Lang = code
			lang = cfg.Language(code)
		}
	}
	taxonomy := map[string]bool{}
	for _, t := range cfg.Taxonomies {
		taxonomy[t] = true
	}
	str := func(k string, v any) string {
		switch x := v.(type) {
		case nil:
			return ""
		case string:
			return x
		case bool, int, int64, uint64, float64:
			return fmt.Sprint(x)
		}
		diags.Errorf(p.File, p.Line(k), "%s: want a text value, got %s", k, KindOf(v))
		return ""
	}
	date := func(k string, v any) time.Time {
		switch x := v.(type) {
		case nil:
			return time.Time{}
		case time.Time:
			if raw, ok := fm.raw[k]; ok {
				if t, err := ParseDate(raw, lang.Location); err == nil {
					return t
				}
			}
			if l := x.Location().String(); l == "date-local" || l == "datetime-local" || l == "time-local" {
				// BurntSushi/toml gives dates without an offset the
				// machine's zone; ours are in the page's language's
				// zone, as YAML's are, the same on every machine.
				return time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), x.Nanosecond(), lang.Location)
			}
			return x
		}
		s := fmt.Sprint(v)
		if raw, ok := fm.raw[k]; ok {
			s = raw
		}
		t, err := ParseDate(s, lang.Location)
		if err != nil {
			diags.Errorf(p.File, p.Line(k), "%s: %v", k, err)
		}
		return t
	}
	list := func(k string, v any) []string {
		switch x := v.(type) {
		case nil:
			return nil
		case []any:
			out := make([]string, 0, len(x))
			for _, e := range x {
				switch e.(type) {
				case map[string]any, []any:
					diags.Errorf(p.File, p.Line(k), "%s: want a list of text values, got a list containing %s", k, KindOf(e))
					continue
				}
				if s := strings.TrimSpace(fmt.Sprint(e)); s != "" && e != nil {
					out = append(out, s)
				}
			}
			return out
		case map[string]any:
			diags.Errorf(p.File, p.Line(k), "%s: want a list, got a map", k)
			return nil
		}
		if s := strings.TrimSpace(str(k, v)); s != "" {
			return []string{s}
		}
		return nil
	}
	for _, k := range fm.order {
		v := fm.fields[k]
		if k != "title" && k != "ref" && blank(v) && slices.Contains(knownFields, k) {
			// A browser CMS writes a field left empty as `date: ""`,
			// `draft:` or `weight: ""`: a built-in key with no value
			// reads as absent, as if the line were not there. Not title
			// (an empty title is its own mistake) nor ref (ref: '' says
			// "no translations").
			continue
		}
		switch k {
		case "lang":
		case "title":
			p.Title = str(k, v)
		case "summary", "excerpt", "description":
			if p.Summary == "" || k == "summary" {
				if s := strings.TrimSpace(str(k, v)); s != "" {
					p.Summary = s
				}
			}
			if k == "description" {
				p.Params[k] = v
			}
		case "date":
			p.Date = date(k, v)
		case "lastmod", "last_modified_at":
			p.Lastmod = date(k, v)
		case "publishDate", "publishdate":
			p.PublishDate = date(k, v)
		case "expiryDate", "expirydate":
			p.ExpiryDate = date(k, v)
		case "draft":
			b, ok := v.(bool)
			if !ok {
				diags.Errorf(p.File, p.Line(k), "draft: want true or false, got %s", KindOf(v))
			}
			p.Draft = b
		case "published":
			if b, ok := v.(bool); ok && !b {
				p.Draft = true
			}
			p.Params[k] = v
		case "slug":
			p.Slug = strings.Trim(str(k, v), "/ ")
			if dotSegment(p.Slug) || strings.ContainsAny(p.Slug, "/\\") {
				diags.Errorf(p.File, p.Line(k), "slug: %q must be one name, without / or ..: the slug is the last part of the page's URL", p.Slug)
				p.Slug = ""
			}
		case "url", "permalink":
			u := strings.TrimSpace(str(k, v))
			if u != "" && !strings.HasPrefix(u, "/") {
				diags.Errorf(p.File, p.Line(k), "%s: %q must start with / (a path on this site)", k, u)
				u = "/" + u
			}
			if dotSegment(u) {
				diags.Errorf(p.File, p.Line(k), "%s: %q has a .. or . segment: write the path from the site root, it cannot climb out of it", k, u)
				continue
			}
			p.URL = u
		case "aliases", "redirect_from":
			for _, a := range list(k, v) {
				if !strings.HasPrefix(a, "/") {
					a = "/" + a
				}
				if dotSegment(a) {
					diags.Errorf(p.File, p.Line(k), "%s: %q has a .. or . segment: an old URL is a path from the site root, it cannot climb out of it", k, a)
					continue
				}
				p.Aliases = append(p.Aliases, a)
			}
		case "weight":
			n, ok := locale.Number(v)
			if !ok || n != math.Trunc(n) {
				diags.Errorf(p.File, p.Line(k), "weight: want a whole number, got %s", KindOf(v))
			}
			p.Weight = int(n)
		case "layout":
			p.Layout = str(k, v)
		case "type":
			p.Type = str(k, v)
		case "ref":
			p.HasRef = true
			p.Ref = strings.TrimSpace(str(k, v))
		case "image", "thumbnail":
			// issue 13 (images): image: {src, alt, decorative} as well as a
			// plain path; alt and decorative go to Params as image_alt and
			// image_decorative (thumbnail_…), where internal/images reads them.
			src := ""
			if m, ok := v.(map[string]any); ok {
				for _, mk := range sortedKeys(m) {
					if mk != "src" && mk != "alt" && mk != "decorative" {
						diags.Errorf(p.File, p.Line(k+"."+mk), "%s.%s: unknown key; an image is {src, alt} or {src, decorative: true}", k, mk)
					}
				}
				if _, ok := m["src"]; !ok {
					diags.Errorf(p.File, p.Line(k), "%s: the image has no src: write %s: {src: /images/file.jpg, alt: …}", k, k)
				}
				src = str(k+".src", m["src"])
				if a, ok := m["alt"]; ok {
					p.Params[k+"_alt"] = a
				}
				if d, ok := m["decorative"]; ok {
					p.Params[k+"_decorative"] = d
				}
			} else {
				src = str(k, v)
			}
			if k == "image" {
				p.Image = src
			} else {
				p.Thumbnail = src
			}
		case "links":
			p.Links = links(p, v, diags)
		case "menu", "menus":
			p.Menus = menus(p, k, v, diags)
		default:
			if taxonomy[k] {
				p.Terms[k] = list(k, v)
				continue
			}
			p.Params[k] = v
		}
	}
}

// blank reports whether a front-matter value is empty: nothing (`key:`
// or null) or text of only spaces.
func blank(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	}
	return false
}

func links(p *Page, v any, diags *diag.List) []Link {
	items, ok := v.([]any)
	if !ok {
		diags.Errorf(p.File, p.Line("links"), "links: want a list of {title, url}")
		return nil
	}
	var out []Link
	for i, it := range items {
		m, ok := it.(map[string]any)
		line := p.Line("links." + strconv.Itoa(i))
		if !ok {
			if s, ok := it.(string); ok {
				out = append(out, Link{Title: s, URL: s})
				continue
			}
			diags.Errorf(p.File, line, "links: entry %d: want {title, url}", i+1)
			continue
		}
		l := Link{Title: fmt.Sprint(m["title"]), URL: fmt.Sprint(m["url"])}
		if m["url"] == nil {
			diags.Errorf(p.File, line, "links: entry %d has no url", i+1)
			continue
		}
		if m["title"] == nil {
			l.Title = l.URL
		}
		out = append(out, l)
	}
	return out
}

func menus(p *Page, k string, v any, diags *diag.List) []MenuItem {
	switch x := v.(type) {
	case string:
		return []MenuItem{{Menu: x, Weight: p.Weight}}
	case []any:
		var out []MenuItem
		for _, e := range x {
			out = append(out, MenuItem{Menu: fmt.Sprint(e), Weight: p.Weight})
		}
		return out
	case map[string]any:
		var out []MenuItem
		for _, name := range sortedKeys(x) {
			it := MenuItem{Menu: name, Weight: p.Weight}
			if m, ok := x[name].(map[string]any); ok {
				if w, ok := locale.Number(m["weight"]); ok {
					it.Weight = int(w)
				}
				if n, ok := m["name"].(string); ok {
					it.Name = n
				}
			}
			out = append(out, it)
		}
		return out
	}
	diags.Errorf(p.File, p.Line(k), "%s: want a menu name, a list of names or a map", k)
	return nil
}

// dotSegment reports whether a slash (or backslash) path has a "." or
// ".." segment.
func dotSegment(s string) bool {
	for _, seg := range strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '\\' }) {
		if seg == ".." || seg == "." {
			return true
		}
	}
	return false
}

// KindOf names the kind of a decoded front-matter value for messages:
// "text", "a number", "a list", "a map", "a date", "true/false".
func KindOf(v any) string {
	switch v.(type) {
	case nil:
		return "nothing"
	case string:
		return "text"
	case bool:
		return "true/false"
	case int, int64, uint64, float64:
		return "a number"
	case []any:
		return "a list"
	case map[string]any:
		return "a map"
	case time.Time:
		return "a date"
	}
	return fmt.Sprintf("%T", v)
}

func langList(cfg *config.Config) string {
	var codes []string
	for _, l := range cfg.Languages {
		codes = append(codes, l.Code)
	}
	return strings.Join(codes, ", ")
}

// knownFields are the front-matter keys Page types (besides taxonomies).
var knownFields = []string{
	"title", "summary", "excerpt", "description", "date", "lastmod",
	"publishDate", "expiryDate", "draft", "slug", "url", "aliases",
	"weight", "layout", "type", "lang", "ref", "image", "thumbnail",
	"links", "menu", "permalink", "redirect_from", "published",
}

// checkKeys warns about top-level keys that look like a misspelt known
// field (titel, dato, summery): kept as a parameter, such a key leaves
// the field it meant empty without a word. Fields of typed content are
// never reported.
func (p *Page) checkKeys(fm *rawFront, cfg *config.Config, diags *diag.List) {
	known := append(append([]string(nil), knownFields...), cfg.Taxonomies...)
	typed := map[string]bool{}
	for _, t := range cfg.Types {
		for _, f := range t.Fields {
			typed[f.Name] = true
		}
	}
	for _, k := range fm.order {
		if _, isParam := p.Params[k]; !isParam || typed[k] {
			continue
		}
		if s := config.Suggest(k, known); s != "" {
			if _, given := fm.fields[s]; given {
				continue
			}
			if (k == s+"s" || s == k+"s") && !slices.Contains(cfg.Taxonomies, s) {
				continue // images next to image is a list of its own
			}
			diags.Warnf(p.File, p.Line(k), "unknown key %q: did you mean %q? (kept as a parameter)", k, s)
		}
	}
}
