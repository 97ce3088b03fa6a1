// Package fsroot treats a site folder as a boundary. A site is often a
// contributor's branch built on a CI machine, so a symbolic link in it
// must not publish a file from elsewhere on that machine
// (static/leak.txt -> /etc/passwd) and a link back up its own tree
// (content/loop -> .) must not make a walk run forever.
//
// FS is an fs.FS over the site folder that resolves every name through
// its symbolic links and refuses one whose real path lies outside the
// root; links that stay inside work. WalkDir walks an FS following the
// links to folders inside the root, detects cycles and hands escaping
// links and loops to the walk function as errors. Check walks the input
// folders once and reports every such link as a diagnostic. Join is the
// other half of the boundary: it joins a relative output path to a
// destination folder and refuses one that would leave it.
package fsroot

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// EscapeError reports a symbolic link whose real path lies outside the
// root. Link is the link's slash path below the root, Target what it
// points to as written in the link.
type EscapeError struct {
	Path   string // the name that was asked for
	Link   string
	Target string
	// Hidden is set when the target is inside the site but in a hidden
	// folder such as .git (whose config may hold a CI token).
	Hidden string
}

func (e *EscapeError) Error() string {
	if e.Hidden != "" {
		return fmt.Sprintf("symbolic link to %s, into the hidden %s of the site: refused (deltag publishes no hidden files)", e.Target, e.Hidden)
	}
	if e.Path == "" || e.Path == e.Link {
		return fmt.Sprintf("symbolic link to %s, outside the site folder: refused (copy the file into the site instead)", e.Target)
	}
	return fmt.Sprintf("%s is a symbolic link to %s, outside the site folder: refused (copy the file into the site instead)", e.Link, e.Target)
}

// LoopError reports a link to a folder that contains it: following it
// would never end.
type LoopError struct {
	Link   string
	Target string
	Dir    string // the folder it leads back to, slash path below the root
}

func (e *LoopError) Error() string {
	dir := e.Dir
	if dir == "." {
		dir = "the site folder"
	}
	return fmt.Sprintf("symbolic link to %s leads back to %s, which contains it: a loop, not followed", e.Target, dir)
}

// FS is a site folder as an fs.FS that will not leave it. It implements
// fs.ReadFileFS, fs.ReadDirFS and fs.StatFS. Entries of ReadDir that are
// links report the kind of their target, so a walk descends into linked
// folders; links that escape keep the symlink kind.
type FS struct {
	dir  string // as given
	root string // absolute, symbolic links resolved

	// dirs caches the real paths of folders (Snapshot), so that reading
	// a file costs one lstat instead of one per path component; nil in
	// an FS that must see a folder replaced by a link (deltag serve).
	dirs *sync.Map
}

// Snapshot returns a copy of f that remembers the real path of every
// folder it resolved, for a one-shot build that reads thousands of
// files: a folder swapped for a link while that build runs is not
// noticed, a link to a file still is (each file is lstat'ed).
func (f *FS) Snapshot() *FS {
	return &FS{dir: f.dir, root: f.root, dirs: new(sync.Map)}
}

// New returns the FS of the folder dir. A folder that does not exist
// gives an FS whose every Open fails, as os.DirFS does.
func New(dir string) *FS {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	return &FS{dir: dir, root: abs}
}

// Root returns the absolute real path of the folder.
func (f *FS) Root() string { return f.root }

// Resolve returns the real OS path of name, or an *EscapeError when name
// or one of its parent folders is a link that leaves the root.
func (f *FS) Resolve(name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if real, ok := f.cachedResolve(name); ok {
		return real, nil
	}
	full := filepath.Join(f.root, filepath.FromSlash(name))
	real, err := filepath.EvalSymlinks(full)
	if err == nil && f.inside(real) {
		if h := hiddenPart(f.rel(real)); h != "" && hiddenPart(name) == "" {
			return "", &EscapeError{Path: name, Link: name, Target: f.readlink(name), Hidden: h}
		}
		return real, nil
	}
	// Name the first component whose real path leaves the root.
	parts := strings.Split(name, "/")
	for i := range parts {
		prefix := strings.Join(parts[:i+1], "/")
		p := filepath.Join(f.root, filepath.FromSlash(prefix))
		r, perr := filepath.EvalSymlinks(p)
		if perr != nil || f.inside(r) {
			continue
		}
		target, err := os.Readlink(p)
		if err != nil {
			target = r
		}
		return "", &EscapeError{Path: name, Link: prefix, Target: target}
	}
	if err != nil {
		return "", err
	}
	return "", &EscapeError{Path: name, Link: name, Target: real}
}

