package intake

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/forms"
)

func (f *fixture) postFrom(remote string, v string, header ...string) int {
	return f.do("POST", formURL, urlencoded, v, append([]string{"Origin", siteOrigin, "RemoteAddr", remote}, header...)...).Code
}

// TestIPv6Network: one /64 rotating its host part is one client: it is
// limited, and it cannot lock out the residents of other networks.
func TestIPv6Network(t *testing.T) {
	f := newFixture(t, &forms.Limits{PerIP: 3, Global: 10})
	codes := map[int]int{}
	for i := 0; i < 200; i++ {
		remote := fmt.Sprintf("[2001:db8:1:2:%x:%x::1]:4000", i, i*7)
		codes[f.postFrom(remote, poolValues(i).Encode())]++
	}
	if codes[303] != 3 || codes[429] != 197 {
		t.Errorf("one /64 with 200 host ids: got %v, want 3 × 303 and the rest 429", codes)
	}
	// The global limit (10/min) still has room for 7 others: the /64's
	// refused posts did not drain it.
	for i := 0; i < 7; i++ {
		remote := fmt.Sprintf("[2001:db8:%x::5]:1", 100+i)
		if c := f.postFrom(remote, poolValues(1000+i).Encode()); c != 303 {
			t.Errorf("honest client %d from another network: got %d, want 303", i, c)
		}
	}
	// IPv4 clients are still counted per address.
	if k := networkOf(peerAddr("192.0.2.7:1"), 64); k != "192.0.2.7" {
		t.Errorf("IPv4 key %q", k)
	}
	if k := networkOf(peerAddr("[2001:db8::1]:1"), 48); k != "2001:db8::/48" {
		t.Errorf("ipv6Prefix 48 key %q", k)
	}
	if k := networkOf(peerAddr("[::ffff:192.0.2.7]:1"), 64); k != "192.0.2.7" {
		t.Errorf("IPv4-mapped key %q", k)
	}
}

// TestGuardsBounded: the per-network state is bounded and expires.
func TestGuardsBounded(t *testing.T) {
	g := newMemoryGuards(forms.Limits{PerIP: 2, Global: 1 << 30, Keys: 100})
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 10000; i++ {
		g.Allow(context.Background(), fmt.Sprintf("net-%d", i), now)
	}
	if n := len(g.nets); n > 100 {
		t.Errorf("tracking %d networks, want at most 100", n)
	}
	// Past the bound newcomers share one bucket: limited, not free.
	if _, ok, _ := g.Allow(context.Background(), "late-1", now); ok {
		t.Errorf("overflow bucket let a post through after 9,900 others in the same instant")
	}
	// A minute later the idle buckets are gone.
	later := now.Add(2 * time.Minute)
	if _, ok, _ := g.Allow(context.Background(), "net-new", later); !ok {
		t.Errorf("new network after expiry refused")
	}
	if n := len(g.nets); n != 1 {
		t.Errorf("after expiry tracking %d networks, want 1", n)
	}
	for i := 0; i < 300; i++ {
		g.FirstUse(context.Background(), fmt.Sprint("tok", i), "k", now, now.Add(time.Hour))
	}
	if n := len(g.used); n > 100 {
		t.Errorf("remembering %d tokens, want at most 100", n)
	}
}

