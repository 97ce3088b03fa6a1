package jekyll

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// hasFrontMatter is Jekyll's Utils.has_yaml_header?: the first line is
// "---", maybe followed by blanks. Jekyll makes a page only of such a
// file; any other file is copied as it is.
func hasFrontMatter(b []byte) bool {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return false
	}
	return strings.TrimRight(string(b[:i]), " \t\r\f\v") == "---"
}

// split is a file cut into front matter and body. Lines are 1-based file
// lines so that diagnostics point into the original file.
type split struct {
	YAML     []byte // the front matter text, without the --- lines
	YAMLLine int    // file line of the first front-matter line
	Body     []byte // everything after the closing line, unchanged
	BodyLine int    // file line of the first body line
	Closed   bool   // false when no closing --- or ... was found
}

// splitFile cuts b as Jekyll's YAML_FRONT_MATTER_REGEXP does. The caller
// has checked hasFrontMatter.
func splitFile(b []byte) split {
	first := bytes.IndexByte(b, '\n') + 1
	line := 2
	for off := first; off < len(b); {
		end := bytes.IndexByte(b[off:], '\n')
		next := len(b)
		if end >= 0 {
			next = off + end + 1
		}
		t := strings.TrimRight(string(b[off:next]), " \t\r\n\f\v")
		if t == "---" || t == "..." {
			return split{YAML: b[first:off], YAMLLine: 2, Body: b[next:], BodyLine: line + 1, Closed: true}
		}
		off = next
		line++
	}
	// Not closed: Jekyll reads no front matter and keeps the whole file
	// as the body.
	return split{Body: b, BodyLine: 1}
}

// yamlLineRE finds the line in a yaml.v3 error message.
var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// yamlErrorLine is the 1-based line within the YAML text an error names,
// or 0.
func yamlErrorLine(err error) int {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		err = errors.New(te.Errors[0])
	}
	m := yamlLineRE.FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// yamlErrorText strips yaml.v3's "yaml: line N: " prefix.
func yamlErrorText(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "yaml: ")
	if i := strings.Index(s, ": "); i >= 0 && strings.HasPrefix(s, "line ") {
		s = s[i+2:]
	}
	return s
}

// htmlCommentRE matches an HTML comment, also over several lines.
var htmlCommentRE = regexp.MustCompile(`(?s)<!--.*?-->`)

// stripHTMLComments blanks out HTML comments, keeping newlines so that
// line numbers stay right.
func stripHTMLComments(b []byte) ([]byte, bool) {
	found := false
	out := htmlCommentRE.ReplaceAllFunc(b, func(m []byte) []byte {
		found = true
		return bytes.Map(func(r rune) rune {
			if r == '\n' {
				return r
			}
			return -1
		}, m)
	})
	return out, found
}

// parseMapping parses front-matter YAML into its top-level mapping node.
// Empty front matter gives an empty mapping.
func parseMapping(b []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}, nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, errors.New("yaml: line " + strconv.Itoa(root.Line) + ": front matter is not a mapping of keys to values")
	}
	return root, nil
}

// mapping is a front-matter mapping node with helpers that keep key
// order.
type mapping struct{ n *yaml.Node }

func (m mapping) index(key string) int {
	for i := 0; i+1 < len(m.n.Content); i += 2 {
		if m.n.Content[i].Value == key {
			return i
		}
	}
	return -1
}

func (m mapping) get(key string) *yaml.Node {
	if i := m.index(key); i >= 0 {
		return m.n.Content[i+1]
	}
	return nil
}

func (m mapping) keyNode(key string) *yaml.Node {
	if i := m.index(key); i >= 0 {
		return m.n.Content[i]
	}
	return nil
}

func (m mapping) has(key string) bool { return m.index(key) >= 0 }

// set replaces key's value in place, or appends key at the end.
func (m mapping) set(key string, v *yaml.Node) {
	if i := m.index(key); i >= 0 {
		m.n.Content[i+1] = v
		return
	}
	m.n.Content = append(m.n.Content, strNode(key), v)
}

// rename renames key in place, keeping its position.
func (m mapping) rename(from, to string) {
	if i := m.index(from); i >= 0 {
		m.n.Content[i] = strNode(to)
	}
}

func (m mapping) remove(key string) {
	if i := m.index(key); i >= 0 {
		m.n.Content = append(m.n.Content[:i], m.n.Content[i+2:]...)
	}
}

func (m mapping) keys() []string {
	var ks []string
	for i := 0; i+1 < len(m.n.Content); i += 2 {
		ks = append(ks, m.n.Content[i].Value)
	}
	return ks
}

func strNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func plainNode(s, tag string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: s}
}

func seqNode(items ...string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, s := range items {
		n.Content = append(n.Content, strNode(s))
	}
	return n
}

// scalarStrings returns the strings of a scalar or a sequence of scalars
// (`redirect_from: /a/` and `redirect_from: [/a/, /b/]`).
func scalarStrings(n *yaml.Node) []string {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" || n.Value == "" {
			return nil
		}
		return []string{n.Value}
	case yaml.SequenceNode:
		var out []string
		for _, c := range n.Content {
			out = append(out, scalarStrings(c)...)
		}
		return out
	}
	return nil
}

func isQuoted(n *yaml.Node) bool {
	return n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0
}

// encodeFrontMatter writes a mapping as a front-matter block.
func encodeFrontMatter(n *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("---\n")
	if len(n.Content) > 0 {
		enc := yaml.NewEncoder(&b)
		enc.SetIndent(2)
		if err := enc.Encode(n); err != nil {
			return nil, err
		}
		if err := enc.Close(); err != nil {
			return nil, err
		}
	}
	b.WriteString("---\n")
	return b.Bytes(), nil
}
