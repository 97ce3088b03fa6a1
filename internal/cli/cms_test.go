package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCMS: deltag cms writes /admin/ into static/, the build publishes
// it, a second run changes nothing, and a backend without its repository
// is refused.
func TestCMS(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, typedSite)
	code, out, errs := run(t, "cms", "--source", dir, "--backend", "gitea", "--repo", "kommun/portal",
		"--api-root", "https://git.kommun.se/api/v1", "--base-url", "https://git.kommun.se", "--app-id", "abc")
	if code != ExitOK || !strings.Contains(out, "static/admin/") {
		t.Fatalf("cms: exit %d\n%s%s", code, out, errs)
	}
	conf, err := os.ReadFile(filepath.Join(dir, "static/admin/config.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"name: gitea", "repo: kommun/portal", "api_root: https://git.kommun.se/api/v1", "folder: content/{{locale}}/events", "key: ref"} {
		if !strings.Contains(string(conf), want) {
			t.Errorf("config.yml lacks %q", want)
		}
	}
	page, _ := os.ReadFile(filepath.Join(dir, "static/admin/index.html"))
	if !strings.Contains(string(page), "connect-src &#39;self&#39; data: blob: https://git.kommun.se;") {
		t.Errorf("index.html CSP does not allow exactly the site and the Forgejo host:\n%s", page)
	}
	if code, out, _ := run(t, "cms", "--source", dir, "--backend", "gitea", "--repo", "kommun/portal",
		"--api-root", "https://git.kommun.se/api/v1", "--base-url", "https://git.kommun.se", "--app-id", "abc"); code != ExitOK || !strings.Contains(out, "0 files changed") {
		t.Errorf("second cms run: exit %d, %q; want no change", code, out)
	}
	if code, out, errs := run(t, "build", "--source", dir, "--quiet"); code != ExitOK {
		t.Fatalf("build: exit %d\n%s%s", code, out, errs)
	}
	for _, f := range []string{"admin/index.html", "admin/config.yml", "admin/sveltia-cms.min.js", "admin/fonts/material-symbols-outlined-latin-wght-normal.woff2"} {
		if _, err := os.Stat(filepath.Join(dir, "public", f)); err != nil {
			t.Errorf("not published: %v", err)
		}
	}
	code, _, errs = run(t, "cms", "--source", dir, "--backend", "github")
	if code != ExitError || !strings.Contains(errs, "needs the repository") {
		t.Errorf("github without --repo: exit %d, stderr %q", code, errs)
	}
}
