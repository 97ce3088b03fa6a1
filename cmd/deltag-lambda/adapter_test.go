package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/deltag/deltag/internal/intake"
)

// site writes the example portal's forms into a site.
func site(t *testing.T) string {
	t.Helper()
	forms, err := os.ReadFile("../../internal/forms/testdata/example-forms.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The forms' publish: mappings are checked against the portal's types.
	portal, err := os.ReadFile("../../site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var types strings.Builder
	in := false
	for _, line := range strings.SplitAfter(string(portal), "\n") {
		if line != "" && line[0] != ' ' && line[0] != '\n' {
			in = strings.HasPrefix(line, "types:")
		}
		if in {
			types.WriteString(line)
		}
	}
	dir := t.TempDir()
	src := "baseURL: https://portal.example.se/\nlanguages:\n  - {code: sv, name: Svenska, default: true, title: Deltag}\n  - {code: da, name: Dansk, title: Deltag}\n" + types.String() + string(forms)
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func handler(t *testing.T, dir string) http.Handler {
	t.Helper()
	h, st, err := intake.Setup(context.Background(), dir, "file:"+t.TempDir(), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return h
}

var volatile = regexp.MustCompile(`[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}|"token":"[^"]*"`)

// TestAdapterMatchesServer feeds recorded function-URL and HTTP-API
// events to the adapter and the same requests to the plain server: the
// answers must be the same (IDs and tokens, which differ by design, are
// masked).
func TestAdapterMatchesServer(t *testing.T) {
	t.Setenv("DELTAG_INTAKE_SECRET", "lambda-test-secret-0123456789")
	t.Setenv("DELTAG_PUBLIC", t.TempDir()) // no site shell: no fetch from baseURL in a test
	dir := site(t)
	files, _ := filepath.Glob("testdata/*.json")
	if len(files) < 8 {
		t.Fatalf("only %d recorded events", len(files))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got, err := adapt(handler(t, dir))(context.Background(), raw)
			if err != nil {
				t.Fatal(err)
			}

			// The same request to the plain server over HTTP.
			var ev events.APIGatewayV2HTTPRequest
			json.Unmarshal(raw, &ev)
			srv := httptest.NewServer(handler(t, dir))
			defer srv.Close()
			r, err := request(context.Background(), &ev)
			if err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest(r.Method, srv.URL+r.URL.RequestURI(), r.Body)
			req.Header = r.Header.Clone()
			req.Host = r.Host
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()

			if got.StatusCode != resp.StatusCode {
				t.Errorf("status: adapter %d, server %d", got.StatusCode, resp.StatusCode)
			}
			for _, h := range []string{"Content-Type", "Location", "Access-Control-Allow-Origin", "Allow", "Cache-Control", "Content-Security-Policy", "Retry-After"} {
				if g, w := got.Headers[h], resp.Header.Get(h); g != w {
					t.Errorf("%s: adapter %q, server %q", h, g, w)
				}
			}
			if g, w := volatile.ReplaceAllString(got.Body, "X"), volatile.ReplaceAllString(string(body), "X"); g != w {
				t.Errorf("body:\nadapter %s\nserver  %s", g, w)
			}
			if got.IsBase64Encoded {
				t.Errorf("a text answer was base64-encoded")
			}
			t.Logf("%d %s", got.StatusCode, strings.SplitN(got.Body, "\n", 2)[0])
		})
	}
}

func TestAdapterRefusesOtherEvents(t *testing.T) {
	_, err := adapt(http.NotFoundHandler())(context.Background(), json.RawMessage(`{"httpMethod":"GET","path":"/"}`))
	if err == nil || !strings.Contains(err.Error(), "payload format 2.0") {
		t.Errorf("a REST API (v1) event: got %v, want refused", err)
	}
}
