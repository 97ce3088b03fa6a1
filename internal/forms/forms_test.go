package forms

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/locale"
	"gopkg.in/yaml.v3"
)

type siteBlock struct {
	Intake Intake  `yaml:"intake"`
	Forms  []*Form `yaml:"forms"`
}

func parse(t *testing.T, src string) (*siteBlock, diag.List) {
	t.Helper()
	var s siteBlock
	dec := yaml.NewDecoder(strings.NewReader(src))
	dec.KnownFields(true)
	var d diag.List
	if err := dec.Decode(&s); err != nil {
		te, ok := err.(*yaml.TypeError)
		if !ok {
			t.Fatalf("decode: %v", err)
		}
		for _, m := range te.Errors {
			d.Errorf("", 0, "%s", m)
		}
	}
	for _, x := range Check(s.Forms, []string{"sv", "da"}) {
		x.File = "site.yaml"
		d.Add(x)
	}
	return &s, d
}

func exampleForms(t *testing.T) *siteBlock {
	t.Helper()
	data, err := os.ReadFile("testdata/example-forms.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, d := parse(t, string(data))
	if len(d) > 0 {
		t.Fatalf("example forms: got diagnostics, want none:\n%v", d)
	}
	return s
}

func TestExampleFormsCheck(t *testing.T) {
	s := exampleForms(t)
	if len(s.Forms) != 3 || s.Forms[0].ID != "pool-application" || s.Forms[1].ID != "idea" || s.Forms[2].ID != "focus-group" {
		t.Fatalf("got forms %v, want pool-application, idea and focus-group", s.Forms)
	}
	if s.Intake.Secret != "env:DELTAG_INTAKE_SECRET" || s.Intake.URL == "" {
		t.Errorf("intake: got %+v", s.Intake)
	}
}

func TestCheck(t *testing.T) {
	const head = "forms:\n"
	tests := []struct {
		name, src string
		want      []string // ":line: message" (or "line N: " for YAML errors)
	}{
		{"duplicate id", head + `  - {id: a, title: T, success: /t/, fields: [{name: x, label: X}]}
  - {id: a, title: T, success: /t/, fields: [{name: x, label: X}]}
`, []string{`:3: form id "a" used twice (first on line 2)`}},
		{"bad id", head + `  - {id: A_b, title: T, success: /t/, fields: [{name: x, label: X}]}
`, []string{`:2: form id "A_b"`}},
		{"unknown kind", head + `  - id: a
    title: T
    success: /t/
    fields:
      - name: x
        label: X
        kind: slider
`, []string{`:8: form "a": field "x": unknown kind "slider"`}},
		{"choice without choices", head + `  - id: a
    title: T
    success: /t/
    fields:
      - {name: x, label: X, kind: choice}
`, []string{`:6: form "a": field "x" is a choice without choices`}},
		{"min greater than max", head + `  - id: a
    title: T
    success: /t/
    fields:
      - name: x
        label: X
        kind: number
        min: 10
        max: 5
`, []string{`:9: form "a": field "x": min 10 is greater than max 5`}},
		{"missing label language", head + `  - id: a
    title: T
    success: /t/
    fields:
      - name: x
        label: {sv: X}
`, []string{`:7: form "a": field "x" has no da label`}},
		{"missing title language", head + `  - id: a
    title: {da: T}
    success: /t/
    fields: [{name: x, label: X}]
`, []string{`:3: form "a": title has no sv text`}},
		{"bad retention", head + `  - id: a
    title: T
    success: /t/
    retention: -4
    fields: [{name: x, label: X}]
`, []string{`:5: form "a": retention -4`}},
		{"personal without retention", head + `  - id: a
    title: T
    success: /t/
    controller: C
    purpose: P
    fields: [{name: x, label: X, personal: true}]
`, []string{`:2: form "a" collects personal data but has no retention`}},
		{"foreign success", head + `  - id: a
    title: T
    success: https://evil.example/
    fields: [{name: x, label: X}]
`, []string{`:4: form "a": success "https://evil.example/"`}},
		{"reserved name", head + `  - id: a
    title: T
    success: /t/
    fields: [{name: website, label: X}, {name: _lang, label: X}]
`, []string{`:5: form "a": field name "website" is reserved`, `:5: form "a": field name "_lang" is reserved`}},
		{"unknown key in field", head + `  - id: a
    title: T
    success: /t/
    fields:
      - name: x
        label: X
        lable: Y
`, []string{`line 8: field lable not found in type forms.Field`}},
		{"unknown error code", head + `  - id: a
    title: T
    success: /t/
    fields:
      - name: x
        label: X
        errors: {requird: R}
`, []string{`:8: form "a": field "x": unknown error "requird"`}},
		{"literal secret", `intake:
  url: https://i.example
  secret: hunter2
`, []string{`line 3: intake secret`}},
		{"date limits", head + `  - id: a
    title: T
    success: /t/
    fields:
      - {name: d, label: D, kind: date, min: 2026-13-01}
`, []string{`:6: form "a": field "d": "2026-13-01" is not a date`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, d := parse(t, tt.src)
			got := diagStrings(d)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("got diagnostics:\n%s\nwant one containing %q", got, w)
				}
			}
		})
	}
}

