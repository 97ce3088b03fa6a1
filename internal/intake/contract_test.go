package intake

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// openBackend opens a fresh store of one backend, closed at the end.
func openBackend(t testing.TB, url string) Store {
	t.Helper()
	st, err := Open(context.Background(), url)
	if err != nil {
		t.Fatalf("open %s: %v", redact(url), err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// setClock sets a store's clock.
func setClock(st Store, now func() time.Time) {
	switch s := st.(type) {
	case *FileStore:
		s.now = now
	case *PostgresStore:
		s.now = now
	case *S3Store:
		s.now = now
	}
}

func newSub(form, text string) *Submission {
	return &Submission{
		Form:    form,
		Lang:    "sv",
		Fields:  []Value{{"title", text}, {"count", int64(42)}, {"ok", true}, {"note", "a\n---\nform: evil"}},
		Private: []Value{{"email", "anna@example.se"}, {"name", "Anna Öberg"}},
	}
}

// TestStoreContract is the contract every Store passes.
func TestStoreContract(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st := openBackend(t, b.url(t))
			if err := st.Check(ctx); err != nil {
				t.Fatalf("Check: %v", err)
			}

			// Put and Get: typed fields in order, no personal data.
			a := newSub("idea", "Fler bänkar")
			if dup, err := st.Put(ctx, a); err != nil || dup {
				t.Fatalf("Put: dup %v, %v", dup, err)
			}
			if !IDPattern.MatchString(a.ID) || a.Received.IsZero() {
				t.Fatalf("Put set ID %q received %v", a.ID, a.Received)
			}
			r, err := st.Get(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if r.Form != "idea" || r.Lang != "sv" || r.State != StateReceived || !r.Received.Equal(a.Received) || !reflect.DeepEqual(r.Fields, a.Fields) {
				t.Errorf("Get: got %+v\nwant fields %v", r, a.Fields)
			}
			if s := fmt.Sprint(r); strings.Contains(s, "anna@") || strings.Contains(s, "Öberg") {
				t.Errorf("Get returns personal data: %s", s)
			}
			p, err := st.Private(ctx, a.ID)
			if err != nil || p["email"] != "anna@example.se" || p["name"] != "Anna Öberg" {
				t.Errorf("Private: got %v, %v", p, err)
			}

			// Idempotent: the same key again stores nothing and answers
			// with the first receipt, also when retries race.
			k := newSub("idea", "Lekplats")
			k.Key = strings.Repeat("ab", 20)
			if _, err := st.Put(ctx, k); err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			for i := 0; i < 6; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					again := newSub("idea", "Lekplats")
					again.Key = k.Key
					dup, err := st.Put(ctx, again)
					if err != nil || !dup || again.ID != k.ID || !again.Received.Equal(k.Received) {
						t.Errorf("retry: dup %v id %s (first %s) %v", dup, again.ID, k.ID, err)
					}
				}()
			}
			wg.Wait()
			race := strings.Repeat("cd", 20)
			ids := make([]string, 6)
			for i := range ids {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					s := newSub("idea", "Samtidigt")
					s.Key = race
					if _, err := st.Put(ctx, s); err != nil {
						t.Errorf("racing put: %v", err)
					}
					ids[i] = s.ID
				}(i)
			}
			wg.Wait()
			for _, id := range ids {
				if id != ids[0] {
					t.Errorf("racing puts with one key got different receipts: %v", ids)
				}
			}

			// Spam, another form.
			s := newSub("idea", "Köp nu")
			s.Spam = []string{ReasonHoneypot}
			if _, err := st.Put(ctx, s); err != nil {
				t.Fatal(err)
			}
			o := newSub("pool", "Havedag")
			o.Private = nil
			if _, err := st.Put(ctx, o); err != nil {
				t.Fatal(err)
			}
			count := func(q Query) int {
				t.Helper()
				recs, err := st.List(ctx, q)
				if err != nil {
					t.Fatalf("List %+v: %v", q, err)
				}
				for i := 1; i < len(recs); i++ {
					if recs[i-1].ID > recs[i].ID {
						t.Errorf("List %+v not oldest first", q)
					}
				}
				return len(recs)
			}
			for q, want := range map[Query]int{
				{}: 5, {Form: "idea"}: 4, {Form: "pool"}: 1, {State: StateSpam}: 1,
				{Form: "idea", State: StateReceived}: 3, {State: StateApproved}: 0, {Form: "nope"}: 0,
			} {
				if got := count(q); got != want {
					t.Errorf("List %+v: got %d, want %d", q, got, want)
				}
			}
			if forms, err := st.Forms(ctx); err != nil || strings.Join(forms, ",") != "idea,pool" {
				t.Errorf("Forms: %v %v", forms, err)
			}
			if p, err := st.Private(ctx, o.ID); err != nil || p != nil {
				t.Errorf("Private of a post without personal fields: %v %v", p, err)
			}
			if r, err := st.Get(ctx, s.ID); err != nil || r.State != StateSpam || strings.Join(r.SpamReasons, ",") != ReasonHoneypot {
				t.Errorf("spam record: %+v %v", r, err)
			}

			// States, each change kept with who and when.
			at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
			setClock(st, func() time.Time { return at })
			for _, step := range []struct{ id, state, who string }{
				{s.ID, StateReceived, "maria"}, {a.ID, StateApproved, "maria"}, {a.ID, StatePublished, "jonas"},
			} {
				if err := st.SetState(ctx, step.id, step.state, step.who); err != nil {
					t.Fatalf("SetState %s: %v", step.state, err)
				}
			}
			r, err = st.Get(ctx, a.ID)
			want := []Change{{StateApproved, "maria", at}, {StatePublished, "jonas", at}}
			if err != nil || r.State != StatePublished || !reflect.DeepEqual(r.History, want) {
				t.Errorf("after approve, publish: %+v %v; want history %v", r, err, want)
			}
			if !reflect.DeepEqual(r.Fields, a.Fields) {
				t.Errorf("fields changed by SetState: %v", r.Fields)
			}
			if err := st.SetState(ctx, a.ID, StateReceived, "x"); err == nil || !strings.Contains(err.Error(), "cannot become") {
				t.Errorf("published → received: got %v, want refused", err)
			}
			if err := st.SetState(ctx, "20260101T000000Z-00000000", StateApproved, "x"); !errors.Is(err, ErrNotFound) {
				t.Errorf("SetState of an unknown id: %v", err)
			}
			if got := count(Query{State: StateSpam}); got != 0 {
				t.Errorf("recovered spam still listed as spam: %d", got)
			}
			if _, err := st.Get(ctx, "../../etc/passwd"); err == nil || errors.Is(err, ErrNotFound) {
				t.Errorf("Get of a path: %v, want refused as no id", err)
			}

			// Purge: personal data of old posts goes, the record stays.
			setClock(st, func() time.Time { return at.AddDate(0, 0, -200) })
			old := newSub("idea", "Gammal")
			if _, err := st.Put(ctx, old); err != nil {
				t.Fatal(err)
			}
			setClock(st, func() time.Time { return at })
			if n, err := st.Purge(ctx, "idea", at.AddDate(0, 0, -180), true); err != nil || n != 1 {
				t.Errorf("Purge dry run: %d %v, want 1", n, err)
			}
			if p, _ := st.Private(ctx, old.ID); p == nil {
				t.Errorf("dry run deleted personal data")
			}
			if n, err := st.Purge(ctx, "idea", at.AddDate(0, 0, -180), false); err != nil || n != 1 {
				t.Errorf("Purge: %d %v, want 1", n, err)
			}
			if p, err := st.Private(ctx, old.ID); err != nil || p != nil {
				t.Errorf("after purge: private %v %v", p, err)
			}
			if _, err := st.Get(ctx, old.ID); err != nil {
				t.Errorf("purge removed the record: %v", err)
			}
			if p, _ := st.Private(ctx, a.ID); p == nil {
				t.Errorf("purge removed recent personal data")
			}

			// Delete: erasure of record and personal data; the key is free.
			if err := st.Delete(ctx, k.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Get(ctx, k.ID); !errors.Is(err, ErrNotFound) {
				t.Errorf("Get after Delete: %v", err)
			}
			if _, err := st.Private(ctx, k.ID); !errors.Is(err, ErrNotFound) {
				t.Errorf("Private after Delete: %v", err)
			}
			if err := st.Delete(ctx, k.ID); !errors.Is(err, ErrNotFound) {
				t.Errorf("second Delete: %v", err)
			}
			again := newSub("idea", "Lekplats")
			again.Key = k.Key
			if dup, err := st.Put(ctx, again); err != nil || dup || again.ID == k.ID {
				t.Errorf("Put after Delete with the same key: dup %v id %s %v", dup, again.ID, err)
			}
		})
	}
}

