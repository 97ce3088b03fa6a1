package jekyll

import (
	"bytes"
	"strings"
	"testing/fstest"

	deltagconfig "github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/page"
	"gopkg.in/yaml.v3"
)

// fitDeltag reads every page the import writes as `deltag build` will,
// with the site.yaml the import writes, so that nothing the import let
// through fails the build. A front-matter key deltag reads as its own
// (links, menu, weight, image, …) whose value it rejects is renamed
// jekyll_<key>: the value stays, and the page builds. Problems that are
// not in one key are reported as they are.
func (im *importer) fitDeltag(siteYAML []byte) {
	cfg, diags := deltagconfig.Load(fstest.MapFS{"site.yaml": {Data: siteYAML}})
	if diags.HasErrors() {
		for _, d := range diags.Errors() {
			im.diags.Errorf("site.yaml", d.Line, "the site.yaml the import wrote is not valid (a bug in the import): %s", d.Msg)
		}
		return
	}
	for _, d := range im.docs {
		if d.skip {
			continue
		}
		im.fitPage(d, cfg)
	}
}

func (im *importer) fitPage(d *doc, cfg *deltagconfig.Config) {
	renamed := map[string]bool{}
	for range 16 {
		fm, err := encodeFrontMatter(d.fm.n)
		if err != nil {
			return
		}
		_, diags := page.Parse(d.Dest, strings.TrimPrefix(d.Dest, "content/"), append(fm, d.sp.Body...), cfg)
		errs := diags.Errors()
		if len(errs) == 0 {
			return
		}
		key, e := keyOfError(fm, errs)
		if key == "" || renamed[key] || strings.HasPrefix(key, "jekyll_") {
			for _, e := range errs {
				im.diags.Warnf(d.Source, 0, "deltag will report: %s", e.Msg)
			}
			return
		}
		renamed[key] = true
		to := "jekyll_" + key
		im.diags.Warnf(d.Source, d.line(key), "front matter key %q is renamed %q: deltag reads %s differently (%s)", key, to, key, e.Msg)
		d.fm.rename(key, to)
	}
}

// keyOfError finds the top-level front-matter key of the first error
// that has a line in the front matter fm (as written, --- lines
// included).
func keyOfError(fm []byte, errs diag.List) (string, diag.Diagnostic) {
	y := bytes.TrimPrefix(fm, []byte("---\n"))
	y = bytes.TrimSuffix(y, []byte("---\n"))
	var n yaml.Node
	if yaml.Unmarshal(y, &n) != nil || len(n.Content) == 0 || n.Content[0].Kind != yaml.MappingNode {
		return "", diag.Diagnostic{}
	}
	m := n.Content[0]
	for _, e := range errs {
		line := e.Line - 1 // the YAML starts on the file's second line
		key := ""
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Line <= line {
				key = m.Content[i].Value
			}
		}
		if key != "" && line > 0 {
			return key, e
		}
	}
	return "", diag.Diagnostic{}
}

// withContentRules adds a content: block to site.yaml. Jekyll published
// images unchecked (a missing file, no alt text, an image on another
// host), so problems with images are warnings in an imported site
// (imageCheck: warn) until someone fixes them and removes the line; and
// when some page has no title, requireTitle: false, since Jekyll builds
// such pages and deltag reports them unless told not to; and with
// Jekyll's future: true, future: true (a setting of the site, not of
// each page: a post dated tomorrow that the owner adds later is
// published too, and page.date, the URL's date and the order stay the
// page's date). An import builds as it is.
func (im *importer) withContentRules(siteYAML []byte) []byte {
	var untitled []string
	for _, d := range im.docs {
		if d.skip {
			continue
		}
		if stringValue(d.jekyllOrOwn("title")) == "" {
			untitled = append(untitled, d.Source)
		}
	}
	block := "\ncontent:\n  # Jekyll published images unchecked; deltag warns about a missing file\n  # or alt text with this (remove it to make them errors).\n  imageCheck: warn\n"
	if len(untitled) > 0 {
		block += "  # Jekyll built pages without a title; so does deltag with this.\n  requireTitle: false\n"
	}
	if im.cfg.Future {
		block += "  # Jekyll published pages dated in the future (future: true); so does\n  # every deltag build with this, as `deltag build --future` does.\n  future: true\n"
	}
	return append(append([]byte(nil), siteYAML...), block...)
}
