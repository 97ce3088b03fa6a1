package build_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// With minify on, a layout's indentation does not reach the page: each
// run of whitespace with a line break in it becomes one line break; a
// template that writes <pre> keeps its whitespace; text from the content
// is untouched.
func TestMinifyCollapsesLayoutWhitespace(t *testing.T) {
	site := strings.Replace(baseSite, "minify: false", "minify: true", 1)
	dir := writeSite(t, site, `
-- layouts/_default/single.html --
{{define "main"}}
    <article>
        <h1>{{.Title}}</h1>
        <div class="content">{{.Content}}</div>
    </article>
    {{template "partials/code.html" .}}
{{end}}
-- layouts/partials/code.html --
<pre>
  indented   as written
</pre>
-- content/sv/a.md --
---
title: A
---
Text    with   spaces.

    code   block
      kept
`)
	if _, diags := buildSite(t, dir); diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	b, err := os.ReadFile(filepath.Join(dir, "public/sv/a/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{
		"\n<article>\n<h1>A</h1>\n<div class=\"content\">",
		"</article>\n<pre>\n  indented   as written\n</pre>",
		"Text    with   spaces.",
		"<pre><code>code   block\n  kept\n</code></pre>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("page lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "    <") {
		t.Errorf("layout indentation left in the page:\n%s", got)
	}
}

// Collapsing whitespace keeps a template error's line: the error points
// at the line of the layout file, not of the collapsed text.
func TestTemplateErrorLineWithMinify(t *testing.T) {
	site := strings.Replace(baseSite, "minify: false", "minify: true", 1)
	dir := writeSite(t, site, `
-- layouts/_default/single.html --
{{define "main"}}

    <h1>{{.Title}}</h1>


        <p>{{.NoSuchField}}</p>
{{end}}
-- content/sv/a.md --
---
title: A
---
`)
	_, diags := buildSite(t, dir)
	if err := diags.Err(); err == nil || !strings.Contains(err.Error(), "layouts/_default/single.html:6:") {
		t.Errorf("got %v, want an error at layouts/_default/single.html:6", err)
	}
}
