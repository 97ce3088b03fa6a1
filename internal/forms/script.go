package forms

import _ "embed"

// Script is the small progressive-enhancement script the theme ships as
// /js/intake.js (the intake also serves it at /intake.js). It fills each
// form's _token from <action>/token and focuses the error summary. Forms
// work without it.
//
//go:embed intake.js
var Script string
