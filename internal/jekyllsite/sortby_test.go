package jekyllsite_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
	"github.com/deltag/deltag/internal/jekyll"
	"github.com/deltag/deltag/internal/sitetest"
)

// sortSite has a collection sorted by a front-matter key (some
// documents without it, two with the same value), one in the order
// _config.yml lists (one document not listed), one by date (two on the
// same day), and posts with two on the same day: Jekyll 4.3's
// Collection#sort_docs! and SiteDrop#posts.
const sortSite = `
-- _config.yml --
title: Sort
collections:
  team:
    output: true
    sort_by: rank
  chapters:
    output: true
    order: [intro.md, zulu.md, middle.md]
  notes:
    output: true
-- _layouts/default.html --
<html><body>{{ content }}</body></html>
-- index.html --
---
layout: default
---
<p class="lists">team={% for d in site.team %}{{ d.title }},{% endfor %} chapters={% for d in site.chapters %}{{ d.title }},{% endfor %} notes={% for d in site.notes %}{{ d.title }},{% endfor %} posts={% for d in site.posts %}{{ d.title }},{% endfor %} collections={% for c in site.collections %}{{ c.label }}:{% for d in c.docs %}{{ d.title }},{% endfor %};{% endfor %} first={{ site.team.first.title }}/{{ site.posts.first.title }}</p>
-- _team/anna.md --
---
title: Anna
rank: 3
---
-- _team/bo.md --
---
title: Bo
---
-- _team/cai.md --
---
title: Cai
rank: 1
---
-- _team/dora.md --
---
title: Dora
rank: 3
date: 2020-01-01
---
-- _team/aaron.md --
---
title: Aaron
---
-- _chapters/middle.md --
---
title: Middle
---
-- _chapters/extra.md --
---
title: Extra
---
-- _chapters/intro.md --
---
title: Intro
---
-- _chapters/zulu.md --
---
title: Zulu
---
-- _notes/b.md --
---
title: NoteB
date: 2024-05-01
---
-- _notes/a.md --
---
title: NoteA
date: 2024-05-01
---
-- _notes/c.md --
---
title: NoteC
date: 2023-01-01
---
-- _posts/2024-01-02-b.md --
---
title: PostB
---
-- _posts/2024-01-02-a.md --
---
title: PostA
---
-- _posts/2024-01-01-z.md --
---
title: PostZ
---
`

var listsRE = regexp.MustCompile(`<p class="lists">[^<]*</p>`)

// TestCollectionOrderAsJekyll: site.<collection>, site.collections[].docs
// and site.posts list documents in Jekyll's order.
func TestCollectionOrderAsJekyll(t *testing.T) {
	jekyllCmd, err := exec.LookPath("jekyll")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("jekyll is not installed; .ci/setup.d/20-jekyll.sh installs it")
		}
		t.Skip("jekyll is not installed (apt-get install jekyll)")
	}
	src := sitetest.Write(t, sortSite)
	jout := filepath.Join(t.TempDir(), "_site")
	cmd := exec.Command(jekyllCmd, "build", "--quiet", "--source", src, "--destination", jout)
	cmd.Env = append(os.Environ(), "JEKYLL_ENV=production", "TZ=UTC")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("jekyll build: %v\n%s", err, msg)
	}
	jb, err := os.ReadFile(filepath.Join(jout, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	want := string(listsRE.Find(jb))
	if want == "" {
		t.Fatalf("Jekyll's index has no lists:\n%s", jb)
	}
	dest := filepath.Join(t.TempDir(), "site")
	if _, err := jekyll.Import(jekyll.Options{Source: src, Dest: dest, Now: now}); err != nil {
		t.Fatalf("import: %v", err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, diags := build.Build(context.Background(), build.Options{Source: dest, Dest: out, Now: now, Extensions: features.All()}); diags.HasErrors() {
		t.Fatalf("deltag build: %v", diags.Err())
	}
	got := listsRE.FindString(served(t, out, "/index.html"))
	if got != want {
		t.Errorf("lists differ from Jekyll's:\ngot  %s\nwant %s", got, want)
	}
	t.Logf("Jekyll: %s", want)
}
