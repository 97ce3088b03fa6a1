package jekyll

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Sass: Jekyll compiles every .scss/.sass file with front matter (the
// site's and its gem theme's assets/main.scss) to CSS at the same path,
// importing partials from _sass/ (the site's, then the theme's). The
// import does the same with Debian's sassc (libsass, which
// jekyll-sass-converter 2 uses too) and writes the CSS and its source
// map to static/, as Jekyll does; with no compiler it says so. The CSS
// is compiled once, at import: edit the CSS in static/ afterwards.

// sassFile is a Sass file Jekyll compiled.
type sassFile struct {
	Source string // relative to its root, e.g. assets/main.scss
	Body   []byte // without front matter
	Line   int    // the body's first line, for messages
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
				sp := splitFile(b)
				im.sass = append(im.sass, sassFile{Source: rel, Body: sp.Body, Line: sp.BodyLine, Theme: true})
			} else {
				im.diags.Warnf(p, 1, "a theme file with front matter (Liquid) is not carried over")
			}
			return nil
		}
		im.report.Static++
		return im.writeFile(path.Join("static", rel), b)
	})
}

// compileSass compiles the Sass files to static/<dir>/<name>.css.
func (im *importer) compileSass(td string) error {
	if len(im.sass) == 0 {
		return nil
	}
	sassc, err := exec.LookPath("sassc")
	if err != nil {
		for _, f := range im.sass {
			im.diags.Warnf(f.Source, 1, "not compiled: no Sass compiler found (install sassc: apt-get install sassc); %s is missing until you add the CSS to static/", strings.TrimSuffix(f.Source, path.Ext(f.Source))+".css")
		}
		return nil
	}
	tmp, err := os.MkdirTemp("", "deltag-sass-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var loads []string
	if st, err := os.Stat(filepath.Join(im.src, "_sass")); err == nil && st.IsDir() {
		loads = append(loads, filepath.Join(im.src, "_sass"))
	}
	if td != "" {
		loads = append(loads, filepath.Join(td, "_sass"))
	}
	for i, f := range im.sass {
		if bytes.Contains(f.Body, []byte("{{")) || bytes.Contains(f.Body, []byte("{%")) {
			im.diags.Warnf(f.Source, f.Line, "not compiled: Liquid in a Sass file is not carried over")
			continue
		}
		stem := strings.TrimSuffix(path.Base(f.Source), path.Ext(f.Source))
		in := filepath.Join(tmp, strings.Repeat("x", i+1)+path.Ext(f.Source))
		out := filepath.Join(tmp, stem+".css")
		if err := os.WriteFile(in, f.Body, 0o644); err != nil {
			return err
		}
		args := []string{"--style", "expanded", "--sourcemap=auto"}
		if path.Ext(f.Source) == ".sass" {
			args = append(args, "--sass")
		}
		for _, l := range loads {
			args = append(args, "-I", l)
		}
		args = append(args, in, out)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		msg, err := exec.CommandContext(ctx, sassc, args...).CombinedOutput()
		cancel()
		if err != nil {
			im.diags.Warnf(f.Source, f.Line, "not compiled: sassc: %s", strings.TrimSpace(string(msg)))
			continue
		}
		dir := path.Dir(f.Source)
		for _, name := range []string{stem + ".css", stem + ".css.map"} {
			b, err := os.ReadFile(filepath.Join(tmp, name))
			if err != nil {
				continue
			}
			if err := im.writeFile(path.Join("static", dir, name), b); err != nil {
				return err
			}
			im.report.Static++
		}
	}
	return nil
}
