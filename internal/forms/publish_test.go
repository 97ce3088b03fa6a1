package forms

import (
	"fmt"
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/schema"
	"gopkg.in/yaml.v3"
)

const publishTypes = `
project:
  section: projects
  fields:
    - {name: funder, kind: string, required: true}
    - {name: purpose, kind: markdown}
    - {name: allocated, kind: money}
    - {name: pool, kind: reference}
    - name: status
      kind: choice
      choices: [planned, ongoing]
idea:
  section: ideas
`

// TestCheckPublish: the publish: mapping is checked against the type's
// schema, each mistake at its line of site.yaml.
func TestCheckPublish(t *testing.T) {
	var types map[string]*schema.Type
	if err := yaml.Unmarshal([]byte(publishTypes), &types); err != nil {
		t.Fatal(err)
	}
	if d := schema.Check(types, []string{"sv"}); d.HasErrors() {
		t.Fatal(d)
	}
	const form = `forms:
  - id: app
    title: T
    success: /t/
    fields:
      - {name: who, label: W, personal: true, required: true}
      - {name: what, label: W, required: true}
      - {name: why, label: W, kind: textarea}
      - {name: sum, label: S, kind: number}
      - {name: when, label: W, kind: date}
    publish:
`
	tests := []struct {
		name, mapping string
		want          []string
	}{
		{"good", `      type: project
      fields: {title: what, purpose: why, allocated: sum, body: [why, what]}
      set: {funder: DOMI Bolig, pool: pools/p, status: planned}
`, nil},
		{"unknown type", "      type: grant\n", []string{`:12: form "app": publish: type "grant" is not declared under types: (known: idea, project)`}},
		{"required unfilled", "      type: project\n      fields: {title: what}\n", []string{`:12: form "app": publish: type "project" requires funder, which the mapping does not fill`}},
		{"required from optional", "      type: project\n      fields: {funder: what, purpose: why}\n      set: {status: planned}\n", nil},
		{"optional form field for required", "      type: project\n      fields:\n        funder: why\n", []string{`form field "why" (textarea) cannot fill it`}},
		{"unknown page key", "      type: project\n      set: {funder: X}\n      fields:\n        budget: sum\n", []string{`:15: form "app": publish: "budget" is not a field of type "project"`}},
		{"unknown form field", "      type: project\n      set: {funder: X}\n      fields:\n        title: name\n", []string{`:15: form "app": publish: title: the form has no field "name" (fields: who, what, why, sum, when)`}},
		{"personal", "      type: project\n      set: {funder: X}\n      fields:\n        title: who\n", []string{`:15: form "app": publish: title: field "who" is personal, and personal data never goes on a page`}},
		{"kind", "      type: project\n      set: {funder: X}\n      fields:\n        allocated: when\n", []string{`:15: form "app": publish: allocated is an amount (a number, or {amount, currency}); form field "when" (date) cannot fill it`}},
		{"choice", "      type: project\n      set: {funder: X, status: done}\n", []string{`:13: form "app": publish set: status: "done" is not a choice of type "project" (choices: planned, ongoing)`}},
		{"not required", "      type: project\n      fields: {funder: sum}\n", []string{`form "app": publish: type "project" requires funder, but form field "sum" may be left empty`}},
		{"unknown key", "      type: project\n      map: {}\n", []string{`line 13: publish: unknown key "map"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, all := parse(t, form+tt.mapping)
			var d diag.List
			for _, x := range all {
				if strings.Contains(x.String(), "publish") {
					d.Add(x)
				}
			}
			for _, x := range CheckPublish(s.Forms, types, nil) {
				x.File = "site.yaml"
				d.Add(x)
			}
			got := fmt.Sprint(d)
			if tt.want == nil && len(d) > 0 {
				t.Fatalf("got %s, want no diagnostics", got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("got:\n%s\nwant %s", got, w)
				}
			}
		})
	}
}

// TestFormTypeMoved: the old type: and section: of a form say where they went.
func TestFormTypeMoved(t *testing.T) {
	_, d := parse(t, "forms:\n  - id: a\n    title: T\n    success: /t/\n    type: idea\n    fields: [{name: x, label: X}]\n")
	if got := fmt.Sprint(d); !strings.Contains(got, "line 5: form type: moved under publish:") {
		t.Errorf("got %s", got)
	}
}
