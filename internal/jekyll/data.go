package jekyll

import (
	"bytes"
	"encoding/csv"
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
		b, err := marshalYAML(docs)
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

// tableData writes a CSV or TSV data file as YAML beside it (a list with
// one map per row, keys from the header row), as Jekyll reads it into
// site.data: deltag reads YAML and JSON. The table itself is copied too.
func (im *importer) tableData(rel string) error {
	src := path.Join(im.cfg.DataDir, rel)
	stem := strings.TrimSuffix(rel, path.Ext(rel))
	for _, other := range im.found.Data {
		if o := strings.TrimSuffix(other, path.Ext(other)); o == stem && other != rel {
			im.diags.Warnf(src, 0, "copied, but not read: %s has the same name, and deltag reads that one", other)
			return nil
		}
	}
	b, err := readSource(im.src, src)
	if err != nil {
		return err
	}
	r := csv.NewReader(bytes.NewReader(b))
	if strings.EqualFold(path.Ext(rel), ".tsv") {
		r.Comma = '\t'
	}
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		im.diags.Warnf(src, 0, "copied, but not read as a table: %v", err)
		return nil
	}
	list := &yaml.Node{Kind: yaml.SequenceNode}
	if len(rows) > 0 {
		head := rows[0]
		for _, row := range rows[1:] {
			m := &yaml.Node{Kind: yaml.MappingNode}
			for i, h := range head {
				v := ""
				if i < len(row) {
					v = row[i]
				}
				m.Content = append(m.Content, strNode(h), strNode(v))
			}
			list.Content = append(list.Content, m)
		}
	}
	out, err := marshalYAML(list)
	if err != nil {
		return err
	}
	head := "# " + src + " as YAML (written by `deltag import jekyll`): Jekyll reads tables into site.data, deltag reads YAML.\n"
	return im.writeFile(path.Join("data", stem+".yaml"), append([]byte(head), out...))
}

// marshalYAML is yaml.Marshal, except that a string starting with a
// space, tab or newline is written double-quoted: yaml.v3 writes such a
// string inside a list as a block scalar with an indentation indicator
// it cannot read back ("did not find expected key").
func marshalYAML(v any) ([]byte, error) {
	n, err := yamlNode(v)
	if err != nil {
		return nil, err
	}
	return yaml.Marshal(n)
}

// yamlNode is v as a YAML node, maps with their keys sorted; strings
// that start with white space are double-quoted.
func yamlNode(v any) (*yaml.Node, error) {
	switch v := v.(type) {
	case *yaml.Node:
		return v, nil
	case string:
		if v != "" && strings.ContainsRune(" \t\n\r", rune(v[0])) {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v, Style: yaml.DoubleQuotedStyle}, nil
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		m := &yaml.Node{Kind: yaml.MappingNode}
		for _, k := range keys {
			c, err := yamlNode(v[k])
			if err != nil {
				return nil, err
			}
			kn, err := yamlNode(k)
			if err != nil {
				return nil, err
			}
			m.Content = append(m.Content, kn, c)
		}
		return m, nil
	case []map[string]any:
		l := &yaml.Node{Kind: yaml.SequenceNode}
		for _, e := range v {
			c, err := yamlNode(e)
			if err != nil {
				return nil, err
			}
			l.Content = append(l.Content, c)
		}
		return l, nil
	case []any:
		l := &yaml.Node{Kind: yaml.SequenceNode}
		for _, e := range v {
			c, err := yamlNode(e)
			if err != nil {
				return nil, err
			}
			l.Content = append(l.Content, c)
		}
		return l, nil
	}
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		return nil, err
	}
	return &n, nil
}
