package intake

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	xhtml "golang.org/x/net/html"
)

// ShellFromDir reads the shells from a built site folder (public/):
// <dir>/<lang>/intake/index.html.
func ShellFromDir(dir string) func(ctx context.Context, lang string) ([]byte, error) {
	return func(_ context.Context, lang string) ([]byte, error) {
		return os.ReadFile(filepath.Join(dir, lang, "intake", "index.html"))
	}
}

// shellFromSite fetches the shells from the published site:
// <baseURL><lang>/intake/.
func shellFromSite(base string) func(ctx context.Context, lang string) ([]byte, error) {
	client := &http.Client{Timeout: 5 * time.Second}
	return func(ctx context.Context, lang string) ([]byte, error) {
		req, err := http.NewRequestWithContext(ctx, "GET", strings.TrimSuffix(base, "/")+"/"+lang+"/intake/", nil)
		if err != nil {
			return nil, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			return nil, fmt.Errorf("%s: %s", req.URL, resp.Status)
		}
		return io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	}
}

// shells keeps each language's shell: the site's own page (header,
// menu, footer, stylesheet) into which the intake's answers go, so an
// error page looks like the site. A shell is read once and kept for ten
// minutes (a failure for one); without one the intake's own small page
// is used.
type shells struct {
	load   func(ctx context.Context, lang string) ([]byte, error)
	origin string // the site's origin, for the shell's root-relative URLs
	now    func() time.Time

	mu    sync.Mutex
	cache map[string]shellEntry
}

type shellEntry struct {
	html string // "" when it could not be had
	at   time.Time
}

// get returns the shell for lang, or "" (and the reason, once per try).
func (s *shells) get(ctx context.Context, lang string) (string, error) {
	if s == nil || s.load == nil {
		return "", nil
	}
	s.mu.Lock()
	e, ok := s.cache[lang]
	s.mu.Unlock()
	keep := 10 * time.Minute
	if e.html == "" {
		keep = time.Minute
	}
	if ok && s.now().Sub(e.at) < keep {
		return e.html, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	data, err := s.load(ctx, lang)
	e = shellEntry{at: s.now()}
	if err == nil {
		e.html, err = s.prepare(data)
	}
	s.mu.Lock()
	s.cache[lang] = e
	s.mu.Unlock()
	return e.html, err
}

// prepare checks that data is a shell (the stand-in title inside <main>
// with an <h1>) and makes its root-relative URLs absolute on the site,
// since the intake answers from its own host.
func (s *shells) prepare(data []byte) (string, error) {
	var b strings.Builder
	z := xhtml.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			if z.Err() != io.EOF {
				return "", z.Err()
			}
			break
		}
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			b.Write(z.Raw())
			continue
		}
		raw := string(z.Raw())
		tok := z.Token()
		changed := false
		for i, a := range tok.Attr {
			switch a.Key {
			case "href", "src", "action", "poster":
				if abs, ok := s.absolute(a.Val); ok {
					tok.Attr[i].Val, changed = abs, true
				}
			case "srcset":
				parts := strings.Split(a.Val, ",")
				for j, p := range parts {
					p = strings.TrimSpace(p)
					if abs, ok := s.absolute(p); ok {
						parts[j], changed = abs, true
					}
				}
				tok.Attr[i].Val = strings.Join(parts, ", ")
			}
		}
		if changed {
			b.WriteString(tok.String())
		} else {
			b.WriteString(raw)
		}
	}
	out := b.String()
	if _, _, _, ok := splitShell(out); !ok {
		return "", fmt.Errorf("not an intake shell (no <main> with an <h1>)")
	}
	return out, nil
}

func (s *shells) absolute(v string) (string, bool) {
	if s.origin == "" || !strings.HasPrefix(v, "/") || strings.HasPrefix(v, "//") {
		return "", false
	}
	return s.origin + v, true
}

// splitShell cuts a shell around the inner HTML of the first <h1> in
// <main>: the shell's title, which the answer's replaces, and after
// which the answer's content goes.
func splitShell(shell string) (before, title, after string, ok bool) {
	m := strings.Index(shell, "<main")
	if m < 0 {
		return "", "", "", false
	}
	h := strings.Index(shell[m:], "<h1")
	if h < 0 {
		return "", "", "", false
	}
	open := m + h
	gt := strings.IndexByte(shell[open:], '>')
	end := strings.Index(shell[open:], "</h1>")
	if gt < 0 || end < gt {
		return "", "", "", false
	}
	title = strings.TrimSpace(shell[open+gt+1 : open+end])
	if title == "" {
		return "", "", "", false
	}
	return shell[:open+gt+1], title, shell[open+end:], true
}

// fillShell puts an answer into a shell: title in place of the shell's
// title in <title>, heading in place of it in the <h1> and elsewhere in
// the head (og:title), both escaped (they may hold a form's title); the
// content right after the heading.
func fillShell(shell, title, heading, content string) string {
	before, old, after, _ := splitShell(shell)
	t, hd := html.EscapeString(title), html.EscapeString(heading)
	if i := strings.Index(before, "<title>"); i >= 0 {
		if j := strings.Index(before[i:], old); j >= 0 {
			before = before[:i+j] + t + before[i+j+len(old):]
		}
	}
	return strings.ReplaceAll(before, old, hd) + hd + "</h1>" + content + strings.TrimPrefix(after, "</h1>")
}
