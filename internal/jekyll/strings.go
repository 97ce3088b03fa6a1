package jekyll

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// UI strings: multilingual Jekyll sites keep their interface texts in
// _config.yml, in one of two shapes:
//
//	t:                      t:
//	  sv:                     read_more:
//	    read_more: Läs mer      sv: Läs mer
//	  en:                       en: Read more
//	    read_more: Read more
//
// Either becomes i18n/<lang>.yaml (read_more: Read more), which deltag
// layouts read with {{T "read_more"}}; nested maps become dotted keys.

// uiStrings reads a top-level config key in either shape into strings
// by language and key; ok is false when the value has neither shape.
func uiStrings(n *yaml.Node, isLang func(string) bool) (out map[string]map[string]string, ok bool) {
	if n == nil || n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		return nil, false
	}
	out = map[string]map[string]string{}
	add := func(lang, key, val string) {
		if out[lang] == nil {
			out[lang] = map[string]string{}
		}
		if _, dup := out[lang][key]; !dup {
			out[lang][key] = val
		}
	}
	// Language first.
	byLang := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !isLang(n.Content[i].Value) || n.Content[i+1].Kind != yaml.MappingNode {
			byLang = false
			break
		}
	}
	if byLang {
		for i := 0; i+1 < len(n.Content); i += 2 {
			lang := normLang(n.Content[i].Value)
			flatten(n.Content[i+1], "", func(k, v string) { add(lang, k, v) })
		}
		return out, true
	}
	// Key first: every leaf map has language keys only.
	var walk func(n *yaml.Node, prefix string) bool
	walk = func(n *yaml.Node, prefix string) bool {
		if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
			return false
		}
		leaf := true
		for i := 0; i+1 < len(n.Content); i += 2 {
			if !isLang(n.Content[i].Value) || n.Content[i+1].Kind != yaml.ScalarNode {
				leaf = false
				break
			}
		}
		if leaf {
			for i := 0; i+1 < len(n.Content); i += 2 {
				add(normLang(n.Content[i].Value), prefix, n.Content[i+1].Value)
			}
			return true
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if prefix != "" {
				k = prefix + "." + k
			}
			if !walk(n.Content[i+1], k) {
				return false
			}
		}
		return true
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !walk(n.Content[i+1], n.Content[i].Value) {
			return nil, false
		}
	}
	return out, len(out) > 0
}

// flatten calls f for every scalar below n, with dotted keys.
func flatten(n *yaml.Node, prefix string, f func(k, v string)) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if prefix != "" {
				k = prefix + "." + k
			}
			flatten(n.Content[i+1], k, f)
		}
	case yaml.ScalarNode:
		if n.Tag != "!!null" {
			f(prefix, n.Value)
		}
	}
}

var plainKeyRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)

// yamlString writes s as a YAML string, plain when YAML reads it back
// as the same string.
func yamlString(s string) string {
	var n yaml.Node
	n.SetString(s)
	b, err := yaml.Marshal(&n)
	if err != nil {
		return q(s)
	}
	return strings.TrimSuffix(string(b), "\n")
}

// writeStrings writes i18n/<lang>.yaml for every language with strings.
func (im *importer) writeStrings() error {
	langs := make([]string, 0, len(im.cfg.Strings))
	for l := range im.cfg.Strings {
		if validLang(l) {
			langs = append(langs, l)
		}
	}
	sort.Strings(langs)
	for _, l := range langs {
		m := im.cfg.Strings[l]
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		fmt.Fprintf(&b, "# UI strings from the Jekyll site's %s (%s), written by `deltag import jekyll`.\n", im.cfg.File, strings.Join(im.cfg.StringKeys, ", "))
		for _, k := range keys {
			key := k
			if !plainKeyRE.MatchString(k) {
				key = q(k)
			}
			fmt.Fprintf(&b, "%s: %s\n", key, yamlString(m[k]))
		}
		if err := im.writeFile(path.Join("i18n", l+".yaml"), []byte(b.String())); err != nil {
			return err
		}
	}
	return nil
}
