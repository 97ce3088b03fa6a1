package jekyll

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/deltag/deltag/internal/fsroot"
)

// scan walks the source as Jekyll's Reader does and sorts every file into
// content, static or data. Nothing is parsed yet.
type scan struct {
	Docs   []*doc
	Static []string // relative to the source
	// Copies are static files of collections with output, which Jekyll
	// writes at a URL from the collection's permalink.
	Copies []staticCopy
	Data   []string // relative to the data folder
	// Hidden are documents of collections without output, by source
	// path: references to them are reported, not rewritten.
	Hidden map[string]string
	// Skipped lists folders Jekyll reads but the import does not carry
	// over (_layouts, _includes, …), with a reason.
	Skipped map[string]string
}

// notCarried are Jekyll's template and code folders.
var notCarried = map[string]string{
	"_plugins": "Ruby plugins do not run in deltag",
}

func (im *importer) scan() error {
	im.found = &scan{Hidden: map[string]string{}, Skipped: map[string]string{}}
	return im.walk("")
}

// walk reads one folder like Reader#read_directories.
func (im *importer) walk(rel string) error {
	if err := im.ctx.Err(); err != nil {
		return err
	}
	real, err := im.root.Resolve(path.Join(".", rel))
	if err != nil {
		return err
	}
	if im.onPath[real] {
		return nil // a loop, reported at its link
	}
	im.onPath[real] = true
	defer delete(im.onPath, real)
	entries, err := os.ReadDir(real)
	if err != nil {
		return err
	}
	cfg := im.cfg
	for _, e := range entries {
		name := e.Name()
		r := path.Join(rel, name)
		isDir := e.IsDir()
		if e.Type()&fs.ModeSymlink != 0 {
			if !im.keep(rel, name, false) && !strings.HasPrefix(name, "_") {
				continue // excluded (node_modules, vendor…): never read
			}
			target, err := im.root.Resolve(r)
			if err != nil {
				im.diags.Errorf(r, 0, "not imported: %v", err)
				continue
			}
			if im.onPath[target] {
				im.diags.Errorf(r, 0, "not imported: %v", &fsroot.LoopError{Link: r, Target: readlink(im.src, r), Dir: relTo(im.root.Root(), target)})
				continue
			}
			if st, err := os.Stat(target); err == nil {
				isDir = st.IsDir()
			}
		}
		if isDir {
			switch {
			case name == "_posts" && (rel == cfg.CollectionsDir || cfg.CollectionsDir == ""):
				im.readPosts(r, KindPost, categoriesFromPath(rel, cfg.CollectionsDir))
				continue
			case name == "_drafts" && (rel == cfg.CollectionsDir || cfg.CollectionsDir == ""):
				im.readPosts(r, KindDraft, categoriesFromPath(rel, cfg.CollectionsDir))
				continue
			case r == cfg.DataDir:
				im.readData(r)
				continue
			case rel == cfg.CollectionsDir && strings.HasPrefix(name, "_"):
				if col, ok := cfg.collection(strings.TrimPrefix(name, "_")); ok && col.Label != "posts" {
					im.readCollection(col, r)
					continue
				}
			}
			if rel == "" && notCarried[name] != "" {
				im.found.Skipped[name] = notCarried[name]
				continue
			}
			if !im.keep(rel, name, true) {
				continue
			}
			if err := im.walk(r); err != nil {
				return err
			}
			continue
		}
		if !im.keep(rel, name, false) {
			continue
		}
		if hasFrontMatterFile(filepath.Join(im.src, filepath.FromSlash(r))) {
			im.found.Docs = append(im.found.Docs, &doc{Page: Page{Source: r, Kind: KindPage}})
			continue
		}
		im.found.Static = append(im.found.Static, r)
	}
	return nil
}

// categoriesFromPath is Document#categories_from_path: the folders above
// a _posts folder.
func categoriesFromPath(rel, collectionsDir string) []string {
	rel = strings.TrimPrefix(strings.TrimPrefix(rel, collectionsDir), "/")
	if rel == "" {
		return nil
	}
	return strings.Split(rel, "/")
}

// keep is Jekyll's EntryFilter#filter for an entry of folder rel.
func (im *importer) keep(rel, name string, isDir bool) bool {
	if strings.HasSuffix(name, ".") {
		return false
	}
	entry := path.Join(rel, name)
	included := globInclude(im.cfg.Include, name, isDir) || globInclude(im.cfg.Include, path.Base(name), isDir)
	if !included && globInclude(im.excludes(), entry, isDir) {
		return false
	}
	if included {
		return true
	}
	return !special(name) && !strings.HasSuffix(name, "~")
}

