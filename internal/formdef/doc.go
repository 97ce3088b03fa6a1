// Package formdef holds the form definitions of site.yaml (forms: and
// intake:) as config decodes them, with their line numbers, and Check,
// which validates them. It is kept apart from package forms (rendering a
// form and validating a submission) so that config, and through it the
// core (build, render), does not depend on forms; forms and intake use
// these types under their old names (forms.Form, forms.Intake, …).
// The site.yaml keys are documented in package forms.
package formdef
