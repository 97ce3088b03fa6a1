package participation

import (
	"html/template"
	"sort"
	"strings"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/ical"
	"github.com/deltag/deltag/internal/markdown"
	"github.com/deltag/deltag/internal/schema"
	"github.com/deltag/deltag/internal/site"
)

// FieldView is one set field of a page, for generic display.
type FieldView struct {
	Name, Label, Kind string
	Value             any
}

func funcs(s *site.Site, l *site.Language) template.FuncMap {
	cfg := s.Config
	def := s.Languages[0].Code
	md := markdown.New(l.Code, markdown.Options{Unsafe: cfg.Markdown.Unsafe, Typographer: cfg.Markdown.TypographerOn()})
	// field finds a field by dotted name ("programme.date").
	field := func(typ, name string) *schema.Field {
		t := cfg.Types[typ]
		if t == nil {
			return nil
		}
		parts := strings.Split(name, ".")
		f := t.Lookup(parts[0])
		for _, part := range parts[1:] {
			if f == nil {
				return nil
			}
			f = f.Lookup(part)
		}
		return f
	}
	calendar := ""
	if t := typeWithKey(cfg.Types, "event"); t != nil {
		calendar = cfg.BasePath() + calendarFile(s, l, t.Section)
	}
	return template.FuncMap{
		"typeOf": func(v any) *schema.Type {
			if p := pageOf(v); p != nil {
				return TypeOf(p)
			}
			return nil
		},
		"fieldLabel": func(typ, name string) string {
			if f := field(typ, name); f != nil {
				return f.FieldLabel(l.Code, def)
			}
			return name
		},
		"choiceLabel": func(typ, name string, value any) string {
			v, _ := scalarString(value)
			if f := field(typ, name); f != nil {
				return f.ChoiceLabel(v, l.Code, def)
			}
			return v
		},
		"typedFields": func(v any) []FieldView {
			p := pageOf(v)
			if p == nil {
				return nil
			}
			t := TypeOf(p)
			if t == nil {
				return nil
			}
			vals, _ := p.Extra["fields"].(map[string]any)
			out := make([]FieldView, 0, len(vals))
			for _, f := range t.Fields {
				if v, ok := vals[f.Name]; ok {
					out = append(out, FieldView{Name: f.Name, Label: f.FieldLabel(l.Code, def), Kind: f.Kind, Value: v})
				}
			}
			return out
		},
		"blockMarkdown": func(v any) template.HTML {
			src, _ := scalarString(v)
			if src == "" {
				return ""
			}
			return template.HTML(md.Convert([]byte(src), "", 1, nil).HTML)
		},
		"eventJSONLD": func(v any) map[string]any {
			if e := eventOf(v); e != nil {
				return e.JSONLD()
			}
			return nil
		},
		"icsURL": func(v any) string {
			if e := eventOf(v); e != nil {
				return e.ICSURL
			}
			return ""
		},
		"calendarURL": func() string { return calendar },
	}
}

// Outputs writes an .ics beside every event page and, per language, a
// calendar of the upcoming events at /<lang>/<events section>/calendar.ics.
func Outputs(s *site.Site, emit func(name string, data []byte)) diag.List {
	t := typeWithKey(s.Config.Types, "event")
	if t == nil {
		return nil
	}
	for _, l := range s.Languages {
		var upcoming []ical.Event
		for _, p := range l.Pages {
			e := EventOf(p)
			if e == nil || e.Start.IsZero() {
				continue
			}
			ev := e.icalEvent()
			c := ical.Calendar{ProdID: "-//deltag//deltag//" + l.Code, Name: p.Title, Lang: l.Code, Events: []ical.Event{ev}}
			emit(e.ICSFile, c.Bytes())
			if !e.Past {
				upcoming = append(upcoming, ev)
			}
		}
		sec := l.Section(t.Section)
		if sec == nil && len(upcoming) == 0 {
			continue
		}
		sort.SliceStable(upcoming, func(i, j int) bool { return upcoming[i].Start.Before(upcoming[j].Start) })
		name := l.Title
		if sec != nil {
			name = sec.Title + " – " + l.Title
		}
		c := ical.Calendar{ProdID: "-//deltag//deltag//" + l.Code, Name: name, Lang: l.Code, Events: upcoming}
		emit(calendarFile(s, l, t.Section), c.Bytes())
	}
	return nil
}

func pageOf(v any) *site.Page { return site.PageOf(v) }

func eventOf(v any) *Event {
	if p := pageOf(v); p != nil {
		return EventOf(p)
	}
	return nil
}
