// Package a11y holds the site.yaml blocks about accessibility: the
// accessibility statement (accessibility:) and the check budget (check:).
// It is a leaf package so config can import it. Placeholder: the
// accessibility work fills it in.
package a11y

import "github.com/deltag/deltag/internal/diag"

// Config is the accessibility: block of site.yaml.
type Config struct{}

// CheckConfig is the check: block of site.yaml.
type CheckConfig struct{}

// Check validates the blocks against the site's language codes.
func Check(c *Config, langs []string) diag.List { return nil }
