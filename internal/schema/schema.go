// Package schema declares content types: the types: block of site.yaml.
//
// A type names the section its pages live in, the front-matter map its
// fields are written in, its layout folder, its label per language and its
// fields:
//
//	types:
//	  event:
//	    section: events          # a section id of sections: (one source of
//	                             # truth: the URL segment per language comes
//	                             # from sections:, never from the type)
//	    key: event               # front-matter map holding the fields
//	                             # (default: the type's name)
//	    layout: events           # layout folder (default: the section id)
//	    label: {sv: Evenemang, da: Arrangement}
//	    fields:
//	      - {name: start, kind: datetime, required: true, label: {sv: Börjar, da: Starter}}
//	      - name: attendance
//	        kind: choice
//	        choices:
//	          - online                                   # value only
//	          - {value: in-person, label: {sv: På plats, da: Fysisk fremmøde}}
//	      - name: programme
//	        kind: list
//	        fields: [{name: date, kind: date}, {name: topic, kind: string}]
//	    filters:                 # list pages per value, without JavaScript
//	      - {field: status, path: {sv: status, da: status}}
//	      - {taxonomy: categories}
//
// A page has the type its type: names, or else the type whose section it
// is in. Package participation validates pages against their type.
//
// # Kinds
//
//	string    one line of text (numbers and true/false are read as text)
//	text      text, several lines allowed
//	markdown  Markdown, rendered as blocks
//	date      a date (2026-03-04); a date and time is accepted
//	datetime  a date and time; without an offset it is in the language's
//	          (or the event's timezone:) time zone
//	number    a number
//	money     a number (the currency is the sibling currency field) or
//	          {amount, currency}
//	url       an absolute http(s) URL, mailto: or a site path (/…)
//	email     an e-mail address
//	list      a list: of strings, or of maps when fields: is given
//	reference a path to another content page ("pools/faellesskabspulje");
//	          to: limits it to pages of one type
//	choice    one of choices:
//	bool      true or false (beyond the list: events' allDay)
//	place     a name, or {name, address} (beyond the list: locations)
//	map       a map with fields: (beyond the list)
package schema

import (
	"fmt"
	"sort"
	"strings"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/locale"
	"gopkg.in/yaml.v3"
)

// Kinds of field.
const (
	String    = "string"
	Text      = "text"
	Markdown  = "markdown"
	Date      = "date"
	DateTime  = "datetime"
	Number    = "number"
	Money     = "money"
	URL       = "url"
	Email     = "email"
	List      = "list"
	Reference = "reference"
	Choice    = "choice"
	Bool      = "bool"
	Place     = "place"
	Map       = "map"
)

var kinds = map[string]bool{
	String: true, Text: true, Markdown: true, Date: true, DateTime: true, Number: true,
	Money: true, URL: true, Email: true, List: true, Reference: true, Choice: true,
	Bool: true, Place: true, Map: true,
}

// Type is one content type declared under types: in site.yaml.
type Type struct {
	// Name is the type's key under types:, set by Check.
	Name    string      `yaml:"-"`
	Section string      `yaml:"section"`
	Key     string      `yaml:"key"`
	Layout  string      `yaml:"layout"`
	Label   locale.Text `yaml:"label"`
	Fields  []*Field    `yaml:"fields"`
	Filters []*Filter   `yaml:"filters"`

	// Line is the line of the type in site.yaml.
	Line     int `yaml:"-"`
	problems []diag.Diagnostic
	byName   map[string]*Field
}

// Field is one field of a type (or of a list item or map).
type Field struct {
	Name     string      `yaml:"name"`
	Kind     string      `yaml:"kind"`
	Required bool        `yaml:"required"`
	Label    locale.Text `yaml:"label"`
	Choices  []*Option   `yaml:"choices"`
	// Fields are the fields of a list's items or of a map.
	Fields []*Field `yaml:"fields"`
	// To limits a reference to pages of one type.
	To string `yaml:"to"`

	Line     int `yaml:"-"`
	problems []diag.Diagnostic
	byName   map[string]*Field
}

// Option is one allowed value of a choice field.
type Option struct {
	Value string      `yaml:"value"`
	Label locale.Text `yaml:"label"`
}

