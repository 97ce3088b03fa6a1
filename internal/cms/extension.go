package cms

import (
	"path"
	"strings"

	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/page"
	"github.com/deltag/deltag/internal/site"
)

// Extension writes /admin/ with every build, as a site.OutputWriter: the
// same files deltag cms writes into static/admin/, made from the site's
// sealed configuration. internal/features lists Extension{}, which takes
// its Options from site.yaml's cms: block and does nothing without one;
// a caller may give Options itself (tests).
//
// With the block, the build's /admin/ replaces a static/admin/ that an
// earlier deltag cms wrote (OwnsStatic), so the two never collide.
type Extension struct {
	Options Options
}

// Name names the extension in diagnostics.
func (Extension) Name() string { return "cms" }

// options are e's Options, else those of site.yaml's cms: block (line
// is the block's line); ok is false when there are none.
func (e Extension) options(cfg *config.Config) (opt Options, line int, ok bool) {
	if e.Options.Backend.Name != "" {
		return e.Options, 0, true
	}
	c := cfg.CMS
	if c == nil {
		return Options{}, 0, false
	}
	name := c.Backend
	if name == "" {
		name = "github"
	}
	return Options{
		Backend:     Backend{Name: name, Repo: c.Repo, Branch: c.Branch, APIRoot: c.APIRoot, BaseURL: c.BaseURL, AppID: c.AppID},
		MediaFolder: c.MediaFolder,
	}, cfg.Lines["cms"], true
}

// Outputs emits the files of /admin/.
func (e Extension) Outputs(s *site.Site, emit func(name string, data []byte)) diag.List {
	opt, line, ok := e.options(s.Config)
	if !ok {
		return nil
	}
	files, diags := Files(s.Config, opt)
	for i := range diags {
		if diags[i].File == "" {
			diags[i].File = config.File
			if diags[i].Line == 0 {
				diags[i].Line = line
			}
		}
	}
	for _, f := range files {
		emit(f.Path, f.Data)
	}
	srcs := make([]*page.Page, 0, len(s.Pages))
	for _, p := range s.Pages {
		if p.Page != nil && p.Kind == site.KindPage {
			srcs = append(srcs, p.Page)
		}
	}
	diags = append(diags, Unkept(srcs)...)
	return diags
}

// Unkept warns about the pages whose values the CMS cannot write back as
// they are when the page is saved there (see doc.go, "What the CMS
// keeps"), each with the way of writing it that the CMS keeps and deltag
// reads the same:
//
//   - image: a path: the CMS edits image: {src, alt} and drops a path;
//   - ref: "": the CMS writes the slug instead, and lists only one page
//     with ref: "" per collection; a ref no other language uses means the
//     same (no translations);
//   - a ref not in the form the CMS writes (lowercase, no spaces or
//     letters outside ASCII): the CMS rewrites it in every file of the
//     entry.
func Unkept(pages []*page.Page) diag.List {
	var diags diag.List
	for _, p := range pages {
		if !strings.HasSuffix(p.File, ".md") {
			continue
		}
		_, mapped := p.Lines["image.src"]
		if p.Image != "" && !mapped {
			diags.Warnf(p.File, p.Line("image"), "image: the CMS keeps an image only as a map; saving this page there drops image: %s: write image: {src: %s, alt: …} (the alt text from image_alt:)", p.Image, p.Image)
		}
		switch slug := strings.TrimSuffix(path.Base(p.File), ".md"); {
		case p.HasRef && p.Ref == "":
			diags.Warnf(p.File, p.Line("ref"), "ref: '': the CMS cannot keep an empty ref (saving writes ref: %s, and it lists only one page with ref: '' per section); a ref that no page in another language has also means no translations: write ref: %s", slug, slug)
		case strings.ContainsFunc(p.Ref, func(r rune) bool { return r > '~' }):
			diags.Warnf(p.File, p.Line("ref"), "ref: %q: the CMS writes refs in lowercase ASCII (letters, digits, dashes) and would change this one when the page is saved there; write it so here and in its translations", p.Ref)
		case p.Ref != "" && cmsRef(p.Ref) != p.Ref:
			diags.Warnf(p.File, p.Line("ref"), "ref: %q: the CMS writes refs in slug form and would change it to %q when this page is saved there; write %q here and in its translations", p.Ref, cmsRef(p.Ref), cmsRef(p.Ref))
		}
	}
	return diags
}

// cmsRef is a ref as Sveltia writes it (its slugify with the options of
// Config: ASCII, accents cleaned, lowercase): characters outside
// '-'…'~' (space and !"#$%&'()*+,) become dashes, runs of dashes one,
// none at either end. Not for refs beyond ASCII, which Sveltia
// transliterates by its own tables.
func cmsRef(ref string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(ref) {
		if r < '-' || r > '~' {
			r = '-'
		}
		if r == '-' && strings.HasSuffix(b.String(), "-") {
			continue
		}
		b.WriteRune(r)
	}
	return strings.ToLower(strings.Trim(b.String(), "-"))
}

// OwnsStatic reports whether rel is under admin/ while the build writes
// /admin/ itself.
func (e Extension) OwnsStatic(s *site.Site, rel string) bool {
	_, _, ok := e.options(s.Config)
	return ok && strings.HasPrefix(rel, Dir+"/")
}
