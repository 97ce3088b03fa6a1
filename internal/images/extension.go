package images

import (
	"html/template"
	"io/fs"
	"os"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/markdown"
	"github.com/deltag/deltag/internal/site"
)

// Extension plugs images into the pipeline (site.Extension). It is always
// on: every front-matter image and thumbnail and every Markdown image must
// name a file in static/ (or the theme's) and have alt text, or say it is
// decorative; a problem is an error with file and line (a warning with
// site.yaml content: {imageCheck: warn}, which deltag import jekyll
// writes). Resizing is on with site.yaml images: (widths, quality): it
// decodes and re-encodes every image and keeps a cache folder, which a
// site opts into.
//
// Its parts:
//
//	Resolve    checks every page's front-matter images and, when resizing,
//	           processes them and registers the images of every body, so
//	           an incremental rebuild still publishes every variant
//	Markdown   checks and rewrites every Markdown image (srcset, sizes,
//	           width, height, lazy loading)
//	Funcs      pageImage and pageThumbnail (below)
//	OwnsStatic the processed uploads: published from their clean copy
//	Outputs    img/<variant> and the processed uploads at their own URL
type Extension struct{}

// Name names the extension in diagnostics.
func (Extension) Name() string { return "images" }

func setOf(s *site.Site) *Set {
	set, _ := s.State(Extension{}).(*Set)
	return set
}

// Resolve makes this build's Set and checks the front-matter images.
func (e Extension) Resolve(b *site.Builder) diag.List {
	s := b.Site()
	cfg := s.Config
	var opts Options
	if cfg.Images != nil {
		opts = Options{Widths: cfg.Images.Widths, Quality: cfg.Images.Quality}
	}
	set := NewSet(b.FS(), cfg.Theme, b.CacheDir(), cfg.BasePath(), opts)
	if cfg.Images == nil {
		set.CheckOnly()
	}
	if cfg.ImageCheckWarns() {
		set.Warn()
	}
	b.SetState(e, set)
	var diags diag.List
	for _, p := range s.Pages {
		if p.Page == nil {
			continue
		}
		diags.Append(set.CheckPage(p.Page))
		if cfg.Images != nil && p.File != "" {
			if data, err := fs.ReadFile(b.FS(), p.File); err == nil {
				set.ScanBody(p.Body(data))
			}
		}
	}
	return diags
}

// Markdown sets the image hook of every language's Markdown.
func (Extension) Markdown(s *site.Site, _ *site.Language, opts *markdown.Options) {
	if set := setOf(s); set != nil {
		opts.Image = set.Markdown
	}
}

// Funcs adds, for every language:
//
//	pageImage PAGE      the picture of the page's front-matter image, nil
//	                    without one or without images: in site.yaml;
//	                    {{with pageImage .}}{{.Tag CLASS SIZES EAGER}}{{end}}
//	pageThumbnail PAGE  the same for its thumbnail (falling back to the image)
func (Extension) Funcs(s *site.Site, _ *site.Language) template.FuncMap {
	set := setOf(s)
	pic := func(v any, key string) *Picture {
		p := site.PageOf(v)
		if p == nil {
			return nil
		}
		return set.PageImage(p.Page, key)
	}
	return template.FuncMap{
		"pageImage":     func(p any) *Picture { return pic(p, "image") },
		"pageThumbnail": func(p any) *Picture { return pic(p, "thumbnail") },
	}
}

// OwnsStatic reports whether rel (a path under static/) is an upload this
// build processed: it is published from its metadata-free copy (Outputs),
// not copied as it is.
func (Extension) OwnsStatic(s *site.Site, rel string) bool {
	return !setOf(s).Published(rel)
}

// Outputs writes the variants the pages show, copied from the cache to
// img/, and the processed uploads at their own URL (a layout or link may
// name them) with the widest variant's metadata-free bytes.
func (Extension) Outputs(s *site.Site, emit func(name string, data []byte)) diag.List {
	var diags diag.List
	set := setOf(s)
	if set == nil {
		return nil
	}
	for _, v := range set.Outputs() {
		b, err := os.ReadFile(v.File)
		if err != nil {
			diags.Errorf("", 0, "image cache: %v", err)
			continue
		}
		emit("img/"+v.Name, b)
	}
	for _, o := range set.Originals() {
		b, err := os.ReadFile(o.File)
		if err != nil {
			diags.Errorf("", 0, "image cache: %v", err)
			continue
		}
		emit(o.Name, b)
	}
	return diags
}
