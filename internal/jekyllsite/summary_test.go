package jekyllsite_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
	"github.com/deltag/deltag/internal/markdown"
	"github.com/deltag/deltag/internal/page"
	"github.com/deltag/deltag/internal/site"
	"github.com/deltag/deltag/internal/sitetest"
)

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// liquidSite is a site as `deltag import jekyll` writes it: _config.yml
// (so the Liquid engine opens), the default theme for pages without a
// layout of _layouts/, and a Liquid layout.
const liquidSite = `
-- site.yaml --
baseURL: https://grannar.example.se/
theme: deltag
languages:
  - {code: sv, name: Svenska, locale: sv-SE, timezone: Europe/Stockholm, title: Grannar, default: true}
sections:
  posts: {path: {sv: posts}, title: {sv: Inlägg}}
markdown: {unsafe: true}
minify: false
-- _config.yml --
title: Grannar
lang: sv
-- _layouts/plain.html --
<html><head><meta name="description" content="{{ page.excerpt | strip_html | strip }}"></head>
<body>{{ content }}</body></html>
-- content/sv/posts/2024-01-02-valkommen.md --
---
title: Välkommen
date: 2024-01-02
---
Välkommen till {{ site.title }}, {{ page.title | downcase }}!

Mer text.
-- content/sv/posts/2024-01-03-sammanfattning.md --
---
title: Med sammanfattning
date: 2024-01-03
summary: "Nytt från {{ site.title }}"
layout: plain
---
Text.
`

func buildLiquid(t *testing.T, archives ...string) (string, *build.Result) {
	t.Helper()
	dir := sitetest.Write(t, archives...)
	out := filepath.Join(dir, "public")
	res, diags := build.Build(context.Background(), build.Options{Source: dir, Dest: out, Now: now,
		Extensions: features.All()})
	if diags.HasErrors() {
		t.Fatalf("build: %v", diags.Err())
	}
	return dir, res
}

func readOut(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "public", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A summary taken from text with Liquid in it is shown rendered in the
// list, the feed and the page's meta description, by the default theme
// and by a Liquid layout alike.
func TestSummaryRendered(t *testing.T) {
	dir, _ := buildLiquid(t, liquidSite)
	for _, c := range []struct{ file, want string }{
		{"sv/posts/index.html", "<p>Välkommen till Grannar, välkommen!</p>"},                            // list card
		{"sv/posts/index.html", "<p>Nytt från Grannar</p>"},                                             // list card, summary:
		{"sv/feed.xml", "<summary>Välkommen till Grannar, välkommen!</summary>"},                        // feed
		{"sv/feed.xml", "<summary>Nytt från Grannar</summary>"},                                         // feed, summary:
		{"sv/posts/valkommen/index.html", `content="Välkommen till Grannar, välkommen!"`},               // theme's meta
		{"sv/posts/sammanfattning/index.html", `<meta name="description" content="Nytt från Grannar">`}, // Liquid's page.excerpt
	} {
		if got := readOut(t, dir, c.file); !strings.Contains(got, c.want) {
			t.Errorf("%s does not contain %q:\n%s", c.file, c.want, got)
		}
	}
	for _, f := range []string{"sv/posts/index.html", "sv/feed.xml", "sv/index.html", "sv/posts/valkommen/index.html"} {
		if got := readOut(t, dir, f); strings.Contains(got, "{{") || strings.Contains(got, "{%") {
			t.Errorf("%s shows Liquid code:\n%s", f, got)
		}
	}
}

// The model promises that no stage writes to a parsed page (deltag serve
// resolves the same parsed pages again): after a whole build, with
// summaries and contents rendered, every parsed page is as a fresh parse
// of its file makes it.
func TestParsedPagesUntouched(t *testing.T) {
	dir, res := buildLiquid(t, liquidSite)
	all := append(append([]*site.Page{}, res.Site.Pages...), res.Site.Lists...)
	checked := 0
	for _, p := range all {
		if p.Page == nil || p.File == "" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p.File)))
		if err != nil {
			t.Fatal(err)
		}
		fresh, _ := page.Parse(p.File, strings.TrimPrefix(p.File, "content/"), data, res.Site.Config)
		if fresh.Summary == "" {
			fresh.BodySummary = markdown.Summary(fresh.Body(data), 300)
		}
		if !reflect.DeepEqual(fresh, p.Page) {
			t.Errorf("%s: the parsed page was changed after parse:\ngot  %+v\nwant %+v", p.File, *p.Page, *fresh)
		}
		checked++
	}
	if checked != 2 {
		t.Errorf("checked %d parsed pages, want 2", checked)
	}
}
