package intake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/forms"
)

const (
	formURL    = "/forms/pool-application"
	urlencoded = "application/x-www-form-urlencoded"
	siteOrigin = "https://portal.example.se"
)

func (f *fixture) do(method, path, ct, body string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	if ct != "" {
		r.Header.Set("Content-Type", ct)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "RemoteAddr" { // not a header: the peer
			r.RemoteAddr = header[i+1]
			continue
		}
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

func (f *fixture) post(v url.Values, header ...string) *httptest.ResponseRecorder {
	return f.do("POST", formURL, urlencoded, v.Encode(), append([]string{"Origin", siteOrigin}, header...)...)
}

// files lists every file under the store, relative, except .tmp and
// the lock file.
func (f *fixture) files(t *testing.T) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(f.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() && p != filepath.Join(f.dir, ".lock") {
			rel, _ := filepath.Rel(f.dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func (f *fixture) only(t *testing.T, spam bool) *Record {
	t.Helper()
	recs, errs := listDir(f.dir, "", spam)
	if len(errs) > 0 || len(recs) != 1 {
		t.Fatalf("got %d records (errors %v), want 1; files %v", len(recs), errs, f.files(t))
	}
	return recs[0]
}

func multipartBody(v url.Values, file bool) (string, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range v {
		mw.WriteField(k, vs[0])
	}
	if file {
		fw, _ := mw.CreateFormFile("attachment", "../../etc/passwd")
		fw.Write([]byte("root:x:0:0"))
	}
	mw.Close()
	return mw.FormDataContentType(), b.String()
}

func jsonBody(v url.Values) string {
	m := map[string]any{}
	for k, vs := range v {
		m[k] = vs[0]
	}
	m["participants"] = 40
	m["consent"] = true
	b, _ := json.Marshal(m)
	return string(b)
}

func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, x := range v {
		out[k] = append([]string(nil), x...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

// TestStatuses covers every answer the intake gives.
func TestStatuses(t *testing.T) {
	mpCT, mpBody := multipartBody(poolValues(1), false)
	fileCT, fileBody := multipartBody(poolValues(1), true)
	tests := []struct {
		name                   string
		method, path, ct, body string
		header                 []string
		status                 int
		want                   []string // in the body
		location               string
		stored                 int // files in inbox
	}{
		{name: "urlencoded ok", method: "POST", path: formURL, ct: urlencoded, body: poolValues(1).Encode(),
			status: 303, location: "https://portal.example.se/da/tak/", stored: 1},
		{name: "multipart ok", method: "POST", path: formURL, ct: mpCT, body: mpBody,
			status: 303, location: "https://portal.example.se/da/tak/", stored: 1},
		{name: "json ok", method: "POST", path: formURL, ct: "application/json", body: jsonBody(poolValues(1)),
			status: 200, want: []string{`"status":"received"`, `"redirect":"https://portal.example.se/da/tak/"`}, stored: 1},
		{name: "sv by _lang", method: "POST", path: formURL, ct: urlencoded, body: with(poolValues(1), "_lang", "sv").Encode(),
			status: 303, location: "https://portal.example.se/sv/tack/", stored: 1},
		{name: "lang from referer", method: "POST", path: formURL, ct: urlencoded, body: with(poolValues(1), "_lang", "").Encode(),
			header: []string{"Referer", "https://portal.example.se/da/puljen/"}, status: 303, location: "https://portal.example.se/da/tak/", stored: 1},
		{name: "unknown lang is default", method: "POST", path: formURL, ct: urlencoded, body: with(poolValues(1), "_lang", "../../de").Encode(),
			status: 303, location: "https://portal.example.se/sv/tack/", stored: 1},
		{name: "html invalid", method: "POST", path: formURL, ct: urlencoded, body: with(poolValues(1), "email", "nej", "budget", "99999").Encode(),
			status: 422, want: []string{`<html lang="da">`, `<title>Fejl: Ansøg om støtte fra fællesskabspuljen – Deltag</title>`,
				`<h1>Ansøg om støtte fra fællesskabspuljen</h1>`, `<a href="#field-budget">Økonomi i kroner må højst være 20.000</a>`,
				`<a href="#field-email">Skriv e-mailadressen`, `value="Herdis Larsen"`, `value="99999"`, `value="nej"`}},
		{name: "json invalid", method: "POST", path: formURL, ct: "application/json", body: `{"activity":"x","_lang":"sv"}`,
			status: 422, want: []string{`"status":"invalid"`, `"fields":{`, `"applicant":"Fyll i sökande"`, `"code":"required"`}},
		{name: "accept json on a form post", method: "POST", path: formURL, ct: urlencoded, body: "activity=x",
			header: []string{"Accept", "application/json"}, status: 422, want: []string{`"status":"invalid"`}},
		{name: "wrong method", method: "GET", path: formURL, status: 405, want: []string{"Skicka formuläret från webbplatsen"}},
		{name: "wrong method put", method: "PUT", path: formURL, ct: urlencoded, body: poolValues(1).Encode(), status: 405},
		{name: "unknown form", method: "POST", path: "/forms/nope", ct: urlencoded, body: poolValues(1).Encode(), status: 404},
		{name: "form traversal", method: "POST", path: "/forms/..%2f..%2fetc%2fpasswd", ct: urlencoded, body: poolValues(1).Encode(), status: 404},
		{name: "form traversal dots", method: "POST", path: "/forms/../forms/pool-application/../x", ct: urlencoded, body: poolValues(1).Encode(), status: 404},
		{name: "unknown path", method: "GET", path: "/admin", status: 404},
		{name: "oversized", method: "POST", path: formURL, ct: urlencoded, body: with(poolValues(1), "purpose", strings.Repeat("x", 70000)).Encode(), status: 413},
		{name: "oversized chunked json", method: "POST", path: formURL, ct: "application/json", body: `{"purpose":"` + strings.Repeat("x", 70000) + `"}`, status: 413},
		{name: "text/plain", method: "POST", path: formURL, ct: "text/plain", body: poolValues(1).Encode(), status: 415},
		{name: "no content type", method: "POST", path: formURL, body: poolValues(1).Encode(), status: 415},
		{name: "file upload", method: "POST", path: formURL, ct: fileCT, body: fileBody, status: 415},
		{name: "foreign origin", method: "POST", path: formURL, ct: urlencoded, body: poolValues(1).Encode(),
			header: []string{"Origin", "https://evil.example"}, status: 403, want: []string{`lang="da"`, "anden hjemmeside"}},
		{name: "null origin", method: "POST", path: formURL, ct: urlencoded, body: poolValues(1).Encode(),
			header: []string{"Origin", "null"}, status: 403},
		{name: "foreign referer", method: "POST", path: formURL, ct: urlencoded, body: poolValues(1).Encode(),
			header: []string{"Origin", "", "Referer", "https://evil.example/da/x"}, status: 403},
		{name: "intake's own origin", method: "POST", path: formURL, ct: urlencoded, body: poolValues(1).Encode(),
			header: []string{"Origin", "https://intake.portal.example.se"}, status: 303, stored: 1},
		{name: "malformed json", method: "POST", path: formURL, ct: "application/json", body: `{"applicant": `, status: 400},
		{name: "json array value", method: "POST", path: formURL, ct: "application/json", body: `{"applicant": ["a"]}`, status: 400},
		{name: "bad percent encoding", method: "POST", path: formURL, ct: urlencoded, body: "applicant=%zz", status: 400},
		{name: "bad utf-8", method: "POST", path: formURL, ct: urlencoded, body: with(poolValues(1), "activity", "Have\xffdag").Encode(),
			status: 422, want: []string{`<a href="#field-activity">Aktivitetens navn indeholder tegn, der ikke kunne læses</a>`}},
		{name: "bad utf-8 json", method: "POST", path: formURL, ct: "application/json", body: "{\"activity\": \"Have\xffdag\", \"_lang\": \"da\"}",
			status: 422, want: []string{`"activity":"Aktivitetens navn indeholder tegn, der ikke kunne læses"`}},
		{name: "healthz", method: "GET", path: "/healthz", status: 200, want: []string{"ok"}},
		{name: "script", method: "GET", path: "/intake.js", status: 200, want: []string{"data-intake-token"}},
		{name: "token", method: "GET", path: formURL + "/token", header: []string{"Origin", siteOrigin}, status: 200, want: []string{`{"token":"`}},
		{name: "token foreign origin", method: "GET", path: formURL + "/token", header: []string{"Origin", "https://evil.example"}, status: 403},
		{name: "preflight", method: "OPTIONS", path: formURL, header: []string{"Origin", siteOrigin}, status: 204},
		{name: "preflight foreign", method: "OPTIONS", path: formURL, header: []string{"Origin", "https://evil.example"}, status: 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			path := tt.path
			header := append([]string{"Origin", siteOrigin}, tt.header...)
			w := f.do(tt.method, path, tt.ct, tt.body, header...)
			if w.Code != tt.status {
				t.Fatalf("got status %d, want %d; body:\n%s", w.Code, tt.status, w.Body)
			}
			for _, s := range tt.want {
				if !strings.Contains(w.Body.String(), s) {
					t.Errorf("body lacks %q; got:\n%s", s, w.Body)
				}
			}
			if tt.location != "" && w.Header().Get("Location") != tt.location {
				t.Errorf("got Location %q, want %q", w.Header().Get("Location"), tt.location)
			}
			if tt.status == 405 && w.Header().Get("Allow") == "" {
				t.Errorf("405 without Allow")
			}
			if strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
				for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options"} {
					if w.Header().Get(h) == "" {
						t.Errorf("HTML page without %s", h)
					}
				}
			}
			recs, errs := listDir(f.dir, "", false)
			if len(errs) > 0 || len(recs) != tt.stored {
				t.Errorf("got %d stored (%v), want %d; files %v", len(recs), errs, tt.stored, f.files(t))
			}
			if spam, _ := listDir(f.dir, "", true); len(spam) > 0 {
				t.Errorf("got %d in spam, want none: %v", len(spam), spam[0].SpamReasons)
			}
		})
	}
}

func TestPrefix(t *testing.T) {
	site := writeSite(t, "url: https://intake.portal.example.se", "url: https://portal.example.se/intake/")
	cfg := loadSite(t, site)
	store, err := OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	h, err := New(cfg, store, Options{Secret: testSecret, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Forms[0].Action; got != "https://portal.example.se/intake/forms/pool-application" {
		t.Errorf("got action %q", got)
	}
	for _, p := range []string{"/intake/forms/pool-application", "/forms/pool-application"} {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("POST", p, strings.NewReader(with(poolValues(1), "activity", p).Encode()))
		r.Header.Set("Content-Type", urlencoded)
		h.ServeHTTP(w, r)
		if w.Code != 303 {
			t.Errorf("%s: got %d, want 303: %s", p, w.Code, w.Body)
		}
	}
}

func TestStoredSubmission(t *testing.T) {
	f := newFixture(t, nil)
	if w := f.post(poolValues(7)); w.Code != 303 {
		t.Fatalf("got %d: %s", w.Code, w.Body)
	}
	r := f.only(t, false)
	if r.Form != "pool-application" || r.Lang != "da" || r.State != StateReceived || !IDPattern.MatchString(r.ID) || !strings.HasPrefix(r.ID, "20261123T124501Z-") {
		t.Errorf("got record %+v", r)
	}
	if r.Field("budget") != int64(12500) || r.Field("activity") != "Havedag 7" {
		t.Errorf("got fields %v, want budget 12500 and activity", r.Fields)
	}
	md, _ := os.ReadFile(r.Path)
	for _, personal := range []string{"Herdis", "herdis@example.dk", "applicant", "email"} {
		if bytes.Contains(md, []byte(personal)) {
			t.Errorf("the Markdown file holds personal data %q:\n%s", personal, md)
		}
	}
	fi, err := os.Stat(fileView(f.dir).privatePath(r.Form, r.ID))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("private file mode %v, want 0600", fi.Mode().Perm())
	}
	p, err := readPrivateDir(f.dir, r)
	if err != nil || p["applicant"] != "Herdis Larsen" || p["email"] != "herdis@example.dk" {
		t.Errorf("private: got %v, %v", p, err)
	}
	want := []string{"pool-application/inbox/" + r.ID + ".md", "pool-application/private/" + r.ID + ".json"}
	if got := f.files(t); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got files %v, want %v", got, want)
	}
}

func TestHoneypot(t *testing.T) {
	f := newFixture(t, nil)
	w := f.post(with(poolValues(1), "website", "http://cheap-pills.example"))
	if w.Code != 303 {
		t.Fatalf("a bot should see success, got %d", w.Code)
	}
	r := f.only(t, true)
	if r.State != StateSpam || strings.Join(r.SpamReasons, ",") != "honeypot" {
		t.Errorf("got status %s reasons %v, want spam for honeypot", r.State, r.SpamReasons)
	}
	if recs, _ := listDir(f.dir, "", false); len(recs) != 0 {
		t.Errorf("honeypot post reached the inbox")
	}
}

func TestRateLimit(t *testing.T) {
	f := newFixture(t, &forms.Limits{PerIP: 2, Global: 100})
	for i := 0; i < 2; i++ {
		if w := f.post(poolValues(i)); w.Code != 303 {
			t.Fatalf("post %d: got %d", i, w.Code)
		}
	}
	w := f.post(poolValues(3))
	if w.Code != 429 {
		t.Fatalf("third post: got %d, want 429", w.Code)
	}
	if ra := w.Header().Get("Retry-After"); ra != "30" {
		t.Errorf("got Retry-After %q, want 30 (2 per minute)", ra)
	}
	// Another address is not limited by the first one's bucket.
	r := httptest.NewRequest("POST", formURL, strings.NewReader(poolValues(4).Encode()))
	r.Header.Set("Content-Type", urlencoded)
	r.RemoteAddr = "192.0.2.9:5555"
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, r)
	if rec.Code != 303 {
		t.Errorf("other address: got %d, want 303", rec.Code)
	}
	f.clock.Add(30 * time.Second)
	if w := f.post(poolValues(5)); w.Code != 303 {
		t.Errorf("after Retry-After: got %d, want 303", w.Code)
	}

	g := newFixture(t, &forms.Limits{PerIP: 100, Global: 3})
	for i := 0; i < 3; i++ {
		r := httptest.NewRequest("POST", formURL, strings.NewReader(poolValues(i).Encode()))
		r.Header.Set("Content-Type", urlencoded)
		r.RemoteAddr = fmt.Sprintf("192.0.2.%d:1", i+1)
		g.h.ServeHTTP(httptest.NewRecorder(), r)
	}
	if w := g.post(poolValues(9)); w.Code != 429 || w.Header().Get("Retry-After") == "" {
		t.Errorf("global limit: got %d, Retry-After %q; want 429 with Retry-After", w.Code, w.Header().Get("Retry-After"))
	}
}

func TestDuplicate(t *testing.T) {
	f := newFixture(t, nil)
	// The same post twice from one client is one submission (see
	// TestIdempotentRetry); from another network it is a suspect copy.
	for i, remote := range []string{"192.0.2.1:1234", "192.0.2.1:1234", "198.51.100.7:1"} {
		if w := f.post(poolValues(1), "RemoteAddr", remote); w.Code != 303 {
			t.Fatalf("post %d: got %d", i, w.Code)
		}
	}
	f.only(t, false)
	if r := f.only(t, true); strings.Join(r.SpamReasons, ",") != "duplicate" {
		t.Errorf("got reasons %v, want duplicate", r.SpamReasons)
	}
	f.clock.Add(11 * time.Minute)
	if w := f.post(poolValues(1), "RemoteAddr", "203.0.113.5:1"); w.Code != 303 {
		t.Fatalf("got %d", w.Code)
	}
	if recs, _ := listDir(f.dir, "", false); len(recs) != 2 {
		t.Errorf("after the window: got %d in inbox, want 2", len(recs))
	}
}

func TestLinksAndLength(t *testing.T) {
	f := newFixture(t, &forms.Limits{PerIP: 100, Global: 100, Length: 300})
	f.post(with(poolValues(1), "purpose", "Se https://a.example, http://b.example, www.c.example og https://d.example"))
	f.post(with(poolValues(2), "purpose", strings.Repeat("lang tekst ", 30)))
	spam, _ := listDir(f.dir, "", true)
	sort.Slice(spam, func(i, j int) bool { return spam[i].Field("activity").(string) < spam[j].Field("activity").(string) })
	if len(spam) != 2 || spam[0].SpamReasons[0] != "links" || spam[1].SpamReasons[0] != "length" {
		for _, r := range spam {
			t.Logf("%s %v", r.Field("activity"), r.SpamReasons)
		}
		t.Errorf("got %d spam, want links then length", len(spam))
	}
}

func TestTokens(t *testing.T) {
	f := newFixture(t, nil)
	fresh := f.h.tokens.issue("pool-application", f.clock.Now())
	other := f.h.tokens.issue("focus-group", f.clock.Now())
	f.clock.Add(10 * time.Second)
	tests := []struct {
		token, reason string
	}{
		{fresh, ""},
		{"", ""},
		{other, ReasonTokenForged},
		{"1700000000.AAAAAAAAAAAAAAAAAAAAAA", ReasonTokenForged},
		{fresh[:len(fresh)-1] + "x", ReasonTokenForged},
		{"garbage", ReasonTokenForged},
		{f.h.tokens.issue("pool-application", f.clock.Now().Add(-time.Second)), ReasonTokenFast},
		{f.h.tokens.issue("pool-application", f.clock.Now().Add(-25*time.Hour)), ReasonTokenExpired},
		{f.h.tokens.issue("pool-application", f.clock.Now().Add(time.Hour)), ReasonTokenForged},
	}
	for i, tt := range tests {
		if w := f.post(with(poolValues(100+i), "_token", tt.token)); w.Code != 303 {
			t.Fatalf("%d: got %d", i, w.Code)
		}
	}
	inbox, _ := listDir(f.dir, "", false)
	spam, _ := listDir(f.dir, "", true)
	got := map[string]string{}
	for _, r := range append(inbox, spam...) {
		got[r.Field("activity").(string)] = strings.Join(r.SpamReasons, ",")
	}
	for i, tt := range tests {
		if g := got[fmt.Sprintf("Havedag %d", 100+i)]; g != tt.reason {
			t.Errorf("token %q: got reasons %q, want %q", tt.token, g, tt.reason)
		}
	}

	// The token endpoint hands out a token that passes after tokenMin.
	w := f.do("GET", formURL+"/token", "", "", "Origin", siteOrigin)
	if w.Header().Get("Access-Control-Allow-Origin") != siteOrigin || w.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("token answer headers: %v", w.Header())
	}
	var tok struct{ Token string }
	json.Unmarshal(w.Body.Bytes(), &tok)
	if r := f.h.tokens.check("pool-application", tok.Token, f.clock.Now().Add(5*time.Second)); r != "" {
		t.Errorf("served token: got %q, want it good", r)
	}
}

func TestTraversalInEveryField(t *testing.T) {
	f := newFixture(t, nil)
	evil := []string{"../../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "%2e%2e%2fetc", "x/../../y", "\u2025/\u2025/z"}
	for i, e := range evil {
		v := url.Values{}
		for _, name := range []string{"applicant", "activity", "purpose", "period", "email", "_lang", "_token", "website", "../x", "id", "form"} {
			v.Set(name, e)
		}
		v.Set("purpose", e+strings.Repeat(" filler", 5))
		v.Set("activity", fmt.Sprintf("%s %d", e, i))
		v.Set("participants", "3")
		v.Set("budget", "0")
		v.Set("consent", e)
		v.Set("email", "a@example.dk")
		v.Set("website", "")
		if w := f.post(v); w.Code != 303 {
			t.Fatalf("%q: got %d: %s", e, w.Code, w.Body)
		}
	}
	// A _token that is not a token makes each one suspect; nothing else.
	recs, errs := listDir(f.dir, "", true)
	if len(recs) != len(evil) || len(errs) > 0 {
		t.Fatalf("got %d records, %v", len(recs), errs)
	}
	for _, r := range recs {
		if strings.Join(r.SpamReasons, ",") != ReasonTokenForged {
			t.Errorf("got reasons %v, want only %s", r.SpamReasons, ReasonTokenForged)
		}
		if r.Lang != "sv" || r.Form != "pool-application" {
			t.Errorf("got lang %q form %q, want the defaults", r.Lang, r.Form)
		}
		if !strings.HasPrefix(r.Field("period").(string), r.Field("activity").(string)[:2]) {
			t.Errorf("value not stored as typed: %v", r.Fields)
		}
	}
	for _, p := range f.files(t) {
		if !regexpFile.MatchString(p) {
			t.Errorf("unexpected file %s", p)
		}
	}
}

var regexpFile = regexp.MustCompile(`^pool-application/(spam/[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}\.md|private/[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}\.json)$`)

func TestScriptInjection(t *testing.T) {
	f := newFixture(t, nil)
	xss := `<script>alert("x")</script><img src=x onerror=alert(1)>"'&{{.}}`
	w := f.post(with(poolValues(1), "activity", xss, "email", xss))
	if w.Code != 422 {
		t.Fatalf("got %d", w.Code)
	}
	body := w.Body.String()
	if strings.Contains(body, "<script>") || strings.Contains(body, "<img") {
		t.Errorf("the error page renders resident input as HTML:\n%s", body)
	}
	if !strings.Contains(body, `value="&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&#34;&#39;&amp;{{.}}"`) {
		t.Errorf("the typed value is not kept, escaped:\n%s", body)
	}
	if w := f.post(with(poolValues(1), "activity", xss, "purpose", xss+"\n---\nform: evil\n"+xss)); w.Code != 303 {
		t.Fatalf("got %d", w.Code)
	}
	r := f.only(t, false)
	if r.Field("activity") != xss || r.Field("purpose") != xss+"\n---\nform: evil\n"+xss || r.Form != "pool-application" {
		t.Errorf("stored values differ: %v", r.Fields)
	}
}
