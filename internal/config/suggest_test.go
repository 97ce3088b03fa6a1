package config

import (
	"strings"
	"testing"
)

func TestSuggest(t *testing.T) {
	known := []string{"title", "date", "summary", "languages", "tags", "image"}
	for word, want := range map[string]string{
		"titel": "title", "dato": "date", "summery": "summary", "langauges": "languages",
		"Title": "", "title": "", "place": "", "ingress-text": "", "tag": "tags", "x": "",
	} {
		if got := Suggest(word, known); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", word, got, want)
		}
	}
}

// One misspelt key is one error, not the cascade of what follows from it.
func TestTypoGivesOneError(t *testing.T) {
	for src, want := range map[string]string{
		"langauges:\n  - {code: sv}\naccessibility: {organisation: {sv: X}}\n": `site.yaml:1: unknown key "langauges" (did you mean "languages"?)`,
		"languages:\n  - {code: sv, titel: Portalen}\n":                        `site.yaml:2: unknown key "titel" (did you mean "title"?)`,
	} {
		_, diags := Parse([]byte(src))
		if len(diags) != 1 || diags[0].String() != want {
			t.Errorf("%q:\n got %v\nwant %s", src, diags, want)
		}
	}
}

func TestYAMLSyntaxInPlainWords(t *testing.T) {
	for src, want := range map[string]string{
		"baseURL: \"https://x.se\ntitle: X\nlanguages: []\n": "site.yaml:1: the double quote opened on this line is never closed",
		"title: Möte: kl 18\n":                               "site.yaml:1: a value contains a colon followed by a space",
		"title: a\n\tlanguages: b\n":                         "site.yaml:2: a tab is used for indentation here",
		"title: a\nlanguages\nx: y\n":                        `site.yaml:2: this line is not "key: value"`,
		"title: @home\n":                                     "site.yaml:1: a value cannot start with @: put it in quotes",
	} {
		_, diags := Parse([]byte(src))
		if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), want) {
			t.Errorf("%q:\n got %v\nwant prefix %s", src, diags, want)
		}
	}
}
