package formdef

import (
	"fmt"
	"sort"
	"strings"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/schema"
	"gopkg.in/yaml.v3"
)

// Publish is a form's publish: block — what an approved submission
// becomes when a moderator runs `deltag intake publish`: a draft page of
// a content type, with some of the type's fields filled from the form
// and others given here. A form without it cannot be published.
type Publish struct {
	// Type is a type of site.yaml types:.
	Type string
	// Section is the content section the draft goes in; default the
	// type's own.
	Section string
	// Fields map a page key to the form field that fills it, in the
	// order written.
	Fields []Mapping
	// Set gives fixed values to the type's fields, in the order written.
	Set []Fixed

	Line  int
	lines map[string]int
}

// Mapping fills one key of the page from form fields. Key is title,
// summary, body or a field of the type; From lists the form fields (only
// body takes more than one, as sections of the text).
type Mapping struct {
	Key  string
	From []string
	Line int
}

// Fixed is one fixed value of a type's field.
type Fixed struct {
	Key   string
	Value any
	Line  int
}

// Page keys a mapping may fill besides the type's fields.
const (
	PageTitle   = "title"
	PageSummary = "summary"
	PageBody    = "body"
)

// UnmarshalYAML reads publish: {type, section, fields: {key: field}, set: {key: value}}.
func (p *Publish) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return typeError([]string{fmt.Sprintf("line %d: publish: want {type: …, fields: {…}}", n.Line)})
	}
	*p = Publish{Line: n.Line, lines: keyLines(n)}
	var errs []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "type", "section":
			if v.Kind != yaml.ScalarNode {
				errs = append(errs, fmt.Sprintf("line %d: publish %s: want a name", v.Line, k.Value))
				continue
			}
			if k.Value == "type" {
				p.Type = v.Value
			} else {
				p.Section = v.Value
			}
		case "fields":
			if v.Kind != yaml.MappingNode {
				errs = append(errs, fmt.Sprintf("line %d: publish fields: want a map of page key to form field, such as {title: activity}", v.Line))
				continue
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				key, val := v.Content[j], v.Content[j+1]
				m := Mapping{Key: key.Value, Line: key.Line}
				switch val.Kind {
				case yaml.ScalarNode:
					m.From = []string{val.Value}
				case yaml.SequenceNode:
					for _, x := range val.Content {
						m.From = append(m.From, x.Value)
					}
				default:
					errs = append(errs, fmt.Sprintf("line %d: publish fields %s: want a form field's name", val.Line, key.Value))
					continue
				}
				p.Fields = append(p.Fields, m)
			}
		case "set":
			if v.Kind != yaml.MappingNode {
				errs = append(errs, fmt.Sprintf("line %d: publish set: want a map of field to value, such as {funder: DOMI Bolig}", v.Line))
				continue
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				key, val := v.Content[j], v.Content[j+1]
				var x any
				if err := val.Decode(&x); err != nil {
					errs = append(errs, fmt.Sprintf("line %d: publish set %s: %v", val.Line, key.Value, err))
					continue
				}
				p.Set = append(p.Set, Fixed{Key: key.Value, Value: x, Line: key.Line})
			}
		default:
			errs = append(errs, fmt.Sprintf("line %d: publish: unknown key %q (known: type, section, fields, set)", k.Line, k.Value))
		}
	}
	return typeError(errs)
}

// SectionOf is the section a draft goes in: the mapping's, else the type's.
func (p *Publish) SectionOf(t *schema.Type) string {
	if p.Section != "" || t == nil {
		return p.Section
	}
	return t.Section
}

// From returns the form fields that fill key, or nil.
func (p *Publish) From(key string) []string {
	for _, m := range p.Fields {
		if m.Key == key {
			return m.From
		}
	}
	return nil
}

// fits lists, per form field kind, the kinds of type field it may fill.
var fits = map[Kind][]string{
	Text:     {schema.String, schema.Text, schema.Markdown},
	Textarea: {schema.Text, schema.Markdown},
	Email:    {schema.Email, schema.String, schema.Text},
	Number:   {schema.Number, schema.Money, schema.String},
	Date:     {schema.Date, schema.String},
	Choice:   {schema.Choice, schema.String},
	Checkbox: {schema.Bool},
}

// CheckPublish checks every form's publish: mapping against the content
// types (after schema.Check) and the section ids of sections: (nil: any
// section): the type exists; every key is title, summary, body or a
// field of the type; every form field named exists, is not personal and
// fits the field's kind; every required field of the type is filled — by
// a required form field or by set:. Diagnostics carry the line; the
// caller sets File.
func CheckPublish(forms []*Form, types map[string]*schema.Type, sections map[string]bool) diag.List {
	var d diag.List
	for _, f := range forms {
		if f == nil || f.Publish == nil {
			continue
		}
		checkPublish(&d, f, f.Publish, types, sections)
	}
	return d
}

