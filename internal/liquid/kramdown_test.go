package liquid

import (
	"strings"
	"testing"
)

// kramdown's {::options .../} line and its table of contents (a seed
// list marked {:toc}, here written by an include) are kramdown markup,
// not text: a real chapter site's convention page showed
// `{::options parse_block_html="true" /}` and "* this unordered seed
// list will be replaced by toc" as text, and had no table of contents.
func TestKramdownOptionsAndTOC(t *testing.T) {
	fsys := site(map[string]string{
		"_config.yml": "title: T\n",
		"_includes/toc.html": `<div class="toc-list">
  * this unordered seed list will be replaced by toc as unordered list
  {:toc}
  </div>`,
	})
	e, diags := Open(fsys)
	if diags.HasErrors() || e == nil {
		t.Fatalf("Open: %v", diags)
	}
	page := "# 2021 Convention\n\n{::options parse_block_html=\"true\" /}\n{% include toc.html %}\n\n## Overview\n\nText.\n\n### Rules & *Procedures*\n\n```\n## not a heading\n```\n\n## Robert's Rules\n\n## Overview\n\n## Skipped\n{: .no_toc}\n"
	got, d := e.Render([]byte(page), "p.md", 1, Vars{})
	if d != nil {
		t.Fatal(d)
	}
	s := string(got)
	for _, bad := range []string{"{::options", "seed list", "{:toc}", "not-a-heading", "skipped"} {
		if strings.Contains(s, bad) {
			t.Errorf("page still has %q:\n%s", bad, s)
		}
	}
	want := `<ul id="markdown-toc">
<li><a href="#2021-convention" id="markdown-toc-2021-convention">2021 Convention</a>
<ul>
<li><a href="#overview" id="markdown-toc-overview">Overview</a>
<ul>
<li><a href="#rules-procedures" id="markdown-toc-rules-procedures">Rules &amp; Procedures</a></li>
</ul>
</li>
<li><a href="#roberts-rules" id="markdown-toc-roberts-rules">Robert&rsquo;s Rules</a></li>
<li><a href="#overview-1" id="markdown-toc-overview-1">Overview</a></li>
</ul>
</li>
</ul>`
	if !strings.Contains(s, want) {
		t.Errorf("no table of contents like kramdown's:\n%s", s)
	}
	// A page without Liquid is read the same way.
	got, _ = e.Render([]byte("{::options parse_block_html=\"true\" /}\nHej.\n"), "p.md", 1, Vars{})
	if string(got) != "Hej.\n" {
		t.Errorf("options line kept: %q", got)
	}
	// In code they are text.
	code := "```\n{::options parse_block_html=\"true\" /}\n* a\n{:toc}\n```\n"
	if got, _ := e.Render([]byte(code), "p.md", 1, Vars{}); string(got) != code {
		t.Errorf("code changed: %q", got)
	}
}