func diagStrings(d diag.List) string {
	var b strings.Builder
	for _, x := range d {
		b.WriteString(x.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func TestValidate(t *testing.T) {
	f := exampleForms(t).Forms[0]
	good := map[string]string{
		"applicant": " Herdis  ", "activity": "Havedag", "purpose": "Vi vil lave en fælles havedag for tre afdelinger.\r\nMed kaffe.",
		"participants": "40", "period": "maj 2026", "budget": "20.000", "email": "h@example.dk", "consent": "yes",
	}
	res := Validate(f, good, "da", "sv")
	if !res.OK() {
		t.Fatalf("good values: got errors %v", res.State.Errors)
	}
	if got := res.Typed["budget"]; got != int64(20000) {
		t.Errorf("budget: got %#v, want int64 20000", got)
	}
	if got := res.Typed["applicant"]; got != "Herdis" {
		t.Errorf("applicant: got %q, want trimmed %q", got, "Herdis")
	}
	if got := res.Typed["purpose"]; got != "Vi vil lave en fælles havedag for tre afdelinger.\nMed kaffe." {
		t.Errorf("purpose: got %q, want CRLF turned into LF", got)
	}
	if got := res.Typed["consent"]; got != true {
		t.Errorf("consent: got %#v, want true", got)
	}

	tests := []struct {
		field, value, lang, code, msg string
	}{
		{"applicant", "", "sv", "required", "Fyll i sökande"},
		{"applicant", "", "da", "required", "Udfyld ansøger"},
		{"email", "not-an-address", "sv", "email", "Skriv e-postadressen i rätt format"},
		{"email", "a@b", "da", "email", "e-mailadressen"},
		{"budget", "25000", "sv", "max", "Budget i kronor får vara högst 20\u00a0000"},
		{"budget", "25000", "da", "max", "Økonomi i kroner må højst være 20.000"},
		{"budget", "1,5", "sv", "number", "heltal"},
		{"participants", "0", "da", "min", "mindst 1"},
		{"purpose", "kort", "da", "minlength", "Beskriv formål og aktivitet med mindst 20 tegn"},
		{"period", strings.Repeat("x", 201), "sv", "maxlength", "högst 200 tecken"},
		{"consent", "", "sv", "required", "Kryssa i rutan"},
		{"applicant", "bad \xff\xfe utf8", "sv", "encoding", "gick att läsa"},
		{"applicant", "nul\x00byte", "sv", "invalid", "otillåtna tecken"},
		{"applicant", "bidi\u202eevil", "sv", "invalid", "otillåtna tecken"},
	}
	for _, tt := range tests {
		t.Run(tt.field+"/"+tt.code+"/"+tt.lang, func(t *testing.T) {
			v := map[string]string{}
			for k, x := range good {
				v[k] = x
			}
			v[tt.field] = tt.value
			res := Validate(f, v, tt.lang, "sv")
			e := res.State.Error(tt.field)
			if e == nil {
				t.Fatalf("got no error, want %s", tt.code)
			}
			if e.Code != tt.code || !strings.Contains(e.Message, tt.msg) {
				t.Errorf("got %s %q, want %s containing %q", e.Code, e.Message, tt.code, tt.msg)
			}
			if len(res.State.Errors) != 1 {
				t.Errorf("got %d errors, want 1: %v", len(res.State.Errors), res.State.Errors)
			}
			if _, ok := res.Typed[tt.field]; ok {
				t.Errorf("got a typed value for a field with an error")
			}
		})
	}
}

func TestParseNumber(t *testing.T) {
	for in, want := range map[string]int64{"20000": 20000, "20 000": 20000, "20\u00a0000": 20000, "20.000": 20000, "20,000": 20000, "1.234.567": 1234567, "20000,00": 20000, "-5": -5, "\u22125": -5} {
		if got, ok := parseNumber(in); !ok || got != want {
			t.Errorf("parseNumber(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"1,5", "1.50.0", "abc", "12e3", "", "99999999999999999999", "0x10"} {
		if got, ok := parseNumber(in); ok {
			t.Errorf("parseNumber(%q) = %d; want not a number", in, got)
		}
	}
}

func TestRenderEmpty(t *testing.T) {
	s := exampleForms(t)
	s.Intake.Bind(s.Forms)
	var b bytes.Buffer
	if err := Render(&b, s.Forms[0], "da", "sv", nil); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		`<form class="form" id="form-pool-application" action="https://intake.portal.example.se/forms/pool-application" method="post"`,
		`<label class="form-label" for="field-applicant">Ansøger <span class="form-required" aria-hidden="true">*</span></label>`,
		`<p class="form-hint" id="field-applicant-hint">`,
		`id="field-applicant" name="applicant" value="" required aria-required="true" autocomplete="name" aria-describedby="field-applicant-hint">`,
		`<input class="form-input" type="email" id="field-email" name="email"`,
		`<textarea class="form-input form-textarea" id="field-purpose" name="purpose"`,
		`inputmode="numeric" id="field-budget"`,
		`<h2 class="form-privacy-title">Sådan behandler vi dine oplysninger</h2>`,
		`slettes efter 180 dage`,
		`Personoplysninger i formularen: Ansøger, E-mailadresse til kontakt.`,
		`<input type="text" id="form-pool-application-website" name="website" value="" tabindex="-1" autocomplete="off">`,
		`<input type="hidden" name="_lang" value="da">`,
		`<button class="form-submit" type="submit">Send ansøgning</button>`,
		`data-intake-token="https://intake.portal.example.se/forms/pool-application/token"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("render: want %s\ngot:\n%s", want, out)
		}
	}
	if strings.Contains(out, "form-error-summary") || strings.Contains(out, "style=") || strings.Contains(out, "<script") {
		t.Errorf("empty form: got error summary, inline style or script:\n%s", out)
	}
	if strings.Index(out, "form-privacy") > strings.Index(out, `id="field-consent"`) {
		t.Errorf("privacy notice should come before the consent box")
	}
}

func TestRenderErrorsEscaped(t *testing.T) {
	s := exampleForms(t)
	f := s.Forms[2] // focus-group
	res := Validate(f, map[string]string{
		"why":   `<script>alert("x")</script>`,
		"age":   `"><img src=x onerror=alert(1)>`,
		"email": "x",
		"_lang": "sv",
	}, "sv", "sv")
	var b bytes.Buffer
	if err := Render(&b, f, "sv", "sv", res.State); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "<script>") || strings.Contains(out, "<img") {
		t.Fatalf("resident input rendered as HTML:\n%s", out)
	}
	for _, want := range []string{
		`<div class="form-error-summary" id="form-focus-group-errors" role="alert" tabindex="-1"`,
		`<li><a href="#field-age">Ålder ska vara ett heltal, till exempel 1200</a></li>`,
		`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</textarea>`,
		`<p class="form-error-message" id="field-email-error"><span class="form-visually-hidden">Fel: </span>`,
		`aria-describedby="field-email-error" aria-invalid="true"`,
		`form-field form-field-textarea form-field-error`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("render: want %s\ngot:\n%s", want, out)
		}
	}
	// Every link in the summary lands on an element with that id.
	for _, m := range regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(out, -1) {
		if !strings.Contains(out, `id="`+m[1]+`"`) {
			t.Errorf("summary links to #%s, which no element has", m[1])
		}
	}
	// Radio ids are unique.
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(out, -1) {
		if ids[m[1]] {
			t.Errorf("id %q used twice", m[1])
		}
		ids[m[1]] = true
	}
}

func TestErrorOverride(t *testing.T) {
	f := &Form{ID: "x", Title: locale.Text{"": "X"}, Success: locale.Text{"": "/t/"}, Fields: []*Field{
		{Name: "n", Label: locale.Text{"": "Namn"}, Required: true},
		{Name: "m", Label: locale.Text{"": "Namn"}, Required: true, Errors: map[string]locale.Text{"required": {"sv": "Skriv ditt namn", "da": "Skriv dit navn"}}},
	}}
	if d := Check([]*Form{f}, []string{"sv"}); len(d) > 0 {
		t.Fatal(d)
	}
	errs := Validate(f, nil, "da", "sv").State.Errors
	if len(errs) != 2 || errs[0].Message != "Udfyld namn" || errs[1].Message != "Skriv dit navn" {
		t.Errorf("got %v, want the default then the override", errs)
	}
}
