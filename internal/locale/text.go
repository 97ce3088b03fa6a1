package locale

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// Text is a string given per language code. In YAML it is written either
// as one string for every language (`title: Deltag`) or as a map
// (`title: {sv: Delta, da: Deltag}`).
type Text map[string]string

// UnmarshalYAML accepts a plain string or a map of language code to string.
func (t *Text) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*t = Text{"": n.Value}
		return nil
	case yaml.MappingNode:
		m := map[string]string{}
		if err := n.Decode(&m); err != nil {
			return err
		}
		*t = Text(m)
		return nil
	}
	return fmt.Errorf("line %d: want a string or a map of language code to string", n.Line)
}

// Get returns the text in lang, else the text given for every language,
// else the text in fallback (the site's default language), else "".
func (t Text) Get(lang, fallback string) string {
	if s, ok := t[lang]; ok {
		return s
	}
	if s, ok := t[""]; ok {
		return s
	}
	if s, ok := t[fallback]; ok {
		return s
	}
	return ""
}

// IsZero reports whether no text is given at all.
func (t Text) IsZero() bool { return len(t) == 0 }
