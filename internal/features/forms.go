package features

import (
	"fmt"
	"html/template"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/forms"
	"github.com/deltag/deltag/internal/locale"
	"github.com/deltag/deltag/internal/page"
	"github.com/deltag/deltag/internal/site"
)

// formsExtension plugs forms (package forms, which config imports and
// so cannot import site itself) into the pipeline: the template function form and
// the progressive-enhancement script js/intake.js (only when the site has
// forms).
type formsExtension struct{}

// Name names the extension in diagnostics.
func (formsExtension) Name() string { return "forms" }

// intakeShellTitle is the title of the intake's shell pages, which the
// intake replaces with its answer's (a visitor who opens the page
// itself, or follows the language switch from an answer, reads it).
var intakeShellTitle = locale.Text{"sv": "Svar på formulär", "da": "Svar på formular", "en": "Form answer"}

// Generate makes one page per language at /<lang>/intake/, rendered
// through the site's own layouts with an empty body: the shell in which
// `deltag intake` serves its own answers (the error and correction
// pages) in the site's look (see package intake). Not indexed.
func (formsExtension) Generate(in site.GenerateInput) ([]*page.Page, diag.List) {
	cfg := in.Config
	if len(cfg.Forms) == 0 {
		return nil, nil
	}
	var out []*page.Page
	for _, l := range cfg.Languages {
		out = append(out, &page.Page{
			Lang:   l.Code,
			Name:   "intake",
			Slug:   "intake",
			URL:    "/" + l.Code + "/intake/",
			Title:  intakeShellTitle.Get(l.Code, "en"),
			Params: map[string]any{"noindex": true},
			Lines:  map[string]int{},
			Terms:  map[string][]string{},
		})
	}
	return out, nil
}

// Funcs adds, for one language:
//
//	form ID   the form of site.yaml forms: with that id, as HTML
func (formsExtension) Funcs(s *site.Site, l *site.Language) template.FuncMap {
	def := s.Languages[0].Code
	return template.FuncMap{
		"form": func(id string) (template.HTML, error) {
			f := s.Config.Form(id)
			if f == nil {
				return "", fmt.Errorf("no form %q in site.yaml forms", id)
			}
			return forms.HTML(f, l.Code, def, nil)
		},
	}
}

// Outputs writes js/intake.js when the site has forms.
func (formsExtension) Outputs(s *site.Site, emit func(name string, data []byte)) diag.List {
	if len(s.Config.Forms) > 0 {
		emit("js/intake.js", []byte(forms.Script))
	}
	return nil
}
