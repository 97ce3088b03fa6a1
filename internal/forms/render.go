package forms

import (
	"bytes"
	"html/template"
	"io"
	"strconv"
	"strings"
)

// Render writes the form as HTML in lang (texts missing in lang fall back
// to defaultLang). state holds the values and errors of a failed post; nil
// renders an empty form. All text is escaped by html/template; nothing in
// state is ever written unescaped. The output needs no inline style or
// script; see the package documentation for its class names.
func Render(w io.Writer, f *Form, lang, defaultLang string, state *State) error {
	return formTemplate.Execute(w, newView(f, lang, defaultLang, state))
}

// HTML is Render for templates: the form as template.HTML.
func HTML(f *Form, lang, defaultLang string, state *State) (template.HTML, error) {
	var b bytes.Buffer
	if err := Render(&b, f, lang, defaultLang, state); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil // #nosec: built by html/template
}

type view struct {
	ID, Action, Title, Lang, Token string
	Errors                         []FieldError
	Fields                         []fieldView
	Privacy                        *privacyView
	PrivacyLast                    bool
	T                              map[string]string
	Submit                         string
}

type fieldView struct {
	Name, ID, Kind, Label, Hint, Error, ErrorPrefix, Value, Autocomplete, Describedby string
	Required, Checked, PrivacyHere                                                    bool
	Options                                                                           []optionView
}

type optionView struct {
	ID, Value, Label string
	Checked          bool
}

type privacyView struct {
	Controller, Purpose, Personal string
}

func newView(f *Form, lang, defaultLang string, state *State) *view {
	tr := func(key string) string { return get(ui[key], lang, defaultLang) }
	v := &view{
		ID:     f.ID,
		Action: f.Action,
		Title:  f.Title.Get(lang, defaultLang),
		Lang:   lang,
		Token:  state.Value("_token"),
		Submit: f.Submit.Get(lang, defaultLang),
		T:      map[string]string{},
	}
	if v.Action == "" {
		v.Action = "/forms/" + f.ID
	}
	if v.Submit == "" {
		v.Submit = tr("submit")
	}
	for _, k := range []string{"summary", "error", "requiredNote", "required", "honeypot", "privacy"} {
		v.T[k] = tr(k)
	}
	if state != nil {
		v.Errors = state.Errors
	}
	var personal []string
	privacyAt := -1
	for i, fd := range f.Fields {
		fv := fieldView{
			Name:         fd.Name,
			ID:           "field-" + fd.Name,
			Kind:         string(fd.Kind),
			Label:        fd.Label.Get(lang, defaultLang),
			Hint:         fd.Hint.Get(lang, defaultLang),
			Value:        state.Value(fd.Name),
			Autocomplete: fd.Autocomplete,
			Required:     fd.Required,
			ErrorPrefix:  v.T["error"],
		}
		if fd.Personal {
			personal = append(personal, fv.Label)
		}
		if e := state.Error(fd.Name); e != nil {
			fv.Error = e.Message
		}
		var desc []string
		if fv.Hint != "" {
			desc = append(desc, fv.ID+"-hint")
		}
		if fv.Error != "" {
			desc = append(desc, fv.ID+"-error")
		}
		fv.Describedby = strings.Join(desc, " ")
		switch fd.Kind {
		case Checkbox, Consent:
			fv.Checked = fv.Value != ""
		case Choice:
			for j, o := range fd.Choices {
				id := fv.ID
				if j > 0 {
					id += "-" + strconv.Itoa(j+1)
				}
				fv.Options = append(fv.Options, optionView{ID: id, Value: o.Value, Label: o.Label.Get(lang, defaultLang), Checked: o.Value == fv.Value})
			}
		}
		if fd.Kind == Consent && privacyAt < 0 {
			privacyAt = i
		}
		v.Fields = append(v.Fields, fv)
	}
	controller := f.Controller.Get(lang, defaultLang)
	purpose := f.Purpose.Get(lang, defaultLang)
	if controller != "" || purpose != "" || len(personal) > 0 {
		p := &privacyView{}
		if controller != "" {
			p.Controller = strings.ReplaceAll(tr("controller"), "{controller}", controller)
		}
		if purpose != "" {
			p.Purpose = strings.ReplaceAll(tr("purpose"), "{purpose}", purpose)
		}
		if len(personal) > 0 {
			p.Personal = strings.NewReplacer("{fields}", strings.Join(personal, ", "), "{days}", strconv.Itoa(f.Retention)).Replace(tr("personal"))
		}
		v.Privacy = p
		if privacyAt >= 0 {
			v.Fields[privacyAt].PrivacyHere = true
		} else {
			v.PrivacyLast = true
		}
	}
	return v
}

