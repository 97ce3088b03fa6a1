package jekyll

import (
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// hiddenCollections writes the documents of every collection without
// output to data/collections/<label>.yaml: a list, in file order, of
// each document's front matter plus path (the source file), slug and
// content (the body as written). Jekyll built no pages for them, but its
// templates read them as site.<label>; deltag layouts read them as
// .Site.Data.collections.<label>.
func (im *importer) hiddenCollections() error {
	byLabel := map[string][]string{}
	for p, label := range im.found.Hidden {
		byLabel[label] = append(byLabel[label], p)
	}
	labels := make([]string, 0, len(byLabel))
	for l := range byLabel {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	for _, label := range labels {
		if strings.ContainsAny(label, "/\\") || label == "." || label == ".." || label == "" {
			im.diags.Warnf(im.cfg.File, 0, "collection %q: not a name a file can have; its documents are not kept as data", label)
			continue
		}
		files := byLabel[label]
		sort.Strings(files)
		var docs []map[string]any
		for _, f := range files {
			d := &doc{Page: Page{Source: f}}
			if b, err := readSource(im.src, f); err == nil {
				d.raw = b
			} else {
				im.diags.Warnf(f, 0, "not kept: %v", err)
				continue
			}
			d.sp = splitFile(d.raw)
			m := map[string]any{}
			if node, err := parseMapping(d.sp.YAML); err != nil {
				im.diags.Warnf(f, d.sp.YAMLLine, "front matter is not valid YAML (%s): kept without it", yamlErrorText(err))
			} else if err := node.Decode(&m); err != nil || m == nil {
				m = map[string]any{}
			}
			for k, v := range im.cfg.defaultsFor(f, label) {
				if _, ok := m[k]; !ok {
					m[k] = v
				}
			}
			m["path"] = f
			m["slug"] = basenameNoExt(f)
			m["content"] = string(d.sp.Body)
			docs = append(docs, m)
		}
		b, err := yaml.Marshal(docs)
		if err != nil {
			im.diags.Warnf(label, 0, "collection %s not kept as data: %v", label, err)
			continue
		}
		head := "# The documents of the Jekyll collection " + label + " (output: false), written by `deltag import jekyll`.\n"
		if err := im.writeFile(path.Join("data", "collections", label+".yaml"), append([]byte(head), b...)); err != nil {
			return err
		}
		im.report.Data++
	}
	return nil
}

// readSource reads a file of the Jekyll site by its relative path.
func readSource(src, rel string) ([]byte, error) {
	return os.ReadFile(filepath.Join(src, filepath.FromSlash(rel)))
}