// Filter asks for one list page per value of a field or taxonomy, at
// /<lang>/<section path>/<filter path>/<value slug>/.
type Filter struct {
	Field    string      `yaml:"field"`
	Taxonomy string      `yaml:"taxonomy"`
	Path     locale.Text `yaml:"path"`
	Title    locale.Text `yaml:"title"`
	Line     int         `yaml:"-"`
}

// Lookup returns the field name, or nil.
func (t *Type) Lookup(name string) *Field { return t.byName[name] }

// Lookup returns the sub-field name of a list or map field, or nil.
func (f *Field) Lookup(name string) *Field { return f.byName[name] }

// FieldLabel is the label of a field in lang, or its name.
func (f *Field) FieldLabel(lang, def string) string {
	if s := f.Label.Get(lang, def); s != "" {
		return s
	}
	return f.Name
}

// ChoiceLabel is the label of a choice value in lang, or the value.
func (f *Field) ChoiceLabel(value, lang, def string) string {
	for _, c := range f.Choices {
		if c.Value == value {
			if s := c.Label.Get(lang, def); s != "" {
				return s
			}
		}
	}
	return value
}

// HasChoice reports whether value is allowed.
func (f *Field) HasChoice(value string) bool {
	for _, c := range f.Choices {
		if c.Value == value {
			return true
		}
	}
	return false
}

// ChoiceValues lists the allowed values.
func (f *Field) ChoiceValues() []string {
	out := make([]string, len(f.Choices))
	for i, c := range f.Choices {
		out[i] = c.Value
	}
	return out
}

// FieldNames lists the names of fields, in order.
func FieldNames(fields []*Field) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.Name
	}
	return out
}

// unknownKeys reports keys of a mapping node that are not in allowed:
// config decodes strictly, but a custom UnmarshalYAML loses that.
func unknownKeys(n *yaml.Node, what string, allowed ...string) []diag.Diagnostic {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	var out []diag.Diagnostic
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		ok := false
		for _, a := range allowed {
			if k.Value == a {
				ok = true
				break
			}
		}
		if !ok {
			out = append(out, diag.Errorf("", k.Line, "%s: unknown key %q (known: %s)", what, k.Value, strings.Join(allowed, ", ")))
		}
	}
	return out
}

// UnmarshalYAML records the type's line and checks its keys.
func (t *Type) UnmarshalYAML(n *yaml.Node) error {
	type plain Type
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*t = Type(p)
	t.Line = n.Line
	t.problems = unknownKeys(n, "type", "section", "key", "layout", "label", "fields", "filters")
	return nil
}

// UnmarshalYAML records the field's line and checks its keys.
func (f *Field) UnmarshalYAML(n *yaml.Node) error {
	type plain Field
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*f = Field(p)
	f.Line = n.Line
	f.problems = unknownKeys(n, "field", "name", "kind", "required", "label", "choices", "fields", "to")
	return nil
}

// UnmarshalYAML accepts a plain value or {value, label}.
func (c *Option) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		c.Value = n.Value
		return nil
	}
	type plain Option
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*c = Option(p)
	return nil
}

// UnmarshalYAML records the filter's line.
func (f *Filter) UnmarshalYAML(n *yaml.Node) error {
	type plain Filter
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*f = Filter(p)
	f.Line = n.Line
	return nil
}

// Check validates type declarations against the site's language codes and
// fills in defaults (Name, Key, Layout). Diagnostics carry lines; the
// caller sets the file.
func Check(types map[string]*Type, langs []string) diag.List {
	var diags diag.List
	names := make([]string, 0, len(types))
	for n := range types {
		names = append(names, n)
	}
	sort.Strings(names)
	sections := map[string]string{}
	for _, name := range names {
		t := types[name]
		if t == nil {
			diags.Errorf("", 0, "types: %q is empty (give it at least section:)", name)
			delete(types, name)
			continue
		}
		t.Name = name
		diags = append(diags, t.problems...)
		if !validName(name) {
			diags.Errorf("", t.Line, "type %q: want a lowercase name such as event", name)
		}
		if t.Section == "" {
			diags.Errorf("", t.Line, "type %q: no section (give the section id from sections:, e.g. section: events)", name)
		} else if other, ok := sections[t.Section]; ok {
			diags.Errorf("", t.Line, "type %q: section %q is already the section of type %q", name, t.Section, other)
		} else {
			sections[t.Section] = name
		}
		if t.Key == "" {
			t.Key = name
		}
		if t.Layout == "" {
			t.Layout = t.Section
		}
		checkText(&diags, t.Label, langs, t.Line, "type "+name+" label")
		t.byName = checkFields(&diags, t.Fields, langs, "type "+name, types)
		for _, f := range t.Filters {
			switch {
			case (f.Field == "") == (f.Taxonomy == ""):
				diags.Errorf("", f.Line, "type %q filter: give exactly one of field or taxonomy", name)
			case f.Field != "":
				fd := t.byName[f.Field]
				if fd == nil {
					diags.Errorf("", f.Line, "type %q filter: no field %q", name, f.Field)
				} else if fd.Kind != Choice && fd.Kind != String {
					diags.Errorf("", f.Line, "type %q filter: field %q is %s; filters work on choice and string fields", name, f.Field, fd.Kind)
				} else if f.Path.IsZero() {
					f.Path = locale.Text{"": f.Field}
				}
			}
			checkText(&diags, f.Path, langs, f.Line, "type "+name+" filter path")
		}
	}
	return diags
}

