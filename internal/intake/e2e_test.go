package intake

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
	"github.com/deltag/deltag/internal/sitetest"
	"golang.org/x/net/html"
)

// TestFormToPublishedPage is the whole path as people meet it: the
// example portal is built; the pool application form is taken from the
// built HTML (its action, hidden fields and inputs); a resident fills it
// in and posts it, with the intake's token, to the intake's handler; a
// moderator lists, approves and publishes it; `deltag build --drafts`
// then has the project page, of the pool, without the applicant's
// personal data anywhere in the output.
func TestFormToPublishedPage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the example portal twice")
	}
	site := sitetest.Portal(t)
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	public := filepath.Join(t.TempDir(), "public")
	if _, diags := build.Build(context.Background(), build.Options{Source: site, Dest: public, Now: now, Extensions: features.All()}); diags.HasErrors() {
		t.Fatalf("build: %v", diags.Err())
	}

	// The form as the built page shows it, in Swedish.
	action, fields := builtForm(t, filepath.Join(public, "sv"), "form-pool-application")
	u, err := url.Parse(action)
	if err != nil || u.Path != "/forms/pool-application" {
		t.Fatalf("form action %q: want the intake's /forms/pool-application", action)
	}
	if fields.Get("_lang") != "sv" || !fields.Has("website") {
		t.Fatalf("built form lacks _lang=sv or the honeypot: %v", fields)
	}
	typed := map[string]string{
		"applicant": "Herdis Larsen", "activity": "Odlingsdag i Engparken",
		"purpose":      "Vi vill ordna en gemensam odlingsdag över tre avdelningar, med fika.",
		"participants": "40", "period": "maj–juni 2027", "budget": "12 500",
		"email": "herdis@example.dk", "consent": "yes",
	}
	for name, v := range typed {
		if !fields.Has(name) {
			t.Fatalf("built form has no field %q (has %v)", name, fields)
		}
		fields.Set(name, v)
	}

	cfg := loadSite(t, site)
	storeDir := filepath.Join(t.TempDir(), "store")
	store, err := OpenStore(storeDir)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	clk := &clock{t: now}
	store.now = clk.Now
	h, err := New(cfg, store, Options{Now: clk.Now, Secret: testSecret, Shell: ShellFromDir(public), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{h: h, store: store, dir: storeDir, site: site, clock: clk}
	w := f.do("GET", u.Path+"/token", "", "", "Origin", siteOrigin)
	var tok struct{ Token string }
	if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &tok) != nil || tok.Token == "" {
		t.Fatalf("token: %d %s", w.Code, w.Body)
	}
	fields.Set("_token", tok.Token)
	clk.Add(20 * time.Second) // a person takes a while to fill it in

	// A mistake is answered in the site's own look: its header, menu,
	// footer and stylesheet (from the site's host), in the post's
	// language, the form again with the error, no stand-in left.
	bad := url.Values{}
	for k, v := range fields {
		bad[k] = v
	}
	bad.Set("activity", "")
	bad.Set("_lang", "da")
	w = f.do("POST", u.Path, urlencoded, bad.Encode(), "Origin", siteOrigin)
	page := w.Body.String()
	if w.Code != 422 {
		t.Fatalf("invalid post: %d", w.Code)
	}
	for _, want := range []string{`<html lang="da"`, `class="site-header"`, `class="site-footer"`, `href="https://portal.example.se/css/deltag.css"`,
		`href="https://portal.example.se/da/"`, `class="form-error-summary"`, `Ansøg om støtte fra fællesskabspuljen</h1>`, `<div class="intake-answer">`, `name="robots" content="noindex"`, `<title>Fejl: Ansøg om støtte fra fællesskabspuljen – `} {
		if !strings.Contains(page, want) {
			t.Errorf("invalid post's page lacks %s", want)
		}
	}
	if strings.Contains(page, "Svar på formular") || strings.Contains(page, `href="/`) || strings.Contains(page, "Herdis Larsen") && !strings.Contains(page, `value="Herdis Larsen"`) {
		t.Errorf("invalid post's page keeps the stand-in title or a root-relative link")
	}
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "style-src 'unsafe-inline' https://portal.example.se") {
		t.Errorf("CSP does not allow the site's stylesheet: %s", csp)
	}
	if recs, _ := listDir(storeDir, "", false); len(recs) != 0 {
		t.Fatalf("an invalid post was stored")
	}
	w = f.do("POST", u.Path, urlencoded, fields.Encode(), "Origin", siteOrigin, "Referer", siteOrigin+"/sv/potter/faellesskabspulje/")
	if w.Code != 303 || w.Header().Get("Location") != siteOrigin+"/sv/tack/" {
		t.Fatalf("post: %d %s %s", w.Code, w.Header().Get("Location"), w.Body)
	}

	g := []string{"--site", site, "--store", storeDir, "--by", "maria"}
	code, out, errs := run(append(g, "list", "--state", "received")...)
	if code != 0 || strings.Count(out, "pool-application") != 1 {
		t.Fatalf("list: %d %q %q", code, out, errs)
	}
	id := strings.Fields(strings.Split(out, "\n")[1])[0]
	if code, _, errs := run(append(g, "approve", id)...); code != 0 {
		t.Fatalf("approve: %d %s", code, errs)
	}
	code, out, errs = run(append(g, "publish", id)...)
	if code != 0 {
		t.Fatalf("publish: %d %s", code, errs)
	}
	draft := strings.TrimSpace(out)
	if want := filepath.Join(site, "content", "sv", "projects", "odlingsdag-i-engparken-"+id[len(id)-8:]+".md"); draft != want {
		t.Errorf("publish wrote %s, want %s", draft, want)
	}
	r, _ := findDir(storeDir, id)
	if r.State != StatePublished || r.History[len(r.History)-1].By != "maria" {
		t.Errorf("after publish: %s %+v", r.State, r.History)
	}

	// An idea from the idea form becomes a draft idea card.
	idea := url.Values{"name_of_idea": {"Bytesdag i tvättstugan"}, "idea": {"En lördag i månaden byter vi kläder och leksaker i tvättstugan. <script>x</script>"},
		"email": {"ida@example.se"}, "consent": {"yes"}, "_lang": {"sv"}}
	if w := f.do("POST", "/forms/idea", urlencoded, idea.Encode(), "Origin", siteOrigin); w.Code != 303 {
		t.Fatalf("idea post: %d %s", w.Code, w.Body)
	}
	ideas, _ := listDir(storeDir, "idea", false)
	run(append(g, "approve", ideas[0].ID)...)
	if code, _, errs := run(append(g, "publish", ideas[0].ID)...); code != 0 {
		t.Fatalf("publish idea: %d %s", code, errs)
	}

	// Without --drafts the page is not on the site; with it, it is.
	drafts := filepath.Join(t.TempDir(), "public")
	if _, diags := build.Build(context.Background(), build.Options{Source: site, Dest: drafts, Now: clk.Now().Add(time.Minute), Drafts: true, Extensions: features.All()}); diags.HasErrors() {
		t.Fatalf("build --drafts: %v", diags.Err())
	}
	page = filepath.Join(drafts, "sv", "projekt", "odlingsdag-i-engparken-"+id[len(id)-8:], "index.html")
	b, err := os.ReadFile(page)
	if err != nil {
		ents, _ := os.ReadDir(filepath.Join(drafts, "sv", "projekt"))
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Fatalf("the published draft is not in the output: %v (sv/projekt has %v)", err, names)
	}
	for _, want := range []string{"Odlingsdag i Engparken", "gemensam odlingsdag över tre avdelningar", "DOMI Bolig", "/sv/potter/faellesskabspulje/"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("project page lacks %q", want)
		}
	}
	ideaPage, err := os.ReadFile(filepath.Join(drafts, "sv", "idekatalog", "bytesdag-i-tvattstugan-"+ideas[0].ID[len(ideas[0].ID)-8:], "index.html"))
	if err != nil {
		t.Fatalf("the published idea is not in the output: %v", err)
	}
	if s := string(ideaPage); !strings.Contains(s, "Bytesdag i tvättstugan") || !strings.Contains(s, "En lördag i månaden") || strings.Contains(s, "<script>x") {
		t.Errorf("idea page: want its title and text, the text escaped")
	}
	filepath.WalkDir(drafts, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		for _, personal := range []string{"Herdis", "herdis@example.dk", "ida@example.se"} {
			if strings.Contains(string(data), personal) {
				t.Errorf("%s holds personal data %q", p, personal)
			}
		}
		return nil
	})
}

