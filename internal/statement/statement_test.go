package statement_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/features"
	"github.com/deltag/deltag/internal/statement"
)

func TestPages(t *testing.T) {
	cfg, d := config.Parse([]byte(`
languages:
  - {code: sv, name: Svenska, title: Portal}
  - {code: da, name: Dansk, title: Portal}
  - {code: en, name: English, title: Portal}
accessibility:
  organisation: {sv: Kommunen, da: Kommunen, en: The municipality}
  status: full
  assessed: 2026-10-01
  reviewed: 2026-11-15
  feedback: {phone: "+46 (0)8-123 45 00", email: a@example.se}
  was: https://www.was.digst.dk/x
  path: {en: accessibility-statement}
`))
	if d.HasErrors() {
		t.Fatal(d.Err())
	}
	pages, d := statement.Pages(cfg)
	if len(d) > 0 || len(pages) != 3 {
		t.Fatalf("got %d pages and %v, want 3 pages", len(pages), d)
	}
	want := []struct{ url, title, shape string }{
		{"/sv/tillganglighet/", "Tillgänglighetsredogörelse", statement.ShapeDOS},
		{"/da/tilgaengelighed/", "Tilgængelighedserklæring", statement.ShapeWAS},
		{"/en/accessibility-statement/", "Accessibility statement", statement.ShapeEU},
	}
	for i, p := range pages {
		v := p.Params["statement"].(*statement.View)
		if p.URL != want[i].url || p.Title != want[i].title || v.Shape != want[i].shape {
			t.Errorf("page %d: %s %q %s, want %s %q %s", i, p.URL, p.Title, v.Shape, want[i].url, want[i].title, want[i].shape)
		}
		if p.Ref != statement.Name || p.Layout != statement.Layout || p.File != "" {
			t.Errorf("page %d: ref %q layout %q file %q", i, p.Ref, p.Layout, p.File)
		}
		if v.Complaint != "https://www.digg.se/tdosanmalan" {
			t.Errorf("complaint %q, want Digg's form by default", v.Complaint)
		}
		if v.PhoneURI != "tel:+4681234500" {
			t.Errorf("PhoneURI %q, want tel:+4681234500", v.PhoneURI)
		}
	}
	if a := pages[1].Aliases; len(a) != 1 || a[0] != "/was/" {
		t.Errorf("the Danish statement's aliases are %v, want [/was/]", a)
	}
	cfg.Accessibility = nil
	if pages, _ := statement.Pages(cfg); len(pages) != 0 {
		t.Errorf("without accessibility: got %d pages, want none", len(pages))
	}
}

// TestExamplePortalStatements builds the example portal and reads the
// statement pages, the /was redirect and the footer links.
func TestExamplePortalStatements(t *testing.T) {
	dir := t.TempDir()
	off := false
	_, d := build.Build(context.Background(), build.Options{Extensions: features.All(), Source: "../..", Dest: dir, Minify: &off, Now: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)})
	if d.HasErrors() {
		t.Fatal(d.Err())
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	has := func(name string, want ...string) {
		t.Helper()
		s := read(name)
		for _, w := range want {
			if !strings.Contains(s, w) {
				t.Errorf("%s lacks %q", name, w)
			}
		}
	}
	has("sv/tillganglighet/index.html",
		`<html lang="sv">`,
		"<h1>Tillgänglighetsredogörelse</h1>",
		"Exempelkommunen står bakom Deltag-portalen",
		"<h2>Vad kan du göra om du inte kan använda delar av webbplatsen?</h2>",
		"<h2>Rapportera brister i webbplatsens tillgänglighet</h2>",
		"<h2>Tillsyn</h2>",
		`<a href="https://www.digg.se/tdosanmalan">`,
		"delvis förenlig med lagen om tillgänglighet till digital offentlig service",
		"Inspelningarna av webbinarierna saknar textning.",
		`senast <time datetime="2027-03-31">31 mars 2027</time>`,
		`<a href="tel:&#43;4681234500">`,
		`<a href="mailto:tillganglighet@portal.example.se">`,
		`Senaste bedömningen gjordes den <time datetime="2026-10-01">`,
		`Redogörelsen uppdaterades senast den <time datetime="2026-11-15">`,
	)
	has("da/tilgaengelighed/index.html",
		`<html lang="da">`,
		"<h1>Tilgængelighedserklæring</h1>",
		`<a class="button" href="https://www.was.digst.dk/portal-example-se">`,
		"Optagelserne af webinarerne mangler undertekster.",
	)
	has("was/index.html", `url=/da/tilgaengelighed/`, `href="/da/tilgaengelighed/"`)
	has("sv/index.html", `<a href="/sv/tillganglighet/">Tillgänglighetsredogörelse</a>`)
	has("da/index.html", `<a href="/da/tilgaengelighed/">Tilgængelighedserklæring</a>`)
	has("sv/tillganglighet/index.html", `<a href="/da/tilgaengelighed/" lang="da" hreflang="da" rel="alternate">`)
	has("sitemap.xml", "https://portal.example.se/sv/tillganglighet/", `hreflang="da" href="https://portal.example.se/da/tilgaengelighed/"`)
}
