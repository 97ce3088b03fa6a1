package features

import (
	"fmt"
	"html/template"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/forms"
	"github.com/deltag/deltag/internal/site"
)

// formsExtension plugs forms (package forms, which config imports and
// so cannot import site itself) into the pipeline: the template function form and
// the progressive-enhancement script js/intake.js (only when the site has
// forms).
type formsExtension struct{}

// Name names the extension in diagnostics.
func (formsExtension) Name() string { return "forms" }

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
