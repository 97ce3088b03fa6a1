package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = Run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var miniSite = map[string]string{
	"site.yaml":                    "languages:\n  - {code: sv, title: Sajt}\n  - {code: da, title: Side}\n",
	"layouts/_default/single.html": `<h1>{{.Title}}</h1>`,
	"layouts/_default/list.html":   `<h1>{{.Title}}</h1>`,
	"layouts/_default/404.html":    `404`,
	"content/sv/a.md":              "---\ntitle: A\n---\n",
	"content/da/a.md":              "---\ntitle: A da\n---\n",
}

func TestBuildEndToEnd(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, miniSite)
	code, out, errOut := run(t, "build", "--source", dir, "--now", "2026-11-23")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	for _, want := range []string{"pages", "lists", "feeds", "aliases", "sv", "da", "total", "built in"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public/sv/a/index.html")); err != nil {
		t.Error(err)
	}
	// --quiet prints nothing on success.
	if code, out, _ := run(t, "build", "--source", dir, "--quiet"); code != 0 || out != "" {
		t.Errorf("--quiet: exit %d, stdout %q", code, out)
	}
}

func TestBuildBrokenYAMLExits1AndKeepsPublic(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, miniSite)
	if code, _, e := run(t, "build", "--source", dir); code != 0 {
		t.Fatalf("first build: %d %s", code, e)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "public/sv/a/index.html"))
	writeFiles(t, dir, map[string]string{"content/sv/a.md": "---\ntitle: Ny\ndate: 2021-02-03\ntags: [a, b\n---\n"})
	code, _, errOut := run(t, "build", "--source", dir)
	if code != ExitError {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(errOut, "content/sv/a.md:") || !strings.Contains(errOut, "nothing was written") {
		t.Errorf("stderr lacks path:line: %s", errOut)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "public/sv/a/index.html"))
	if !bytes.Equal(before, after) {
		t.Error("public/ changed after a failed build")
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"build", "--no-such-flag"},
		{"build", "extra-arg"},
		{"build", "--minify", "--no-minify"},
		{"build", "--now", "yesterday"},
	} {
		if code, _, _ := run(t, args...); code != ExitUsage {
			t.Errorf("deltag %v: exit %d, want 2", args, code)
		}
	}
}

func TestHelpOnEveryVerb(t *testing.T) {
	for _, c := range append(commands(), extraCommands...) {
		code, out, _ := run(t, c.name, "-h")
		if code != ExitOK || !strings.Contains(strings.ToLower(out), "usage: deltag "+c.name) && c.name != "help" {
			t.Errorf("deltag %s -h: exit %d, stdout %q", c.name, code, out)
		}
	}
	if code, out, _ := run(t, "help"); code != 0 || !strings.Contains(out, "Commands:") {
		t.Errorf("deltag help: %d %q", code, out)
	}
	if code, out, _ := run(t, "version"); code != 0 || !strings.HasPrefix(out, "deltag ") {
		t.Errorf("deltag version: %d %q", code, out)
	}
}
