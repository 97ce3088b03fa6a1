// Package features lists the features plugged into deltag's pipeline:
// the one place where the core's extension point (site.Extension) meets
// the packages that implement it. The CLI passes All() to every build;
// internal/site, build, render and serve import none of them.
//
// To add a feature, implement the parts of site.Extension it needs in its
// own package and add it here. The order is the order the parts run in
// (generators, then resolvers, then template functions and outputs).
package features

import (
	"github.com/deltag/deltag/internal/cms"
	"github.com/deltag/deltag/internal/images"
	"github.com/deltag/deltag/internal/jekyllsite"
	"github.com/deltag/deltag/internal/participation"
	"github.com/deltag/deltag/internal/site"
	"github.com/deltag/deltag/internal/statement"
)

// All returns deltag's features.
func All() []site.Extension {
	return []site.Extension{
		statement.Extension{},     // the accessibility statement pages
		participation.Extension{}, // typed content: events, ideas, projects, pools, budgets, themes
		formsExtension{},          // forms in layouts and their script
		images.Extension{},        // images checked (file, alt text) and, with images:, resized
		jekyllsite.Extension{},    // a Jekyll site's Liquid layouts and text, its Sass
		cms.Extension{},           // /admin/, when site.yaml has a cms: block
	}
}
