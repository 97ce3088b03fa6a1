// Package schema declares content types (site.yaml types:). Placeholder:
// the participation-content work fills it in.
package schema

import "github.com/deltag/deltag/internal/diag"

// Type is one content type declared under types: in site.yaml.
type Type struct {
	Layout string `yaml:"layout"`
}

// Check validates type declarations against the site's language codes.
func Check(types map[string]*Type, langs []string) diag.List { return nil }
