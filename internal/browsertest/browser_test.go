package browsertest

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/features"
	"github.com/deltag/deltag/internal/forms"
	"github.com/deltag/deltag/internal/intake"
	"github.com/deltag/deltag/internal/site"
)

// repoRoot is the example portal: the repository itself.
const repoRoot = "../.."

// buildTime is the build's clock, so the test sees the same pages every day.
var buildTime = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// wcagTags are the axe-core rule tags of WCAG 2.0 and 2.1, levels A and AA.
var wcagTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// inCI reports whether the test runs in CI, where a missing tool fails.
func inCI() bool { return os.Getenv("CI") == "true" }

// need skips the test locally, and fails it in CI, when a tool is missing.
func need(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if inCI() {
		t.Fatalf("%s (CI=true: the browser test must run; .ci/run installs what it needs)", msg)
	}
	t.Skipf("%s; skipping the browser test (it fails instead when CI=true)", msg)
}

// chromium finds the browser: $CHROMIUM, else Debian's chromium on PATH.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			need(t, "$CHROMIUM=%s: %v", p, err)
		}
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	need(t, "no Chromium found (apt-get install chromium, or set $CHROMIUM)")
	return ""
}

// axeSource reads axe-core: $AXE_CORE_JS, else node_modules here.
func axeSource(t *testing.T) string {
	t.Helper()
	p := os.Getenv("AXE_CORE_JS")
	if p == "" {
		p = filepath.Join("node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(p)
	if err != nil {
		need(t, "no axe-core at %s (run npm ci in internal/browsertest, or set $AXE_CORE_JS)", p)
	}
	return string(b)
}

// newBrowser starts headless Chromium with the flags this machine needs
// (no background networking: the network is closed) and a fresh profile.
func newBrowser(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	exe := chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	return bctx
}

// violation is one axe-core rule a page breaks.
type violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  string `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

func (v violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for i, n := range v.Nodes {
		if i == 5 {
			fmt.Fprintf(&b, "\n      … and %d more", len(v.Nodes)-5)
			break
		}
		html := n.HTML
		if len(html) > 160 {
			html = html[:160] + "…"
		}
		fmt.Fprintf(&b, "\n      at %s: %s\n        %s", n.Target, html, strings.ReplaceAll(n.Summary, "\n", " "))
	}
	return b.String()
}

// axe runs axe-core on the page the tab shows.
func axe(ctx context.Context, src string) ([]violation, error) {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](src+"\n;typeof axe === 'object'")); err != nil {
		return nil, fmt.Errorf("injecting axe-core: %v", err)
	}
	tags := `["` + strings.Join(wcagTags, `","`) + `"]`
	js := `axe.run(document, {runOnly: {type: "tag", values: ` + tags + `}, resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help,
		nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html, summary: n.failureSummary || ""}))})))`
	return chromedp.Run(ctx, chromedp.Evaluate[[]violation](js, chromedp.EvalAwaitPromise))
}

// unlabelled lists form controls that have no label a screen reader
// would read.
const unlabelledJS = `Array.from(document.querySelectorAll("input, select, textarea"))
	.filter(e => !["hidden", "submit", "button", "reset", "image"].includes((e.getAttribute("type") || "").toLowerCase()))
	.filter(e => !((e.labels && Array.from(e.labels).some(l => l.textContent.trim() !== "")) ||
		(e.getAttribute("aria-label") || "").trim() !== "" ||
		(e.getAttribute("aria-labelledby") || "").split(/\s+/).some(id => id && document.getElementById(id) && document.getElementById(id).textContent.trim() !== "")))
	.map(e => e.outerHTML.slice(0, 200))`

// pageType is one kind of page to check, in one language.
type pageType struct {
	Name, Lang string
	Path       string // URL path on the test server; "" when the portal has none
	Why        string // why Path is "", for the skip message
}

// portal is the built example portal and the server that serves it.
type portal struct {
	dir    string
	site   *site.Site
	srv    *httptest.Server
	errors map[string][]byte // path → body of an intake answer served at that path (422)
	pages  map[string][]byte // path → a page made by the test (200)
}

// buildPortal builds the example portal into a temporary folder.
func buildPortal(t *testing.T, ctx context.Context) *portal {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "public")
	res, diags := build.Build(ctx, build.Options{Extensions: features.All(), Source: repoRoot, Dest: dir, Now: buildTime})
	if diags.HasErrors() {
		t.Fatalf("building the example portal:\n%v", diags.Err())
	}
	p := &portal{dir: dir, site: res.Site, errors: map[string][]byte{}, pages: map[string][]byte{}}
	files := http.FileServer(http.Dir(dir))
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if b, ok := p.pages[r.URL.Path]; ok {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write(b)
			return
		}
		if b, ok := p.errors[r.URL.Path]; ok {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusUnprocessableEntity)
			_, _ = w.Write(b)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(p.srv.Close)
	return p
}

// sectionPage is the first content page of a section in lang.
func sectionPage(l *site.Language, section string) *site.Page {
	for _, sec := range l.Sections {
		if sec.Section == section && len(sec.Members) > 0 {
			return sec.Members[0]
		}
	}
	return nil
}

func sectionList(l *site.Language, section string) *site.Page {
	for _, sec := range l.Sections {
		if sec.Section == section {
			return sec
		}
	}
	return nil
}

// formPage finds a page of lang whose HTML has a <form>.
func (p *portal) formPage(lang string) string {
	var found string
	_ = filepath.WalkDir(filepath.Join(p.dir, lang), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || found != "" || !strings.HasSuffix(path, ".html") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err == nil && strings.Contains(string(b), "<form") {
			rel, _ := filepath.Rel(p.dir, path)
			found = "/" + strings.TrimSuffix(filepath.ToSlash(rel), "index.html")
		}
		return nil
	})
	return found
}

// intakeError posts an empty form to the intake and keeps its answer
// (422, the form again with its errors) to be served at a path.
func (p *portal) intakeError(t *testing.T, lang string) (string, string) {
	t.Helper()
	cfg := p.site.Config
	if len(cfg.Forms) == 0 {
		return "", "site.yaml has no forms:"
	}
	f := cfg.Forms[0]
	h, err := intake.New(cfg, mustStore(t), intake.Options{Secret: []byte("browser-test"), Now: func() time.Time { return buildTime }})
	if err != nil {
		t.Fatalf("intake.New: %v", err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/forms/"+f.ID, strings.NewReader(url.Values{"_lang": {lang}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "text/html")
	req.Header.Set("Origin", strings.TrimSuffix(cfg.AbsURL(""), "/"))
	req.Header.Set("Referer", cfg.AbsURL("/"+lang+"/"))
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("posting an empty form %s: %v", f.ID, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("posting an empty form %s: status %d, want 422; body:\n%s", f.ID, resp.StatusCode, body)
	}
	path := "/_intake/" + lang + "/" + f.ID + "/"
	p.errors[path] = body
	return path, ""
}

func mustStore(t *testing.T) *intake.FileStore {
	st, err := intake.OpenStore(t.TempDir())
	if err != nil {
		t.Fatalf("intake.OpenStore: %v", err)
	}
	return st
}

// pageTypes lists every page type of the portal in every language. A type
// the portal lacks has Path "" and says why.
func (p *portal) pageTypes(t *testing.T) []pageType {
	s := p.site
	out := []pageType{{Name: "root", Lang: "", Path: "/"}}
	page := func(name, lang string, pg *site.Page, why string) pageType {
		if pg == nil {
			return pageType{Name: name, Lang: lang, Why: why}
		}
		return pageType{Name: name, Lang: lang, Path: pg.RelPermalink()}
	}
	for _, l := range s.Languages {
		lc := l.Code
		out = append(out,
			page("home", lc, l.Home, ""),
			page("section list", lc, sectionList(l, "news"), "no news section"),
			page("news post", lc, sectionPage(l, "news"), "no news post"),
			page("event", lc, sectionPage(l, "events"), "no event"),
			page("idea", lc, sectionPage(l, "ideas"), "no idea"),
			page("idea catalogue", lc, sectionList(l, "ideas"), "no ideas section"),
			page("catalogue by category", lc, ideasFiltered(s, l), "no filtered view of the idea catalogue"),
			page("category term", lc, categoryOfIdeas(l), "no category term with ideas"),
			page("project", lc, sectionPage(l, "projects"), "no project"),
			page("pool", lc, sectionPage(l, "pools"), "no pool"),
			page("results", lc, sectionPage(l, "budgets"), "no budget with results"),
			page("theme page", lc, sectionPage(l, "themes"), "no theme page"),
			page("taxonomy", lc, taxonomyPage(l, "categories"), "no categories taxonomy"),
			page("accessibility statement", lc, s.Ref(lc, "accessibility-statement"), "no accessibility: block in site.yaml"),
		)
		form := pageType{Name: "form", Lang: lc, Path: p.formPage(lc), Why: "no page renders a form yet"}
		errPath, why := p.intakeError(t, lc)
		out = append(out, form,
			pageType{Name: "form with errors", Lang: lc, Path: errPath, Why: why},
			pageType{Name: "404", Lang: lc, Path: l.NotFound.RelPermalink()},
		)
	}
	return out
}

func taxonomyPage(l *site.Language, name string) *site.Page {
	for _, tx := range l.Taxonomies {
		if tx.Name == name {
			return tx.Page
		}
	}
	return nil
}

// ideasFiltered is a filtered view of the idea catalogue (a list below
// the ideas section's URL, such as /sv/idekatalog/kategorier/boende/).
func ideasFiltered(s *site.Site, l *site.Language) *site.Page {
	ideas := sectionList(l, "ideas")
	if ideas == nil {
		return nil
	}
	for _, p := range s.Lists {
		if p.L == l && p != ideas && strings.HasPrefix(p.Path, ideas.Path) {
			return p
		}
	}
	return nil
}

// categoryOfIdeas is a category term page that lists ideas.
func categoryOfIdeas(l *site.Language) *site.Page {
	for _, tx := range l.Taxonomies {
		if tx.Name != "categories" {
			continue
		}
		for _, term := range tx.Terms {
			for _, pg := range term.Pages {
				if pg.Section == "ideas" {
					return term.Page
				}
			}
		}
	}
	return nil
}

// requestLog records every URL the browser asks for.
type requestLog struct {
	mu   sync.Mutex
	urls []string
}

func (r *requestLog) listen(ctx context.Context) error {
	return chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok && e.Request != nil {
			r.mu.Lock()
			r.urls = append(r.urls, e.Request.URL)
			r.mu.Unlock()
		}
	})
}

// asked reports whether the browser requested u.
func (r *requestLog) asked(u string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.urls {
		if s == u {
			return true
		}
	}
	return false
}

// foreign returns the requests that went to none of the hosts.
func (r *requestLog) foreign(hosts ...string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, s := range r.urls {
		u, err := url.Parse(s)
		if err != nil || u.Scheme == "data" || u.Scheme == "about" || u.Scheme == "blob" {
			continue
		}
		if !slices.Contains(hosts, u.Host) {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// TestAccessibility runs axe-core over every page type of the example
// portal in every language, and checks the skip link, the labels of form
// controls, the language switcher and that no page asks another host for
// anything.
func TestAccessibility(t *testing.T) {
	src := axeSource(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	p := buildPortal(t, ctx)
	bctx := newBrowser(t, ctx)
	reqs := &requestLog{}
	if err := reqs.listen(bctx); err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(p.srv.URL, "http://")

	var missing []string
	for _, pt := range append(p.pageTypes(t), p.formPages(t)...) {
		name := pt.Name
		if pt.Lang != "" {
			name = pt.Lang + "/" + pt.Name
		}
		t.Run(name, func(t *testing.T) {
			if pt.Path == "" {
				missing = append(missing, name)
				t.Skipf("the example portal has no page of this type (%s)", pt.Why)
			}
			if err := chromedp.Do(bctx, chromedp.Navigate(p.srv.URL+pt.Path)); err != nil {
				t.Fatalf("loading %s: %v", pt.Path, err)
			}
			vs, err := axe(bctx, src)
			if err != nil {
				t.Fatalf("%s: %v", pt.Path, err)
			}
			for _, v := range vs {
				t.Errorf("%s: %s", pt.Path, v)
			}
			t.Logf("%s: %d axe violations", pt.Path, len(vs))
			bad, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](unlabelledJS))
			if err != nil {
				t.Fatalf("%s: %v", pt.Path, err)
			}
			for _, b := range bad {
				t.Errorf("%s: form control without a label: %s", pt.Path, b)
			}
		})
	}
	if len(missing) > 0 {
		t.Logf("page types the example portal lacks: %s", strings.Join(missing, ", "))
	}

	for _, l := range p.site.Languages {
		t.Run(l.Code+"/skip link", func(t *testing.T) {
			if err := chromedp.Do(bctx, chromedp.Navigate(p.srv.URL+l.Home.RelPermalink()), chromedp.KeyEvent("\t")); err != nil {
				t.Fatal(err)
			}
			first, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.className : ""`))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(first, "skip-link") {
				t.Fatalf("the first Tab focuses class %q, want the skip link", first)
			}
			if err := chromedp.Do(bctx, chromedp.KeyEvent("\r")); err != nil {
				t.Fatal(err)
			}
			if !waitFor(bctx, `document.activeElement && document.activeElement.id === "main"`) {
				got, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : "nothing"`))
				t.Fatalf("after Enter on the skip link, focus is on %s, want main#main", got)
			}
		})
		t.Run(l.Code+"/language switcher", func(t *testing.T) {
			from := sectionPage(l, "news")
			if from == nil || len(from.Translations) == 0 {
				t.Skip("no translated news post")
			}
			to := from.Translations[0]
			if err := chromedp.Do(bctx,
				chromedp.Navigate(p.srv.URL+from.RelPermalink()),
				chromedp.Click(chromedp.CSS(`.lang-switch a[hreflang="`+to.L.Code+`"]`)),
			); err != nil {
				t.Fatal(err)
			}
			want := to.RelPermalink()
			if !waitFor(bctx, `location.pathname === `+jsString(want)+` && document.readyState === "complete"`) {
				got, _ := chromedp.Run(bctx, chromedp.Location())
				t.Fatalf("the language switcher on %s went to %s, want %s", from.RelPermalink(), got, want)
			}
			lang, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.documentElement.lang`))
			if err != nil {
				t.Fatal(err)
			}
			if lang != to.L.Code {
				t.Errorf("the translation's <html lang> is %q, want %q", lang, to.L.Code)
			}
		})
	}

	t.Run("requests stay local", func(t *testing.T) {
		if !reqs.asked(p.srv.URL + "/css/deltag.css") {
			t.Fatalf("the request log never saw the stylesheet load: is it listening?")
		}
		// The site's own intake (intake.url) may be asked for a form's
		// time token; it is the portal's own service, not a third party.
		allowed := []string{host}
		if u, err := url.Parse(p.site.Config.Intake.URL); err == nil && u.Host != "" {
			allowed = append(allowed, u.Host)
		}
		if f := reqs.foreign(allowed...); len(f) > 0 {
			t.Errorf("pages asked other hosts than %s for:\n  %s", strings.Join(allowed, " and "), strings.Join(f, "\n  "))
		}
	})
}

