package config

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestExampleSiteConfig(t *testing.T) {
	data, err := os.ReadFile("../../site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, diags := Parse(data)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	if c.DefaultLanguage().Code != "sv" || c.Language("da") == nil {
		t.Errorf("languages: default %q", c.DefaultLanguage().Code)
	}
	if got := c.SectionPath("events", "da"); got != "arrangementer" {
		t.Errorf("events in da: %q", got)
	}
}

func TestErrorsNameLines(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"languages: [{code: sv}]\ncolour: blue\n", `site.yaml:2: unknown key "colour"`},
		{"languages: [{code: sv}]\npaginate: many\n", "site.yaml:2: wrong type: got a string `many`, want a number"},
		{"languages:\n  - {code: sv, timezone: Mars/Olympus}\n", `site.yaml:2: language "sv": unknown time zone "Mars/Olympus"`},
		{"languages: [{code: sv}]\npermalinks: {news: /:lang/:when/}\n", `unknown token ":when"`},
		{"languages: [{code: sv}, {code: sv}]\n", `language "sv" listed twice`},
		{"languages: [{code: sv}]\nmenus: {main: [{section: a, url: /b/}]}\n", "give exactly one of section, page or url"},
		{"baseURL: portal.example.se\nlanguages: [{code: sv}]\n", "want an absolute URL"},
		{"languages: [\n", "site.yaml:"},
	} {
		_, diags := Parse([]byte(tc.src))
		if !diags.HasErrors() || !strings.Contains(diags.Err().Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.src, diags, tc.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("languages: [{code: sv}]\n"))
	f.Add([]byte("forms: [{id: x, fields: [{name: a, kind: text}]}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		timer := time.AfterFunc(5*time.Second, func() { panic(fmt.Sprintf("Parse took over 5 s on %q", data)) })
		defer timer.Stop()
		c, _ := Parse(data)
		if c != nil && len(c.Languages) > 0 {
			_ = c.DefaultLanguage()
			_ = c.BasePath()
		}
	})
}
