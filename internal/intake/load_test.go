package intake

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/forms"
)

// TestMain lets the test binary run as the intake itself, for the crash
// test: with DELTAG_INTAKE_CHILD set it runs Command with those args.
func TestMain(m *testing.M) {
	if args := os.Getenv("DELTAG_INTAKE_CHILD"); args != "" {
		os.Exit(Command(context.Background(), strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
	}
	code := m.Run()
	stopServers()
	os.Exit(code)
}

var unlimited = &forms.Limits{PerIP: 1 << 30, Global: 1 << 30}

func testClient(conns int) *http.Client {
	return &http.Client{
		Timeout:       20 * time.Second,
		Transport:     &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// TestLoad sends 10,000 submissions from 50 concurrent clients to a real
// listening server; every tenth is invalid. Exactly the accepted ones
// must be stored, each must parse, none twice.
func TestLoad(t *testing.T) {
	n, clients := 10000, 50
	if testing.Short() {
		n = 1000
	}
	f := newFixture(t, unlimited)
	f.store.now, f.h.now = time.Now, time.Now
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(f.h)
	go srv.Serve(ln)
	defer srv.Close()
	url := "http://" + ln.Addr().String() + formURL
	client := testClient(clients)

	work := make(chan int)
	var mu sync.Mutex
	accepted := map[string]bool{}
	statuses := map[int]int{}
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				v := poolValues(i)
				v.Set("activity", fmt.Sprintf("load-%d", i))
				if i%10 == 0 {
					v.Set("email", "not an address")
				}
				req, _ := http.NewRequest("POST", url, strings.NewReader(v.Encode()))
				req.Header.Set("Content-Type", urlencoded)
				req.Header.Set("Origin", siteOrigin)
				resp, err := client.Do(req)
				if err != nil {
					t.Error(err)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mu.Lock()
				statuses[resp.StatusCode]++
				if resp.StatusCode == http.StatusSeeOther {
					accepted[v.Get("activity")] = true
				}
				mu.Unlock()
			}
		}()
	}
	for i := 0; i < n; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
	elapsed := time.Since(start)
	t.Logf("%d posts from %d clients in %v: %.0f/s; statuses %v", n, clients, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), statuses)
	if statuses[303] != n-n/10 || statuses[422] != n/10 {
		t.Errorf("got statuses %v, want %d × 303 and %d × 422", statuses, n-n/10, n/10)
	}
	recs, errs := listDir(f.dir, "", false)
	if len(errs) > 0 {
		t.Fatalf("files that do not parse: %v", errs[:min(3, len(errs))])
	}
	if spam, _ := listDir(f.dir, "", true); len(spam) > 0 {
		t.Errorf("got %d in spam, want 0", len(spam))
	}
	stored := map[string]bool{}
	for _, r := range recs {
		a := r.Field("activity").(string)
		if stored[a] {
			t.Errorf("%s stored twice", a)
		}
		stored[a] = true
		if !accepted[a] {
			t.Errorf("%s stored but not accepted", a)
		}
	}
	if len(stored) != len(accepted) {
		t.Errorf("got %d stored, want the %d accepted", len(stored), len(accepted))
	}
}

// child is the intake running as a separate process.
type child struct {
	cmd  *exec.Cmd
	addr string
	out  *bytes.Buffer
	done chan struct{}
}

func startChild(t *testing.T, site, store string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(),
		"DELTAG_INTAKE_CHILD="+strings.Join([]string{"--site", site, "--store", store, "--addr", "127.0.0.1:0"}, "\x1f"),
		"DELTAG_INTAKE_SECRET=crash-test-secret-0123456789")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, out: &bytes.Buffer{}, done: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		defer close(c.done)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			if a, ok := strings.CutPrefix(line, "deltag intake: listening on http://"); ok {
				addr <- a
			}
			if !strings.Contains(line, "intake: stored") && c.out.Len() < 1<<16 {
				c.out.WriteString(line + "\n")
			}
		}
	}()
	select {
	case c.addr = <-addr:
	case <-c.done:
		cmd.Wait()
		t.Fatalf("intake did not start:\n%s", c.out)
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("intake did not start in 10s:\n%s", c.out)
	}
	return c
}

