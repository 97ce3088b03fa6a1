package statement

import (
	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/page"
)

// Extension plugs the statement into the pipeline as a site.Generator:
// its pages join the parsed pages before resolve.
type Extension struct{}

// Name names the extension in diagnostics.
func (Extension) Name() string { return "statement" }

// Generate returns the statement pages (see Pages).
func (Extension) Generate(cfg *config.Config) ([]*page.Page, diag.List) { return Pages(cfg) }
