// Package sass compiles a site's Sass as Jekyll does: every .scss or
// .sass file with front matter under assets/ becomes a .css file (and
// its source map) at the same path, importing partials from _sass/. The
// compiler is Debian's sassc (libsass, what jekyll-sass-converter 2
// uses); a site with Sass and no sassc gets one warning that says how to
// install it, and its CSS is missing.
package sass

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/diag"
)

// Dirs of a site, as Jekyll names them.
const (
	PartialsDir = "_sass"
	AssetsDir   = "assets"
)

// Output is one compiled file.
type Output struct {
	Name string // e.g. assets/main.css
	Data []byte
}

// Compile compiles the Sass files of the site in fsys. It does nothing
// for a site without them.
func Compile(ctx context.Context, fsys fs.FS) ([]Output, diag.List) {
	var diags diag.List
	var entries []string
	_ = fs.WalkDir(fsys, AssetsDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if ext := path.Ext(p); (ext == ".scss" || ext == ".sass") && !strings.HasPrefix(d.Name(), "_") {
			entries = append(entries, p)
		}
		return nil
	})
	if len(entries) == 0 {
		return nil, nil
	}
	sassc, err := exec.LookPath("sassc")
	if err != nil {
		for _, e := range entries {
			diags.Warnf(e, 0, "not compiled: no Sass compiler found; install sassc (apt-get install sassc) to get %s", css(e))
		}
		return nil, diags
	}
	tmp, err := os.MkdirTemp("", "deltag-sass-")
	if err != nil {
		diags.Errorf(AssetsDir, 0, "%v", err)
		return nil, diags
	}
	defer os.RemoveAll(tmp)
	// The partials go to a real folder: sassc reads imports from disk.
	partials := filepath.Join(tmp, PartialsDir)
	if err := copyTree(fsys, PartialsDir, partials); err != nil {
		diags.Errorf(PartialsDir, 0, "%v", err)
		return nil, diags
	}
	var out []Output
	for i, e := range entries {
		b, err := fs.ReadFile(fsys, e)
		if err != nil {
			diags.Errorf(e, 0, "%v", err)
			continue
		}
		body, line, ok := stripFrontMatter(b)
		if !ok {
			continue // Jekyll copies Sass without front matter as it is
		}
		if bytes.Contains(body, []byte("{{")) || bytes.Contains(body, []byte("{%")) {
			diags.Errorf(e, line, "Liquid in a Sass file is not supported; write the value in the Sass")
			continue
		}
		dir := filepath.Join(tmp, "in", strings.Repeat("x", i+1))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			diags.Errorf(e, 0, "%v", err)
			continue
		}
		// Blank lines in place of the front matter keep line numbers.
		in := filepath.Join(dir, path.Base(e))
		if err := os.WriteFile(in, append(bytes.Repeat([]byte("\n"), line-1), body...), 0o644); err != nil {
			diags.Errorf(e, 0, "%v", err)
			continue
		}
		target := filepath.Join(dir, path.Base(css(e)))
		args := []string{"--style", "expanded", "--sourcemap=auto", "-I", partials}
		if path.Ext(e) == ".sass" {
			args = append(args, "--sass")
		}
		args = append(args, in, target)
		cctx, cancel := context.WithTimeout(ctx, time.Minute)
		msg, err := exec.CommandContext(cctx, sassc, args...).CombinedOutput()
		cancel()
		if err != nil {
			diags.Errorf(e, 0, "Sass: %s", strings.TrimSpace(strings.ReplaceAll(string(msg), in, e)))
			continue
		}
		for _, name := range []string{css(e), css(e) + ".map"} {
			b, err := os.ReadFile(filepath.Join(dir, path.Base(name)))
			if err != nil {
				continue
			}
			out = append(out, Output{Name: name, Data: b})
		}
	}
	return out, diags
}

func css(p string) string { return strings.TrimSuffix(p, path.Ext(p)) + ".css" }

// stripFrontMatter returns the text after a front matter block, the line
// it starts on, and whether there was one.
func stripFrontMatter(b []byte) ([]byte, int, bool) {
	if !bytes.HasPrefix(b, []byte("---")) {
		return b, 1, false
	}
	lines := bytes.SplitAfter(b, []byte("\n"))
	if len(lines) == 0 || strings.TrimSpace(string(lines[0])) != "---" {
		return b, 1, false
	}
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(string(lines[i])) == "---" {
			return bytes.Join(lines[i+1:], nil), i + 2, true
		}
	}
	return b, 1, false
}

// copyTree copies the folder dir of fsys to the disk folder to.
func copyTree(fsys fs.FS, dir, to string) error {
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	return fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return nil // no partials
			}
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, dir), "/")
		dst := filepath.Join(to, filepath.FromSlash(rel))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
}
