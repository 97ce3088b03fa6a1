package intake

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/forms"
)

const siteHead = `baseURL: https://portal.example.se/
languages:
  - {code: sv, name: Svenska, default: true, title: Deltag}
  - {code: da, name: Dansk, title: Deltag}
`

// writeSite writes a site whose site.yaml is siteHead plus the example
// forms (the very block the portal uses), with replace applied to it.
func writeSite(t testing.TB, replace ...string) string {
	t.Helper()
	forms, err := os.ReadFile("../forms/testdata/example-forms.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := siteHead + portalTypes(t) + string(forms)
	for i := 0; i+1 < len(replace); i += 2 {
		if !strings.Contains(src, replace[i]) {
			t.Fatalf("site.yaml has no %q to replace", replace[i])
		}
		src = strings.Replace(src, replace[i], replace[i+1], 1)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// portalTypes is the types: block of the example portal's site.yaml,
// which the forms' publish: mappings are checked against.
func portalTypes(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile("../../site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	in := false
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if line != "" && line[0] != ' ' && line[0] != '\n' {
			in = strings.HasPrefix(line, "types:")
		}
		if in {
			b.WriteString(line)
		}
	}
	if b.Len() == 0 {
		t.Fatal("../../site.yaml has no types:")
	}
	return b.String()
}

func loadSite(t testing.TB, dir string) *config.Config {
	t.Helper()
	c, diags := config.Load(os.DirFS(dir))
	if diags.HasErrors() {
		t.Fatalf("site.yaml: %v", diags.Err())
	}
	c.Intake.Bind(c.Forms)
	return c
}

// clock is a settable clock for tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type fixture struct {
	h     *Handler
	store *FileStore
	dir   string // store dir
	site  string
	clock *clock
}

var testSecret = []byte("0123456789abcdef-test-secret")

func newFixture(t testing.TB, limits *forms.Limits) *fixture {
	t.Helper()
	site := writeSite(t)
	cfg := loadSite(t, site)
	dir := filepath.Join(t.TempDir(), "store")
	store, err := OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	clk := &clock{t: time.Date(2026, 11, 23, 12, 45, 1, 0, time.UTC)}
	store.now = clk.Now
	if limits == nil {
		limits = &forms.Limits{PerIP: 1000, Global: 100000}
	}
	h, err := New(cfg, store, Options{Now: clk.Now, Secret: testSecret, Limits: limits, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{h: h, store: store, dir: dir, site: site, clock: clk}
}

// poolValues is a valid pool application; n makes it unique.
func poolValues(n int) url.Values {
	return url.Values{
		"applicant":    {"Herdis Larsen"},
		"activity":     {fmt.Sprintf("Havedag %d", n)},
		"purpose":      {"Vi vil lave en fælles havedag på tværs af tre afdelinger, med kaffe og kage."},
		"participants": {"40"},
		"period":       {"maj–juni 2026"},
		"budget":       {"12 500"},
		"email":        {"herdis@example.dk"},
		"consent":      {"yes"},
		"_lang":        {"da"},
	}
}

// fileView reads a file store's directory without opening it (which
// would clean its .tmp under a running store).
func fileView(dir string) *FileStore {
	return &FileStore{dir: dir, tmp: filepath.Join(dir, tmpDir), now: time.Now, keys: map[string]*keyEntry{}}
}

// listDir lists a file store's records: spam, or all but spam.
func listDir(dir, form string, spam bool) ([]*Record, []error) {
	q := Query{Form: form}
	if spam {
		q.State = StateSpam
	}
	recs, err := fileView(dir).List(context.Background(), q)
	var out []*Record
	for _, r := range recs {
		if spam || r.State != StateSpam {
			out = append(out, r)
		}
	}
	var errs []error
	if err != nil {
		errs = []error{err}
	}
	return out, errs
}

func findDir(dir, id string) (*Record, error) {
	return fileView(dir).Get(context.Background(), id)
}

func readPrivateDir(dir string, r *Record) (map[string]any, error) {
	return fileView(dir).Private(context.Background(), r.ID)
}
