package forms

import (
	"github.com/deltag/deltag/internal/formdef"

	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const dateLayout = formdef.DateLayout

// Default length limits (characters) where a field gives no max.
const (
	DefaultTextMax     = 1000
	DefaultTextareaMax = 10000
	emailMax           = 254
)

// State is what a person sent and what was wrong with it, for rendering
// a form again. A nil *State renders an empty form.
type State struct {
	// Values are the values as sent, by field name (and _lang, _token).
	Values map[string]string
	// Errors are in field order.
	Errors []FieldError
}

// FieldError is one problem with one field.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error returns the error of a field, or nil.
func (s *State) Error(field string) *FieldError {
	if s == nil {
		return nil
	}
	for i := range s.Errors {
		if s.Errors[i].Field == field {
			return &s.Errors[i]
		}
	}
	return nil
}

// Value returns the value sent for a field.
func (s *State) Value(field string) string {
	if s == nil {
		return ""
	}
	return s.Values[field]
}

// Result is the outcome of Validate.
type Result struct {
	// Typed holds each field's value as its kind: string for text,
	// textarea, email, date and choice; int64 for number; bool for
	// checkbox and consent. Empty optional fields are left out, except
	// checkboxes, which are false.
	Typed map[string]any
	// State holds the cleaned values and the errors, for a re-render.
	State *State
}

// OK reports whether there were no errors.
func (r *Result) OK() bool { return len(r.State.Errors) == 0 }

// Validate checks values (one per field name; others are ignored) against
// the form and returns typed values and errors with messages in lang.
// Values are cleaned first: line endings become \n, text is NFC
// normalised and trimmed. Invalid UTF-8 and control characters are
// errors, never passed on.
func Validate(f *Form, values map[string]string, lang, defaultLang string) *Result {
	res := &Result{Typed: map[string]any{}, State: &State{Values: map[string]string{}}}
	for _, k := range []string{"_lang", "_token"} {
		if v, ok := values[k]; ok && utf8.ValidString(v) {
			res.State.Values[k] = v
		}
	}
	for _, fd := range f.Fields {
		raw := values[fd.Name]
		v, code := clean(fd, raw)
		res.State.Values[fd.Name] = v
		if code == "" {
			var typed any
			typed, code = check(fd, v)
			if code == "" && typed != nil {
				res.Typed[fd.Name] = typed
			}
		}
		if code != "" {
			res.State.Errors = append(res.State.Errors, FieldError{Field: fd.Name, Code: code, Message: errorText(fd, code, lang, defaultLang)})
		}
	}
	return res
}

// clean normalises a raw value; a non-empty code means it is unusable.
func clean(fd *Field, raw string) (string, string) {
	if !utf8.ValidString(raw) {
		return strings.TrimSpace(strings.ToValidUTF8(raw, "\uFFFD")), "encoding"
	}
	v := strings.ReplaceAll(raw, "\r\n", "\n")
	v = strings.ReplaceAll(v, "\r", "\n")
	if !norm.NFC.IsNormalString(v) {
		v = norm.NFC.String(v)
	}
	v = strings.TrimSpace(v)
	if fd.Kind != Textarea && strings.ContainsAny(v, "\n\t") {
		v = strings.Join(strings.Fields(v), " ")
	}
	for _, r := range v {
		if r == '\n' || r == '\t' {
			continue
		}
		if unicode.IsControl(r) || r == '\uFFFD' || isBidiControl(r) {
			return strings.Map(dropControl, v), "invalid"
		}
	}
	return v, ""
}

func isBidiControl(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
}

func dropControl(r rune) rune {
	if r != '\n' && (unicode.IsControl(r) || isBidiControl(r)) {
		return -1
	}
	return r
}

var emailPattern = regexp.MustCompile(`^[^\s@<>()\[\],;:"\\]+@[^\s@<>()\[\],;:"\\]+\.[^\s@<>()\[\],;:"\\.]+$`)

// check checks a cleaned value and returns it typed.
func check(fd *Field, v string) (any, string) {
	if v == "" {
		switch {
		case fd.Required:
			return nil, "required"
		case fd.Kind == Checkbox:
			return false, ""
		}
		return nil, ""
	}
	n := utf8.RuneCountInString(v)
	switch fd.Kind {
	case Text, Textarea:
		max := DefaultTextMax
		if fd.Kind == Textarea {
			max = DefaultTextareaMax
		}
		if fd.Max != nil {
			max = int(fd.Max.Num)
		}
		if fd.Min != nil && n < int(fd.Min.Num) {
			return nil, "minlength"
		}
		if n > max {
			return nil, "maxlength"
		}
		return v, ""
	case Email:
		if n > emailMax || !emailPattern.MatchString(v) {
			return nil, "email"
		}
		return v, ""
	case Number:
		x, ok := parseNumber(v)
		if !ok {
			return nil, "number"
		}
		if fd.Min != nil && float64(x) < fd.Min.Num {
			return nil, "min"
		}
		if fd.Max != nil && float64(x) > fd.Max.Num {
			return nil, "max"
		}
		return x, ""
	case Date:
		t, err := time.Parse(dateLayout, v)
		if err != nil {
			return nil, "date"
		}
		if fd.Min != nil && !fd.Min.Date.IsZero() && t.Before(fd.Min.Date) {
			return nil, "min"
		}
		if fd.Max != nil && !fd.Max.Date.IsZero() && t.After(fd.Max.Date) {
			return nil, "max"
		}
		return v, ""
	case Choice:
		for _, o := range fd.Choices {
			if o.Value == v {
				return v, ""
			}
		}
		return nil, "choice"
	case Checkbox, Consent:
		return true, ""
	}
	return v, ""
}

var (
	plainInt   = regexp.MustCompile(`^-?[0-9]{1,15}$`)
	groupedInt = regexp.MustCompile(`^-?[0-9]{1,3}([.,][0-9]{3})+$`)
	zeroCents  = regexp.MustCompile(`^(-?[0-9]{1,15})[.,]0{1,2}$`)
)

// parseNumber reads a whole number the way people write them in sv and
// da: "20000", "20 000", "20.000", "20,000", "20000,00". "1,5" is not a
// whole number.
func parseNumber(s string) (int64, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\'' {
			return -1
		}
		if r == '\u2212' { // minus sign
			return '-'
		}
		return r
	}, s)
	switch {
	case plainInt.MatchString(s):
	case groupedInt.MatchString(s):
		s = strings.NewReplacer(".", "", ",", "").Replace(s)
	case zeroCents.MatchString(s):
		s = zeroCents.FindStringSubmatch(s)[1]
	default:
		return 0, false
	}
	x, err := strconv.ParseInt(s, 10, 64)
	return x, err == nil
}
