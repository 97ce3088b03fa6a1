package a11y

import (
	"fmt"
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/diag"
	"gopkg.in/yaml.v3"
)

func decode(t *testing.T, src string) *Config {
	t.Helper()
	var doc struct {
		A *Config `yaml:"accessibility"`
	}
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatalf("decoding: %v", err)
	}
	return doc.A
}

const complete = `accessibility:
  organisation: {sv: Exempelkommunen, da: Eksempel Kommune}
  status: partial
  assessed: 2026-10-01
  reviewed: 2026-11-15
  problems:
    - text: {sv: Videor saknar textning., da: Videoer mangler undertekster.}
      criteria: ["1.2.2"]
      fix: 2027-03-31
  feedback:
    phone: "+46 8 123 45 00"
    email: a11y@portal.example.se
  was: https://www.was.digst.dk/x
`

func msgs(l diag.List) []string {
	var out []string
	for _, d := range l.Sort() {
		out = append(out, fmt.Sprintf("%d: %s", d.Line, d.Msg))
	}
	return out
}

func TestCompleteStatementIsValid(t *testing.T) {
	if d := Validate(decode(t, complete), []string{"sv", "da"}, true); len(d) > 0 {
		t.Fatalf("got %q, want no diagnostics", msgs(d))
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name, edit, with string
		want             string // line: message substring
		strictOnly       bool   // a missing part: a warning unless strict
	}{
		{"no organisation", "  organisation: {sv: Exempelkommunen, da: Eksempel Kommune}\n", "", "2: accessibility statement: organisation is missing", true},
		{"no da organisation", "da: Eksempel Kommune}", "}", "2: accessibility statement: organisation has no da text", true},
		{"unknown language", "da: Eksempel Kommune}", "da: E, en: E}", "2: accessibility statement: organisation: \"en\" is not one of the site's languages", false},
		{"bad status", "status: partial", "status: mostly", "3: accessibility statement: status \"mostly\": want full, partial or none", false},
		{"bad date", "assessed: 2026-10-01", "assessed: 1 oktober", "4: accessibility statement: assessed: \"1 oktober\" is not a date", false},
		{"no review date", "  reviewed: 2026-11-15\n", "", "2: accessibility statement: reviewed (a date, YYYY-MM-DD) is missing", true},
		{"review before assessment", "reviewed: 2026-11-15", "reviewed: 2026-01-15", "5: accessibility statement: reviewed (2026-01-15) is before assessed", false},
		{"no fix date", "      fix: 2027-03-31\n", "", "7: accessibility statement: problems[0].fix (a date, YYYY-MM-DD) is missing", true},
		{"bad criterion", `["1.2.2"]`, `["WCAG 1.2"]`, "7: accessibility statement: problems[0]: criterion \"WCAG 1.2\"", false},
		{"no phone", "    phone: \"+46 8 123 45 00\"\n", "", "10: accessibility statement: feedback.phone is missing", true},
		{"no written channel", "    email: a11y@portal.example.se\n", "", "10: accessibility statement: feedback needs a written channel", true},
		{"bad email", "a11y@portal.example.se", "a11y", "10: accessibility statement: feedback.email \"a11y\" is not an email address", false},
		{"no WAS URL", "  was: https://www.was.digst.dk/x\n", "", "2: accessibility statement: was (the URL of the Danish statement", true},
		{"partial without problems", "  problems:\n    - text: {sv: Videor saknar textning., da: Videoer mangler undertekster.}\n      criteria: [\"1.2.2\"]\n      fix: 2027-03-31\n", "", "3: accessibility statement: status is partial but no known problems", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(complete, tt.edit, tt.with, 1)
			if src == complete {
				t.Fatalf("the edit %q changed nothing", tt.edit)
			}
			c := decode(t, src)
			for _, strict := range []bool{true, false} {
				d := Validate(c, []string{"sv", "da"}, strict)
				var hit *diag.Diagnostic
				for i := range d {
					if strings.HasPrefix(fmt.Sprintf("%d: %s", d[i].Line, d[i].Msg), tt.want) {
						hit = &d[i]
					}
				}
				if hit == nil {
					t.Fatalf("strict=%v: got %q, want %q", strict, msgs(d), tt.want)
				}
				wantSev := diag.Error
				if tt.strictOnly && !strict {
					wantSev = diag.Warning
				}
				if hit.Severity != wantSev {
					t.Errorf("strict=%v: %q has severity %v, want %v", strict, tt.want, hit.Severity, wantSev)
				}
			}
		})
	}
}

func TestNoBlock(t *testing.T) {
	if d := Check(nil, []string{"sv"}); len(d) > 0 {
		t.Errorf("a site without the block builds without diagnostics; got %q", msgs(d))
	}
	if d := Validate(nil, []string{"sv"}, true); !d.HasErrors() {
		t.Errorf("deltag check wants a statement; got %q", msgs(d))
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"51200": 51200, "50KB": 51200, "50 kB": 51200, "1.5MB": 1572864, "300 B": 300} {
		got, err := ParseSize(in)
		if err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "fifty", "50 GB", "0"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q): want an error", in)
		}
	}
	var c struct {
		Check CheckConfig `yaml:"check"`
	}
	if err := yaml.Unmarshal([]byte("check:\n  pageWeight: lots\n"), &c); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("a bad pageWeight: got %v, want an error naming line 2", err)
	}
	if got := (CheckConfig{}).Budget(); got != DefaultPageWeight {
		t.Errorf("default budget %d, want %d", got, DefaultPageWeight)
	}
}
