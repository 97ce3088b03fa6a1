package build

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/deltag/deltag/internal/site"
	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// output writes a build into a staging folder beside the destination.
// commit swaps it in; discard removes it. So a failed build never leaves a
// half-written site, and files an earlier build wrote but this one did not
// are gone after commit.
type output struct {
	dest, stage string
	min         *minify.M

	mu    sync.Mutex
	files map[string]bool
	dirs  sync.Map
}

func newOutput(dest string, doMinify bool) (*output, error) {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return nil, err
	}
	stage, err := os.MkdirTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".build-")
	if err != nil {
		return nil, fmt.Errorf("cannot create a staging folder beside %s: %v", dest, err)
	}
	if err := os.Chmod(stage, 0o755); err != nil {
		return nil, err
	}
	o := &output{dest: dest, stage: stage, files: map[string]bool{}}
	if doMinify {
		o.min = newMinifier()
	}
	return o, nil
}

func newMinifier() *minify.M {
	m := minify.New()
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile("^(application|text)/(x-)?(java|ecma)script$"), js.Minify)
	m.AddFuncRegexp(regexp.MustCompile("[/+]json$"), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile("[/+]xml$"), xml.Minify)
	return m
}

// mediaTypes are the generated and static files the minifier shrinks.
// HTML is not among them: the layouts' whitespace is collapsed once when
// they are compiled (see render), which a per-page minifier pass only
// bettered by about 1% of the bytes at a sixth of the build's time. XML
// (feeds, sitemap) is written compact already.
var mediaTypes = map[string]string{
	".css": "text/css", ".js": "application/javascript",
	".svg": "image/svg+xml", ".json": "application/json",
}

// write writes a generated file, minified when on.
func (o *output) write(name string, data []byte) error {
	data, err := minified(o.min, name, data)
	if err != nil {
		return err
	}
	return o.put(name, data)
}

// minified returns data minified for its file type, or data itself when
// min is nil or the type is not minified: a caller that keeps the bytes
// beyond the call copies them (memSink), the staging folder writes them
// out at once. A file named *.min.js or *.min.css is minified already (a
// vendored bundle) and kept as it is.
func minified(min *minify.M, name string, data []byte) ([]byte, error) {
	if min != nil && !strings.HasSuffix(name, ".min.js") && !strings.HasSuffix(name, ".min.css") {
		if mt, ok := mediaTypes[path.Ext(name)]; ok {
			m, err := min.Bytes(mt, data)
			if err != nil {
				return nil, fmt.Errorf("minify %s: %v", name, err)
			}
			return m, nil
		}
	}
	return data, nil
}

// writeStatic writes a static file as it is, minifying CSS, JS and SVG.
func (o *output) writeStatic(name string, data []byte) error {
	switch path.Ext(name) {
	case ".css", ".js", ".svg":
		return o.write(name, data)
	}
	return o.put(name, data)
}

// outPath is the one checked way from an output name to a file: every
// output — pages, lists, aliases, feeds, extension outputs, static files —
// is written through it, by the staging folder of a build and by the
// served folder of deltag serve alike. A name that is not a clean
// relative path inside dir (site.CheckOutFile) is refused with an error
// that names it.
func outPath(dir, name string) (string, error) {
	if err := site.CheckOutFile(name); err != nil {
		return "", fmt.Errorf("refusing to write %s: %v", name, err)
	}
	return filepath.Join(dir, filepath.FromSlash(name)), nil
}

func (o *output) put(name string, data []byte) error {
	full, err := outPath(o.stage, name)
	if err != nil {
		return err
	}
	o.mu.Lock()
	o.files[name] = true
	o.mu.Unlock()
	dir := filepath.Dir(full)
	if _, ok := o.dirs.Load(dir); !ok {
		// Most folders are new and their parent exists: one mkdir.
		if err := os.Mkdir(dir, 0o755); err != nil && !os.IsExist(err) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		}
		o.dirs.Store(dir, true)
	}
	return os.WriteFile(full, data, 0o644)
}

func (o *output) exists(name string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.files[path.Clean(name)]
}

func (o *output) count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.files)
}

// commit replaces the destination with the staging folder.
func (o *output) commit() error {
	old := ""
	if _, err := os.Stat(o.dest); err == nil {
		old = o.stage + ".old"
		if err := os.Rename(o.dest, old); err != nil {
			return fmt.Errorf("cannot replace %s: %v", o.dest, err)
		}
	}
	if err := os.Rename(o.stage, o.dest); err != nil {
		if old != "" {
			_ = os.Rename(old, o.dest)
		}
		return fmt.Errorf("cannot move the new build into %s: %v", o.dest, err)
	}
	if old != "" {
		return removeTree(old)
	}
	return nil
}

func (o *output) discard() { _ = removeTree(o.stage) }
