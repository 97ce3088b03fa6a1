package liquid

import (
	"testing"
)

// Ruby Liquid (Jekyll's) reads `a.[b]` as `a[b]`, and `{% if a && b %}`
// as `{% if a %}` (its lax parser stops at what it does not know).
// Real themes rely on both.
func TestRubyLaxSyntax(t *testing.T) {
	fsys := site(map[string]string{
		"_config.yml":         "title: T\n",
		"_includes/pick.html": "{{ site.data.t.[include.key].[page.lang] }}|{{ site.[include.coll] | size }}",
	})
	e, diags := Open(fsys)
	if diags.HasErrors() || e == nil {
		t.Fatalf("Open: %v", diags)
	}
	v := Vars{
		Site: map[string]any{
			"data":  map[string]any{"t": map[string]any{"title": map[string]any{"es": "Título", "en": "Title"}}},
			"tiles": []any{1, 2, 3},
			"flag":  "yes",
		},
		Page: map[string]any{"lang": "es"},
	}
	for _, c := range []struct{ in, want string }{
		{`{{ site.data.t.title.[page.lang] }}`, "Título"},
		{`{% include pick.html key="title" coll="tiles" %}`, "Título|3"},
		{`{% if site.flag && site.missing %}a{% else %}b{% endif %}`, "a"},
		{`{% if site.missing && site.flag %}a{% else %}b{% endif %}`, "b"},
		{`{% if site.missing || site.flag %}a{% else %}b{% endif %}`, "b"},
		{`{{ "x.[y] && z" }}`, "x.[y] && z"},
		{"{% raw %}{{ a.[b] }}{% endraw %}", "{{ a.[b] }}"},
	} {
		got, d := e.Render([]byte(c.in), "p.md", 1, v)
		if d != nil {
			t.Errorf("%s: %v", c.in, d)
			continue
		}
		if string(got) != c.want {
			t.Errorf("%s = %q, want %q", c.in, got, c.want)
		}
	}
}

// markdownify and smartify are kramdown's: quotes, dashes and dots come
// out typographic, as HTML entities (a real theme runs its titles and
// descriptions through markdownify; before, they kept straight quotes).
func TestMarkdownifySmartQuotes(t *testing.T) {
	e, diags := Open(site(map[string]string{"_config.yml": "title: T\n"}))
	if diags.HasErrors() || e == nil {
		t.Fatalf("Open: %v", diags)
	}
	for _, c := range []struct{ in, want string }{
		{`{% capture s %}We couldn't -- "go"...{% endcapture %}{{ s | markdownify }}`, "<p>We couldn&rsquo;t &ndash; &ldquo;go&rdquo;&hellip;</p>\n"},
		{`{% capture s %}It's 'here'{% endcapture %}{{ s | smartify }}`, "It&rsquo;s &lsquo;here&rsquo;"},
	} {
		got, d := e.Render([]byte(c.in), "p.md", 1, Vars{})
		if d != nil {
			t.Fatalf("%s: %v", c.in, d)
		}
		if string(got) != c.want {
			t.Errorf("%s = %q, want %q", c.in, got, c.want)
		}
	}
}

// Ruby Liquid reads a for loop's limit or offset that is nil as no limit
// and offset 0; a real theme passes `limit: include.limit` to every
// caller, most of which give none (before, the build failed: "loop limit
// must be an integer").
func TestForLoopNilLimit(t *testing.T) {
	fsys := site(map[string]string{
		"_config.yml":          "title: T\n",
		"_includes/tiles.html": "{% assign limit = include.limit %}{% for i in site.tiles limit:limit %}{{ i }}{% endfor %}",
	})
	e, diags := Open(fsys)
	if diags.HasErrors() || e == nil {
		t.Fatalf("Open: %v", diags)
	}
	v := Vars{Site: map[string]any{"tiles": []any{1, 2, 3}}}
	for _, c := range []struct{ in, want string }{
		{`{% include tiles.html %}`, "123"},
		{`{% include tiles.html limit=2 %}`, "12"},
		{`{% for i in site.tiles offset: page.none limit: page.none %}{{ i }}{% endfor %}`, "123"},
		{"a {%- for i in site.tiles limit: page.none offset:1 -%} {{ i }} {%- endfor %}", "a23"},
		{`{% for i in site.tiles limit:1 %}{{ i }}{% endfor %}|{{ "limit: x" }}`, "1|limit: x"},
	} {
		got, d := e.Render([]byte(c.in), "p.md", 1, v)
		if d != nil {
			t.Errorf("%s: %v", c.in, d)
			continue
		}
		if string(got) != c.want {
			t.Errorf("%s = %q, want %q", c.in, got, c.want)
		}
	}
}
