package jekyll

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Liquid comes over as it is: deltag renders a site's _layouts/,
// _includes/ and the Liquid in its pages (package liquid), with the
// site's _config.yml as site.<key>. The import copies those files, and
// the layouts and includes of a gem theme the site names (theme: minima)
// that the site does not override, from where Ruby installs gems. Two
// tags that name source files, {% link %} and {% post_url %}, are
// replaced by the URL deltag gives that page, because files move.

// gemDirs are where Ruby installs gems (Debian's packaged gems first).
var gemDirs = []string{
	"/usr/share/rubygems-integration/all/gems",
	"/var/lib/gems/*/gems",
	"/usr/lib/ruby/gems/*/gems",
	"/usr/local/lib/ruby/gems/*/gems",
}

// jekyllPathsData is the data file that maps deltag files to Jekyll
// sources (package render reads it by this name).
const jekyllPathsData = "jekyll_paths"

// templateDirs are the Liquid folders the import copies.
var templateDirs = []string{"_layouts", "_includes"}

// themeDir finds the installed gem of a theme, or "".
func themeDir(theme string) string {
	var dirs []string
	if h := os.Getenv("GEM_HOME"); h != "" {
		dirs = append(dirs, filepath.Join(h, "gems"))
	}
	for _, pattern := range gemDirs {
		m, _ := filepath.Glob(pattern)
		dirs = append(dirs, m...)
	}
	for _, d := range dirs {
		m, _ := filepath.Glob(filepath.Join(d, theme+"-[0-9]*"))
		sort.Strings(m)
		if len(m) > 0 {
			return m[len(m)-1]
		}
	}
	return ""
}

// copyTemplates copies the site's Liquid templates and _config.yml, and
// the theme's templates the site does not have.
func (im *importer) copyTemplates() error {
	copied := map[string]bool{}
	for _, dir := range templateDirs {
		for _, rel := range im.tree(dir) {
			f := path.Join(dir, rel)
			b, err := readSource(im.src, f)
			if err != nil {
				return err
			}
			if err := im.writeFile(f, im.rewriteLinkTags(f, b)); err != nil {
				return err
			}
			copied[f] = true
		}
	}
	td := ""
	if im.cfg.Theme != "" {
		td = themeDir(im.cfg.Theme)
		if td == "" {
			im.diags.Warnf(im.cfg.File, im.cfg.ThemeLine, "theme %q is not installed here (gem install %s, or Debian's jekyll-theme-%s); its layouts are not copied, so pages that use them get deltag's", im.cfg.Theme, im.cfg.Theme, im.cfg.Theme)
		}
		for _, dir := range templateDirs {
			if td == "" {
				break
			}
			root := filepath.Join(td, dir)
			_ = filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
				if err != nil || e.IsDir() {
					return nil
				}
				rel, _ := filepath.Rel(td, p)
				rel = filepath.ToSlash(rel)
				if copied[rel] {
					return nil
				}
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				copied[rel] = true
				return im.writeFile(rel, b)
			})
		}
	}
	// Where each page came from, for Liquid's page.path (themes find
	// pages by it: site.header_pages).
	var paths strings.Builder
	paths.WriteString("# The Jekyll source of every page, written by `deltag import jekyll`: Liquid's page.path.\n")
	for _, d := range im.docs {
		if !d.skip {
			paths.WriteString(q(d.Dest) + ": " + q(d.Source) + "\n")
		}
	}
	if err := im.writeFile(path.Join("data", jekyllPathsData+".yaml"), []byte(paths.String())); err != nil {
		return err
	}
	if td != "" {
		if err := im.themeAssets(td); err != nil {
			return err
		}
	}
	if err := im.copySass(td); err != nil {
		return err
	}
	b, err := readSource(im.src, im.cfg.File)
	if im.cfg.File == "" || err != nil {
		b = []byte("# The Jekyll site had no _config.yml. This file makes deltag render its Liquid.\n")
	}
	return im.writeFile("_config.yml", b)
}

// linkTagRE finds {% link path %} and {% post_url name %}.
var linkTagRE = regexp.MustCompile(`\{%-?\s*(link|post_url)\s+([^\s%]+)\s*-?%\}`)

// rewriteLinkTags replaces {% link %} and {% post_url %} in text from file
// by the URL of the page they name.
func (im *importer) rewriteLinkTags(file string, b []byte) []byte {
	return im.rewriteLinkTagsAt(file, 1, b)
}

// rewriteLinkTagsAt is rewriteLinkTags for text that starts on line
// first of file.
func (im *importer) rewriteLinkTagsAt(file string, first int, b []byte) []byte {
	if !linkTagRE.Match(b) {
		return b
	}
	base := "/" + strings.Trim(im.cfg.BaseURL, "/")
	base = strings.TrimSuffix(base, "/")
	lines := strings.Split(string(b), "\n")
	for i, line := range lines {
		lines[i] = linkTagRE.ReplaceAllStringFunc(line, func(m string) string {
			sm := linkTagRE.FindStringSubmatch(m)
			t := im.linkTarget(sm[1], sm[2])
			if t == nil || t.JekyllURL == "" {
				im.diags.Warnf(file, first+i, "{%% %s %s %%}: no published page of that name; written as /%s (Jekyll stops the build here)", sm[1], sm[2], sm[2])
				return base + "/" + sm[2]
			}
			u := t.natural
			if t.URL != "" {
				u = t.URL
			}
			return base + u
		})
	}
	return []byte(strings.Join(lines, "\n"))
}

// linkTarget finds the page a link tag names: a source path for link, a
// post's file name without extension (and date folder) for post_url.
func (im *importer) linkTarget(tag, arg string) *doc {
	if tag == "link" {
		return im.sourceIndex()[strings.TrimPrefix(arg, "/")]
	}
	for _, d := range im.docs {
		if d.skip || d.Kind != KindPost {
			continue
		}
		stem := strings.TrimSuffix(d.Source, path.Ext(d.Source))
		if strings.HasSuffix(stem, "/"+arg) || path.Base(stem) == arg {
			return d
		}
	}
	return nil
}