// formFixture is a form with every kind of field, rendered by package
// forms into a page with the theme's stylesheet, empty and with the
// errors of an empty post: the form renderer and the theme's form styles
// are checked even while the portal has no form page.
const formFixture = `
languages:
  - {code: sv, name: Svenska, title: Portal}
  - {code: da, name: Dansk, title: Portal}
forms:
  - id: fixture
    title: {sv: Ansök om pengar, da: Søg om penge}
    success: {sv: /sv/, da: /da/}
    controller: {sv: Exempelkommunen, da: Eksempel Kommune}
    purpose: {sv: För att handlägga ansökan., da: For at behandle ansøgningen.}
    retention: 180
    fields:
      - {name: name, label: {sv: Namn, da: Navn}, required: true, personal: true, autocomplete: name}
      - {name: email, kind: email, label: {sv: E-post, da: E-mail}, required: true, personal: true, autocomplete: email}
      - {name: idea, kind: textarea, label: {sv: Idé, da: Idé}, hint: {sv: Beskriv kort., da: Beskriv kort.}, required: true}
      - {name: amount, kind: number, label: {sv: Belopp, da: Beløb}, min: 1, max: 50000}
      - {name: start, kind: date, label: {sv: Startdatum, da: Startdato}}
      - {name: area, kind: choice, label: {sv: Område, da: Område}, required: true, choices: [Norr, Söder]}
      - {name: news, kind: checkbox, label: {sv: Skicka nyheter, da: Send nyheder}}
      - {name: consent, kind: consent, label: {sv: Jag godkänner behandlingen, da: Jeg godkender behandlingen}}
`

