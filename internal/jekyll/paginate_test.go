package jekyll

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
)

// paginateSite is a Jekyll site with jekyll-paginate whose index layout
// prints every field of the paginator.
const paginateSite = `
-- _config.yml --
lang: sv
paginate: 2
paginate_path: /sida:num/
plugins: [jekyll-paginate]
-- _layouts/home.html --
<main>
<p class="pager">page={{ paginator.page }} per_page={{ paginator.per_page }} total_posts={{ paginator.total_posts }} total_pages={{ paginator.total_pages }} previous={{ paginator.previous_page }} {{ paginator.previous_page_path }} next={{ paginator.next_page }} {{ paginator.next_page_path }} posts={% for post in paginator.posts %}{{ post.title }};{% endfor %}</p>
</main>
-- index.html --
---
layout: home
title: Nyheter
---
`

// jekyllPost is post n as a Jekyll source file; deltagPost the same post
// written into the imported site afterwards, as a site owner would.
// Post 8 has hidden: true (jekyll-paginate leaves it out).
func jekyllPost(n int) (string, string) {
	return fmt.Sprintf("_posts/2024-01-%02d-post-%d.md", n, n),
		fmt.Sprintf("---\ntitle: Post %d\ndate: 2024-01-%02d 12:00:00 +0000\n%s---\nText %d.\n", n, n, hidden(n), n)
}

func deltagPost(n int) (string, string) {
	return fmt.Sprintf("content/sv/posts/2024-01-%02d-post-%d.md", n, n),
		fmt.Sprintf("---\ntitle: Post %d\ndate: 2024-01-%02dT12:00:00Z\n%s---\nText %d.\n", n, n, hidden(n), n)
}

func hidden(n int) string {
	if n == 8 {
		return "hidden: true\n"
	}
	return ""
}

var pagerRE = regexp.MustCompile(`<p class="pager">[^<]*</p>`)

// pagers reads the paginator line of every page of a built site that has
// one, by the URL a visitor opens (folder/index.html as folder/).
func pagers(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if m := pagerRE.Find(b); m != nil {
			rel, _ := filepath.Rel(root, p)
			out["/"+strings.TrimSuffix(filepath.ToSlash(rel), "index.html")] = string(m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPaginateAtBuild: jekyll-paginate's pages come from the posts present
// when deltag builds. The site is imported with 5 posts; then posts are
// added to (and removed from) the imported site, and at every step
// deltag's pages — their URLs and every paginator field — are those real
// Jekyll builds from the same posts, and deltag serve's incremental
// result equals a full build.
func TestPaginateAtBuild(t *testing.T) {
	jekyll := needJekyllPaginate(t)
	src := filepath.Join(t.TempDir(), "jekyll")
	writeArchive(t, src, paginateSite)
	for n := 1; n <= 5; n++ {
		name, body := jekyllPost(n)
		writeFile(t, filepath.Join(src, name), body)
	}
	dest := filepath.Join(t.TempDir(), "site")
	r, err := Import(Options{Source: src, Dest: dest, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if r.Diagnostics.HasErrors() {
		t.Fatalf("import: %v", r.Diagnostics)
	}
	served := t.TempDir()
	ctx := context.Background()
	opts := build.Options{Extensions: features.All(), Source: dest, Dest: served, Now: now}
	proj, _, diags := build.OpenProject(ctx, opts)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}

	steps := []struct {
		name  string
		posts []int // Jekyll's posts after the step
		do    func() []string
		pages int
	}{
		{"import of 5 posts", []int{1, 2, 3, 4, 5}, func() []string { return nil }, 3},
		{"add post 6", []int{1, 2, 3, 4, 5, 6}, func() []string { return addPost(t, dest, 6) }, 3},
		{"add post 7", []int{1, 2, 3, 4, 5, 6, 7}, func() []string { return addPost(t, dest, 7) }, 4},
		{"remove posts 7, 6 and 5", []int{1, 2, 3, 4}, func() []string {
			var changed []string
			for _, n := range []int{7, 6} {
				name, _ := deltagPost(n)
				changed = append(changed, name)
			}
			changed = append(changed, findPost(t, dest, 5)...)
			for _, f := range changed {
				if err := os.Remove(filepath.Join(dest, filepath.FromSlash(f))); err != nil {
					t.Fatal(err)
				}
			}
			return changed
		}, 2},
		{"add hidden post 8", []int{1, 2, 3, 4, 8}, func() []string { return addPost(t, dest, 8) }, 2},
	}
	for _, st := range steps {
		if changed := st.do(); changed != nil {
			if _, diags := proj.Update(ctx, changed); diags.HasErrors() {
				t.Fatalf("%s: update: %v", st.name, diags.Err())
			}
		}
		full := t.TempDir()
		if _, diags := build.Build(ctx, build.Options{Extensions: features.All(), Source: dest, Dest: full, Now: now}); diags.HasErrors() {
			t.Fatalf("%s: deltag build: %v", st.name, diags.Err())
		}
		sameFiles(t, st.name, full, served)

		want := jekyllPagers(t, jekyll, st.posts)
		got := pagers(t, full)
		if len(want) != st.pages {
			t.Errorf("%s: Jekyll built %d paginated pages, the test expects %d: %v", st.name, len(want), st.pages, want)
		}
		// deltag's home page of the default language is Jekyll's "/" (the
		// root redirects to it).
		if home, ok := got["/sv/"]; ok {
			got["/"] = home
			delete(got, "/sv/")
		}
		for u, w := range want {
			if got[u] != w {
				t.Errorf("%s: %s:\n got %s\nwant %s", st.name, u, got[u], w)
			}
		}
		for u := range got {
			if _, ok := want[u]; !ok {
				t.Errorf("%s: deltag wrote a paginated page %s that Jekyll did not: %s", st.name, u, got[u])
			}
		}
		if _, ok := serve(full, "/"); !ok {
			t.Errorf("%s: / is not served", st.name)
		}
	}
}

// addPost writes post n into the imported site.
func addPost(t *testing.T, site string, n int) []string {
	name, body := deltagPost(n)
	writeFile(t, filepath.Join(site, filepath.FromSlash(name)), body)
	return []string{name}
}

// findPost finds the file the import wrote for post n.
func findPost(t *testing.T, site string, n int) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(site, "content", "sv", "posts", fmt.Sprintf("*post-%d*", n)))
	if len(m) != 1 {
		t.Fatalf("the import wrote %v for post %d, want one file", m, n)
	}
	rel, _ := filepath.Rel(site, m[0])
	return []string{filepath.ToSlash(rel)}
}

// jekyllPagers builds the fixture with real Jekyll and the given posts.
func jekyllPagers(t *testing.T, jekyll string, posts []int) map[string]string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "jekyll")
	writeArchive(t, src, paginateSite)
	for _, n := range posts {
		name, body := jekyllPost(n)
		writeFile(t, filepath.Join(src, name), body)
	}
	return pagers(t, runJekyll(t, jekyll, src, ""))
}

