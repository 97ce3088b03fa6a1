package locale

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestTextGet(t *testing.T) {
	tests := []struct {
		name           string
		text           Text
		lang, fallback string
		want           string
	}{
		{"own language", Text{"sv": "Nyheter", "da": "Nyheder"}, "da", "sv", "Nyheder"},
		{"site default", Text{"sv": "Nyheter", "da": "Nyheder"}, "en", "sv", "Nyheter"},
		{"every language", Text{"": "Deltag"}, "da", "sv", "Deltag"},
		{"own language before every language", Text{"": "Deltag", "sv": "Delta"}, "sv", "sv", "Delta"},
		// A text given for every language is meant for every language
		// without its own, so it wins over the site default.
		{"every language before site default", Text{"": "Deltag", "sv": "Delta"}, "da", "sv", "Deltag"},
		{"nothing", Text{"fi": "Uutiset"}, "da", "sv", ""},
		{"nil", nil, "da", "sv", ""},
		{"empty string is a text", Text{"da": "", "sv": "Nyheter"}, "da", "sv", ""},
	}
	for _, tt := range tests {
		if got := tt.text.Get(tt.lang, tt.fallback); got != tt.want {
			t.Errorf("%s: %v.Get(%q, %q) = %q, want %q", tt.name, tt.text, tt.lang, tt.fallback, got, tt.want)
		}
	}
}

func TestTextUnmarshalYAML(t *testing.T) {
	var cfg struct {
		Title Text `yaml:"title"`
		Path  Text `yaml:"path"`
		None  Text `yaml:"none"`
	}
	src := "title: Deltag\npath: {sv: nyheter, da: nyheder}\n"
	if err := yaml.Unmarshal([]byte(src), &cfg); err != nil {
		t.Fatal(err)
	}
	if got := cfg.Title.Get("da", "sv"); got != "Deltag" {
		t.Errorf("title = %q, want %q", got, "Deltag")
	}
	if got := cfg.Path.Get("da", "sv"); got != "nyheder" {
		t.Errorf("path = %q, want %q", got, "nyheder")
	}
	if !cfg.None.IsZero() || cfg.Title.IsZero() {
		t.Errorf("IsZero: none %v, title %v; want true, false", cfg.None.IsZero(), cfg.Title.IsZero())
	}

	err := yaml.Unmarshal([]byte("title: Deltag\npath: [nyheter, nyheder]\n"), &cfg)
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("sequence: err = %v, want an error on line 2", err)
	}
}
