package liquid

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func site(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return m
}

func TestLayoutsIncludesFilters(t *testing.T) {
	fsys := site(map[string]string{
		"_config.yml":           "title: Grannskap\nurl: https://example.org\nbaseurl: /bo\n",
		"_layouts/default.html": "<html><head>{% seo %}{% feed_meta %}</head><body>{% include nav.html current=page.url label=\"Meny\" %}{{ content }}</body></html>\n",
		"_layouts/post.html":    "---\nlayout: default\nauthor: Redaktionen\n---\n<article><h1>{{ page.title }}</h1><time datetime=\"{{ page.date | date_to_xmlschema }}\">{{ page.date | date: \"%-d %B %Y\" }}</time>{{ content }}<p>{{ layout.author }}</p></article>\n",
		"_includes/nav.html":    "<nav aria-label=\"{{ include.label }}\">{% for item in site.data.menu %}<a href=\"{{ item.url | relative_url }}\"{% if item.url == include.current %} aria-current=\"page\"{% endif %}>{{ item.title }}</a>{% endfor %}</nav>",
	})
	e, diags := Open(fsys)
	if diags.HasErrors() || e == nil {
		t.Fatalf("Open: %v", diags)
	}
	date := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	v := Vars{
		Site: map[string]any{"title": "Grannskap", "data": map[string]any{"menu": []any{
			map[string]any{"title": "Hem", "url": "/"}, map[string]any{"title": "Möte", "url": "/2024/mote/"},
		}}},
		Page: map[string]any{"title": "Möte", "url": "/2024/mote/", "date": date},
	}
	body, d := e.Render([]byte("Antal: {{ site.data.menu | size }}, {{ \"Å och Ö!\" | slugify }}"), "x.md", 5, v)
	if d != nil {
		t.Fatal(d)
	}
	if string(body) != "Antal: 2, å-och-ö" {
		t.Errorf("body = %q", body)
	}
	var b bytes.Buffer
	if d := e.Layout(&b, "post", []byte("<p>Text</p>"), v); d != nil {
		t.Fatal(d)
	}
	for _, want := range []string{
		"<title>Möte | Grannskap</title>",
		`<link rel="canonical" href="https://example.org/bo/2024/mote/" />`,
		`href="https://example.org/bo/feed.xml"`,
		`<nav aria-label="Meny"><a href="/bo/">Hem</a><a href="/bo/2024/mote/" aria-current="page">Möte</a></nav>`,
		`<time datetime="2024-03-01T10:00:00Z">1 March 2024</time><p>Text</p><p>Redaktionen</p></article>`,
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, b.String())
		}
	}
}

func TestFilters(t *testing.T) {
	e, _ := Open(site(map[string]string{"_config.yml": "baseurl: ''\n"}))
	posts := []any{
		map[string]any{"title": "B", "cat": "x", "n": 2, "tags": []any{"a"}},
		map[string]any{"title": "A", "cat": "y", "n": 1, "tags": []any{"b"}},
		map[string]any{"title": "C", "cat": "x", "n": 3},
	}
	v := Vars{Site: map[string]any{"posts": posts}, Page: map[string]any{}}
	for src, want := range map[string]string{
		`{{ site.posts | where: "cat", "x" | map: "title" | join: "," }}`:                          "B,C",
		`{{ site.posts | where: "tags", "b" | map: "title" | join: "," }}`:                         "A",
		`{{ site.posts | where_exp: "p", "p.n > 1" | map: "title" | join: "," }}`:                  "B,C",
		`{{ site.posts | sort: "n" | map: "title" | join: "," }}`:                                  "A,B,C",
		`{% assign g = site.posts | group_by: "cat" %}{{ g[0].name }}{{ g[0].size }}`:              "x2",
		`{{ "a & <b>" | xml_escape }}`:                                                             "a &amp; &lt;b&gt;",
		`{{ "a b&c" | cgi_escape }}`:                                                               "a+b%26c",
		`{{ "ett två tre" | number_of_words }}`:                                                    "3",
		`{{ "*hej*" | markdownify }}`:                                                              "<p><em>hej</em></p>\n",
		`{{ site.posts | map: "title" | array_to_sentence_string: "och" }}`:                        "B, A, och C",
		`{{ site.posts[0] | jsonify }}`:                                                            `{"cat":"x","n":2,"tags":["a"],"title":"B"}`,
		`{% assign c = site.posts | find_exp: "p", "p.n == 3" %}{{ c.title }}`:                     "C",
		`{% assign g = site.posts | group_by_exp: "p", "p.n > 1" %}{{ g[0].name }}{{ g[0].size }}`: "true2",
		`{{ site.posts | map: "title" | push: "D" | shift | join: "," }}`:                          "A,C,D",
		`{{ "42" | to_integer | plus: 1 }}`:                                                        "43",
		`{% raw %}{{ kvar }}{% endraw %}`:                                                          "{{ kvar }}",
		`{% highlight go %}a < b{% endhighlight %}`:                                                `<figure class="highlight"><pre><code class="language-go" data-lang="go">a &lt; b</code></pre></figure>`,
	} {
		got, d := e.Render([]byte(src), "t.md", 1, v)
		if d != nil {
			t.Errorf("%s: %v", src, d)
			continue
		}
		if string(got) != want {
			t.Errorf("%s = %q, want %q", src, got, want)
		}
	}
}

