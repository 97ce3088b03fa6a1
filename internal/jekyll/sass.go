package jekyll

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/deltag/deltag/internal/sass"
)

// Sass: Jekyll compiles every .scss/.sass file with front matter (the
// site's and its gem theme's assets/main.scss) to CSS at the same path,
// importing partials from _sass/ (the site's, then the theme's). deltag
// does the same at every build (package sass); the import copies the
// files, the theme's partials to a folder of their own (copySass).

// sassFile is a Sass file Jekyll compiled.
type sassFile struct {
	Source string // relative to its root, e.g. assets/main.scss
	Theme  bool   // from the gem theme
}

// themeAssets copies the gem theme's assets/ the site does not
// override: files without front matter as they are, Sass files compiled
// with the site's.
func (im *importer) themeAssets(td string) error {
	root := filepath.Join(td, "assets")
	return filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(td, p)
		rel = filepath.ToSlash(rel)
		if _, err := os.Stat(filepath.Join(im.src, filepath.FromSlash(rel))); err == nil {
			return nil // the site's own file wins
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if hasFrontMatter(b) {
			ext := path.Ext(rel)
			if ext == ".scss" || ext == ".sass" {
				im.sass = append(im.sass, sassFile{Source: rel, Theme: true})
			} else {
				im.diags.Warnf(p, 1, "a theme file with front matter (Liquid) is not carried over")
			}
			return nil
		}
		im.report.Static++
		return im.writeFile(path.Join("static", rel), b)
	})
}

// copySass copies the Sass deltag compiles at every build (package
// sass): the entry files to their paths (assets/main.scss), the folders
// of the site's load path as they are, at the same paths — sass:
// load_paths (globs, expanded here), then sass_dir, default _sass —
// (partials' names start with "_", which Jekyll's reader skips elsewhere
// but its Sass load path does not), and the theme's _sass/ to
// _theme/_sass/ (sass.ThemePartialsDir), the last load path, as
// Jekyll's. At build, package jekyllsite reads the same keys of the
// copied _config.yml (sassLoadPaths).
func (im *importer) copySass(td string) error {
	for _, f := range im.sass {
		if path.Dir(f.Source) != "assets" && !strings.HasPrefix(f.Source, "assets/") {
			im.diags.Warnf(f.Source, 1, "not compiled: deltag compiles Sass files under assets/ only; move it there")
			continue
		}
		var b []byte
		var err error
		if f.Theme {
			b, err = os.ReadFile(filepath.Join(td, filepath.FromSlash(f.Source)))
		} else {
			b, err = readSource(im.src, f.Source)
		}
		if err != nil {
			return err
		}
		if err := im.writeFile(f.Source, b); err != nil {
			return err
		}
	}
	if len(im.sass) == 0 {
		return nil
	}
	var dirs []string
	for _, pattern := range im.cfg.SassLoadPaths {
		m, err := fs.Glob(os.DirFS(im.src), strings.Trim(path.Clean(pattern), "/"))
		if err != nil {
			im.diags.Warnf(im.cfg.File, 0, "sass: load_paths %q: %v", pattern, err)
			continue
		}
		dirs = append(dirs, m...)
	}
	dirs = append(dirs, im.cfg.SassDir)
	for _, dir := range dirs {
		if !fs.ValidPath(dir) || dir == "." || dir == sass.ThemePartialsDir || strings.HasPrefix(dir, "_theme/") {
			im.diags.Warnf(im.cfg.File, 0, "sass: the folder %q is not a folder inside the site; not copied", dir)
			continue
		}
		if err := im.copyPartials(filepath.Join(im.src, filepath.FromSlash(dir)), dir); err != nil {
			return err
		}
	}
	if td == "" {
		return nil
	}
	return im.copyPartials(filepath.Join(td, sass.PartialsDir), sass.ThemePartialsDir)
}

// copyPartials copies every file sassc can import under the folder from (none if there is
// no such folder) to the folder to of the deltag site.
func (im *importer) copyPartials(from, to string) error {
	return filepath.WalkDir(from, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			if p == from && errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			im.diags.Errorf(p, 0, "not imported: %v", err)
			return nil
		}
		if e.IsDir() {
			if p != from && strings.HasPrefix(e.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(e.Name(), ".") || !e.Type().IsRegular() || !sass.Readable(e.Name()) {
			return nil
		}
		rel, _ := filepath.Rel(from, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return im.writeFile(path.Join(to, filepath.ToSlash(rel)), b)
	})
}
