package serve_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
	"github.com/deltag/deltag/internal/serve"
	"github.com/deltag/deltag/internal/sitetest"
)

type sse struct{ events chan string }

func listenEvents(t testing.TB, url string) *sse {
	t.Helper()
	resp, err := http.Get(url + "__deltag/events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	s := &sse{events: make(chan string, 64)}
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				s.events <- name
			}
		}
	}()
	return s
}

func (s *sse) wait(t testing.TB, want string) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case got := <-s.events:
			if got == want {
				return
			}
		case <-deadline:
			t.Fatalf("no %q event within 30 s", want)
		}
	}
}

func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// startServe runs deltag serve on src at a free port until the test ends
// and returns its URL.
func startServe(t *testing.T, src string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve.Run(ctx, build.Options{Extensions: features.All(), Source: src}, "127.0.0.1:0", testLog{t}, func(u string) { ready <- u })
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	select {
	case url := <-ready:
		return url
	case err := <-done:
		done <- err // for the cleanup
		t.Fatalf("serve stopped: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	return ""
}

func TestServeEndToEnd(t *testing.T) {
	src := sitetest.Portal(t)
	url := startServe(t, src)
	events := listenEvents(t, url)
	page := url + "sv/about/"
	code, body := get(t, page)
	if code != 200 || !strings.Contains(body, `<script src="/__deltag/reload.js" defer></script></body>`) {
		t.Fatalf("GET %s: %d, reload script missing", page, code)
	}
	if code, body := get(t, url+"sv/finns-inte/"); code != 404 || !strings.Contains(body, "Sidan finns inte") {
		t.Errorf("unknown page: %d, want the Swedish 404 page", code)
	}

	file := filepath.Join(src, "content/sv/about.md")
	orig, _ := os.ReadFile(file)

	// Edit: the new text is served and a reload event is sent.
	os.WriteFile(file, append(append([]byte{}, orig...), "\nEn alldeles ny mening.\n"...), 0o644)
	events.wait(t, "reload")
	if _, body := get(t, page); !strings.Contains(body, "En alldeles ny mening.") {
		t.Error("edited text not served")
	}

	// Break it: the overlay names the file and line; the last good page stays.
	os.WriteFile(file, []byte("---\ntitle: [trasig\n---\nTrasig text\n"), 0o644)
	events.wait(t, "error")
	_, body = get(t, page)
	if !strings.Contains(body, `id="deltag-errors"`) || !strings.Contains(body, "content/sv/about.md:2") {
		t.Error("no error overlay naming content/sv/about.md:2")
	}
	if !strings.Contains(body, "En alldeles ny mening.") {
		t.Error("the last good build is not served while the file is broken")
	}

	// Fix it: the overlay goes.
	os.WriteFile(file, orig, 0o644)
	events.wait(t, "reload")
	if _, body := get(t, page); strings.Contains(body, "deltag-errors") {
		t.Error("overlay still shown after the fix")
	}

	// Add a page: the section list shows it; delete it: gone.
	added := filepath.Join(src, "content/sv/news/2026-11-22-serverns-nyhet.md")
	os.WriteFile(added, []byte("---\ntitle: Serverns egen nyhet\n---\nText.\n"), 0o644)
	events.wait(t, "reload")
	if _, body := get(t, url+"sv/nyheter/"); !strings.Contains(body, "Serverns egen nyhet") {
		t.Error("new page missing from the section list")
	}
	if code, _ := get(t, url+"sv/nyheter/2026/serverns-nyhet/"); code != 200 {
		t.Errorf("new page: %d", code)
	}
	os.Remove(added)
	events.wait(t, "reload")
	if _, body := get(t, url+"sv/nyheter/"); strings.Contains(body, "Serverns egen nyhet") {
		t.Error("deleted page still in the section list")
	}
	if code, _ := get(t, url+"sv/nyheter/2026/serverns-nyhet/"); code != 404 {
		t.Errorf("deleted page: %d, want 404", code)
	}

	// A stylesheet alone: a css event, no reload.
	css := filepath.Join(src, "themes/deltag/static/css/deltag.css")
	b, _ := os.ReadFile(css)
	os.WriteFile(css, append(b, "\n.serve-test { color: #000; }\n"...), 0o644)
	events.wait(t, "css")
	if _, body := get(t, url+"css/deltag.css"); !strings.Contains(body, "serve-test") {
		t.Error("changed stylesheet not served")
	}
}

// testLog sends the server's terminal output to the test log.
type testLog struct{ t *testing.T }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}