// TestCrash runs the intake as a child process, kills it with SIGKILL
// under load and restarts it: every submission that got a success answer
// must be there and parse, and the inbox must hold no partial file.
func TestCrash(t *testing.T) {
	site := writeSite(t, "perIP: 10", "perIP: 100000000\n    global: 1000000000")
	store := filepath.Join(t.TempDir(), "store")
	c := startChild(t, site, store)
	client := testClient(20)

	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	acked := map[string]bool{}
	var sent atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < 20; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				marker := fmt.Sprintf("crash-%d-%d", w, i)
				v := with(poolValues(0), "activity", marker)
				var req *http.Request
				if i%2 == 0 {
					req, _ = http.NewRequestWithContext(ctx, "POST", "http://"+c.addr+formURL, strings.NewReader(jsonBody(v)))
					req.Header.Set("Content-Type", "application/json")
				} else {
					req, _ = http.NewRequestWithContext(ctx, "POST", "http://"+c.addr+formURL, strings.NewReader(v.Encode()))
					req.Header.Set("Content-Type", urlencoded)
				}
				sent.Add(1)
				resp, err := client.Do(req)
				if err != nil {
					continue // killed mid-request: no answer, no promise
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				ok := resp.StatusCode == 303
				if resp.StatusCode == 200 {
					var js struct{ Status string }
					ok = json.Unmarshal(body, &js) == nil && js.Status == "received"
				}
				if ok {
					mu.Lock()
					acked[marker] = true
					mu.Unlock()
				} else if ctx.Err() == nil {
					t.Errorf("%s: got %d %s", marker, resp.StatusCode, body)
				}
			}
		}(w)
	}
	time.Sleep(1500 * time.Millisecond)
	c.cmd.Process.Signal(syscall.SIGKILL)
	c.cmd.Wait()
	<-c.done
	cancel()
	wg.Wait()
	mu.Lock()
	t.Logf("killed after %d posts, %d acknowledged", sent.Load(), len(acked))
	mu.Unlock()
	if len(acked) == 0 {
		t.Fatalf("nothing was acknowledged before the kill:\n%s", c.out)
	}

	// Before restart: the inbox holds only complete, parsing files.
	inboxDir := filepath.Join(store, "pool-application", "inbox")
	ents, err := os.ReadDir(inboxDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if !IDPattern.MatchString(strings.TrimSuffix(e.Name(), ".md")) || !strings.HasSuffix(e.Name(), ".md") {
			t.Errorf("partial or stray file in the inbox: %s", e.Name())
		}
	}
	tmpBefore := tmpFiles(t, store)

	c2 := startChild(t, site, store)
	if n := tmpFiles(t, store); n != 0 {
		t.Errorf("restart left %d temp files (there were %d)", n, tmpBefore)
	}
	recs, errs := listDir(store, "pool-application", false)
	if len(errs) > 0 {
		t.Errorf("files that do not parse after the crash: %v", errs)
	}
	stored := map[string]bool{}
	for _, r := range recs {
		m := r.Field("activity").(string)
		if stored[m] {
			t.Errorf("%s stored twice", m)
		}
		stored[m] = true
		if _, err := os.Stat(fileView(store).privatePath(r.Form, r.ID)); err != nil {
			t.Errorf("%s: private data missing: %v", r.ID, err)
		}
	}
	for m := range acked {
		if !stored[m] {
			t.Errorf("acknowledged %s is lost", m)
		}
	}
	t.Logf("stored %d (acknowledged %d; the rest were in flight at the kill)", len(stored), len(acked))

	// The restarted intake works, and SIGTERM stops it gracefully.
	req, _ := http.NewRequest("POST", "http://"+c2.addr+formURL, strings.NewReader(with(poolValues(0), "activity", "after-restart").Encode()))
	req.Header.Set("Content-Type", urlencoded)
	resp, err := client.Do(req)
	if err != nil || resp.StatusCode != 303 {
		t.Fatalf("after restart: %v %v", resp, err)
	}
	resp.Body.Close()
	c2.cmd.Process.Signal(syscall.SIGTERM)
	err = c2.cmd.Wait()
	<-c2.done
	var exit *exec.ExitError
	if errors.As(err, &exit) || err != nil {
		t.Errorf("SIGTERM: got %v, want a clean exit:\n%s", err, c2.out)
	}
	if !strings.Contains(c2.out.String(), "deltag intake: stopped") {
		t.Errorf("no graceful stop in the log:\n%s", c2.out)
	}
}

// TestGracefulShutdown: a request in flight when shutdown starts is
// finished and answered.
func TestGracefulShutdown(t *testing.T) {
	f := newFixture(t, unlimited)
	release := make(chan struct{})
	entered := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		f.h.ServeHTTP(w, r)
	})
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	served := make(chan error, 1)
	pr, pw := io.Pipe()
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "deltag intake: listening on http://"); ok {
				addrc <- a
			}
		}
	}()
	go func() { served <- Serve(ctx, "127.0.0.1:0", slow, pw) }()
	addr := <-addrc
	respc := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest("POST", "http://"+addr+formURL, strings.NewReader(poolValues(1).Encode()))
		req.Header.Set("Content-Type", urlencoded)
		resp, err := testClient(1).Do(req)
		if err != nil {
			respc <- 0
			return
		}
		resp.Body.Close()
		respc <- resp.StatusCode
	}()
	<-entered
	cancel()
	time.Sleep(50 * time.Millisecond)
	close(release)
	if code := <-respc; code != 303 {
		t.Errorf("in-flight request: got %d, want 303", code)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
	pw.Close()
	f.only(t, false)
}

// BenchmarkDurableSubmissions measures submissions per second that are
// validated, stored, fsynced and acknowledged, from 50 concurrent
// posters (25 per core on this 2-core machine), through the handler.
func BenchmarkDurableSubmissions(b *testing.B) {
	f := newFixture(b, unlimited)
	f.store.now, f.h.now = time.Now, time.Now
	var n atomic.Int64
	b.SetParallelism(25)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			v := poolValues(int(n.Add(1)))
			r := httptest.NewRequest("POST", formURL, strings.NewReader(v.Encode()))
			r.Header.Set("Content-Type", urlencoded)
			w := httptest.NewRecorder()
			f.h.ServeHTTP(w, r)
			if w.Code != 303 {
				b.Errorf("got %d", w.Code)
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "subs/s")
}
