package jekyll

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
)

// publishSite has a post and a collection document dated ahead, a post
// with published: false and a draft; which of them Jekyll writes depends
// on future, unpublished and show_drafts in _config.yml.
const publishSite = `
-- _layouts/default.html --
<html><body><main>{{ content }}</main></body></html>
-- _posts/2099-01-01-ahead.md --
---
layout: default
title: Post ahead
---
Ahead.
-- _posts/2020-01-01-past.md --
---
layout: default
title: Past post
---
Past.
-- _posts/2020-01-02-hidden.md --
---
layout: default
title: Hidden post
published: false
---
Hidden.
-- _drafts/sketch.md --
---
layout: default
title: Sketch
---
Draft.
-- _things/ahead.md --
---
layout: default
title: Thing ahead
date: 2099-02-01
---
Thing ahead.
-- _things/past.md --
---
layout: default
title: Past thing
date: 2020-02-01
---
Past thing.
-- index.html --
---
layout: default
---
<p class="list">{% for p in site.posts %}[{{ p.title }}]{% endfor %}</p>
`

var listRE = regexp.MustCompile(`<p class="list">[^<]*</p>`)

// TestPublishSettings: for each of Jekyll's settings, deltag builds the
// imported site, with no flags, to the pages Jekyll wrote: every page of
// Jekyll's _site is served at its URL with its text, a page Jekyll did
// not write is not, and site.posts lists what Jekyll's lists.
func TestPublishSettings(t *testing.T) {
	jekyll, err := exec.LookPath("jekyll")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("jekyll is not installed; .ci/setup.d/20-jekyll.sh installs it")
		}
		t.Skip("jekyll is not installed (apt-get install jekyll)")
	}
	pages := map[string]string{ // Jekyll's URL: the page's text
		"2099/01/01/ahead.html":  "Ahead.",
		"2020/01/01/past.html":   "Past.",
		"2020/01/02/hidden.html": "Hidden.",
		"things/ahead.html":      "Thing ahead.",
		"things/past.html":       "Past thing.",
		"2024/06/01/sketch.html": "Draft.", // the draft's file time
	}
	for _, setting := range []string{"", "future: true", "unpublished: true", "show_drafts: true"} {
		t.Run(setting, func(t *testing.T) {
			src := filepath.Join(t.TempDir(), "jekyll")
			writeArchive(t, src, publishSite+"-- _config.yml --\ntitle: P\ntimezone: UTC\ncollections:\n  things:\n    output: true\n"+setting+"\n")
			mtime := time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC)
			if err := os.Chtimes(filepath.Join(src, "_drafts", "sketch.md"), mtime, mtime); err != nil {
				t.Fatal(err)
			}
			jsite := runJekyll(t, jekyll, src, filepath.Join(t.TempDir(), "_site"), "--quiet")
			dest := filepath.Join(t.TempDir(), "site")
			r, err := Import(Options{Source: src, Dest: dest, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "public")
			if _, diags := build.Build(context.Background(), build.Options{Source: dest, Dest: out, Now: now, Extensions: features.All()}); diags.HasErrors() {
				t.Fatalf("deltag build: %v\nimport report: %v", diags.Err(), r.Diagnostics)
			}
			var written []string
			for u, text := range pages {
				_, err := os.Stat(filepath.Join(jsite, filepath.FromSlash(u)))
				jekyllWrote := err == nil
				got, served := serve(out, "/"+u)
				switch {
				case jekyllWrote && !served:
					t.Errorf("/%s: Jekyll wrote it; deltag does not serve it", u)
				case jekyllWrote && !strings.Contains(string(got), text):
					t.Errorf("/%s: deltag's page lacks %q", u, text)
				case !jekyllWrote && served:
					t.Errorf("/%s: Jekyll did not write it; deltag serves it", u)
				}
				if jekyllWrote {
					written = append(written, u)
				}
			}
			sort.Strings(written)
			jb, _ := os.ReadFile(filepath.Join(jsite, "index.html"))
			want := listRE.FindString(string(jb))
			gotIndex, _ := serve(out, "/index.html")
			if got := listRE.FindString(string(gotIndex)); got != want {
				t.Errorf("site.posts: got %s, want Jekyll's %s", got, want)
			}
			t.Logf("Jekyll wrote %v; %s", written, want)
		})
	}
}
