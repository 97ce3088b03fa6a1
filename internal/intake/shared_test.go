package intake

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/forms"
)

// TestTwoInstancesOnePostgres: two intakes, each with its own
// connections to one database, share the rate limit and the record of
// used tokens.
func TestTwoInstancesOnePostgres(t *testing.T) {
	url := pgDatabase(t)
	site := writeSite(t)
	cfg := loadSite(t, site)
	clk := &clock{t: time.Date(2026, 11, 23, 12, 45, 1, 0, time.UTC)}
	var inst [2]*Handler
	var stores [2]*PostgresStore
	for i := range inst {
		st, err := OpenPostgres(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		st.now = clk.Now
		h, err := New(cfg, st, Options{Now: clk.Now, Secret: testSecret, Limits: &forms.Limits{PerIP: 4, Global: 1000}, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		inst[i], stores[i] = h, st
	}
	post := func(h *Handler, remote string, v string) int {
		r := httptest.NewRequest("POST", formURL, strings.NewReader(v))
		r.Header.Set("Content-Type", urlencoded)
		r.Header.Set("Origin", siteOrigin)
		r.RemoteAddr = remote
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}

	// One client, alternating instances: 4 in the minute in all.
	var codes []int
	for i := 0; i < 8; i++ {
		codes = append(codes, post(inst[i%2], "[2001:db8:5:5::1]:1", poolValues(i).Encode()))
	}
	if fmt.Sprint(codes) != "[303 303 303 303 429 429 429 429]" {
		t.Errorf("one client over two instances: got %v, want 4 × 303 then 429", codes)
	}
	if c := post(inst[1], "192.0.2.77:1", poolValues(50).Encode()); c != 303 {
		t.Errorf("another client: got %d", c)
	}
	clk.Add(time.Minute)
	if c := post(inst[1], "[2001:db8:5:5::2]:1", poolValues(60).Encode()); c != 303 {
		t.Errorf("the next minute: got %d, want 303", c)
	}

	// A token used on one instance is refused (as suspect) on the other.
	tok := inst[0].tokens.issue("pool-application", clk.Now())
	clk.Add(10 * time.Second)
	if c := post(inst[0], "192.0.2.1:1", with(poolValues(70), "_token", tok).Encode()); c != 303 {
		t.Fatal(c)
	}
	if c := post(inst[1], "192.0.2.2:1", with(poolValues(71), "_token", tok).Encode()); c != 303 {
		t.Fatal(c)
	}
	ctx := context.Background()
	spam, err := stores[0].List(ctx, Query{State: StateSpam})
	if err != nil {
		t.Fatal(err)
	}
	if len(spam) != 1 || spam[0].Field("activity") != "Havedag 71" || strings.Join(spam[0].SpamReasons, ",") != ReasonTokenReplay {
		t.Errorf("replayed token on the other instance: spam %+v", spam)
	}
	checkRetryMayReuse(t, inst[1].guards)
	all, _ := stores[1].List(ctx, Query{})
	if len(all) != 8 {
		t.Errorf("stored %d, want 8 (4 + 1 + 1 + 2)", len(all))
	}
}
