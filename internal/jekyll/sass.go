package jekyll

import (
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Sass: Jekyll compiles every .scss/.sass file with front matter (the
// site's and its gem theme's assets/main.scss) to CSS at the same path,
// importing partials from _sass/ (the site's, then the theme's). deltag
// does the same at every build (package sass); the import copies the
// files, the theme's partials merged under the site's.

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
// sass): the entry files to their paths (assets/main.scss), and the
// partials of the site's _sass/, then the theme's the site does not
// override, to _sass/.
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
	copied := map[string]bool{}
	for _, rel := range im.tree("_sass") {
		b, err := readSource(im.src, path.Join("_sass", rel))
		if err != nil {
			return err
		}
		copied[rel] = true
		if err := im.writeFile(path.Join("_sass", rel), b); err != nil {
			return err
		}
	}
	if td == "" {
		return nil
	}
	root := filepath.Join(td, "_sass")
	return filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if copied[rel] {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return im.writeFile(path.Join("_sass", rel), b)
	})
}
