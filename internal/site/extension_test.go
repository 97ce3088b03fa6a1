package site_test

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/features"
	"github.com/deltag/deltag/internal/page"
	"github.com/deltag/deltag/internal/schema"
	"github.com/deltag/deltag/internal/site"
	"github.com/deltag/deltag/internal/sitetest"
)

const typedSite = `
-- site.yaml --
baseURL: https://portal.example.se/
languages:
  - {code: sv, name: Svenska, locale: sv-SE, timezone: Europe/Stockholm, title: Portalen}
sections:
  events: {path: {sv: evenemang}}
  news: {path: {sv: nyheter}}
types:
  event:
    section: events
    layout: events
    fields:
      - {name: start, kind: datetime, required: true}
      - {name: location, kind: place}
-- content/sv/events/a.md --
---
title: A
date: 2026-10-01
event: {start: 2026-12-01T18:00:00+01:00, location: Gården}
---
-- content/sv/events/b.md --
---
title: B
date: 2026-10-02
event: {start: 2026-11-01T18:00:00+01:00}
---
-- content/sv/news/mote.md --
---
title: Möte
date: 2026-10-03
type: event
event: {start: 2027-01-20T18:00:00+01:00}
---
Text.
`

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func parse(t *testing.T, fsys fstest.MapFS) (*config.Config, []*page.Page) {
	t.Helper()
	cfg, diags := config.Load(fsys)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	var pages []*page.Page
	for _, name := range []string{"content/sv/events/a.md", "content/sv/events/b.md", "content/sv/news/mote.md"} {
		p, d := page.Parse(name, strings.TrimPrefix(name, "content/"), fsys[name].Data, cfg)
		if d.HasErrors() {
			t.Fatal(d.Err())
		}
		pages = append(pages, p)
	}
	return cfg, pages
}

// Resolving with the features leaves every parsed page exactly as parsed
// (deltag serve resolves the same parsed pages again after each edit).
func TestResolveNeverMutatesParsedPages(t *testing.T) {
	fsys := sitetest.FS(typedSite)
	cfg, pages := parse(t, fsys)
	_, fresh := parse(t, fsys)
	for i := 0; i < 2; i++ {
		s, diags := site.Resolve(cfg, pages, nil, site.Options{Now: now, Extensions: features.All(), FS: fsys})
		if diags.HasErrors() {
			t.Fatal(diags.Err())
		}
		mote := s.Pages[len(s.Pages)-1]
		for _, p := range s.Pages {
			if p.File == "content/sv/news/mote.md" {
				mote = p
			}
		}
		if mote.Type != "events" || mote.Page.Type != "event" {
			t.Errorf("run %d: model Type %q (want events), parsed Type %q (want event)", i, mote.Type, mote.Page.Type)
		}
		if mote.Extra["event"] == nil {
			t.Errorf("run %d: the type: event page has no event", i)
		}
	}
	for i := range pages {
		if !reflect.DeepEqual(pages[i], fresh[i]) {
			t.Errorf("%s was changed by Resolve:\n got %+v\nwant %+v", pages[i].File, pages[i], fresh[i])
		}
	}
}

// The events list is ordered by the extension (upcoming first), and
// prev/next follow that order.
func TestExtensionOrderAndPrevNext(t *testing.T) {
	fsys := sitetest.FS(typedSite)
	cfg, pages := parse(t, fsys)
	s, diags := site.Resolve(cfg, pages, nil, site.Options{Now: now, Extensions: features.All(), FS: fsys})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	sec := s.Languages[0].Section("events")
	var got []string
	for _, p := range sec.Members {
		got = append(got, p.Title)
	}
	if strings.Join(got, ",") != "A,B" || sec.Members[0].Next != sec.Members[1] || sec.Members[1].Prev != sec.Members[0] {
		t.Errorf("events order %v (want A (upcoming), B (past)), prev/next %v %v", got, sec.Members[0].Next, sec.Members[1].Prev)
	}
}

type lateExt struct{ b *site.Builder }

func (*lateExt) Name() string                        { return "late" }
func (e *lateExt) Resolve(b *site.Builder) diag.List { e.b = b; return nil }

func TestBuilderSealedAfterResolve(t *testing.T) {
	fsys := sitetest.FS(typedSite)
	cfg, pages := parse(t, fsys)
	ext := &lateExt{}
	s, diags := site.Resolve(cfg, pages, nil, site.Options{Now: now, Extensions: []site.Extension{ext}})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "sealed") {
			t.Errorf("a change after Resolve: recovered %v, want a panic about the sealed model", r)
		}
	}()
	ext.b.SetExtra(s.Pages[0], "x", 1)
}

type listExt struct{}

func (listExt) Name() string { return "lists" }
func (listExt) Resolve(b *site.Builder) diag.List {
	l := b.Site().Languages[0]
	b.AddList(l, site.List{Section: "events", Title: "Krock", Path: "/sv/nyheter/mote/", File: "site.yaml", Line: 7})
	return nil
}

// A list an extension adds goes through the one collision check.
func TestExtensionListCollision(t *testing.T) {
	fsys := sitetest.FS(typedSite)
	cfg, pages := parse(t, fsys)
	_, diags := site.Resolve(cfg, pages, nil, site.Options{Now: now, Extensions: []site.Extension{listExt{}}})
	if !diags.HasErrors() || !strings.Contains(diags.Err().Error(), "site.yaml:7") || !strings.Contains(diags.Err().Error(), "content/sv/news/mote.md") {
		t.Fatalf("want a collision at site.yaml:7 naming content/sv/news/mote.md, got %v", diags)
	}
}