// formPages renders formFixture in every language, with and without
// errors, as pages served at /_forms/<lang>/{empty,errors}/.
func (p *portal) formPages(t *testing.T) []pageType {
	t.Helper()
	cfg, d := config.Parse([]byte(formFixture))
	if d.HasErrors() {
		t.Fatalf("the form fixture does not validate: %v", d.Err())
	}
	f := cfg.Form("fixture")
	var out []pageType
	for _, lang := range []string{"sv", "da"} {
		res := forms.Validate(f, map[string]string{}, lang, "sv")
		if res.OK() {
			t.Fatalf("an empty post validated")
		}
		for _, c := range []struct {
			name  string
			state *forms.State
		}{{"empty", nil}, {"errors", res.State}} {
			html, err := forms.HTML(f, lang, "sv", c.state)
			if err != nil {
				t.Fatal(err)
			}
			path := "/_forms/" + lang + "/" + c.name + "/"
			p.pages[path] = []byte(`<!DOCTYPE html>
<html lang="` + lang + `">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Form</title><link rel="stylesheet" href="/css/deltag.css"></head>
<body><main id="main"><div class="wrap page"><h1>Form</h1>
` + string(html) + `
</div></main></body></html>`)
			out = append(out, pageType{Name: "form (fixture, " + c.name + ")", Lang: lang, Path: path})
		}
	}
	return out
}

// TestAxeCatchesBrokenFixture proves the check bites: a page with an
// unlabeled input and low-contrast text must fail axe.
func TestAxeCatchesBrokenFixture(t *testing.T) {
	src := axeSource(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv := httptest.NewServer(http.FileServer(http.Dir("testdata")))
	defer srv.Close()
	bctx := newBrowser(t, ctx)
	if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/broken.html")); err != nil {
		t.Fatal(err)
	}
	vs, err := axe(bctx, src)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, v := range vs {
		got[v.ID] = true
		t.Logf("found, as it should: %s", v)
	}
	for _, want := range []string{"label", "color-contrast"} {
		if !got[want] {
			t.Errorf("axe did not report %q on testdata/broken.html; got %v", want, keys(got))
		}
	}
	bad, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](unlabelledJS))
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) != 1 {
		t.Errorf("the label check found %d unlabelled controls on testdata/broken.html, want 1: %v", len(bad), bad)
	}
}

// waitFor evaluates a JavaScript condition until it holds, for up to 5
// seconds; unlike chromedp.Poll it survives a navigation.
func waitFor(ctx context.Context, cond string) bool {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!(`+cond+`)`)); err == nil && ok {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