// sameFiles compares two built folders file by file.
func sameFiles(t *testing.T, step, full, served string) {
	t.Helper()
	a, b := readTree(t, full), readTree(t, served)
	var names []string
	for n := range a {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if got, ok := b[n]; !ok {
			t.Errorf("%s: deltag serve lacks %s, which a full build writes", step, n)
		} else if !bytes.Equal(got, a[n]) {
			t.Errorf("%s: deltag serve's %s differs from a full build's", step, n)
		}
	}
	for n := range b {
		if _, ok := a[n]; !ok {
			t.Errorf("%s: deltag serve has %s, which a full build does not write", step, n)
		}
	}
}

func writeFile(t *testing.T, name, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// needJekyllPaginate returns the jekyll command when Jekyll and
// jekyll-paginate are installed; it skips (fails under CI=true) when not.
func needJekyllPaginate(t *testing.T) string {
	t.Helper()
	j, err := exec.LookPath("jekyll")
	if err == nil {
		// Debian's ruby-jekyll-paginate, else a gem.
		if m, _ := filepath.Glob("/usr/share/rubygems-integration/all/specifications/jekyll-paginate-*.gemspec"); len(m) == 0 {
			if out, e := exec.Command("gem", "list", "-i", "jekyll-paginate").Output(); e != nil || !strings.Contains(string(out), "true") {
				err = os.ErrNotExist
			}
		}
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("jekyll and jekyll-paginate are not installed; .ci/setup.d/41-jekyll-paginate.sh installs them")
		}
		t.Skip("jekyll and jekyll-paginate are not installed (apt-get install jekyll ruby-jekyll-paginate)")
	}
	return j
}

// jekyll-paginate paginates index.html only, the one deepest in the
// folders of paginate_path: index.md has no paginator and no further
// pages, as in Jekyll.
func TestPaginateTemplatePage(t *testing.T) {
	posts := ""
	for n := 1; n <= 3; n++ {
		name, body := jekyllPost(n)
		posts += "-- " + name + " --\n" + body
	}
	im := importBuild(t, `
-- _config.yml --
lang: sv
paginate: 1
paginate_path: /blogg/sida:num/
plugins: [jekyll-paginate]
-- index.md --
---
title: Start
---
Start {{ paginator.page }}.
-- blogg/index.html --
---
title: Blogg
---
<p class="pager">{{ paginator.page }}/{{ paginator.total_pages }} {% for post in paginator.posts %}{{ post.title }}{% endfor %} {{ paginator.previous_page_path }}</p>
`+posts)
	im.contains("sv/index.html", "Start .")
	im.contains("blogg/sida3/index.html", `<p class="pager">3/3 Post 1 /blogg/sida2/</p>`)
	im.contains("blogg/sida2/index.html", `<p class="pager">2/3 Post 2 /blogg/</p>`)
	for _, d := range im.report.Diagnostics {
		if strings.Contains(d.Msg, "jekyll-paginate") || strings.Contains(d.Msg, "paginate:") {
			t.Errorf("the import reports %s; jekyll-paginate is carried over", d)
		}
	}
}
