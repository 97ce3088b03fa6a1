// Package themes holds deltag's default theme, embedded in the binary, so
// that a site that names the theme without copying it (an imported Jekyll
// site, a new site) builds as it is.
package themes

import (
	"embed"
	"io/fs"
	"strings"
)

// Default is the name of the embedded theme.
const Default = "deltag"

//go:embed all:deltag
var embedded embed.FS

// WithDefault returns fsys with the embedded default theme at
// themes/deltag/ when fsys has no folder of that name; a site's own copy
// of the theme always wins, whole (the two are never mixed).
func WithDefault(fsys fs.FS) fs.FS {
	if st, err := fs.Stat(fsys, "themes/"+Default); err == nil && st.IsDir() {
		return fsys
	}
	return overlay{fsys}
}

// overlay serves themes/deltag/… from the embedded copy, everything else
// from the site.
type overlay struct{ site fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	return o.FSFor(name).Open(name)
}

// FSFor returns the file system that serves name: the embedded theme's
// for themes/deltag/…, else the site's own, so that package fsroot walks
// the site with its checks (links that leave the site, loops).
func (o overlay) FSFor(name string) fs.FS {
	if name == "themes/"+Default || strings.HasPrefix(name, "themes/"+Default+"/") {
		return theme{}
	}
	return o.site
}

// theme serves the embedded theme under its site path themes/deltag/….
type theme struct{}

func (theme) Open(name string) (fs.File, error) {
	if name == "." || name == "themes" {
		return embedded.Open(".")
	}
	return embedded.Open(strings.TrimPrefix(name, "themes/"))
}
