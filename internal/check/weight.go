package check

import (
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/deltag/deltag/internal/config"
)

// pageWeight is what one page costs a reader: its HTML and the
// stylesheets and scripts it loads from the site (each once), images and
// fonts apart.
type pageWeight struct {
	file          string
	html, css, js int64
	total         int64
}

// weigh measures every HTML page under fsys.
func weigh(fsys fs.FS, cfg *config.Config) []pageWeight {
	own := ownHost(cfg.BaseURL)
	base := cfg.BasePath()
	size := map[string]int64{}
	sizeOf := func(p string) int64 {
		if n, ok := size[p]; ok {
			return n
		}
		var n int64 = -1
		if fi, err := fs.Stat(fsys, p); err == nil && !fi.IsDir() {
			n = fi.Size()
		}
		size[p] = n
		return n
	}
	var out []pageWeight
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return nil
		}
		if cfg.CMS != nil && strings.HasPrefix(p, "admin/") {
			// The CMS (site.yaml cms:) is the communicators' editor, a
			// 2 MB application; the budget is for what residents load.
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil
		}
		w := pageWeight{file: p, html: int64(len(b))}
		seen := map[string]bool{}
		var add func(kind, ref, from string)
		add = func(kind, ref, from string) {
			f, ok := localFile(ref, from, own, base)
			if !ok || seen[f] {
				return
			}
			seen[f] = true
			n := sizeOf(f)
			if n < 0 {
				return
			}
			switch kind {
			case "css":
				w.css += n
				// @import pulls in more CSS.
				if cb, err := fs.ReadFile(fsys, f); err == nil {
					for _, r := range cssURLs(cb, 1) {
						if r.Kind == "css @import" {
							add("css", r.URL, f)
						}
					}
				}
			case "js":
				w.js += n
			}
		}
		for _, r := range scanHTML(b).Resources {
			switch {
			case r.Kind == "stylesheet" || r.Kind == "css @import":
				add("css", r.URL, p)
			case r.Kind == "script" || r.Kind == "modulepreload" || r.Kind == "preload script":
				add("js", r.URL, p)
			}
		}
		w.total = w.html + w.css + w.js
		out = append(out, w)
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].file < out[j].file })
	return out
}

// localFile maps a URL in file from to a file of the site, when it is
// on the site.
func localFile(ref, from, own, base string) (string, bool) {
	u, err := url.Parse(ref)
	if err != nil || (u.Host != "" && !strings.EqualFold(u.Hostname(), own)) {
		return "", false
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return "", false
	}
	p := u.Path
	if p == "" {
		return "", false
	}
	if strings.HasPrefix(p, "/") {
		p = strings.TrimPrefix(p, base)
	} else {
		p = path.Join(path.Dir(from), p)
	}
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	return p, p != ""
}
