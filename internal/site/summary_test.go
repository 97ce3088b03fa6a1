package site_test

import (
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/site"
	"github.com/deltag/deltag/internal/sitetest"
)

// shoutExt derives every page's summary (as the Jekyll extension renders
// the Liquid in one) and keeps its Builder, to try it after Resolve.
type shoutExt struct{ b *site.Builder }

func (*shoutExt) Name() string { return "shout" }
func (e *shoutExt) Resolve(b *site.Builder) diag.List {
	e.b = b
	for _, p := range b.Site().Pages {
		b.SetSummary(p, strings.ToUpper(p.Summary), strings.ToUpper(p.BodySummary))
	}
	return nil
}

// A summary an extension sets is the model page's; the parsed page keeps
// its own, and the model is sealed after Resolve.
func TestSetSummary(t *testing.T) {
	fsys := sitetest.FS(typedSite)
	cfg, pages := parse(t, fsys)
	for _, p := range pages {
		p.BodySummary = "text of " + p.Title
	}
	ext := &shoutExt{}
	s, diags := site.Resolve(cfg, pages, nil, site.Options{Now: now, Extensions: []site.Extension{ext}})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	for _, p := range s.Pages {
		if want := "TEXT OF " + strings.ToUpper(p.Title); p.BodySummary != want || p.Page.BodySummary != "text of "+p.Title {
			t.Errorf("%s: model %q (want %q), parsed %q (want it as parsed)", p.File, p.BodySummary, want, p.Page.BodySummary)
		}
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "sealed") {
			t.Errorf("SetSummary after Resolve: recovered %v, want a panic about the sealed model", r)
		}
	}()
	ext.b.SetSummary(s.Pages[0], "late", "late")
}
