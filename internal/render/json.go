package render

import (
	"encoding/json"
	"html"
	"html/template"
	"regexp"
)

// jsonify encodes v as JSON for a <script type="application/ld+json">
// block; html/template escapes it for that context.
func jsonify(v any) (template.JS, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return template.JS(b), nil
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// stripTags removes HTML tags and decodes entities, for plainify.
func stripTags(s string) string {
	return html.UnescapeString(tagRE.ReplaceAllString(s, ""))
}
