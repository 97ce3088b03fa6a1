package jekyllsite

import (
	"io/fs"

	"github.com/deltag/deltag/internal/liquid"
	"gopkg.in/yaml.v3"
)

// collectionOrder lists the collections of the site's _config.yml in the
// order it names them (collections: as a mapping or a list), which is
// the order Jekyll renders them in after posts. The engine's config is
// a Go map and has lost that order.
func collectionOrder(fsys fs.FS) []string {
	raw, err := fs.ReadFile(fsys, liquid.ConfigFile)
	if err != nil {
		return nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(raw, &doc) != nil || len(doc.Content) == 0 {
		return nil // the engine reports a broken _config.yml
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "collections" {
			continue
		}
		var out []string
		switch c := root.Content[i+1]; c.Kind {
		case yaml.MappingNode:
			for j := 0; j < len(c.Content); j += 2 {
				out = append(out, c.Content[j].Value)
			}
		case yaml.SequenceNode:
			for _, n := range c.Content {
				out = append(out, n.Value)
			}
		}
		return out
	}
	return nil
}
