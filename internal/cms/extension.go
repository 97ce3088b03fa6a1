package cms

import (
	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/site"
)

// Extension writes /admin/ with every build, as a site.OutputWriter: the
// same files deltag cms writes into static/admin/, made from the site's
// sealed configuration. It is not in internal/features yet: the backend
// (Options) has no place in site.yaml, so a build cannot know it. Once
// config has a cms: block, features.All() can list
// cms.Extension{Options: …from cfg…} and deltag cms becomes optional.
type Extension struct {
	Options Options
}

// Name names the extension in diagnostics.
func (Extension) Name() string { return "cms" }

// Outputs emits the files of /admin/.
func (e Extension) Outputs(s *site.Site, emit func(name string, data []byte)) diag.List {
	files, diags := Files(s.Config, e.Options)
	for i := range diags {
		if diags[i].File == "" {
			diags[i].File = config.File
		}
	}
	for _, f := range files {
		emit(f.Path, f.Data)
	}
	return diags
}
