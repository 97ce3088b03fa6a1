package fsroot

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func tree(t *testing.T) (root, site string) {
	t.Helper()
	root = t.TempDir()
	site = filepath.Join(root, "site")
	for _, d := range []string{"site/content/sv", "site/shared", "outside/dir"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
	}
	os.WriteFile(filepath.Join(root, "outside/secret.txt"), []byte("SECRET"), 0o644)
	os.WriteFile(filepath.Join(root, "outside/dir/secret.txt"), []byte("SECRET"), 0o644)
	os.WriteFile(filepath.Join(root, "site/shared/x.md"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(root, "site/content/sv/a.md"), []byte("a"), 0o644)
	return root, site
}

func TestRefusesLinksOut(t *testing.T) {
	root, site := tree(t)
	os.Symlink(filepath.Join(root, "outside/secret.txt"), filepath.Join(site, "content/sv/leak.md"))
	os.Symlink("../../../outside/dir", filepath.Join(site, "content/sv/ut"))
	f := New(site)
	_, err := f.ReadFile("content/sv/leak.md")
	var esc *EscapeError
	if !errors.As(err, &esc) || esc.Link != "content/sv/leak.md" {
		t.Fatalf("ReadFile leak: %v", err)
	}
	_, err = f.Open("content/sv/ut/secret.txt")
	if !errors.As(err, &esc) || esc.Link != "content/sv/ut" || esc.Target != "../../../outside/dir" {
		t.Fatalf("Open through a folder link: %v", err)
	}
	if !strings.Contains(err.Error(), "content/sv/ut is a symbolic link to ../../../outside/dir, outside the site folder") {
		t.Errorf("message %q", err)
	}
	var seen []string
	WalkDir(f, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			seen = append(seen, p+" ERR")
			return nil
		}
		seen = append(seen, p)
		return nil
	})
	want := "content content/sv content/sv/a.md content/sv/leak.md ERR content/sv/ut ERR"
	if got := strings.Join(seen, " "); got != want {
		t.Errorf("walk:\n got %s\nwant %s", got, want)
	}
}

func TestFollowsLinksInsideAndStopsLoops(t *testing.T) {
	_, site := tree(t)
	os.Symlink("../../shared", filepath.Join(site, "content/sv/delat"))
	os.Symlink(".", filepath.Join(site, "content/sv/loop"))
	os.Symlink("../..", filepath.Join(site, "content/sv/upp"))
	f := New(site)
	start := time.Now()
	var seen []string
	WalkDir(f, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			var le *LoopError
			if !errors.As(err, &le) {
				t.Errorf("%s: %v", p, err)
			}
			seen = append(seen, p+" LOOP")
			return nil
		}
		seen = append(seen, p)
		return nil
	})
	if time.Since(start) > time.Second {
		t.Error("slow")
	}
	want := "content content/sv content/sv/a.md content/sv/delat content/sv/delat/x.md content/sv/loop LOOP content/sv/upp LOOP"
	if got := strings.Join(seen, " "); got != want {
		t.Errorf("walk:\n got %s\nwant %s", got, want)
	}
	if b, err := f.ReadFile("content/sv/delat/x.md"); err != nil || string(b) != "x" {
		t.Errorf("read through an inside link: %q %v", b, err)
	}
	d := Check(f, "content")
	if len(d) != 2 || d[0].String() != "content/sv/loop: symbolic link to . leads back to content/sv, which contains it: a loop, not followed" {
		t.Errorf("Check: %v", d)
	}
}

// Links that fan out (each level links twice to the next) are bounded.
func TestFanOutIsBounded(t *testing.T) {
	site := t.TempDir()
	for i := 0; i < 30; i++ {
		d := filepath.Join(site, "d", string(rune('a'+i%26))+strings.Repeat("x", i/26))
		os.MkdirAll(d, 0o755)
	}
	names := []string{}
	filepath.WalkDir(filepath.Join(site, "d"), func(p string, de fs.DirEntry, err error) error {
		if de.IsDir() && p != filepath.Join(site, "d") {
			names = append(names, p)
		}
		return nil
	})
	for i := 0; i+1 < len(names); i++ {
		os.Symlink(names[i+1], filepath.Join(names[i], "l1"))
		os.Symlink(names[i+1], filepath.Join(names[i], "l2"))
	}
	n := 0
	start := time.Now()
	WalkDir(New(site), "d", func(p string, d fs.DirEntry, err error) error { n++; return nil })
	if time.Since(start) > 5*time.Second || n > 100000 {
		t.Errorf("%d entries in %v", n, time.Since(start))
	}
}

func TestJoin(t *testing.T) {
	for _, tc := range []struct {
		rel string
		ok  bool
	}{
		{"sv/a/index.html", true},
		{"a/../b.html", true},
		{"../x", false},
		{"a/../../x", false},
		{"/etc/passwd", false},
		{"..\\..\\x", false},
		{"", false},
		{"..", false},
	} {
		got, err := Join("/dest", tc.rel)
		if (err == nil) != tc.ok {
			t.Errorf("Join(%q) = %q, %v", tc.rel, got, err)
		}
	}
}

func FuzzJoin(f *testing.F) {
	for _, s := range []string{"a/b", "../a", "a/../../b", "/x", "..\\x", "a/./b/../c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, rel string) {
		got, err := Join("/dest", rel)
		if err == nil && got != "/dest" && !strings.HasPrefix(got, "/dest/") {
			t.Errorf("Join(%q) = %q: outside", rel, got)
		}
	})
}
