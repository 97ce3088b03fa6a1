// Package sass compiles a site's Sass as Jekyll does: every .scss or
// .sass file with front matter under assets/ becomes a .css file (and
// its source map) at the same path, importing partials from _sass/ (and
// further folders, Options.LoadPaths, as Jekyll adds its gem theme's). The
// compiler is Debian's sassc (libsass, what jekyll-sass-converter 2
// uses); a site with Sass and no sassc gets one warning that says how to
// install it, and its CSS is missing. With a cache folder
// (Options.CacheDir) the CSS is compiled once per set of inputs.
package sass

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/deltag/deltag/internal/diag"
)

// Dirs of a site, as Jekyll names them.
const (
	PartialsDir = "_sass"
	AssetsDir   = "assets"
	// ThemePartialsDir is where `deltag import jekyll` puts the _sass of
	// the gem theme a site names (theme: minima), apart from the site's
	// own: Jekyll looks for an import beside the importing file first,
	// then in the site's _sass, then in the theme's, and a merged folder
	// would find the site's partial where Jekyll finds the theme's.
	ThemePartialsDir = "_theme/_sass"
)

// Output is one compiled file.
type Output struct {
	Name string // e.g. assets/main.css
	Data []byte
}

// Options of Compile.
type Options struct {
	// CacheDir keeps the compiled CSS between builds (in its folder
	// sass/), keyed by a hash of every input the compiler reads: the
	// entry file, every file under each load path, the compiler (its path, size,
	// time and version) and its arguments. An unchanged site compiles
	// nothing; a change to any of them compiles again. The cache keeps
	// the latest version of each entry. "" compiles every time.
	CacheDir string
	// LoadPaths are the site's folders an @import is looked for in, in
	// order, after the importing file's own folder (as sassc looks);
	// default [_sass]. Jekyll's are the site's _sass, then its gem
	// theme's.
	LoadPaths []string
}

// loadPaths is o.LoadPaths or the default.
func (o Options) loadPaths() []string {
	if len(o.LoadPaths) == 0 {
		return []string{PartialsDir}
	}
	return o.LoadPaths
}

// cacheVersion changes when what a cached file holds changes.
const cacheVersion = "deltag-sass-1"

// run runs the compiler (a variable, so tests can count its runs).
var run = func(ctx context.Context, name string, args ...string) ([]byte, error) {
	return exec.CommandContext(ctx, name, args...).CombinedOutput()
}

// Compile compiles the Sass files of the site in fsys. It does nothing
// for a site without them.
func Compile(ctx context.Context, fsys fs.FS, opts Options) ([]Output, diag.List) {
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
	compiler, err := compilerID(ctx, sassc)
	if err != nil {
		diags.Errorf(AssetsDir, 0, "Sass: %s does not run: %v", sassc, err)
		return nil, diags
	}
	var partials []loadPath
	for _, dir := range opts.loadPaths() {
		files, err := readTree(fsys, dir)
		if err != nil {
			diags.Errorf(dir, 0, "%v", err)
			return nil, diags
		}
		partials = append(partials, loadPath{dir: dir, files: files})
	}
	c := &compilation{ctx: ctx, sassc: sassc, partials: partials}
	defer c.close()
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
		// Blank lines in place of the front matter keep line numbers.
		src := append(bytes.Repeat([]byte("\n"), line-1), body...)
		dir := strings.Repeat("x", i+1) // its folder; the source map names paths from it
		args := []string{"--style", "expanded", "--sourcemap=auto"}
		if path.Ext(e) == ".sass" {
			args = append(args, "--sass")
		}
		key := cacheKey(compiler, args, dir, e, src, partials)
		if files, ok := cached(opts.CacheDir, key, e); ok {
			out = append(out, files...)
			continue
		}
		files, d := c.compile(e, dir, src, args)
		diags.Append(d)
		if d.HasErrors() {
			continue
		}
		store(opts.CacheDir, key, e, files)
		out = append(out, files...)
	}
	return out, diags
}

// compilation is the disk folder sassc reads from, made at the first
// entry that is not cached.
type compilation struct {
	ctx      context.Context
	sassc    string
	partials []loadPath
	tmp      string
}

// loadPath is one folder of partials, read into memory.
type loadPath struct {
	dir   string // in the site, e.g. _sass
	files []file
}

func (c *compilation) close() {
	if c.tmp != "" {
		os.RemoveAll(c.tmp)
	}
}

// compile runs sassc on one entry, e, whose text is src.
func (c *compilation) compile(e, dir string, src []byte, args []string) ([]Output, diag.List) {
	var diags diag.List
	if c.tmp == "" {
		tmp, err := os.MkdirTemp("", "deltag-sass-")
		if err != nil {
			diags.Errorf(AssetsDir, 0, "%v", err)
			return nil, diags
		}
		c.tmp = tmp
		// The partials go to real folders: sassc reads imports from disk.
		for i, lp := range c.partials {
			if err := writeTree(lp.files, filepath.Join(tmp, "load", fmt.Sprint(i))); err != nil {
				diags.Errorf(lp.dir, 0, "%v", err)
				return nil, diags
			}
		}
	}
	in := filepath.Join(c.tmp, "in", dir, path.Base(e))
	if err := os.MkdirAll(filepath.Dir(in), 0o755); err != nil {
		diags.Errorf(e, 0, "%v", err)
		return nil, diags
	}
	if err := os.WriteFile(in, src, 0o644); err != nil {
		diags.Errorf(e, 0, "%v", err)
		return nil, diags
	}
	target := filepath.Join(filepath.Dir(in), path.Base(css(e)))
	args = args[:len(args):len(args)]
	for i := range c.partials {
		args = append(args, "-I", filepath.Join(c.tmp, "load", fmt.Sprint(i)))
	}
	args = append(args, in, target)
	cctx, cancel := context.WithTimeout(c.ctx, time.Minute)
	msg, err := run(cctx, c.sassc, args...)
	cancel()
	if err != nil {
		text := strings.ReplaceAll(string(msg), in, e)
		for i, lp := range c.partials {
			text = strings.ReplaceAll(text, filepath.Join(c.tmp, "load", fmt.Sprint(i)), lp.dir)
		}
		diags.Errorf(e, 0, "Sass: %s", strings.TrimSpace(text))
		return nil, diags
	}
	var out []Output
	for _, name := range []string{css(e), css(e) + ".map"} {
		b, err := os.ReadFile(filepath.Join(filepath.Dir(in), path.Base(name)))
		if err != nil {
			continue
		}
		out = append(out, Output{Name: name, Data: b})
	}
	return out, diags
}