// A template that cannot be rendered is an error with file and line.
func TestErrorsHaveFileAndLine(t *testing.T) {
	e, _ := Open(site(map[string]string{"_config.yml": ""}))
	_, d := e.Render([]byte("rad ett\nrad två {% if %}\n"), "content/sv/a.md", 4, Vars{})
	if d == nil || d.File != "content/sv/a.md" || d.Line != 5 {
		t.Errorf("got %v, want an error at content/sv/a.md:5", d)
	}
	_, d = e.Render([]byte("\n\n{% include saknas.html %}"), "content/sv/b.md", 10, Vars{})
	if d == nil || d.File != "content/sv/b.md" || d.Line != 12 || !strings.Contains(d.Msg, "saknas.html") {
		t.Errorf("got %v, want an error at content/sv/b.md:12 naming saknas.html", d)
	}
	_, diags := Open(site(map[string]string{"_config.yml": "", "_layouts/x.html": "a\n{% for %}"}))
	if !diags.HasErrors() || diags[0].File != "_layouts/x.html" || diags[0].Line != 2 {
		t.Errorf("got %v, want an error at _layouts/x.html:2", diags)
	}
}

func TestIncludeRelativeAndJekyll(t *testing.T) {
	e, _ := Open(site(map[string]string{
		"_config.yml":           "",
		"static/om/tabell.html": "<table><tr><td>{{ page.title }}</td></tr></table>",
	}))
	v := Vars{Site: map[string]any{}, Page: map[string]any{"title": "Om", "path": "om/index.md"}}
	got, d := e.Render([]byte("{% include_relative tabell.html %} {{ jekyll.environment }}"), "x.md", 1, v)
	if d != nil {
		t.Fatal(d)
	}
	if string(got) != "<table><tr><td>Om</td></tr></table> production" {
		t.Errorf("got %q", got)
	}
	_, d = e.Render([]byte("{% include_relative ../../../etc/passwd %}"), "x.md", 1, v)
	if d == nil || !strings.Contains(d.Msg, "static/etc/passwd") {
		t.Errorf("got %v, want an error naming static/etc/passwd (never outside static/)", d)
	}
}

// An include that includes itself (directly or through another) is an
// error naming it, as in Jekyll ("Nesting too deep"), not a crash.
func TestIncludeRecursionIsAnError(t *testing.T) {
	fsys := site(map[string]string{
		"_config.yml":      "title: x\n",
		"_includes/a.html": "a{% include b.html %}",
		"_includes/b.html": "b{% include a.html %}",
	})
	e, diags := Open(fsys)
	if e == nil {
		t.Fatal(diags)
	}
	_, d := e.Render([]byte("Text\n\n{% include a.html %}"), "content/sv/x.md", 4, Vars{})
	if d == nil || !strings.Contains(d.Msg, "include a.html: includes are nested more than 100 deep") || d.File == "" || d.Line < 1 {
		t.Fatalf("want an error naming the include and where, got %v", d)
	}
}