// builtForm finds the form with the given id in the HTML files under
// dir and returns its action and its fields with the values the page
// gives them (hidden fields filled, others empty).
func builtForm(t *testing.T, dir, id string) (string, url.Values) {
	t.Helper()
	var action string
	var fields url.Values
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") || fields != nil {
			return err
		}
		data, _ := os.ReadFile(p)
		if !strings.Contains(string(data), `id="`+id+`"`) && !strings.Contains(string(data), `id=`+id) {
			return nil
		}
		doc, err := html.Parse(strings.NewReader(string(data)))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *html.Node, in bool)
		walk = func(n *html.Node, in bool) {
			if n.Type == html.ElementNode {
				attr := map[string]string{}
				for _, a := range n.Attr {
					attr[a.Key] = a.Val
				}
				if n.Data == "form" && attr["id"] == id {
					in, action, fields = true, attr["action"], url.Values{}
				}
				if in && (n.Data == "input" || n.Data == "textarea") && attr["name"] != "" {
					v := ""
					if attr["type"] == "hidden" {
						v = attr["value"]
					}
					fields.Set(attr["name"], v)
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, in)
			}
		}
		walk(doc, false)
		return nil
	})
	if fields == nil {
		t.Fatalf("no form %q in the HTML under %s", id, dir)
	}
	return action, fields
}
