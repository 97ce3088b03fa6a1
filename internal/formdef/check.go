package formdef

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/locale"
)

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9-]+$`)
	namePattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// MaxRetention is the longest retention Check accepts, in days (ten years).
const MaxRetention = 3650

// ErrorCodes are the validation errors a field can raise; each can be
// overridden per field under errors:.
var ErrorCodes = []string{"required", "minlength", "maxlength", "number", "min", "max", "email", "date", "choice", "encoding", "invalid"}

// DateLayout is how dates are written in min:, max: and date fields.
const DateLayout = "2006-01-02"

// Honeypot is the name of the hidden field people leave empty and bots
// fill in. Form fields may not use it, nor any name starting with "_".
const Honeypot = "website"

// Check validates form definitions against the site's language codes (the
// first is taken as the default when none is marked). It fills defaults
// (an empty kind becomes text) and parses min/max, so call it before
// Validate or Render. Diagnostics carry the line; the caller sets File.
func Check(forms []*Form, langs []string) diag.List {
	var d diag.List
	seen := map[string]int{}
	for _, f := range forms {
		if f == nil {
			continue
		}
		checkForm(&d, f, langs)
		if f.ID == "" {
			continue
		}
		if first, ok := seen[f.ID]; ok {
			d.Errorf("", f.line("id"), "form id %q used twice (first on line %d)", f.ID, first)
			continue
		}
		seen[f.ID] = f.line("id")
	}
	return d
}

// CheckNotify checks that intake.notify's includeFields name fields of
// the forms.
func CheckNotify(in Intake, forms []*Form) diag.List {
	var d diag.List
	if in.Notify == nil {
		return d
	}
	for _, name := range in.Notify.IncludeFields {
		found := false
		for _, f := range forms {
			found = found || f.Field(name) != nil
		}
		if !found {
			d.Errorf("", in.Line, "intake notify: includeFields: no form has a field %q", name)
		}
	}
	return d
}

func checkForm(d *diag.List, f *Form, langs []string) {
	name := f.ID
	switch {
	case f.ID == "":
		d.Errorf("", f.Line, "form without id")
		name = "(no id)"
	case !idPattern.MatchString(f.ID):
		d.Errorf("", f.line("id"), "form id %q: use lowercase letters, digits and - only", f.ID)
	}
	missing := func(t locale.Text, key string, line int) {
		for _, l := range langs {
			if t.Get(l, "\x00") == "" {
				d.Errorf("", line, "form %q: %s has no %s text", name, key, l)
			}
		}
		for l := range t {
			if l != "" && !contains(langs, l) {
				d.Warnf("", line, "form %q: %s in %q, which is not a site language", name, key, l)
			}
		}
	}
	missing(f.Title, "title", f.line("title"))
	missing(f.Success, "success", f.line("success"))
	for _, l := range sortedKeys(f.Success) {
		if p := f.Success[l]; p != "" && (!strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\ \t\r\n")) {
			d.Errorf("", f.line("success"), "form %q: success %q: want a path on the site such as /sv/tack/", name, p)
		}
	}
	if !f.Submit.IsZero() {
		missing(f.Submit, "submit", f.line("submit"))
	}
	if f.HasPersonal() {
		missing(f.Controller, "controller", f.line("controller"))
		missing(f.Purpose, "purpose", f.line("purpose"))
		if f.Retention == 0 {
			d.Errorf("", f.Line, "form %q collects personal data but has no retention: (days to keep it)", name)
		}
	}
	if f.Retention < 0 || f.Retention > MaxRetention {
		d.Errorf("", f.line("retention"), "form %q: retention %d: want a number of days from 1 to %d", name, f.Retention, MaxRetention)
	}
	if f.Action != "" && !isAbsHTTP(f.Action) && !strings.HasPrefix(f.Action, "/") {
		d.Errorf("", f.line("action"), "form %q: action %q: want an absolute URL or a path", name, f.Action)
	}
	if len(f.Fields) == 0 {
		d.Errorf("", f.Line, "form %q has no fields", name)
	}
	names := map[string]bool{}
	for _, fd := range f.Fields {
		if fd == nil {
			continue
		}
		checkField(d, name, fd, langs)
		if names[fd.Name] && fd.Name != "" {
			d.Errorf("", fd.line("name"), "form %q: field %q listed twice", name, fd.Name)
		}
		names[fd.Name] = true
	}
}

func checkField(d *diag.List, form string, fd *Field, langs []string) {
	switch {
	case fd.Name == "":
		d.Errorf("", fd.Line, "form %q: field without name", form)
	case fd.Name == Honeypot || strings.HasPrefix(fd.Name, "_"):
		d.Errorf("", fd.line("name"), "form %q: field name %q is reserved for the intake", form, fd.Name)
	case !namePattern.MatchString(fd.Name):
		d.Errorf("", fd.line("name"), "form %q: field name %q: use lowercase letters, digits and _ , starting with a letter", form, fd.Name)
	}
	if fd.Kind == "" {
		fd.Kind = Text
	}
	if !contains(Kinds, fd.Kind) {
		var ks []string
		for _, k := range Kinds {
			ks = append(ks, string(k))
		}
		d.Errorf("", fd.line("kind"), "form %q: field %q: unknown kind %q (known: %s)", form, fd.Name, fd.Kind, strings.Join(ks, ", "))
		return
	}
	if fd.Kind == Consent {
		fd.Required = true
	}
	for _, l := range langs {
		if fd.Label.Get(l, "\x00") == "" {
			d.Errorf("", fd.line("label"), "form %q: field %q has no %s label", form, fd.Name, l)
		}
	}
	if !fd.Hint.IsZero() {
		for _, l := range langs {
			if fd.Hint.Get(l, "\x00") == "" {
				d.Errorf("", fd.line("hint"), "form %q: field %q has no %s hint", form, fd.Name, l)
			}
		}
	}
	for _, code := range sortedKeys(fd.Errors) {
		if !contains(ErrorCodes, code) {
			d.Errorf("", fd.line("errors"), "form %q: field %q: unknown error %q (known: %s)", form, fd.Name, code, strings.Join(ErrorCodes, ", "))
		}
	}
	switch fd.Kind {
	case Choice:
		if len(fd.Choices) == 0 {
			d.Errorf("", fd.line("kind"), "form %q: field %q is a choice without choices:", form, fd.Name)
		}
		vals := map[string]bool{}
		for _, o := range fd.Choices {
			if o.Value == "" || vals[o.Value] {
				d.Errorf("", fd.line("choices"), "form %q: field %q: choice %q is empty or listed twice", form, fd.Name, o.Value)
			}
			vals[o.Value] = true
			for _, l := range langs {
				if o.Label.Get(l, "\x00") == "" {
					d.Errorf("", fd.line("choices"), "form %q: field %q: choice %q has no %s label", form, fd.Name, o.Value, l)
				}
			}
		}
	default:
		if len(fd.Choices) > 0 {
			d.Errorf("", fd.line("choices"), "form %q: field %q: choices: only fit kind choice", form, fd.Name)
		}
	}
	checkLimits(d, form, fd)
}

func checkLimits(d *diag.List, form string, fd *Field) {
	if fd.Min == nil && fd.Max == nil {
		return
	}
	switch fd.Kind {
	case Choice, Checkbox, Consent:
		d.Errorf("", fd.Line, "form %q: field %q: min and max do not fit kind %s", form, fd.Name, fd.Kind)
		return
	case Date:
		for _, l := range []*Limit{fd.Min, fd.Max} {
			if l == nil {
				continue
			}
			t, err := time.Parse(DateLayout, l.Raw)
			if err != nil {
				d.Errorf("", l.Line, "form %q: field %q: %q is not a date (YYYY-MM-DD)", form, fd.Name, l.Raw)
				continue
			}
			l.Date = t
		}
		if fd.Min != nil && fd.Max != nil && !fd.Min.Date.IsZero() && fd.Max.Date.Before(fd.Min.Date) {
			d.Errorf("", fd.Min.Line, "form %q: field %q: min %s is after max %s", form, fd.Name, fd.Min.Raw, fd.Max.Raw)
		}
		return
	}
	ok := true
	for _, l := range []*Limit{fd.Min, fd.Max} {
		if l == nil {
			continue
		}
		v, err := strconv.ParseFloat(l.Raw, 64)
		if err != nil {
			d.Errorf("", l.Line, "form %q: field %q: min/max %q is not a number", form, fd.Name, l.Raw)
			ok = false
			continue
		}
		if fd.Kind != Number && (v < 0 || v != float64(int(v))) {
			d.Errorf("", l.Line, "form %q: field %q: a length must be a whole number of characters, not %s", form, fd.Name, l.Raw)
			ok = false
		}
		l.Num = v
	}
	if ok && fd.Min != nil && fd.Max != nil && fd.Min.Num > fd.Max.Num {
		d.Errorf("", fd.Min.Line, "form %q: field %q: min %s is greater than max %s", form, fd.Name, fd.Min.Raw, fd.Max.Raw)
	}
}

func contains[T comparable](s []T, v T) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
