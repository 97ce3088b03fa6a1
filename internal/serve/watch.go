package serve

import (
	"context"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/fsroot"
	"github.com/fsnotify/fsnotify"
)

// watcher watches a site's inputs recursively and batches the bursts of
// events an editor makes when it saves.
type watcher struct {
	root string
	fw   *fsnotify.Watcher
}

// watchedRoots are the folders and files that make a site: deltag's,
// and those a site imported from Jekyll keeps (its config, Liquid
// layouts and includes, Sass partials and entries).
var watchedRoots = []string{"content", "layouts", "themes", "static", "i18n", "data", "site.yaml",
	"_config.yml", "_layouts", "_includes", "_sass", "assets"}

func newWatcher(root string) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, fw: fw}
	if err := fw.Add(root); err != nil { // for site.yaml and new top folders
		fw.Close()
		return nil, err
	}
	for _, r := range watchedRoots {
		w.addTree(filepath.Join(root, r))
	}
	return w, nil
}

func (w *watcher) close() { w.fw.Close() }

// addTree watches dir and every folder below it, following links to
// folders inside the site (never out of it, never round a loop).
func (w *watcher) addTree(dir string) {
	rel, err := filepath.Rel(w.root, dir)
	if err != nil || !fs.ValidPath(filepath.ToSlash(rel)) {
		return
	}
	rel = filepath.ToSlash(rel)
	_ = fsroot.WalkDir(fsroot.New(w.root), rel, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != rel && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			_ = w.fw.Add(filepath.Join(w.root, filepath.FromSlash(p)))
		}
		return nil
	})
}

// ignored reports editor temp, swap and backup files.
func ignored(name string) bool {
	base := filepath.Base(name)
	return strings.HasPrefix(base, ".") || strings.HasPrefix(base, "#") ||
		strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") ||
		strings.HasSuffix(base, ".swx") || strings.HasSuffix(base, ".swo") ||
		strings.HasSuffix(base, ".tmp") || strings.HasSuffix(base, ".bak") ||
		strings.HasSuffix(base, ".deltag-tmp") || base == "4913"
}

// run calls fn with the changed files (slash paths from the root) after
// each burst of events has been quiet for settle.
func (w *watcher) run(ctx context.Context, settle time.Duration, fn func([]string)) {
	pending := map[string]bool{}
	var timer <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			rel, err := filepath.Rel(w.root, ev.Name)
			if err != nil || ignored(ev.Name) {
				continue
			}
			rel = filepath.ToSlash(rel)
			if !w.relevant(rel) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					w.addTree(ev.Name)
					// Files may have landed before the watch: take them.
					_ = filepath.WalkDir(ev.Name, func(p string, d fs.DirEntry, err error) error {
						if err == nil && !d.IsDir() && !ignored(p) {
							if r, err := filepath.Rel(w.root, p); err == nil {
								pending[filepath.ToSlash(r)] = true
							}
						}
						return nil
					})
					timer = time.After(settle)
					continue
				}
			}
			pending[rel] = true
			timer = time.After(settle)
		case <-w.fw.Errors:
		case <-timer:
			timer = nil
			if len(pending) == 0 {
				continue
			}
			changed := make([]string, 0, len(pending))
			for f := range pending {
				changed = append(changed, f)
			}
			sort.Strings(changed)
			pending = map[string]bool{}
			fn(changed)
		}
	}
}

func (w *watcher) relevant(rel string) bool {
	for _, r := range watchedRoots {
		if rel == r || strings.HasPrefix(rel, r+"/") {
			return true
		}
	}
	return false
}

func listen(addr string) (net.Listener, error) { return net.Listen("tcp", addr) }
