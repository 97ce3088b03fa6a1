// Package statement generates the accessibility statement pages from
// site.yaml's accessibility: block (see package a11y for the keys).
//
// Pages returns one content page per site language. They have no file
// (File is ""), so they have no Markdown body: the layout
// _default/statement.html renders them from Params["statement"], a *View.
// Build appends them to the parsed pages before resolve, so they get URLs,
// translations (they share the ref "accessibility-statement"), sitemap
// entries and the site's layouts like any content page.
//
// Each language gets the shape its law expects:
//
//	sv  "dos": the statement DOS-lagen (2018:1937) asks for, in the order of
//	    Digg's model, ending with supervision and the link to Digg's
//	    complaint form.
//	da  "was": a page pointing to the statement made in Digitaliseringsstyrelsen's
//	    WAS tool (was:), with the status, known problems and contact; the
//	    Danish page also answers at /was/.
//	    other languages "eu": the EU model statement in English words.
//
// The footer finds the page with `ref "accessibility-statement"` (Name).
package statement

import (
	"html/template"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/a11y"
	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/locale"
	"github.com/deltag/deltag/internal/page"
)

// Name is the name every statement page has in every language, so
// templates can find it with ref "accessibility-statement"; it is also
// the pages' translation ref.
const Name = "accessibility-statement"

// Layout is the layout the pages render with (_default/statement.html).
const Layout = "statement"

// WASAlias is the short URL that redirects to the Danish statement.
const WASAlias = "/was/"

// Shapes of the statement.
const (
	ShapeDOS = "dos" // Swedish: DOS-lagen, Digg's model
	ShapeWAS = "was" // Danish: points to the WAS-tool statement
	ShapeEU  = "eu"  // any other language: the EU model statement
)

// View is what the layout reads from .Params.statement.
type View struct {
	Shape        string
	Organisation string
	Site         string // the site's name
	Status       string // full, partial, none
	Method       string // how it was assessed; "" for self-assessment
	Assessed     time.Time
	Reviewed     time.Time
	Published    time.Time // zero when not given
	Problems     []Problem
	Phone        string
	PhoneURI     template.URL // tel:+46812345600 (html/template allows no tel: in plain strings)
	Email        string
	FormURL      string
	ResponseTime string
	Complaint    string // Digg's complaint form (sv)
	WAS          string // the WAS-tool statement (da)
}

// Problem is one known problem in the page's language.
type Problem struct {
	Text     string
	Criteria []string
	Fix      time.Time
}

var titles = map[string]string{
	"sv": "Tillgänglighetsredogörelse",
	"da": "Tilgængelighedserklæring",
}

var summaries = map[string]string{
	"sv": "Hur tillgänglig webbplatsen är, vilka brister vi känner till och hur du rapporterar problem.",
	"da": "Hvor tilgængeligt websitet er, hvilke problemer vi kender til, og hvordan du kan give besked.",
}

// Title is the statement page's title in lang.
func Title(lang string) string {
	if t, ok := titles[lang]; ok {
		return t
	}
	return "Accessibility statement"
}

// Pages returns generated content pages (the statement in each language),
// resolved and rendered like any other page. Without an accessibility:
// block there are none; its problems are reported by config (a11y.Check)
// and by `deltag check`.
func Pages(cfg *config.Config) ([]*page.Page, diag.List) {
	c := cfg.Accessibility
	if c == nil {
		return nil, nil
	}
	def := cfg.DefaultLanguage().Code
	var out []*page.Page
	for _, l := range cfg.Languages {
		v := view(c, l, def)
		seg := c.Path.Get(l.Code, "")
		if seg == "" {
			seg = a11y.DefaultPath[l.Code]
		}
		if seg == "" {
			seg = "accessibility"
		}
		seg = strings.Trim(seg, "/")
		p := &page.Page{
			Lang:    l.Code,
			Name:    Name,
			Slug:    seg,
			URL:     "/" + l.Code + "/" + seg + "/",
			Title:   Title(l.Code),
			Summary: summaries[l.Code],
			Layout:  Layout,
			Ref:     Name,
			HasRef:  true,
			Lastmod: c.Reviewed.Time,
			Params:  map[string]any{"statement": v},
			Lines:   map[string]int{},
			Terms:   map[string][]string{},
		}
		if v.Shape == ShapeWAS {
			p.Aliases = []string{WASAlias}
		}
		out = append(out, p)
	}
	return out, nil
}

func view(c *a11y.Config, l *config.Language, def string) *View {
	get := func(t locale.Text) string { return strings.TrimSpace(t.Get(l.Code, def)) }
	v := &View{
		Shape:        ShapeEU,
		Organisation: get(c.Organisation),
		Site:         get(c.Site),
		Status:       c.Status,
		Method:       get(c.Method),
		Assessed:     c.Assessed.Time,
		Reviewed:     c.Reviewed.Time,
		Published:    c.Published.Time,
		Phone:        strings.TrimSpace(c.Feedback.Phone),
		Email:        strings.TrimSpace(c.Feedback.Email),
		FormURL:      c.Feedback.URL,
		ResponseTime: get(c.Feedback.ResponseTime),
		Complaint:    c.Complaint,
		WAS:          c.WAS,
	}
	switch l.Code {
	case "sv":
		v.Shape = ShapeDOS
	case "da":
		v.Shape = ShapeWAS
	}
	if v.Site == "" {
		v.Site = l.Title
	}
	if v.Complaint == "" {
		v.Complaint = a11y.DiggComplaintURL
	}
	if v.Phone != "" {
		v.PhoneURI = template.URL("tel:" + strings.Map(func(r rune) rune {
			if r == '+' || r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, strings.Replace(v.Phone, "(0)", "", 1))) // +46 (0)8 …: the trunk 0 is not dialled from abroad
	}
	for _, p := range c.Problems {
		v.Problems = append(v.Problems, Problem{Text: get(p.Text), Criteria: p.Criteria, Fix: p.Fix.Time})
	}
	return v
}