// TestTrustProxy: X-Forwarded-For is believed only from a listed proxy,
// and then the right-most address that is not a proxy counts.
func TestTrustProxy(t *testing.T) {
	site := writeSite(t, "trustProxy: true", `trustProxy: [10.0.0.0/8, "::1"]`)
	cfg := loadSite(t, site)
	st, err := OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	clk := &clock{t: time.Date(2026, 11, 23, 12, 45, 1, 0, time.UTC)}
	st.now = clk.Now
	h, err := New(cfg, st, Options{Now: clk.Now, Secret: testSecret, Limits: &forms.Limits{PerIP: 2, Global: 1000}, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{h: h, store: st, dir: st.Dir(), clock: clk}

	// A direct client spoofing X-Forwarded-For is counted by its own
	// address: rotating the header does not help it.
	codes := map[int]int{}
	for i := 0; i < 6; i++ {
		codes[f.postFrom("198.51.100.9:1", poolValues(i).Encode(), "X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i))]++
	}
	if codes[303] != 2 || codes[429] != 4 {
		t.Errorf("spoofed XFF from an untrusted peer: got %v, want 2 × 303, 4 × 429", codes)
	}
	// Behind the trusted proxy, the forwarded address counts: two
	// clients through one proxy have a limit each…
	for i, client := range []string{"203.0.113.1", "203.0.113.1", "203.0.113.2", "203.0.113.2"} {
		if c := f.postFrom("10.1.2.3:5000", poolValues(100+i).Encode(), "X-Forwarded-For", client); c != 303 {
			t.Errorf("client %s through the proxy: got %d, want 303", client, c)
		}
	}
	// …and a client's own claim to the left is not believed: the
	// right-most untrusted hop is the one the proxy saw.
	if c := f.postFrom("10.1.2.3:5000", poolValues(200).Encode(), "X-Forwarded-For", "192.0.2.99, 203.0.113.1"); c != 429 {
		t.Errorf("spoofed left part through the proxy: got %d, want 429 (203.0.113.1 is spent)", c)
	}
	// Chained proxies: 10.x hops are skipped.
	if c := f.postFrom("[::1]:1", poolValues(201).Encode(), "X-Forwarded-For", "203.0.113.1, 10.9.9.9"); c != 429 {
		t.Errorf("through two proxies: got %d, want 429", c)
	}
	if c := f.postFrom("[::1]:1", poolValues(202).Encode(), "X-Forwarded-For", "203.0.113.50, 10.9.9.9"); c != 303 {
		t.Errorf("new client through two proxies: got %d, want 303", c)
	}
}

func TestTrustProxyConfig(t *testing.T) {
	for _, tt := range []struct{ yaml, want string }{
		{"trustProxy: [not-an-ip]", `"not-an-ip" is not an address or CIDR`},
		{"trustProxy: yes please", "list the proxies to trust"},
	} {
		site := writeSite(t, "trustProxy: true", tt.yaml)
		_, diags := loadConfigDiags(site)
		if !strings.Contains(diags, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.yaml, diags, tt.want)
		}
	}
	// true, as sites once wrote, trusts the machine's own proxy only.
	cfg := loadSite(t, writeSite(t))
	if strings.Join(cfg.Intake.TrustProxy, ",") != "127.0.0.1,::1" {
		t.Errorf("trustProxy: true gave %v", cfg.Intake.TrustProxy)
	}
}

// TestErrorPageLanguage: refused posts answer in the post's _lang.
func TestErrorPageLanguage(t *testing.T) {
	f := newFixture(t, &forms.Limits{PerIP: 1, Global: 100, Body: 2000})
	big := with(poolValues(1), "purpose", strings.Repeat("x", 5000)).Encode()
	w := f.do("POST", formURL, urlencoded, big, "Origin", siteOrigin, "Referer", "https://portal.example.se/sv/pulje/")
	if w.Code != 413 || !strings.Contains(w.Body.String(), `lang="da"`) || !strings.Contains(w.Body.String(), "forkort teksten") {
		t.Errorf("413 for a Danish post: got %d\n%s", w.Code, w.Body)
	}
	f.post(poolValues(2))
	w = f.post(poolValues(3))
	if w.Code != 429 || !strings.Contains(w.Body.String(), "For mange forsøg") {
		t.Errorf("429 for a Danish post: got %d\n%s", w.Code, w.Body)
	}
	w = f.do("POST", formURL, "text/plain", "_lang=da", "Origin", siteOrigin, "RemoteAddr", "192.0.2.200:1")
	if w.Code != 415 || !strings.Contains(w.Body.String(), `lang="da"`) {
		t.Errorf("415: got %d", w.Code)
	}
}

// failingStore fails every write.
type failingStore struct{ *FileStore }

func (failingStore) Check(context.Context) error { return errors.New("disk gone") }

// TestHealthz fails when the store cannot be written.
func TestHealthz(t *testing.T) {
	f := newFixture(t, nil)
	if w := f.do("GET", "/healthz", "", ""); w.Code != 200 {
		t.Errorf("healthy: got %d", w.Code)
	}
	f.h.store = failingStore{f.store}
	if w := f.do("GET", "/healthz", "", ""); w.Code != 503 {
		t.Errorf("store gone: got %d, want 503", w.Code)
	}
	// A store whose directory became read-only fails the real check.
	if os.Geteuid() != 0 {
		g := newFixture(t, nil)
		os.Chmod(filepath.Join(g.dir, tmpDir), 0o500)
		defer os.Chmod(filepath.Join(g.dir, tmpDir), 0o700)
		if w := g.do("GET", "/healthz", "", ""); w.Code != 503 {
			t.Errorf("read-only store: got %d, want 503", w.Code)
		}
	}
}

// TestFailedSaveLeavesNothing: when the record cannot be written, its
// private file is removed too and the post is answered 503.
func TestFailedSaveLeavesNothing(t *testing.T) {
	f := newFixture(t, nil)
	if w := f.post(poolValues(1)); w.Code != 303 {
		t.Fatal(w.Code)
	}
	before := f.files(t)
	// Make the inbox unusable: a file where the folder should be.
	inbox := filepath.Join(f.dir, "pool-application", inboxDir)
	os.Rename(inbox, inbox+".away")
	os.WriteFile(inbox, []byte("x"), 0o600)
	if w := f.post(poolValues(2)); w.Code != 503 {
		t.Fatalf("got %d, want 503", w.Code)
	}
	os.Remove(inbox)
	os.Rename(inbox+".away", inbox)
	if after := f.files(t); strings.Join(after, " ") != strings.Join(before, " ") {
		t.Errorf("a failed save left files behind:\nbefore %v\nafter  %v", before, after)
	}
	if n := tmpFiles(t, f.dir); n != 0 {
		t.Errorf("%d temporary files left", n)
	}
}

// TestIdempotentRetry: a retried post gets the first receipt and is
// stored once, with the script's key and without (no JavaScript).
func TestIdempotentRetry(t *testing.T) {
	f := newFixture(t, nil)
	post := func(v string) (int, string) {
		w := f.do("POST", formURL, "application/json", v, "Origin", siteOrigin)
		var js struct{ ID string }
		json.Unmarshal(w.Body.Bytes(), &js)
		return w.Code, js.ID
	}
	withKey := jsonBody(with(poolValues(1), "_key", "k-0123456789abcdef"))
	c1, id1 := post(withKey)
	f.clock.Add(3 * time.Second)
	c2, id2 := post(withKey)
	if c1 != 200 || c2 != 200 || id1 == "" || id1 != id2 {
		t.Errorf("retry with _key: got %d %s then %d %s, want the same id", c1, id1, c2, id2)
	}
	// Another key, same content: another submission (two people).
	_, id3 := post(jsonBody(with(poolValues(1), "_key", "k-fedcba9876543210")))
	if id3 == id1 {
		t.Errorf("different key got the first receipt")
	}
	noJS := jsonBody(poolValues(2))
	_, a := post(noJS)
	_, b := post(noJS)
	if a == "" || a != b {
		t.Errorf("no-JS resend: got %s and %s, want the same id", a, b)
	}
	recs, _ := listDir(f.dir, "", false)
	spam, _ := listDir(f.dir, "", true)
	if len(recs)+len(spam) != 3 {
		t.Errorf("stored %d + %d spam, want 3", len(recs), len(spam))
	}
	for _, r := range append(recs, spam...) {
		if !keyPattern.MatchString(r.Key) || strings.Contains(r.Key, "0123456789abcdef") {
			t.Errorf("stored key %q: want a hash, never what was sent", r.Key)
		}
	}
}

// TestTokenReplay: a token is good for one post.
func TestTokenReplay(t *testing.T) {
	f := newFixture(t, nil)
	tok := f.h.tokens.issue("pool-application", f.clock.Now())
	f.clock.Add(10 * time.Second)
	f.post(with(poolValues(1), "_token", tok))
	f.post(with(poolValues(2), "_token", tok))
	inbox, _ := listDir(f.dir, "", false)
	spam, _ := listDir(f.dir, "", true)
	if len(inbox) != 1 || len(spam) != 1 || strings.Join(spam[0].SpamReasons, ",") != ReasonTokenReplay {
		t.Errorf("replayed token: %d inbox, %d spam %v", len(inbox), len(spam), spam)
	}
	checkRetryMayReuse(t, f.h.guards)
}

// checkRetryMayReuse: a retry of one post (its first try may have
// failed after the token was recorded) may use the token again; another
// post may not.
func checkRetryMayReuse(t *testing.T, g Guards) {
	t.Helper()
	ctx, now := context.Background(), time.Now()
	for i, want := range []bool{true, true, false} {
		key := "post-a"
		if i == 2 {
			key = "post-b"
		}
		if first, err := g.FirstUse(ctx, "form tok-1", key, now, now.Add(time.Hour)); err != nil || first != want {
			t.Errorf("use %d by %s: got %v %v, want %v", i+1, key, first, err, want)
		}
	}
}

func loadConfigDiags(site string) (bool, string) {
	var b strings.Builder
	_, ok := loadConfig(&globals{site: site, stdout: io.Discard, stderr: &b})
	return ok, b.String()
}
