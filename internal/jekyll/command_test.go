package jekyll

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCommand(t *testing.T) {
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Command(args, &out, &errb)
		return code, out.String(), errb.String()
	}
	if code, _, stderr := run("-h"); code != 0 || !strings.Contains(stderr, "usage: deltag import jekyll SRC [--dest DIR]") {
		t.Errorf("-h: exit %d, stderr %q", code, stderr)
	}
	if code, _, _ := run(); code != 2 {
		t.Errorf("no SRC: exit %d, want 2", code)
	}
	if code, _, _ := run("a", "b"); code != 2 {
		t.Errorf("two SRCs: exit %d, want 2", code)
	}
	if code, _, _ := run("--nope", "testdata/site"); code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
	full := t.TempDir()
	if err := os.WriteFile(filepath.Join(full, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run("testdata/site", "--dest", full); code != 1 || !strings.Contains(stderr, "not empty") {
		t.Errorf("non-empty dest: exit %d, stderr %q", code, stderr)
	}
	dest := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := run("--dest", dest, "testdata/site")
	if code != 0 {
		t.Fatalf("import: exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "Imported Jekyll site testdata/site") || !strings.Contains(stdout, "Problems:") {
		t.Errorf("report not printed:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(dest, "site.yaml")); err != nil {
		t.Error(err)
	}
}

func TestCommandDefaultDest(t *testing.T) {
	src, err := filepath.Abs("testdata/site")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	var out, errb bytes.Buffer
	if code := Command([]string{src}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if _, err := os.Stat(filepath.Join("site-deltag", "site.yaml")); err != nil {
		t.Errorf("default dest ./site-deltag: %v", err)
	}
}