// cachedResolve resolves name through its folder's cached real path when
// name itself is not a link (Snapshot). ok is false when it cannot tell,
// and Resolve then does the whole walk, which also names any error.
func (f *FS) cachedResolve(name string) (string, bool) {
	if f.dirs == nil || hiddenPart(name) != "" {
		return "", false
	}
	dir, base := path.Split(name)
	dir = strings.TrimSuffix(dir, "/")
	realDir := f.root
	if dir != "" {
		v, ok := f.dirs.Load(dir)
		if !ok {
			r, err := (&FS{dir: f.dir, root: f.root}).Resolve(dir)
			if err != nil {
				return "", false
			}
			f.dirs.Store(dir, r)
			v = r
		}
		realDir = v.(string)
	}
	real := filepath.Join(realDir, base)
	fi, err := os.Lstat(real)
	if err != nil || fi.Mode()&fs.ModeSymlink != 0 || hiddenPart(f.rel(real)) != "" {
		return "", false
	}
	return real, true
}

// hiddenPart returns the first segment of a slash path that starts with
// a dot, or "".
func hiddenPart(p string) string {
	for _, s := range strings.Split(p, "/") {
		if strings.HasPrefix(s, ".") && s != "." && s != ".." {
			return s
		}
	}
	return ""
}

func (f *FS) inside(real string) bool {
	return real == f.root || strings.HasPrefix(real, f.root+string(filepath.Separator)) ||
		f.root == string(filepath.Separator)
}

// rel turns a real path inside the root into a slash path below it.
func (f *FS) rel(real string) string {
	r, err := filepath.Rel(f.root, real)
	if err != nil {
		return real
	}
	return filepath.ToSlash(r)
}

func (f *FS) Open(name string) (fs.File, error) {
	real, err := f.Resolve(name)
	if err != nil {
		return nil, pathErr("open", name, err)
	}
	file, err := os.Open(real)
	if err != nil {
		return nil, pathErr("open", name, err)
	}
	return file, nil
}

func (f *FS) ReadFile(name string) ([]byte, error) {
	real, err := f.Resolve(name)
	if err != nil {
		return nil, pathErr("read", name, err)
	}
	b, err := os.ReadFile(real)
	if err != nil {
		return nil, pathErr("read", name, err)
	}
	return b, nil
}

func (f *FS) Stat(name string) (fs.FileInfo, error) {
	real, err := f.Resolve(name)
	if err != nil {
		return nil, pathErr("stat", name, err)
	}
	fi, err := os.Stat(real)
	if err != nil {
		return nil, pathErr("stat", name, err)
	}
	return fi, nil
}

func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	real, err := f.Resolve(name)
	if err != nil {
		return nil, pathErr("readdir", name, err)
	}
	ents, err := os.ReadDir(real)
	if err != nil {
		return nil, pathErr("readdir", name, err)
	}
	for i, e := range ents {
		if e.Type()&fs.ModeSymlink == 0 {
			continue
		}
		r, err := f.Resolve(path.Join(name, e.Name()))
		if err != nil {
			continue // kept as a link: reading it fails with the reason
		}
		if fi, err := os.Stat(r); err == nil {
			ents[i] = linkEntry{e, fi}
		}
	}
	return ents, nil
}

// pathErr keeps our own errors as they are: their text already names the
// link, and the callers add the file.
func pathErr(op, name string, err error) error {
	var esc *EscapeError
	if errors.As(err, &esc) {
		return err
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &fs.PathError{Op: op, Path: name, Err: pe.Err}
	}
	return &fs.PathError{Op: op, Path: name, Err: err}
}

// linkEntry is a directory entry for a link, with its target's kind.
type linkEntry struct {
	fs.DirEntry
	fi fs.FileInfo
}

func (e linkEntry) IsDir() bool                { return e.fi.IsDir() }
func (e linkEntry) Type() fs.FileMode          { return e.fi.Mode().Type() }
func (e linkEntry) Info() (fs.FileInfo, error) { return e.fi, nil }

// IsLink reports whether a directory entry from FS.ReadDir was a link.
func IsLink(d fs.DirEntry) bool {
	_, ok := d.(linkEntry)
	return ok
}

// Join joins rel, a slash path below dest (such as an output path made
// from a URL), to the folder dest. A path that is absolute or would leave
// dest after cleaning ("../x", "a/../../x") is an error.
func Join(dest, rel string) (string, error) {
	if rel == "" {
		return "", errors.New("empty output path")
	}
	if strings.ContainsRune(rel, 0) {
		return "", fmt.Errorf("output path %q contains a NUL byte", rel)
	}
	r := strings.ReplaceAll(rel, "\\", "/")
	if strings.HasPrefix(r, "/") || filepath.IsAbs(rel) || filepath.VolumeName(rel) != "" {
		return "", fmt.Errorf("output path %q is absolute: it must stay inside %s", rel, dest)
	}
	clean := path.Clean(r)
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return "", fmt.Errorf("output path %q leads outside %s", rel, dest)
	}
	return filepath.Join(dest, filepath.FromSlash(clean)), nil
}

func osReadlink(f *FS, name string) (string, error) {
	return os.Readlink(filepath.Join(f.root, filepath.FromSlash(name)))
}
