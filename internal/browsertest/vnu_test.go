package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
)

// vnuJar finds the Nu HTML Checker: $VNU_JAR, else vnu/node_modules here
// (npm ci in vnu/; its package-lock.json pins the version).
func vnuJar(t *testing.T) string {
	t.Helper()
	p := os.Getenv("VNU_JAR")
	if p == "" {
		p = filepath.Join("vnu", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	}
	if _, err := os.Stat(p); err != nil {
		need(t, "no Nu HTML Checker at %s (npm ci in internal/browsertest/vnu, or set $VNU_JAR)", p)
	}
	return p
}

// nuMessage is one message of vnu.jar --format json.
type nuMessage struct {
	Type    string `json:"type"`
	SubType string `json:"subType"`
	URL     string `json:"url"`
	Line    int    `json:"lastLine"`
	Message string `json:"message"`
	Extract string `json:"extract"`
}

// TestNuHTMLChecker runs the Nu HTML Checker (the W3C validator) over
// every page of the example portal, built unminified so line numbers are
// readable, and fails on any error.
func TestNuHTMLChecker(t *testing.T) {
	jar := vnuJar(t)
	java, err := exec.LookPath("java")
	if err != nil {
		need(t, "no java on PATH (apt-get install default-jre-headless)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	dir := filepath.Join(t.TempDir(), "public")
	minify := false
	res, diags := build.Build(ctx, build.Options{Extensions: features.All(), Source: repoRoot, Dest: dir, Now: buildTime, Minify: &minify})
	if diags.HasErrors() {
		t.Fatalf("building the example portal:\n%v", diags.Err())
	}
	msgs := runNu(t, ctx, java, jar, dir)
	pages := 0
	for _, l := range res.Langs {
		pages += l.Pages + l.Lists
	}
	errors := 0
	for _, m := range msgs {
		if m.Type != "error" && m.SubType != "fatal" {
			continue
		}
		errors++
		file := strings.TrimPrefix(strings.TrimPrefix(m.URL, "file:"), dir+"/")
		t.Errorf("%s:%d: %s\n\t%s", file, m.Line, m.Message, strings.TrimSpace(m.Extract))
	}
	t.Logf("Nu HTML Checker: %d errors on %d pages (and the root files)", errors, pages)
}

// runNu checks every HTML file under dir and returns the messages.
func runNu(t *testing.T, ctx context.Context, java, jar, dir string) []nuMessage {
	t.Helper()
	cmd := exec.CommandContext(ctx, java, "-Xss1m", "-jar", jar, "--errors-only", "--format", "json", "--skip-non-html", dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr // vnu writes its report to stderr
	runErr := cmd.Run()
	var report struct {
		Messages []nuMessage `json:"messages"`
	}
	if err := json.Unmarshal(stderr.Bytes(), &report); err != nil {
		t.Fatalf("vnu.jar: %v; unreadable report: %v\n%s", runErr, err, stderr.String())
	}
	return report.Messages
}

// TestNuCatchesInvalidHTML proves the checker bites: a table footer cell
// spanning columns that do not exist and a duplicate id.
func TestNuCatchesInvalidHTML(t *testing.T) {
	jar := vnuJar(t)
	java, err := exec.LookPath("java")
	if err != nil {
		need(t, "no java on PATH (apt-get install default-jre-headless)")
	}
	dir := t.TempDir()
	page := `<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Fel</title></head>
<body><main><p id="a">ett</p><p id="a">två</p><ul><div>inte ett listobjekt</div></ul></main></body></html>`
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	msgs := runNu(t, ctx, java, jar, dir)
	var dup, list bool
	for _, m := range msgs {
		dup = dup || strings.Contains(m.Message, "Duplicate ID")
		list = list || strings.Contains(m.Message, "Element “div” not allowed as child of element “ul”")
	}
	if !dup || !list {
		t.Errorf("want the duplicate id and the div in a ul reported; got %+v", msgs)
	}
}
