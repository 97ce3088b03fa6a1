package intake

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func run(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Command(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCommandUsage(t *testing.T) {
	for _, verb := range []string{"", "serve", "list", "show", "publish", "export", "purge"} {
		args := []string{"-h"}
		if verb != "" {
			args = []string{verb, "-h"}
		}
		code, out, _ := run(args...)
		if code != 0 || !strings.Contains(out, "usage: deltag intake") {
			t.Errorf("%v: got %d %q, want usage and 0", args, code, out)
		}
	}
	for _, args := range [][]string{{"frobnicate"}, {"list", "--bogus"}, {"show"}, {"show", "../../etc/passwd"}, {"publish", "x/../y"}, {"export"}, {"export", "--form", "../x"}, {"purge", "--older-than", "soon"}} {
		if code, _, _ := run(args...); code != 2 {
			t.Errorf("%v: got exit %d, want 2", args, code)
		}
	}
}

func TestCommandModeration(t *testing.T) {
	f := newFixture(t, nil)
	site, store := f.site, f.dir
	f.post(poolValues(1))
	f.post(with(poolValues(2), "website", "spam", "purpose", "Köp billigt nu!\n# Rubrik\n<b>fet</b> [länk](http://x) ![bild](http://tracker.example/p.gif)"))
	inbox, _ := listDir(store, "", false)
	spam, _ := listDir(store, "", true)
	if len(inbox) != 1 || len(spam) != 1 {
		t.Fatalf("setup: %d inbox %d spam", len(inbox), len(spam))
	}
	id, spamID := inbox[0].ID, spam[0].ID
	g := []string{"--site", site, "--store", store}

	code, out, errs := run(append(g, "list")...)
	if code != 0 || !strings.Contains(out, id) || strings.Contains(out, spamID) || !strings.Contains(out, "Havedag 1") {
		t.Errorf("list: %d %q %q", code, out, errs)
	}
	code, out, _ = run(append(g, "list", "--spam", "--form", "pool-application")...)
	if code != 0 || !strings.Contains(out, spamID) || !strings.Contains(out, "honeypot") {
		t.Errorf("list --spam: %d %q", code, out)
	}

	code, out, _ = run(append(g, "show", id)...)
	if code != 0 || !strings.Contains(out, "activity: Havedag 1") || strings.Contains(out, "herdis@example.dk") {
		t.Errorf("show: %d %q", code, out)
	}
	code, out, _ = run("show", id, "--private", "--store", store)
	if code != 0 || !strings.Contains(out, "email: herdis@example.dk") {
		t.Errorf("show --private: %d %q", code, out)
	}

	// A false positive goes back to received, whole; only once.
	code, out, errs = run(append(g, "recover", spamID)...)
	if code != 0 || !strings.Contains(out, spamID+" is received") {
		t.Errorf("recover: %d %q %q", code, out, errs)
	}
	inbox, _ = listDir(store, "", false)
	spam, _ = listDir(store, "", true)
	if len(inbox) != 2 || len(spam) != 0 {
		t.Errorf("after recover: %d inbox %d spam, want 2 and 0", len(inbox), len(spam))
	}
	if r, err := findDir(store, spamID); err != nil || r.State != StateReceived || r.Field("activity") == nil {
		t.Errorf("recovered record: %+v %v", r, err)
	}
	if code, _, errs := run(append(g, "recover", spamID)...); code != 1 || !strings.Contains(errs, "is received; it cannot become received") {
		t.Errorf("second recover: %d %q", code, errs)
	}
	if code, _, _ := run(append(g, "recover", "../../etc/passwd")...); code != 2 {
		t.Errorf("recover with a path: exit %d, want 2", code)
	}

	code, _, errs = run(append(g, "publish", spamID, "--lang", "sv")...)
	if code != 1 || !strings.Contains(errs, "is received, not approved; only approved submissions are published (deltag intake approve "+spamID+")") {
		t.Errorf("publish of a received submission: %d %q", code, errs)
	}
	if code, _, errs := run(append(g, "approve", spamID)...); code != 0 {
		t.Fatalf("approve: %d %q", code, errs)
	}
	code, out, errs = run(append(g, "publish", spamID, "--lang", "sv")...)
	if code != 0 {
		t.Fatalf("publish: %d %q", code, errs)
	}
	page, err := os.ReadFile(strings.TrimSpace(out))
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(site, "content", "sv", "projects", "havedag-2-"+spamID[len(spamID)-8:]+".md")
	if strings.TrimSpace(out) != want {
		t.Errorf("publish wrote %s, want %s", out, want)
	}
	for _, w := range []string{"title: \"Havedag 2\"\n", "draft: true\n", "project:\n", "  allocated: 12500\n", "  funder: DOMI Bolig\n", "  pool: pools/faellesskabspulje\n"} {
		w = strings.ReplaceAll(w, `\u00f6`, "ö")
		if !strings.Contains(string(page), w) {
			t.Errorf("draft page lacks %q:\n%s", w, page)
		}
	}
	for _, personal := range []string{"Herdis", "herdis@", "applicant", "email"} {
		if strings.Contains(string(page), personal) {
			t.Errorf("draft page holds personal data %q", personal)
		}
	}
	if strings.Contains(string(page), "consent") {
		t.Errorf("draft page holds the consent box")
	}
	if code, _, _ := run(append(g, "publish", spamID, "--lang", "sv")...); code != 1 {
		t.Errorf("publish again: got %d, want 1 (exists)", code)
	}

	code, out, _ = run(append(g, "export", "--form", "pool-application", "--format", "csv")...)
	if !strings.HasPrefix(out, "\uFEFF") {
		t.Errorf("export: no byte order mark, Excel would misread å ä ö")
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF")))
	cr.Comma = ';'
	rows, err := cr.ReadAll()
	if code != 0 || err != nil || len(rows) != 3 { // header and both, the recovered one too
		t.Fatalf("export: %d %v %q", code, err, out)
	}
	if rows[1][0] != id {
		rows[1], rows[2] = rows[2], rows[1]
	}
	if strings.Join(rows[0], ",") != "id,received,lang,state,spam_reasons,applicant,activity,purpose,participants,period,budget,email,consent" {
		t.Errorf("export header: %v", rows[0])
	}
	if rows[1][0] != id || rows[1][5] != "Herdis Larsen" || rows[1][11] != "herdis@example.dk" || rows[1][12] != "yes" {
		t.Errorf("export row: %v", rows[1])
	}

	// Purge: the form keeps 180 days; nothing is that old yet.
	code, out, _ = run(append(g, "purge")...)
	if code != 0 || !strings.Contains(out, "pool-application: deleted personal data of 0 submissions") {
		t.Errorf("purge: %d %q", code, out)
	}
	old := time.Now().AddDate(0, 0, -200).UTC().Format("20060102T150405Z") + "-00c0ffee"
	os.WriteFile(filepath.Join(store, "pool-application", "private", old+".json"), []byte(`{}`), 0o600)
	code, out, _ = run(append(g, "purge", "--dry-run")...)
	if code != 0 || !strings.Contains(out, "would delete personal data of 1 submissions") {
		t.Errorf("purge --dry-run: %d %q", code, out)
	}
	code, out, _ = run(append(g, "purge", "--older-than", "180d", "--form", "pool-application")...)
	if _, err := os.Stat(filepath.Join(store, "pool-application", "private", old+".json")); code != 0 || err == nil {
		t.Errorf("purge --older-than: %d %q; file still there", code, out)
	}
	if _, err := os.Stat(fileView(store).privatePath(inbox[0].Form, inbox[0].ID)); err != nil {
		t.Errorf("purge deleted recent private data: %v", err)
	}
}

func TestEscapeMarkdown(t *testing.T) {
	got := escapeMarkdown("    code?\n1. list\n<script>x</script> *a* _b_ `c` ~d~ [e](f) | g")
	want := `code\?` + "\n" + `1\. list` + "\n" + `\<script\>x\<\/script\> \*a\* \_b\_ \` + "`c\\` \\~d\\~ \\[e\\]\\(f\\) \\| g"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestCSVCell(t *testing.T) {
	for in, want := range map[any]string{"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "ok": "ok", -5: "-5", true: "yes", false: "no"} {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%v) = %q, want %q", in, got, want)
		}
	}
}

// TestCSVForExcel: the export opens in Excel on a Swedish or Danish PC
// (UTF-8 with BOM, ; between cells, every cell quoted), and no cell can
// start a formula, whichever separator the spreadsheet splits on.
func TestCSVForExcel(t *testing.T) {
	for in, want := range map[string]string{
		";=1+1":          ";'=1+1",
		"a;=1+1":         "a;'=1+1",
		"a,=1+1":         "a,'=1+1",
		"a; =1+1":        "a; '=1+1",
		"a\t@SUM(A1)":    "a\t'@SUM(A1)",
		"rad\n-2+3":      "rad\n'-2+3",
		"\t=1":           "'\t'=1",
		"Köp 3-4 st":     "Köp 3-4 st",
		"e-post: a@b.se": "e-post: a@b.se",
	} {
		if got := neutralise(in); got != want {
			t.Errorf("neutralise(%q) = %q, want %q", in, got, want)
		}
	}
	var b strings.Builder
	writeCSV(&b, [][]string{{"id", "text"}, {"1", `Å "citat"; ø`}}, ';')
	if got, want := b.String(), "\"id\";\"text\"\r\n\"1\";\"Å \"\"citat\"\"; ø\"\r\n"; got != want {
		t.Errorf("writeCSV: got %q, want %q", got, want)
	}
	f := newFixture(t, nil)
	f.post(with(poolValues(1), "activity", "Fest;=HYPERLINK(\"https://evil.example\")"))
	code, out, errs := run("--site", f.site, "--store", f.dir, "export", "--form", "pool-application")
	if code != 0 || !strings.HasPrefix(out, "\uFEFF\"id\";\"received\";") {
		t.Fatalf("export: %d %q %s", code, out, errs)
	}
	if !strings.Contains(out, `"Fest;'=HYPERLINK(""https://evil.example"")"`) {
		t.Errorf("export does not neutralise a formula after ;:\n%s", out)
	}
	if code, _, errs := run("--site", f.site, "--store", f.dir, "export", "--form", "pool-application", "--sep", "|"); code != 2 || !strings.Contains(errs, "want ; , or tab") {
		t.Errorf("--sep |: %d %s", code, errs)
	}
}

// TestServePort: on a container platform serve listens on :$PORT (or
// Azure's FUNCTIONS_CUSTOMHANDLER_PORT) and takes the store from
// $DELTAG_STORE.
func TestServePort(t *testing.T) {
	for _, env := range []string{"PORT", "FUNCTIONS_CUSTOMHANDLER_PORT"} {
		t.Run(env, func(t *testing.T) {
			site := writeSite(t)
			store := filepath.Join(t.TempDir(), "from-env")
			port := strconv.Itoa(freePort())
			t.Setenv(env, port)
			t.Setenv("DELTAG_STORE", "file:"+store)
			t.Setenv("DELTAG_INTAKE_SECRET", "port-test-secret-0123456789")
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan int, 1)
			go func() { done <- Command(ctx, []string{"--site", site, "serve"}, io.Discard, io.Discard) }()
			var err error
			for i := 0; i < 100; i++ {
				var resp *http.Response
				if resp, err = http.Get("http://127.0.0.1:" + port + "/healthz"); err == nil {
					resp.Body.Close()
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			cancel()
			if code := <-done; err != nil || code != 0 {
				t.Errorf("serve on :$%s: %v, exit %d", env, err, code)
			}
			if _, err := os.Stat(filepath.Join(store, tmpDir)); err != nil {
				t.Errorf("store not opened from DELTAG_STORE: %v", err)
			}
		})
	}
}
