// Package participation resolves typed participation content (events,
// ideas, projects, pools, budgets) after the site model is built.
// Placeholder: the participation-content work fills it in.
package participation

import (
	"html/template"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/site"
)

// Resolve validates pages against their types and computes derived values
// into Page.Extra. It runs once, after site.Resolve, before rendering.
func Resolve(s *site.Site) diag.List { return nil }

// Outputs writes extra files (calendars) through emit.
func Outputs(s *site.Site, emit func(name string, data []byte)) diag.List { return nil }

// Funcs returns template functions for one language.
func Funcs(s *site.Site, l *site.Language) template.FuncMap { return template.FuncMap{} }