var formTemplate = template.Must(template.New("form").Parse(`<form class="form" id="form-{{.ID}}" action="{{.Action}}" method="post" accept-charset="UTF-8" novalidate aria-label="{{.Title}}" data-intake-token="{{.Action}}/token">
{{- if .Errors}}
<div class="form-error-summary" id="form-{{.ID}}-errors" role="alert" tabindex="-1" aria-labelledby="form-{{.ID}}-errors-title">
<h2 class="form-error-summary-title" id="form-{{.ID}}-errors-title">{{.T.summary}}</h2>
<ul class="form-error-summary-list">
{{- range .Errors}}
<li><a href="#field-{{.Field}}">{{.Message}}</a></li>
{{- end}}
</ul>
</div>
{{- end}}
<p class="form-required-note">{{.T.requiredNote}}</p>
{{- range .Fields}}
{{- if .PrivacyHere}}{{template "privacy" $}}{{end}}
<div class="form-field form-field-{{.Kind}}{{if .Error}} form-field-error{{end}}">
{{- if eq .Kind "choice"}}
<fieldset class="form-fieldset"{{if .Describedby}} aria-describedby="{{.Describedby}}"{{end}}>
<legend class="form-legend">{{.Label}}{{template "req" .}}</legend>
{{- template "hint" .}}
{{- $f := .}}
{{- range .Options}}
<div class="form-option"><input class="form-radio" type="radio" id="{{.ID}}" name="{{$f.Name}}" value="{{.Value}}"{{if .Checked}} checked{{end}}{{if $f.Required}} required{{end}}{{if $f.Error}} aria-invalid="true"{{end}}> <label class="form-option-label" for="{{.ID}}">{{.Label}}</label></div>
{{- end}}
</fieldset>
{{- else if or (eq .Kind "checkbox") (eq .Kind "consent")}}
{{- template "hint" .}}
<div class="form-option"><input class="form-checkbox" type="checkbox" id="{{.ID}}" name="{{.Name}}" value="yes"{{if .Checked}} checked{{end}}{{template "attrs" .}}> <label class="form-label form-option-label" for="{{.ID}}">{{.Label}}{{template "req" .}}</label></div>
{{- else}}
<label class="form-label" for="{{.ID}}">{{.Label}}{{template "req" .}}</label>
{{- template "hint" .}}
{{- if eq .Kind "textarea"}}
<textarea class="form-input form-textarea" id="{{.ID}}" name="{{.Name}}" rows="6"{{template "attrs" .}}>{{.Value}}</textarea>
{{- else if eq .Kind "email"}}
<input class="form-input" type="email" id="{{.ID}}" name="{{.Name}}" value="{{.Value}}" spellcheck="false"{{template "attrs" .}}>
{{- else if eq .Kind "number"}}
<input class="form-input form-input-number" type="text" inputmode="numeric" id="{{.ID}}" name="{{.Name}}" value="{{.Value}}"{{template "attrs" .}}>
{{- else if eq .Kind "date"}}
<input class="form-input form-input-date" type="date" id="{{.ID}}" name="{{.Name}}" value="{{.Value}}"{{template "attrs" .}}>
{{- else}}
<input class="form-input" type="text" id="{{.ID}}" name="{{.Name}}" value="{{.Value}}"{{template "attrs" .}}>
{{- end}}
{{- end}}
</div>
{{- end}}
{{- if .PrivacyLast}}{{template "privacy" .}}{{end}}
<div class="form-hp"><label for="form-{{.ID}}-website">{{.T.honeypot}}</label><input type="text" id="form-{{.ID}}-website" name="website" value="" tabindex="-1" autocomplete="off"></div>
<input type="hidden" name="_lang" value="{{.Lang}}">
<input type="hidden" name="_token" value="{{.Token}}">
<button class="form-submit" type="submit">{{.Submit}}</button>
</form>
{{- define "req"}}{{if .Required}} <span class="form-required" aria-hidden="true">*</span>{{end}}{{end}}
{{- define "hint"}}{{if .Hint}}
<p class="form-hint" id="{{.ID}}-hint">{{.Hint}}</p>{{end}}{{if .Error}}
<p class="form-error-message" id="{{.ID}}-error"><span class="form-visually-hidden">{{.ErrorPrefix}} </span>{{.Error}}</p>{{end}}{{end}}
{{- define "attrs"}}{{if .Required}} required aria-required="true"{{end}}{{if .Autocomplete}} autocomplete="{{.Autocomplete}}"{{end}}{{if .Describedby}} aria-describedby="{{.Describedby}}"{{end}}{{if .Error}} aria-invalid="true"{{end}}{{end}}
{{- define "privacy"}}
<div class="form-privacy">
<h2 class="form-privacy-title">{{.T.privacy}}</h2>
{{- with .Privacy}}
{{- if .Controller}}
<p>{{.Controller}}</p>{{end}}
{{- if .Purpose}}
<p>{{.Purpose}}</p>{{end}}
{{- if .Personal}}
<p>{{.Personal}}</p>{{end}}
{{- end}}
</div>
{{- end}}`))