// TestPurgeOrphans: personal data a crash left without its record is
// removed by purge once it is old enough (its record may still be being
// written before that), on the stores where a crash can leave it.
func TestPurgeOrphans(t *testing.T) {
	for _, b := range backends {
		if b.name == "postgres" {
			continue // one transaction: there are no orphans
		}
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st := openBackend(t, b.url(t))
			at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
			setClock(st, func() time.Time { return at })
			kept := newSub("idea", "Hel")
			if _, err := st.Put(ctx, kept); err != nil {
				t.Fatal(err)
			}
			orphan := newSub("idea", "Halv")
			orphan.ID, orphan.Received = "20261124T090000Z-0badc0de", at
			data, _ := privateJSON(orphan)
			switch s := st.(type) {
			case *FileStore:
				os.WriteFile(s.privatePath("idea", orphan.ID), data, 0o600)
			case *S3Store:
				if err := s.create(ctx, s.key("private", "idea", orphan.ID+".json"), data); err != nil {
					t.Fatal(err)
				}
			}
			cutoff := at.AddDate(0, 0, -180)
			if n, err := st.Purge(ctx, "idea", cutoff, false); err != nil || n != 0 {
				t.Errorf("purge at once: %d %v, want 0 (the record may be on its way)", n, err)
			}
			setClock(st, func() time.Time { return time.Now().Add(2 * time.Hour) })
			if n, err := st.Purge(ctx, "idea", cutoff, false); err != nil || n != 1 {
				t.Errorf("purge two hours later: %d %v, want the 1 orphan", n, err)
			}
			if p, err := st.Private(ctx, kept.ID); err != nil || p == nil {
				t.Errorf("purge removed a complete submission's data: %v %v", p, err)
			}
			switch s := st.(type) {
			case *FileStore:
				if _, err := os.Stat(s.privatePath("idea", orphan.ID)); err == nil {
					t.Errorf("orphan still there")
				}
			case *S3Store:
				if _, _, err := s.get(ctx, s.key("private", "idea", orphan.ID+".json")); !isMissing(err) {
					t.Errorf("orphan still there: %v", err)
				}
			}
		})
	}
}