// keepTree filters an entry below base (a collection or _posts folder)
// whose relative name may contain slashes.
func (im *importer) keepTree(base, entry string) bool {
	if strings.HasSuffix(entry, ".") {
		return false
	}
	included := globInclude(im.cfg.Include, entry, false) || globInclude(im.cfg.Include, path.Base(entry), false)
	if !included && globInclude(im.excludes(), path.Join(base, entry), false) {
		return false
	}
	if included {
		return true
	}
	return !special(entry) && !special(path.Base(entry)) && !strings.HasSuffix(entry, "~")
}

func (im *importer) excludes() []string {
	var out []string
	inc := map[string]bool{}
	for _, s := range im.cfg.Include {
		inc[s] = true
	}
	for _, s := range im.cfg.Exclude {
		if !inc[s] {
			out = append(out, s)
		}
	}
	return out
}

func special(name string) bool {
	return name != "" && strings.ContainsRune("._#~", rune(name[0]))
}

// globInclude is EntryFilter#glob_include?.
func globInclude(patterns []string, entry string, isDir bool) bool {
	for _, p := range patterns {
		p = strings.TrimPrefix(p, "/")
		if fnmatch(p, entry) || strings.HasPrefix(entry, p) || (isDir && p == entry+"/") {
			return true
		}
	}
	return false
}

// tree lists the files below base (relative to the source), filtered as
// Jekyll filters collection and _posts entries, sorted.
func (im *importer) tree(base string) []string {
	var out []string
	_ = fsroot.WalkDir(im.root, base, func(p string, d fs.DirEntry, err error) error {
		if ierr := im.ctx.Err(); ierr != nil {
			return ierr
		}
		if err != nil {
			if p != base {
				im.diags.Errorf(p, 0, "not imported: %v", err)
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel := strings.TrimPrefix(p, base+"/")
		if im.keepTree(base, rel) {
			out = append(out, rel)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func (im *importer) readPosts(dir string, kind Kind, cats []string) {
	for _, entry := range im.tree(dir) {
		r := path.Join(dir, entry)
		if kind == KindPost && !dateFileRE.MatchString(path.Base(entry)) {
			im.diags.Warnf(r, 0, "not imported: a post's file name must start with its date (YYYY-MM-DD-); Jekyll skips it too")
			continue
		}
		if path.Ext(entry) == "" {
			continue
		}
		im.found.Docs = append(im.found.Docs, &doc{
			Page:          Page{Source: r, Kind: kind, Collection: "posts"},
			collectionDir: dir,
			pathCats:      cats,
		})
	}
}

func (im *importer) readCollection(col collection, dir string) {
	for _, entry := range im.tree(dir) {
		r := path.Join(dir, entry)
		if !hasFrontMatterFile(filepath.Join(im.src, filepath.FromSlash(r))) {
			if col.Output {
				im.found.Copies = append(im.found.Copies, staticCopy{Src: r, URL: im.collectionFileURL(col, entry)})
			}
			continue
		}
		if !col.Output {
			im.found.Hidden[r] = col.Label
			continue
		}
		im.found.Docs = append(im.found.Docs, &doc{
			Page:          Page{Source: r, Kind: KindDocument, Collection: col.Label},
			collectionDir: dir,
		})
	}
}

// staticCopy is a file copied as it is to the path of its URL.
type staticCopy struct {
	Src  string // relative to the source
	URL  string // a path, not percent-encoded
	Data []byte // the bytes to write; nil: the source file's
}

// collectionFileURL is StaticFile#url for the file entry (relative to
// the collection's folder) of a collection: the collection's permalink
// with :collection, :path (without extension), :name filled in and
// :title, :output_ext empty, without a trailing slash, then the
// extension.
func (im *importer) collectionFileURL(col collection, entry string) string {
	tmpl := col.Permalink
	if tmpl == "" {
		tmpl = addSuffix("/:collection/:path", URLRules{Permalink: im.cfg.Permalink}.siteStyle())
	}
	ext := path.Ext(entry)
	stem := strings.TrimSuffix(entry, ext)
	stem = strings.TrimRight(stem, ".")
	u := tmpl
	for _, ph := range [][2]string{{":collection", col.Label}, {":path", "/" + stem}, {":name", path.Base(stem)}, {":output_ext", ""}, {":title", ""}} {
		u = strings.ReplaceAll(u, ph[0], ph[1])
	}
	u = "/" + strings.Trim(path.Clean("/"+u), "/")
	return unescapePath(u + ext)
}

func (im *importer) readData(dir string) {
	im.found.Data = append(im.found.Data, im.tree(dir)...)
}

func readlink(root, rel string) string {
	t, err := os.Readlink(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return rel
	}
	return t
}

func relTo(root, real string) string {
	r, err := filepath.Rel(root, real)
	if err != nil {
		return real
	}
	return filepath.ToSlash(r)
}

// hasFrontMatterFile reads the first line of a file.
func hasFrontMatterFile(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 512)
	n, _ := f.Read(buf)
	return hasFrontMatter(buf[:n])
}
