package cms

import (
	"strings"

	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/site"
)

// Extension writes /admin/ with every build, as a site.OutputWriter: the
// same files deltag cms writes into static/admin/, made from the site's
// sealed configuration. internal/features lists Extension{}, which takes
// its Options from site.yaml's cms: block and does nothing without one;
// a caller may give Options itself (tests).
//
// With the block, the build's /admin/ replaces a static/admin/ that an
// earlier deltag cms wrote (OwnsStatic), so the two never collide.
type Extension struct {
	Options Options
}

// Name names the extension in diagnostics.
func (Extension) Name() string { return "cms" }

// options are e's Options, else those of site.yaml's cms: block (line
// is the block's line); ok is false when there are none.
func (e Extension) options(cfg *config.Config) (opt Options, line int, ok bool) {
	if e.Options.Backend.Name != "" {
		return e.Options, 0, true
	}
	c := cfg.CMS
	if c == nil {
		return Options{}, 0, false
	}
	name := c.Backend
	if name == "" {
		name = "github"
	}
	return Options{
		Backend:     Backend{Name: name, Repo: c.Repo, Branch: c.Branch, APIRoot: c.APIRoot, BaseURL: c.BaseURL, AppID: c.AppID},
		MediaFolder: c.MediaFolder,
	}, cfg.Lines["cms"], true
}

// Outputs emits the files of /admin/.
func (e Extension) Outputs(s *site.Site, emit func(name string, data []byte)) diag.List {
	opt, line, ok := e.options(s.Config)
	if !ok {
		return nil
	}
	files, diags := Files(s.Config, opt)
	for i := range diags {
		if diags[i].File == "" {
			diags[i].File = config.File
			if diags[i].Line == 0 {
				diags[i].Line = line
			}
		}
	}
	for _, f := range files {
		emit(f.Path, f.Data)
	}
	return diags
}

// OwnsStatic reports whether rel is under admin/ while the build writes
// /admin/ itself.
func (e Extension) OwnsStatic(s *site.Site, rel string) bool {
	_, _, ok := e.options(s.Config)
	return ok && strings.HasPrefix(rel, Dir+"/")
}
