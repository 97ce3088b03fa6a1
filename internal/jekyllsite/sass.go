package jekyllsite

import (
	"io/fs"
	"path"
	"strings"

	"github.com/deltag/deltag/internal/sass"
)

// sassLoadPaths is Jekyll's Sass load path (jekyll-sass-converter 2) in
// the site: sass: load_paths from _config.yml (globs), then sass:
// sass_dir (default _sass), then the gem theme's partials, which the
// import puts in _theme/_sass. A path that is not a folder inside the
// site is left out, as Jekyll leaves out paths that are no folder.
func sassLoadPaths(config map[string]any, fsys fs.FS) []string {
	conf, _ := config["sass"].(map[string]any)
	var patterns []string
	switch lp := conf["load_paths"].(type) {
	case string:
		patterns = append(patterns, lp)
	case []any:
		for _, p := range lp {
			if s, ok := p.(string); ok {
				patterns = append(patterns, s)
			}
		}
	}
	var out []string
	for _, p := range patterns {
		m, _ := fs.Glob(fsys, strings.Trim(path.Clean(p), "/"))
		out = append(out, m...)
	}
	dir, _ := conf["sass_dir"].(string)
	if dir = strings.Trim(dir, "/"); dir == "" {
		dir = sass.PartialsDir
	}
	out = append(out, path.Clean(dir), sass.ThemePartialsDir)
	seen := map[string]bool{}
	kept := out[:0]
	for _, d := range out {
		if seen[d] || !fs.ValidPath(d) || d == "." {
			continue
		}
		seen[d] = true
		kept = append(kept, d)
	}
	return kept
}
