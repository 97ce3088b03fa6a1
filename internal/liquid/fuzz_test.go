package liquid

import (
	"testing"
	"time"
)

// FuzzRender checks that no page text makes the Liquid engine panic or
// loop: every text renders or gives an error with a line.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"{{ page.title | upcase }} {% if page.tags contains 'x' %}ja{% endif %}",
		"{% for p in site.posts limit:2 %}{{ p.title | xml_escape }}{% endfor %}",
		"{% include nav.html current=page.url %}{% raw %}{{ x }}{% endraw %}",
		"{{ page.date | date: '%-d %B %Y' }} {{ 'a b' | slugify }} {{ site.data.menu | where: 'url', '/' | map: 'title' | jsonify }}",
		"{% assign x = site.posts | sort: 'date' | reverse %}{% capture y %}{{ x.size }}{% endcapture %}{{ y | plus: 1 }}",
		"{% highlight go %}x{% endhighlight %}{% link a.md %}{% post_url 2020-01-01-a %}{{ site.posts.[0].title }}",
		"{% if a && b %}{% elsif c || d %}{% else %}{% endif %}{% unless x %}{% endunless %}{% case x %}{% when 1 %}{% endcase %}",
	} {
		f.Add(s)
	}
	fsys := site(map[string]string{
		"_config.yml":         "title: x\n",
		"_includes/nav.html":  "<nav>{% for i in site.data.menu %}<a href=\"{{ i.url }}\">{{ i.title }}</a>{% endfor %}{{ include.current }}</nav>",
		"_includes/self.html": "{% include self.html %}",
	})
	e, diags := Open(fsys)
	if e == nil {
		f.Fatal(diags)
	}
	v := Vars{
		Site: map[string]any{"title": "x", "data": map[string]any{"menu": []any{map[string]any{"title": "Hem", "url": "/"}}},
			"posts": []any{map[string]any{"title": "A", "url": "/a/", "date": time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)}}},
		Page: map[string]any{"title": "T", "url": "/t/", "tags": []any{"x"}, "date": time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)},
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 4096 {
			return
		}
		_, d := e.Render([]byte(text), "content/sv/x.md", 3, v)
		if d != nil && d.Line < 1 {
			t.Errorf("error without a line: %v", d)
		}
	})
}