func TestOutFileOneRule(t *testing.T) {
	for in, want := range map[string]string{
		"/": "index.html", "/sv/x/": "sv/x/index.html", "/old": "old/index.html", "/gamla/om.html": "gamla/om.html",
		"/sv/404.html": "sv/404.html", "/a.xml": "a.xml", "/v1.2": "v1.2/index.html",
	} {
		if got := site.OutFile(in); got != want {
			t.Errorf("OutFile(%q) = %q, want %q", in, got, want)
		}
	}
	for _, bad := range []string{"../x", "a/../../x", "/abs", "", "a/./b", `a\b`, "C:/x"} {
		if site.CheckOutFile(bad) == nil {
			t.Errorf("CheckOutFile(%q) accepted it", bad)
		}
	}
}

// surveyExt is the worked example of the package doc.
type surveyExt struct{}

func (surveyExt) Name() string { return "survey" }

func (surveyExt) Resolve(b *site.Builder) diag.List {
	var diags diag.List
	s := b.Site()
	t := s.Config.Types["survey"]
	if t == nil {
		return nil
	}
	if msg := t.Need("closes", true, schema.Date); msg != "" {
		diags.Errorf("site.yaml", t.Line, "%s", msg)
		return diags
	}
	for _, p := range s.Pages {
		if p.Section != t.Section && p.Page.Type != t.Name {
			continue
		}
		raw, ok := p.Params[t.Key]
		vals := t.Validate(raw, ok, schema.Source{File: p.File, FrontLine: p.FrontLine,
			Lines: p.Lines, Loc: p.L.Location, ParseDate: page.ParseDate, KindOf: page.KindOf}, &diags)
		closes, _ := vals["closes"].(time.Time)
		b.SetExtra(p, "survey", map[string]any{"closes": closes, "open": s.Now.Before(closes)})
		b.SetLayout(p, t.Layout)
	}
	return diags
}

func TestWorkedExample(t *testing.T) {
	const survey = `
-- site.yaml --
baseURL: https://portal.example.se/
languages:
  - {code: sv, name: Svenska, locale: sv-SE, timezone: Europe/Stockholm, title: Portalen}
sections:
  surveys: {path: {sv: enkater}}
types:
  survey:
    section: surveys
    fields:
      - {name: closes, kind: date, required: true}
-- content/sv/surveys/gard.md --
---
title: Gården
survey: {closes: 2026-12-01}
---
-- content/sv/surveys/tvatt.md --
---
title: Tvättstugan
survey: {closes: 2026-11-01}
---
`
	fsys := sitetest.FS(survey)
	cfg, diags := config.Load(fsys)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	var pages []*page.Page
	for _, name := range []string{"content/sv/surveys/gard.md", "content/sv/surveys/tvatt.md"} {
		p, _ := page.Parse(name, strings.TrimPrefix(name, "content/"), fsys[name].Data, cfg)
		pages = append(pages, p)
	}
	s, diags := site.Resolve(cfg, pages, nil, site.Options{Now: now, Extensions: []site.Extension{surveyExt{}}})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	open := map[string]bool{}
	for _, p := range s.Pages {
		open[p.Title] = p.Extra["survey"].(map[string]any)["open"].(bool)
	}
	if !open["Gården"] || open["Tvättstugan"] {
		t.Errorf("open = %v, want Gården open and Tvättstugan closed", open)
	}
	renamed := strings.Replace(survey, "{name: closes,", "{name: stops,", 1)
	cfg, _ = config.Load(sitetest.FS(renamed))
	if _, diags := site.Resolve(cfg, nil, nil, site.Options{Now: now, Extensions: []site.Extension{surveyExt{}}}); !diags.HasErrors() ||
		!strings.Contains(diags.Err().Error(), "type survey has no field closes") {
		t.Errorf("a renamed field: got %v, want an error", diags)
	}
}

// countExt makes one page per published event page, from the parsed
// pages (a Generator).
type countExt struct{ seen *[]string }

func (countExt) Name() string { return "count" }
func (e countExt) Generate(in site.GenerateInput) ([]*page.Page, diag.List) {
	n := 0
	for _, p := range in.Pages {
		*e.seen = append(*e.seen, p.File)
		if p.Section == "events" && in.Published(p) {
			n++
		}
	}
	var out []*page.Page
	for i := 1; i <= n; i++ {
		out = append(out, &page.Page{Lang: "sv", Name: "gen-" + strconv.Itoa(i), Title: "Gen", Params: map[string]any{},
			Terms: map[string][]string{}, Lines: map[string]int{}, URL: "/gen" + strconv.Itoa(i) + "/"})
	}
	return out, nil
}

// A Generator sees the parsed pages and which of them the build
// publishes; its pages join the model like content files.
func TestGeneratorSeesParsedPages(t *testing.T) {
	fsys := sitetest.FS(typedSite)
	cfg, pages := parse(t, fsys)
	var seen []string
	// At 2026-10-01 12:00 only a.md (dated 2026-10-01) is published.
	early := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	s, diags := site.Resolve(cfg, pages, nil, site.Options{Now: early, Extensions: []site.Extension{countExt{&seen}}})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	if len(seen) != 3 {
		t.Errorf("the generator saw %v, want the 3 parsed pages", seen)
	}
	var gen []string
	for _, p := range s.Pages {
		if p.Title == "Gen" {
			gen = append(gen, p.OutFile)
		}
	}
	if !reflect.DeepEqual(gen, []string{"gen1/index.html"}) {
		t.Errorf("generated outputs = %v, want [gen1/index.html]", gen)
	}
}
