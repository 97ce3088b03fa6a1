package forms

import (
	"github.com/deltag/deltag/internal/formdef"

	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/deltag/deltag/internal/locale"
)

// ErrorCodes are the validation errors a field can raise (see formdef).
var ErrorCodes = formdef.ErrorCodes

// defaultErrors holds the default error texts. {label} is the field's
// label, {label_lc} the same with a lowercase first letter (for use inside
// a sentence), {min} and {max} the limits. A key "required/choice" is the
// text for a kind; it falls back to the plain code.
var defaultErrors = map[string]locale.Text{
	"required":          {"sv": "Fyll i {label_lc}", "da": "Udfyld {label_lc}", "en": "Enter {label_lc}"},
	"required/choice":   {"sv": "Välj {label_lc}", "da": "Vælg {label_lc}", "en": "Select {label_lc}"},
	"required/consent":  {"sv": "Kryssa i rutan för att kunna skicka: {label_lc}", "da": "Sæt kryds i feltet for at kunne sende: {label_lc}", "en": "Tick the box to send the form: {label_lc}"},
	"required/checkbox": {"sv": "Kryssa i {label_lc}", "da": "Sæt kryds ved {label_lc}", "en": "Tick {label_lc}"},
	"required/date":     {"sv": "Fyll i ett datum för {label_lc}", "da": "Udfyld en dato for {label_lc}", "en": "Enter a date for {label_lc}"},
	"minlength":         {"sv": "{label} ska vara minst {min} tecken", "da": "{label} skal være mindst {min} tegn", "en": "{label} must be at least {min} characters"},
	"maxlength":         {"sv": "{label} får vara högst {max} tecken", "da": "{label} må højst være {max} tegn", "en": "{label} must be {max} characters or fewer"},
	"number":            {"sv": "{label} ska vara ett heltal, till exempel 1200", "da": "{label} skal være et helt tal, for eksempel 1200", "en": "{label} must be a whole number, like 1200"},
	"min":               {"sv": "{label} ska vara minst {min}", "da": "{label} skal være mindst {min}", "en": "{label} must be {min} or more"},
	"max":               {"sv": "{label} får vara högst {max}", "da": "{label} må højst være {max}", "en": "{label} must be {max} or less"},
	"min/date":          {"sv": "{label} får inte vara före {min}", "da": "{label} må ikke være før {min}", "en": "{label} must be on or after {min}"},
	"max/date":          {"sv": "{label} får inte vara efter {max}", "da": "{label} må ikke være efter {max}", "en": "{label} must be on or before {max}"},
	"email":             {"sv": "Skriv e-postadressen i rätt format, till exempel namn@example.se", "da": "Skriv e-mailadressen i det rigtige format, for eksempel navn@example.dk", "en": "Enter an email address in the right format, like name@example.com"},
	"date":              {"sv": "{label} ska vara ett datum, till exempel 2026-05-31", "da": "{label} skal være en dato, for eksempel 2026-05-31", "en": "{label} must be a date, like 2026-05-31"},
	"choice":            {"sv": "Välj ett av alternativen för {label_lc}", "da": "Vælg en af mulighederne for {label_lc}", "en": "Select one of the options for {label_lc}"},
	"encoding":          {"sv": "{label} innehåller tecken som inte gick att läsa", "da": "{label} indeholder tegn, der ikke kunne læses", "en": "{label} contains characters that could not be read"},
	"invalid":           {"sv": "{label} innehåller otillåtna tecken", "da": "{label} indeholder tegn, der ikke er tilladt", "en": "{label} contains characters that are not allowed"},
}

// ui holds the fixed texts of a rendered form and of the intake's pages.
var ui = map[string]locale.Text{
	"summary":      {"sv": "Det finns problem", "da": "Der er et problem", "en": "There is a problem"},
	"error":        {"sv": "Fel:", "da": "Fejl:", "en": "Error:"},
	"requiredNote": {"sv": "Fält markerade med * måste fyllas i.", "da": "Felter markeret med * skal udfyldes.", "en": "Fields marked * are required."},
	"required":     {"sv": "obligatoriskt", "da": "skal udfyldes", "en": "required"},
	"submit":       {"sv": "Skicka", "da": "Send", "en": "Send"},
	"honeypot":     {"sv": "Lämna detta fält tomt", "da": "Lad dette felt være tomt", "en": "Leave this field empty"},
	"privacy":      {"sv": "Så hanterar vi dina uppgifter", "da": "Sådan behandler vi dine oplysninger", "en": "How we handle your data"},
	"controller":   {"sv": "Uppgifterna tas emot av {controller}.", "da": "Oplysningerne modtages af {controller}.", "en": "Your answers are received by {controller}."},
	"purpose":      {"sv": "Syfte: {purpose}", "da": "Formål: {purpose}", "en": "Purpose: {purpose}"},
	"personal":     {"sv": "Personuppgifter i formuläret: {fields}. De sparas skilt från övriga svar, visas aldrig på webbplatsen och raderas efter {days} dagar.", "da": "Personoplysninger i formularen: {fields}. De gemmes adskilt fra de øvrige svar, vises aldrig på hjemmesiden og slettes efter {days} dage.", "en": "Personal data in this form: {fields}. It is kept apart from the other answers, never shown on the website and deleted after {days} days."},
	"titlePrefix":  {"sv": "Fel: ", "da": "Fejl: ", "en": "Error: "},
	"back":         {"sv": "Tillbaka till webbplatsen", "da": "Tilbage til hjemmesiden", "en": "Back to the website"},
}

// UI returns one of the fixed texts in lang ("summary", "error",
// "submit", "titlePrefix", "back", …), for pages built around a form.
func UI(key, lang, defaultLang string) string {
	return get(ui[key], lang, defaultLang)
}

// get returns t in lang, else in the default language, else in English.
func get(t locale.Text, lang, defaultLang string) string {
	if s := t.Get(lang, defaultLang); s != "" {
		return s
	}
	return t.Get("en", "")
}

// errorText builds the message of one error of fd in lang.
func errorText(fd *Field, code, lang, defaultLang string) string {
	var tmpl string
	if t, ok := fd.Errors[code]; ok {
		tmpl = t.Get(lang, defaultLang)
	}
	if tmpl == "" {
		t, ok := defaultErrors[code+"/"+string(fd.Kind)]
		if !ok {
			t = defaultErrors[code]
		}
		tmpl = get(t, lang, defaultLang)
	}
	label := fd.Label.Get(lang, defaultLang)
	r := strings.NewReplacer(
		"{label}", label,
		"{label_lc}", lowerFirst(label),
		"{min}", limitText(fd.Min, fd.Kind, lang),
		"{max}", limitText(fd.Max, fd.Kind, lang),
	)
	return r.Replace(tmpl)
}

// lowerFirst lowercases the first letter, unless the word is an acronym.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || !unicode.IsUpper(r) {
		return s
	}
	if r2, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r2) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// text formats a limit for a message: numbers grouped the local way
// (sv "20 000" with a no-break space, da "20.000").
func limitText(l *Limit, k Kind, lang string) string {
	if l == nil {
		return ""
	}
	if k == Date {
		return l.Raw
	}
	return groupDigits(strconv.FormatFloat(l.Num, 'f', -1, 64), lang)
}

func groupDigits(s, lang string) string {
	sep := ""
	switch lang {
	case "sv":
		sep = "\u00a0"
	case "da":
		sep = "."
	case "en":
		sep = ","
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if sep == "" || len(s) <= 4 || strings.Contains(s, ".") {
		if neg {
			return "-" + s
		}
		return s
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}
