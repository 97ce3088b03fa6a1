package cli

import (
	"strings"
	"testing"
)

func TestCheckExitCodes(t *testing.T) {
	if code, _, _ := run(t, "check", "extra"); code != ExitUsage {
		t.Errorf("check with an argument: exit %d, want %d", code, ExitUsage)
	}
	if code, _, _ := run(t, "check", "--now", "someday"); code != ExitUsage {
		t.Errorf("check --now someday: exit %d, want %d", code, ExitUsage)
	}

	// miniSite has no accessibility statement and an untranslated page.
	dir := t.TempDir()
	writeFiles(t, dir, miniSite)
	writeFiles(t, dir, map[string]string{
		"content/sv/b.md":              "---\ntitle: B\n---\n[Saknas](/sv/saknas/)\n",
		"layouts/_default/single.html": "<h1>{{.Title}}</h1>\n{{.Content}}",
	})
	code, stdout, stderr := run(t, "check", "--source", dir)
	if code != ExitError {
		t.Errorf("check on a site with problems: exit %d, want %d\nstderr:\n%s", code, ExitError, stderr)
	}
	for _, want := range []string{
		"site.yaml: accessibility statement: no accessibility: block",
		"public/sv/b/index.html:2: broken link /sv/saknas/: no such page in the built site (content/sv/b.md:4)",
		"deltag check: 2 errors",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q; got:\n%s", want, stderr)
		}
	}
	for _, want := range []string{"missing translations into da (1 page):", "/sv/b/", "content/sv/b.md"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q; got:\n%s", want, stdout)
		}
	}

	if code, stdout, stderr := run(t, "check", "--source", "../.."); code != ExitOK {
		t.Errorf("check on the example portal: exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}
