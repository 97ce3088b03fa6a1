package jekyll

import (
	"path"
	"strings"
)

// language is what site.yaml says about one language.
type language struct {
	Name, Locale, Timezone string
	Posts                  string // the title of the posts section
}

// languages are the languages deltag portals are written in.
var languages = map[string]language{
	"sv": {"Svenska", "sv-SE", "Europe/Stockholm", "Inlägg"},
	"da": {"Dansk", "da-DK", "Europe/Copenhagen", "Indlæg"},
	"en": {"English", "en-GB", "Europe/London", "Posts"},
	"nb": {"Norsk bokmål", "nb-NO", "Europe/Oslo", "Innlegg"},
	"de": {"Deutsch", "de-DE", "Europe/Berlin", "Beiträge"},
	"fi": {"Suomi", "fi-FI", "Europe/Helsinki", "Artikkelit"},
}

// languageInfo returns what is known about code; an unknown code is its
// own name and locale.
func languageInfo(code string) language {
	if l, ok := languages[code]; ok {
		return l
	}
	return language{Name: code, Locale: code, Timezone: "UTC", Posts: "Posts"}
}

// langSuffix finds a language suffix in a file name: "about-en.md" and
// "about.en.md" give "en" and the name without it ("about.md"). Only
// codes in known count, so that "om-de.md" is not German unless the site
// has German pages.
func langSuffix(name string, known map[string]bool) (lang, rest string) {
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for code := range known {
		for _, sep := range []string{"-", "."} {
			suffix := sep + code
			if len(stem) > len(suffix) && strings.HasSuffix(strings.ToLower(stem), suffix) {
				return code, stem[:len(stem)-len(suffix)] + ext
			}
		}
	}
	return "", name
}
