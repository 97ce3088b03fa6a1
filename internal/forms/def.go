package forms

import (
	"net/netip"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/formdef"
	"github.com/deltag/deltag/internal/schema"
)

// The form definitions are decoded from site.yaml by package formdef
// (which config imports, so that the core does not depend on this
// package); these names keep them usable as forms.Form and so on.
type (
	Kind   = formdef.Kind
	Form   = formdef.Form
	Field  = formdef.Field
	Option = formdef.Option
	Limit  = formdef.Limit
	Intake = formdef.Intake
	Limits = formdef.Limits

	Publish = formdef.Publish
	Mapping = formdef.Mapping
	Fixed   = formdef.Fixed
	Notify  = formdef.Notify
)

// The page keys a publish: mapping may fill besides the type's fields.
const (
	PageTitle   = formdef.PageTitle
	PageSummary = formdef.PageSummary
	PageBody    = formdef.PageBody
)

// The field kinds (see formdef).
const (
	Text     = formdef.Text
	Textarea = formdef.Textarea
	Email    = formdef.Email
	Number   = formdef.Number
	Date     = formdef.Date
	Choice   = formdef.Choice
	Checkbox = formdef.Checkbox
	Consent  = formdef.Consent

	MaxRetention = formdef.MaxRetention
	Honeypot     = formdef.Honeypot
)

// Kinds lists every kind in the order the documentation gives them.
var Kinds = formdef.Kinds

// Check validates form definitions (see formdef.Check).
func Check(forms []*Form, langs []string) diag.List { return formdef.Check(forms, langs) }

// ParseProxy reads one trustProxy entry (see formdef.ParseProxy).
func ParseProxy(s string) (netip.Prefix, error) { return formdef.ParseProxy(s) }

// CheckPublish checks publish: mappings against the types (see
// formdef.CheckPublish).
func CheckPublish(forms []*Form, types map[string]*schema.Type, sections map[string]bool) diag.List {
	return formdef.CheckPublish(forms, types, sections)
}