func checkFields(diags *diag.List, fields []*Field, langs []string, where string, types map[string]*Type) map[string]*Field {
	byName := map[string]*Field{}
	for _, f := range fields {
		if f == nil {
			continue
		}
		*diags = append(*diags, f.problems...)
		if f.Name == "" {
			diags.Errorf("", f.Line, "%s: field without name", where)
			continue
		}
		w := where + " field " + f.Name
		if byName[f.Name] != nil {
			diags.Errorf("", f.Line, "%s: listed twice", w)
		}
		byName[f.Name] = f
		if f.Kind == "" {
			f.Kind = String
		}
		if !kinds[f.Kind] {
			diags.Errorf("", f.Line, "%s: unknown kind %q (known: %s)", w, f.Kind, kindList())
		}
		if f.Kind == Choice && len(f.Choices) == 0 {
			diags.Errorf("", f.Line, "%s: a choice needs choices:", w)
		}
		if f.Kind != Choice && len(f.Choices) > 0 {
			diags.Errorf("", f.Line, "%s: choices: only go with kind: choice", w)
		}
		if f.Kind == Map && len(f.Fields) == 0 {
			diags.Errorf("", f.Line, "%s: a map needs fields:", w)
		}
		if len(f.Fields) > 0 && f.Kind != List && f.Kind != Map {
			diags.Errorf("", f.Line, "%s: fields: only go with kind: list or map", w)
		}
		if f.To != "" {
			if f.Kind != Reference {
				diags.Errorf("", f.Line, "%s: to: only goes with kind: reference", w)
			} else if types[f.To] == nil {
				diags.Errorf("", f.Line, "%s: to: %q is not a type", w, f.To)
			}
		}
		checkText(diags, f.Label, langs, f.Line, w+" label")
		for _, c := range f.Choices {
			checkText(diags, c.Label, langs, f.Line, w+" choice "+c.Value)
		}
		f.byName = checkFields(diags, f.Fields, langs, w, types)
	}
	return byName
}

func checkText(diags *diag.List, t locale.Text, langs []string, line int, where string) {
	for code := range t {
		if code == "" {
			continue
		}
		known := false
		for _, l := range langs {
			known = known || l == code
		}
		if !known {
			diags.Errorf("", line, "%s: %q is not a language of this site", where, code)
		}
	}
}

func kindList() string {
	out := make([]string, 0, len(kinds))
	for k := range kinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// String describes a kind for messages: "a date and time (datetime)".
func Describe(kind string) string {
	switch kind {
	case String:
		return "one line of text (string)"
	case Text:
		return "text"
	case Markdown:
		return "Markdown text"
	case Date:
		return "a date such as 2026-03-04 (date)"
	case DateTime:
		return "a date and time such as 2026-03-04T15:30:00+01:00 (datetime)"
	case Number:
		return "a number"
	case Money:
		return "an amount (a number, or {amount, currency})"
	case URL:
		return "a URL such as https://example.se/ (url)"
	case Email:
		return "an e-mail address"
	case List:
		return "a list"
	case Reference:
		return "a path to a content page such as pools/x (reference)"
	case Choice:
		return "one of the choices"
	case Bool:
		return "true or false"
	case Place:
		return "a place name or {name, address}"
	case Map:
		return "a map"
	}
	return fmt.Sprint(kind)
}
