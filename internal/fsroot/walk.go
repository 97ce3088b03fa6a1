package fsroot

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/deltag/deltag/internal/diag"
)

// maxVisits bounds how often one real folder is walked through different
// links: links that fan out (a → b twice, b → c twice, …) would otherwise
// make a walk take exponential time without ever forming a loop.
const maxVisits = 16

// WalkDir walks the tree at root like fs.WalkDir. On an *FS it follows
// links to folders inside the site (the paths it reports go through the
// link), refuses links that leave the site and links back to a folder
// that contains them: fn is called with the link's path and an
// *EscapeError or *LoopError, and the link is not followed (returning nil
// from fn skips it). On any other fs.FS it is fs.WalkDir.
func WalkDir(fsys fs.FS, root string, fn fs.WalkDirFunc) error {
	fsys = fsFor(fsys, root)
	f, ok := fsys.(*FS)
	if !ok {
		return fs.WalkDir(fsys, root, fn)
	}
	w := &walker{f: f, fn: fn, visits: map[string]int{}, onPath: map[string]string{}}
	fi, err := f.Stat(root)
	if err != nil {
		err = fn(root, nil, err)
	} else {
		err = w.walk(root, fs.FileInfoToDirEntry(fi))
	}
	if err == fs.SkipDir || err == fs.SkipAll {
		return nil
	}
	return err
}

type walker struct {
	f      *FS
	fn     fs.WalkDirFunc
	visits map[string]int    // real folder → times walked
	onPath map[string]string // real folders being walked → their walk path
}

// walk visits name, whose real path is real (resolved once for the root,
// then one component at a time, so deep trees of links stay cheap).
func (w *walker) walk(name string, d fs.DirEntry) error {
	real, err := w.f.Resolve(name)
	if err != nil {
		return w.fn(name, d, err)
	}
	return w.walkReal(name, real, d, "")
}

func (w *walker) walkReal(name, real string, d fs.DirEntry, parentReal string) error {
	if !d.IsDir() {
		return w.fn(name, d, nil)
	}
	if dir, loop := w.onPath[real]; loop {
		return w.fn(name, d, &LoopError{Link: name, Target: w.f.readlink(name), Dir: dir})
	}
	if parentReal != "" && IsLink(d) && (parentReal == real || strings.HasPrefix(parentReal, real+string(filepath.Separator))) {
		// A link to a folder that contains the link (.., ., or higher
		// up) is a loop even when the walk did not start above it.
		return w.fn(name, d, &LoopError{Link: name, Target: w.f.readlink(name), Dir: w.f.rel(real)})
	}
	if w.visits[real]++; w.visits[real] > maxVisits {
		return w.fn(name, d, fmt.Errorf("folder %s is reached through more than %d links: not followed", w.f.rel(real), maxVisits))
	}
	if err := w.fn(name, d, nil); err != nil {
		if err == fs.SkipDir {
			return nil
		}
		return err
	}
	ents, err := os.ReadDir(real)
	if err != nil {
		if err := w.fn(name, d, pathErr("readdir", name, err)); err != nil {
			if err == fs.SkipDir {
				return nil
			}
			return err
		}
	}
	w.onPath[real] = w.f.rel(real)
	defer delete(w.onPath, real)
	for _, e := range ents {
		p := path.Join(name, e.Name())
		childReal := filepath.Join(real, e.Name())
		var err error
		if e.Type()&fs.ModeSymlink != 0 {
			r, rerr := w.f.resolveLink(p, childReal)
			if rerr != nil {
				err = w.fn(p, e, rerr)
			} else if fi, serr := os.Stat(r); serr != nil {
				err = w.fn(p, e, pathErr("stat", p, serr))
			} else {
				err = w.walkReal(p, r, linkEntry{e, fi}, real)
			}
		} else {
			err = w.walkReal(p, childReal, e, real)
		}
		if err != nil {
			if err == fs.SkipDir {
				if e.IsDir() {
					continue
				}
				return nil
			}
			return err
		}
	}
	return nil
}

// resolveLink resolves the link at full (whose parent has no links) and
// checks that it stays inside the root; name is its path below the root.
func (f *FS) resolveLink(name, full string) (string, error) {
	r, err := filepath.EvalSymlinks(full)
	if err != nil {
		return "", err
	}
	if !f.inside(r) {
		target, lerr := os.Readlink(full)
		if lerr != nil {
			target = r
		}
		return "", &EscapeError{Path: name, Link: name, Target: target}
	}
	if h := hiddenPart(f.rel(r)); h != "" && hiddenPart(name) == "" {
		return "", &EscapeError{Path: name, Link: name, Target: f.readlink(name), Hidden: h}
	}
	return r, nil
}

func (f *FS) readlink(name string) string {
	t, err := osReadlink(f, name)
	if err != nil {
		return name
	}
	return t
}

// fsFor is the file system that serves the folder root, for a file
// system that serves some folders from elsewhere (themes.WithDefault:
// the embedded default theme beside the site's *FS).
func fsFor(fsys fs.FS, root string) fs.FS {
	if r, ok := fsys.(interface{ FSFor(name string) fs.FS }); ok {
		return r.FSFor(root)
	}
	return fsys
}

// Check walks the folders dirs of fsys (those that exist) and reports
// every link that leaves the site, every link loop and every unreadable
// folder as an error at the link's path. On an fs.FS other than *FS it
// reports nothing: such a file system has no links.
func Check(fsys fs.FS, dirs ...string) diag.List {
	if _, ok := fsFor(fsys, ".").(*FS); !ok {
		return nil
	}
	var diags diag.List
	seen := map[string]bool{}
	sorted := append([]string(nil), dirs...)
	sort.Strings(sorted)
	for _, dir := range sorted {
		_ = WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil {
				return nil
			}
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			if !seen[p] {
				seen[p] = true
				diags.Errorf(p, 0, "%v", err)
			}
			return nil
		})
	}
	return diags
}
