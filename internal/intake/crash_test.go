package intake

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestCrashStores runs the intake as a child process on each backend,
// kills it with SIGKILL three times under load from 12 concurrent
// clients and restarts it. Each post carries a random _key, as the
// enhancing script adds; after each restart the clients resend, with the
// same key, every post that got no answer. In the end every post must be
// stored exactly once (the acknowledged ones included), complete with
// its personal data.
func TestCrashStores(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test: not in -short")
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			store := b.url(t)
			crashRun(t, store, 3)
		})
	}
}

func randomKey() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func crashRun(t *testing.T, store string, kills int) {
	site := writeSite(t, "perIP: 10", "perIP: 100000000\n    global: 1000000000")
	client := testClient(12)
	type post struct {
		marker string
		values url.Values
	}
	var mu sync.Mutex
	acked := map[string]bool{}
	unanswered := map[string]post{}
	send := func(ctx context.Context, addr string, p post) bool {
		req, _ := http.NewRequestWithContext(ctx, "POST", "http://"+addr+formURL, strings.NewReader(p.values.Encode()))
		req.Header.Set("Content-Type", urlencoded)
		resp, err := client.Do(req)
		if err != nil {
			return false
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 303 {
			if ctx.Err() == nil {
				t.Errorf("%s: got %d %s", p.marker, resp.StatusCode, body)
			}
			return false
		}
		return true
	}
	for round := 0; round <= kills; round++ {
		c := startChild(t, site, store)
		// Resend what got no answer, with the same keys.
		mu.Lock()
		retry := unanswered
		unanswered = map[string]post{}
		mu.Unlock()
		for m, p := range retry {
			if send(context.Background(), c.addr, p) {
				acked[m] = true
			} else {
				t.Errorf("resend of %s after restart failed", m)
			}
		}
		if round == kills {
			c.cmd.Process.Signal(syscall.SIGTERM)
			c.cmd.Wait()
			<-c.done
			break
		}
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for w := 0; w < 12; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; ctx.Err() == nil; i++ {
					p := post{marker: fmt.Sprintf("crash-%d-%d-%d", round, w, i)}
					p.values = with(poolValues(0), "activity", p.marker, "_key", randomKey())
					ok := send(ctx, c.addr, p)
					mu.Lock()
					if ok {
						acked[p.marker] = true
					} else {
						unanswered[p.marker] = p
					}
					mu.Unlock()
				}
			}(w)
		}
		time.Sleep(time.Second)
		c.cmd.Process.Signal(syscall.SIGKILL)
		c.cmd.Wait()
		<-c.done
		cancel()
		wg.Wait()
		mu.Lock()
		t.Logf("kill %d: %d acknowledged so far, %d in flight", round+1, len(acked), len(unanswered))
		mu.Unlock()
	}
	if len(acked) == 0 {
		t.Fatal("nothing was acknowledged")
	}
	if strings.HasPrefix(store, "file:") {
		ents, _ := os.ReadDir(filepath.Join(strings.TrimPrefix(store, "file:"), "pool-application", "inbox"))
		for _, e := range ents {
			if !strings.HasSuffix(e.Name(), ".md") || !IDPattern.MatchString(strings.TrimSuffix(e.Name(), ".md")) {
				t.Errorf("partial or stray file in the inbox: %s", e.Name())
			}
		}
	}
	st := openBackend(t, store)
	ctx := context.Background()
	recs, err := st.List(ctx, Query{Form: "pool-application"})
	if err != nil {
		t.Fatalf("after the crashes: %v", err)
	}
	stored := map[string]bool{}
	for _, r := range recs {
		m, _ := r.Field("activity").(string)
		if stored[m] {
			t.Errorf("%s stored twice", m)
		}
		stored[m] = true
		if r.State != StateReceived {
			t.Errorf("%s: state %s, want received", m, r.State)
		}
		if p, err := st.Private(ctx, r.ID); err != nil || p["email"] != "herdis@example.dk" {
			t.Errorf("%s: personal data %v %v", r.ID, p, err)
		}
	}
	for m := range acked {
		if !stored[m] {
			t.Errorf("acknowledged %s is lost", m)
		}
	}
	if len(stored) != len(acked) {
		t.Errorf("stored %d, acknowledged %d: every post was answered in the end, so they must match", len(stored), len(acked))
	}
	t.Logf("%d posts, each stored once", len(stored))
}

// BenchmarkStores measures durable submissions per second through the
// handler on each backend, from 16 concurrent posters: each answered
// post is committed (fsynced files; a committed transaction; objects the
// S3 server acknowledged). Run briefly: go test -run '^$' -bench Stores
// -benchtime 2s ./internal/intake
func BenchmarkStores(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			st := openBackend(b, be.url(b))
			cfg := loadSite(b, writeSite(b))
			h, err := New(cfg, st, Options{Secret: testSecret, Limits: unlimited, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err != nil {
				b.Fatal(err)
			}
			var n atomic.Int64
			b.SetParallelism(8)
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					v := with(poolValues(int(n.Add(1))), "_key", randomKey())
					r := httptest.NewRequest("POST", formURL, strings.NewReader(v.Encode()))
					r.Header.Set("Content-Type", urlencoded)
					w := httptest.NewRecorder()
					h.ServeHTTP(w, r)
					if w.Code != 303 {
						b.Errorf("got %d", w.Code)
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "subs/s")
		})
	}
}
