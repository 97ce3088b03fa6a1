// Package statement generates the accessibility statement pages from
// site.yaml's accessibility: block. Placeholder: the accessibility work
// fills it in.
package statement

import (
	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/page"
)

// Pages returns generated content pages (the statement in each language),
// resolved and rendered like any other page.
func Pages(cfg *config.Config) ([]*page.Page, diag.List) { return nil, nil }
