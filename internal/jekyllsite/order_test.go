package jekyllsite_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
	"github.com/deltag/deltag/internal/jekyll"
	"github.com/deltag/deltag/internal/sitetest"
)

// orderSite lists post.content on pages that sort before the posts
// (archive.html, index.html), and has a post that shows the content of
// an older post and of a newer one. Jekyll renders posts oldest first,
// then pages (Site#render), so:
//   - index and archive show every post's content rendered;
//   - alpha shows zeta's content rendered (zeta rendered before it) and
//     mu's as written: Markdown, converted with alpha's, and Liquid left
//     as it is ("Site {{ site.title }}, …"), on alpha's page and wherever
//     alpha's content is listed.
const orderSite = `
-- _config.yml --
title: Ordning
-- _layouts/default.html --
<html><body><main>{{ content }}</main></body></html>
-- index.html --
---
layout: default
---
{% for post in site.posts %}<article>{{ post.content }}</article>
{% endfor %}
-- archive.html --
---
layout: default
title: Arkiv
---
{% for post in site.posts reversed %}<article>{{ post.content }}</article>
{% endfor %}
-- _posts/2024-01-01-zeta.md --
---
layout: default
title: Zeta
---
Zeta is *old*. Site {{ site.title }}.
-- _posts/2024-02-01-alpha.md --
---
layout: default
title: Alpha
---
Alpha quotes zeta:

{% assign z = site.posts | where: "title", "Zeta" | first %}{{ z.content }}

Alpha quotes mu:

{% assign m = site.posts | where: "title", "Mu" | first %}{{ m.content }}
-- _posts/2024-03-01-mu.md --
---
layout: default
title: Mu
---
Mu is *new*. Site {{ site.title }}, about neighbours.
`

// TestRenderOrderAsJekyll builds orderSite with real Jekyll and with
// deltag after import, and compares the pages (whitespace between tags
// aside: kramdown and goldmark break lines differently).
func TestRenderOrderAsJekyll(t *testing.T) {
	jekyllCmd, err := exec.LookPath("jekyll")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("jekyll is not installed; .ci/setup.d/20-jekyll.sh installs it")
		}
		t.Skip("jekyll is not installed (apt-get install jekyll)")
	}
	src := sitetest.Write(t, orderSite)
	jout := filepath.Join(t.TempDir(), "_site")
	cmd := exec.Command(jekyllCmd, "build", "--quiet", "--source", src, "--destination", jout)
	cmd.Env = append(os.Environ(), "JEKYLL_ENV=production")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("jekyll build: %v\n%s", err, msg)
	}
	dest := filepath.Join(t.TempDir(), "site")
	if _, err := jekyll.Import(jekyll.Options{Source: src, Dest: dest, Now: now}); err != nil {
		t.Fatalf("import: %v", err)
	}
	out := filepath.Join(t.TempDir(), "public")
	res, diags := build.Build(context.Background(), build.Options{Source: dest, Dest: out, Now: now, Extensions: features.All()})
	if diags.HasErrors() {
		t.Fatalf("deltag build: %v", diags.Err())
	}
	// Alpha publishes mu's Liquid as text, as Jekyll does: deltag says so.
	var warned []string
	for _, d := range res.Warnings {
		if strings.Contains(d.Msg, "as written, with its Liquid code") {
			warned = append(warned, d.File+": "+d.Msg)
		}
	}
	if len(warned) != 1 || !strings.HasPrefix(warned[0], "content/sv/posts/2024-02-01-alpha.md: shows the content of content/sv/posts/2024-03-01-mu.md") {
		t.Errorf("warnings %q, want one: alpha shows mu's Liquid", warned)
	}
	for _, f := range []string{"index.html", "archive.html", "2024/01/01/zeta.html", "2024/02/01/alpha.html", "2024/03/01/mu.html"} {
		want, err := os.ReadFile(filepath.Join(jout, filepath.FromSlash(f)))
		if err != nil {
			t.Fatalf("Jekyll wrote no %s: %v", f, err)
		}
		got := served(t, out, "/"+f)
		if normalize(got) != normalize(string(want)) {
			t.Errorf("/%s differs from Jekyll's:\ngot  %s\nwant %s", f, normalize(got), normalize(string(want)))
		}
	}
	// What the fixture is about, said plainly.
	index := normalize(served(t, out, "/index.html"))
	for _, want := range []string{
		"<article><p>Mu is <em>new</em>. Site Ordning, about neighbours.</p></article>",
		"<p>Alpha quotes zeta:</p><p>Zeta is <em>old</em>. Site Ordning.</p>",
		"<p>Alpha quotes mu:</p><p>Mu is <em>new</em>. Site {{ site.title }}, about neighbours.</p>",
	} {
		if !strings.Contains(index, want) {
			t.Errorf("index does not contain %q:\n%s", want, index)
		}
	}
}

var (
	betweenTags = regexp.MustCompile(`>\s+<`)
	refresh     = regexp.MustCompile(`http-equiv="refresh" content="0; url=([^"]+)"`)
)

func normalize(s string) string { return strings.TrimSpace(betweenTags.ReplaceAllString(s, "><")) }

// served is the file a static host serves for a URL path in out (the
// file, or its index.html), following a meta-refresh redirect once.
func served(t *testing.T, out, u string) string {
	t.Helper()
	for hop := 0; hop < 2; hop++ {
		rel := strings.TrimPrefix(u, "/")
		var b []byte
		var err error
		for _, c := range []string{rel, rel + "index.html", rel + "/index.html"} {
			if b, err = os.ReadFile(filepath.Join(out, filepath.FromSlash(c))); err == nil {
				break
			}
		}
		if err != nil {
			t.Fatalf("deltag serves nothing at %s", u)
		}
		m := refresh.FindSubmatch(b)
		if m == nil {
			return string(b)
		}
		u = string(m[1])
	}
	t.Fatalf("%s redirects twice", u)
	return ""
}