func checkPublish(d *diag.List, f *Form, p *Publish, types map[string]*schema.Type, sections map[string]bool) {
	name := f.ID
	if p.Type == "" {
		d.Errorf("", p.Line, "form %q: publish: no type (give the content type a published submission becomes, such as type: idea)", name)
		return
	}
	t := types[p.Type]
	if t == nil {
		d.Errorf("", p.line("type"), "form %q: publish: type %q is not declared under types: (known: %s)", name, p.Type, typeNames(types))
		return
	}
	if p.Section != "" && sections != nil && !sections[p.Section] {
		d.Errorf("", p.line("section"), "form %q: publish: section %q is not declared under sections:", name, p.Section)
	}
	filled := map[string]bool{}
	for _, m := range p.Fields {
		if filled[m.Key] {
			d.Errorf("", m.Line, "form %q: publish: %s is filled twice", name, m.Key)
		}
		filled[m.Key] = true
		var kinds []string
		switch m.Key {
		case PageTitle, PageSummary:
			kinds = []string{schema.String}
			if m.Key == PageSummary {
				kinds = []string{schema.Text}
			}
		case PageBody:
			kinds = []string{schema.Markdown}
		default:
			tf := t.Lookup(m.Key)
			if tf == nil {
				d.Errorf("", m.Line, "form %q: publish: %q is not a field of type %q (fields: %s; or title, summary, body)", name, m.Key, p.Type, strings.Join(schema.FieldNames(t.Fields), ", "))
				continue
			}
			kinds = []string{tf.Kind}
		}
		if len(m.From) != 1 && m.Key != PageBody {
			d.Errorf("", m.Line, "form %q: publish: %s takes one form field (only body takes a list)", name, m.Key)
			continue
		}
		for _, from := range m.From {
			fd := f.Field(from)
			switch {
			case fd == nil:
				d.Errorf("", m.Line, "form %q: publish: %s: the form has no field %q (fields: %s)", name, m.Key, from, strings.Join(fieldNames(f), ", "))
			case fd.Personal:
				d.Errorf("", m.Line, "form %q: publish: %s: field %q is personal, and personal data never goes on a page", name, m.Key, from)
			case !fitsKind(fd.Kind, kinds[0]):
				d.Errorf("", m.Line, "form %q: publish: %s is %s; form field %q (%s) cannot fill it", name, m.Key, schema.Describe(kinds[0]), from, fd.Kind)
			case fd.Kind == Choice && kinds[0] == schema.Choice:
				tf := t.Lookup(m.Key)
				for _, o := range fd.Choices {
					if !tf.HasChoice(o.Value) {
						d.Errorf("", m.Line, "form %q: publish: %s: the form's choice %q is not a choice of type %q (choices: %s)", name, m.Key, o.Value, p.Type, strings.Join(tf.ChoiceValues(), ", "))
					}
				}
			}
		}
	}
	for _, s := range p.Set {
		if filled[s.Key] {
			d.Errorf("", s.Line, "form %q: publish: %s is both mapped from the form and set", name, s.Key)
		}
		filled[s.Key] = true
		tf := t.Lookup(s.Key)
		if tf == nil {
			d.Errorf("", s.Line, "form %q: publish set: %q is not a field of type %q (fields: %s)", name, s.Key, p.Type, strings.Join(schema.FieldNames(t.Fields), ", "))
			continue
		}
		if tf.Kind == schema.Choice {
			if v, _ := schema.Scalar(s.Value); !tf.HasChoice(v) {
				d.Errorf("", s.Line, "form %q: publish set: %s: %q is not a choice of type %q (choices: %s)", name, s.Key, v, p.Type, strings.Join(tf.ChoiceValues(), ", "))
			}
		}
	}
	for _, tf := range t.Fields {
		if tf == nil || !tf.Required {
			continue
		}
		from := p.From(tf.Name)
		switch {
		case !filled[tf.Name]:
			d.Errorf("", p.Line, "form %q: publish: type %q requires %s, which the mapping does not fill (map a form field under fields: or give a value under set:)", name, p.Type, tf.Name)
		case len(from) == 1 && f.Field(from[0]) != nil && !f.Field(from[0]).Required:
			d.Errorf("", p.Line, "form %q: publish: type %q requires %s, but form field %q may be left empty (make it required: true, or give a value under set:)", name, p.Type, tf.Name, from[0])
		}
	}
}

func fitsKind(k Kind, to string) bool {
	for _, x := range fits[k] {
		if x == to {
			return true
		}
	}
	return false
}

func (p *Publish) line(key string) int {
	if l := p.lines[key]; l > 0 {
		return l
	}
	return p.Line
}

func fieldNames(f *Form) []string {
	var out []string
	for _, fd := range f.Fields {
		out = append(out, fd.Name)
	}
	return out
}

func typeNames(types map[string]*schema.Type) string {
	var out []string
	for n := range types {
		out = append(out, n)
	}
	sort.Strings(out)
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}