// compilers memoizes compilerID by the compiler's path, size and time,
// so a process (deltag serve) asks for the version once.
var compilers sync.Map

// compilerID names the compiler: its path, size, time and version
// (libsass's version is not in the sassc binary's size or time).
func compilerID(ctx context.Context, sassc string) (string, error) {
	st, err := os.Stat(sassc)
	if err != nil {
		return "", err
	}
	stat := fmt.Sprintf("%s %d %d", sassc, st.Size(), st.ModTime().UnixNano())
	if id, ok := compilers.Load(stat); ok {
		return id.(string), nil
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	version, err := run(cctx, sassc, "--version")
	if err != nil {
		return "", err
	}
	id := stat + "\n" + string(version)
	compilers.Store(stat, id)
	return id, nil
}

// cacheKey hashes every input of one entry's compilation.
func cacheKey(compiler string, args []string, dir, entry string, src []byte, partials []loadPath) string {
	h := sha256.New()
	field := func(b []byte) {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	for _, s := range append([]string{cacheVersion, compiler, dir, entry}, args...) {
		field([]byte(s))
	}
	field(src)
	for _, lp := range partials {
		field([]byte(lp.dir))
		field([]byte(fmt.Sprint(len(lp.files))))
		for _, f := range lp.files {
			field([]byte(f.name))
			field(f.data)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// cacheName is the cache's file name for an entry's outputs of one key:
// the entry's name hashed, then the key, so that storing a new version
// can remove the entry's older ones.
func cacheName(entry, key string) string {
	h := sha256.Sum256([]byte(entry))
	return hex.EncodeToString(h[:8]) + "-" + key
}

// cached returns an entry's outputs from the cache. The map is written
// before the CSS, so a CSS file in the cache means its map is there too
// (when the compiler wrote one).
func cached(cacheDir, key, entry string) ([]Output, bool) {
	if cacheDir == "" {
		return nil, false
	}
	name := filepath.Join(cacheDir, "sass", cacheName(entry, key))
	b, err := os.ReadFile(name + ".css")
	if err != nil {
		return nil, false
	}
	out := []Output{{Name: css(entry), Data: b}}
	if m, err := os.ReadFile(name + ".css.map"); err == nil {
		out = append(out, Output{Name: css(entry) + ".map", Data: m})
	}
	return out, true
}

// store keeps an entry's outputs in the cache, in place of its earlier
// versions (the cache holds one per entry, however often deltag serve
// compiles it again); a cache that cannot be written costs only the next
// compilation.
func store(cacheDir, key, entry string, files []Output) {
	if cacheDir == "" || len(files) == 0 {
		return
	}
	dir := filepath.Join(cacheDir, "sass")
	if os.MkdirAll(dir, 0o755) != nil {
		return
	}
	name := cacheName(entry, key)
	if old, err := filepath.Glob(filepath.Join(dir, name[:strings.IndexByte(name, '-')+1]+"*")); err == nil {
		for _, f := range old {
			if !strings.HasPrefix(filepath.Base(f), name+".") {
				os.Remove(f)
			}
		}
	}
	for i := len(files) - 1; i >= 0; i-- { // the map first, then the CSS
		suffix := ".css"
		if strings.HasSuffix(files[i].Name, ".map") {
			suffix = ".css.map"
		}
		tmp, err := os.CreateTemp(dir, ".tmp-")
		if err != nil {
			return
		}
		_, werr := tmp.Write(files[i].Data)
		if cerr := tmp.Close(); werr != nil || cerr != nil || os.Rename(tmp.Name(), filepath.Join(dir, name+suffix)) != nil {
			os.Remove(tmp.Name())
			return
		}
	}
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

// file is one file of a folder read into memory.
type file struct {
	name string // slash path below the folder
	data []byte
}

// Readable reports whether sassc can import a file of that name: Sass
// (.scss, .sass) or CSS.
func Readable(name string) bool {
	switch path.Ext(name) {
	case ".scss", ".sass", ".css":
		return true
	}
	return false
}

// readTree reads the files sassc can import (Readable) under dir of
// fsys, in path order; none when there is no such folder.
func readTree(fsys fs.FS, dir string) ([]file, error) {
	var out []file
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir // no partials
			}
			return err
		}
		if d.IsDir() || !Readable(p) {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		out = append(out, file{name: strings.TrimPrefix(p, dir+"/"), data: b})
		return nil
	})
	return out, err
}

// writeTree writes files into the disk folder to.
func writeTree(files []file, to string) error {
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		dst := filepath.Join(to, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, f.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
