package intake

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/deltag/deltag/internal/config"
)

func TestStoreRoundTrip(t *testing.T) {
	s, err := OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	nasty := []string{
		"yes", "no", "null", "~", "true", "0x1F", "1e3", "012", "- a", ": x", "#not a comment", "---", "...",
		"a\n---\nform: evil\n---", "  leading", "trailing  ", "tab\there", "{{ .Site }}", "'\"`", "&anchor", "*alias",
		"!!binary AAAA", "%TAG", "@at", "æøå ÅÄÖ 👍", "line1\n\nline3\n", "<script>alert(1)</script>", "\\", "key: value",
	}
	for _, v := range nasty {
		sub := &Submission{Form: "f", Lang: "sv", Fields: []Value{{"text", v}, {"n", int64(-3)}, {"ok", true}}, Private: []Value{{"email", v}}}
		if _, err := s.Put(context.Background(), sub); err != nil {
			t.Fatal(err)
		}
		r, err := readRecord(filepath.Join(s.Dir(), "f", "inbox", sub.ID+".md"))
		if err != nil {
			t.Fatalf("%q: %v", v, err)
		}
		if r.Field("text") != v || r.Field("n") != int64(-3) || r.Field("ok") != true || r.Form != "f" || r.ID != sub.ID {
			t.Errorf("%q: got %#v", v, r.Fields)
		}
		p, err := readPrivateDir(s.Dir(), r)
		if err != nil || p["email"] != v {
			t.Errorf("%q: private got %#v, %v", v, p, err)
		}
	}
}

func TestStoreCleansTempAtStart(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, ".tmp"), 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, ".tmp", "20261123T124501Z-00000000.md"), []byte("---\nform: f\nid: 2026"), 0o600)
	s, err := OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := tmpFiles(t, dir); n != 0 {
		t.Errorf("got %d leftover temp files, want 0", n)
	}
}

// tmpFiles counts the files under a store's .tmp.
func tmpFiles(t *testing.T, store string) int {
	n := 0
	filepath.WalkDir(filepath.Join(store, ".tmp"), func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

func TestStoreConcurrentUnique(t *testing.T) {
	s, err := OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	const n = 400
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sub := &Submission{Form: "f", Fields: []Value{{"i", int64(i)}}}
			if i%5 == 0 {
				sub.Spam = []string{"x"}
			}
			if _, err := s.Put(context.Background(), sub); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	s.Close()
	if _, err := s.Put(context.Background(), &Submission{Form: "f"}); err != ErrClosed {
		t.Errorf("save after close: got %v, want ErrClosed", err)
	}
	inbox, e1 := listDir(s.Dir(), "f", false)
	spam, e2 := listDir(s.Dir(), "f", true)
	if len(e1)+len(e2) > 0 || len(inbox) != n*4/5 || len(spam) != n/5 {
		t.Fatalf("got %d inbox, %d spam, errors %v %v", len(inbox), len(spam), e1, e2)
	}
	seen := map[any]bool{}
	for _, r := range append(inbox, spam...) {
		if seen[r.Field("i")] {
			t.Errorf("stored twice: %v", r.Field("i"))
		}
		seen[r.Field("i")] = true
	}
}

func TestFindRejectsTraversal(t *testing.T) {
	for _, id := range []string{"../../etc/passwd", "20261123T124501Z-1a2b3c4d/../../x", "20261123T124501Z-1A2B3C4D", "", "x"} {
		if _, err := findDir(t.TempDir(), id); err == nil || !strings.Contains(err.Error(), "not a submission id") {
			t.Errorf("findDir(%q): got %v, want a refusal", id, err)
		}
	}
}

// TestConfigIntegration checks that site.yaml with the example forms
// loads through config, and that a typo inside a form is a diagnostic
// with its line.
func TestConfigIntegration(t *testing.T) {
	loadSite(t, writeSite(t))
	src, _ := os.ReadFile(filepath.Join(writeSite(t, "      - name: topics\n        kind: choice\n", "      - name: topics\n        kind: choice\n        colour: red\n"), "site.yaml"))
	_, diags := config.Parse(src)
	line := 0
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, "colour: red") {
			line = i + 1
		}
	}
	want := fmt.Sprintf("site.yaml:%d: unknown key \"colour\"", line)
	if got := fmt.Sprint(diags); !strings.Contains(got, want) {
		t.Errorf("got %s, want %s", got, want)
	}
	_, diags = config.Parse([]byte(siteHead + "forms:\n  - id: Bad\n    title: T\n    success: /x/\n    fields: [{name: a, label: A, kind: nope}]\n"))
	got := fmt.Sprint(diags)
	for _, w := range []string{`site.yaml:6: form id "Bad"`, `site.yaml:9: form "Bad": field "a": unknown kind "nope"`} {
		if !strings.Contains(got, w) {
			t.Errorf("got %s, want %s", got, w)
		}
	}
}

// TestStoreOpenedTwice: a moderation verb opening the store while the
// intake runs must not clean the intake's temporary files; the next
// open with nobody else holding the store does.
func TestStoreOpenedTwice(t *testing.T) {
	dir := t.TempDir()
	server, err := OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	inflight := filepath.Join(dir, tmpDir, "3", "in-flight.md")
	os.WriteFile(inflight, []byte("x"), 0o600)
	verb, err := OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(inflight); err != nil {
		t.Errorf("a second opener removed the running store's temporary file: %v", err)
	}
	if _, err := server.Put(context.Background(), &Submission{Form: "f", Fields: []Value{{"a", "b"}}}); err != nil {
		t.Errorf("put after a second open: %v", err)
	}
	verb.Close()
	server.Close()
	again, err := OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if _, err := os.Stat(inflight); err == nil {
		t.Errorf("the sole opener kept a crash's leftover")
	}
}
