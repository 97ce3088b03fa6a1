package statement

import (
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/page"
	"github.com/deltag/deltag/internal/site"
)

// Extension plugs the statement into the pipeline as a site.Generator:
// its pages join the parsed pages before resolve.
type Extension struct{}

// Name names the extension in diagnostics.
func (Extension) Name() string { return "statement" }

// Generate returns the statement pages (see Pages).
func (Extension) Generate(in site.GenerateInput) ([]*page.Page, diag.List) { return Pages(in.Config) }
