package jekyllsite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
	"github.com/deltag/deltag/internal/sitetest"
)

// bigSite is a Jekyll-style site of n posts whose layouts show
// site.pages (a menu), site.posts (the latest five) and the page's
// excerpt on every page, with an index, an archive of every post and a
// feed page of the newest ten posts' content.
func bigSite(n int) string {
	var b strings.Builder
	b.WriteString(`
-- site.yaml --
baseURL: https://stor.example.se/
theme: deltag
languages:
  - {code: sv, name: Svenska, locale: sv-SE, timezone: Europe/Stockholm, title: Stor, default: true}
sections:
  posts: {path: {sv: posts}, title: {sv: Inlägg}}
markdown: {unsafe: true}
content: {imageCheck: warn, requireTitle: false}
-- _config.yml --
title: Stor
description: En stor sajt
-- _layouts/default.html --
<!DOCTYPE html><html><head><title>{{ page.title | default: site.title }}</title>
<meta name="description" content="{{ page.excerpt | default: site.description | strip_html | strip }}"></head>
<body><nav>{% for p in site.pages %}{% if p.title %}<a href="{{ p.url | relative_url }}">{{ p.title }}</a>{% endif %}{% endfor %}</nav>
<main>{{ content }}</main>
<aside>{% for post in site.posts limit: 5 %}<a href="{{ post.url | relative_url }}">{{ post.title }}</a> {{ post.date | date: "%Y-%m-%d" }}{% endfor %}</aside>
</body></html>
-- _layouts/post.html --
---
layout: default
---
<article><h1>{{ page.title }}</h1><p>{{ page.date | date_to_xmlschema }}</p>{{ content }}
{% for tag in page.tags %}<span>{{ tag }}</span>{% endfor %}</article>
-- content/sv/_index.md --
---
layout: default
title: Hem
---
{% for post in site.posts limit: 20 %}<h2><a href="{{ post.url }}">{{ post.title }}</a></h2>{{ post.excerpt }}
{% endfor %}
-- content/sv/arkiv.md --
---
layout: default
title: Arkiv
---
{% for post in site.posts %}<li><a href="{{ post.url }}">{{ post.title }}</a> {{ post.date | date: "%d %b %Y" }}</li>
{% endfor %}
-- content/sv/flode.md --
---
layout: default
title: Flöde
---
{% for post in site.posts limit: 10 %}<entry>{{ post.content | xml_escape }}</entry>
{% endfor %}
`)
	day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 1; i <= n; i++ {
		d := day.AddDate(0, 0, i).Format("2006-01-02")
		fmt.Fprintf(&b, "-- content/sv/posts/%s-inlagg-%d.md --\n---\nlayout: post\ntitle: Inlägg %d\ndate: %s\ntags: [a%d, b]\n---\n"+
			"Det här är inlägg nummer %d på {{ site.title }}. Lorem ipsum dolor sit amet, *consectetur* adipiscing elit.\n\n"+
			"Andra stycket med [en länk](https://example.com/) och mer text om grannskapet.\n\n## Rubrik\n\nTredje stycket.\n", d, i, i, d, i%20, i)
	}
	return b.String()
}

// BenchmarkLiquidSite builds a 1,000-post Jekyll-style site: go test -bench LiquidSite -benchtime 5x ./internal/jekyllsite
func BenchmarkLiquidSite(b *testing.B) {
	src := sitetest.Write(b, bigSite(1000))
	dest := filepath.Join(b.TempDir(), "public")
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, diags := build.Build(ctx, build.Options{Source: src, Dest: dest, Now: now, Extensions: features.All()}); diags.HasErrors() {
			b.Fatal(diags.Err())
		}
	}
}
