package build_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/markdown"
	"github.com/deltag/deltag/internal/site"
)

// toy uses every optional part the core offers for a page's rendering and
// the static files, the way images and jekyllsite do, so the core's side
// of each hook is tested without them.
type toy struct{}

func (toy) Name() string { return "toy" }

func (e toy) Resolve(b *site.Builder) diag.List {
	b.SetState(e, "state kept for the build")
	return nil
}

func (toy) Markdown(s *site.Site, l *site.Language, o *markdown.Options) {
	state, _ := s.State(toy{}).(string)
	o.Image = func(file, dest, alt, title string, first bool) ([][2]string, error) {
		return [][2]string{{"data-toy", l.Code + ": " + state}}, nil
	}
}

func (toy) OwnsStatic(_ *site.Site, rel string) bool { return rel == "owned.txt" }

func (toy) Prepare(*site.Site, func(*site.Page) ([]byte, error)) {}

func (toy) Text(_ *site.Site, _ *site.Page, body []byte) ([]byte, *diag.Diagnostic) {
	return bytes.ReplaceAll(body, []byte("[[shout]]"), []byte("HEJ")), nil
}

func (toy) Page(_ *site.Site, w *bytes.Buffer, p *site.Page, content []byte) (bool, diag.List) {
	if p.Layout != "toy" {
		return false, nil
	}
	w.WriteString("<toy>" + p.Title + "</toy>" + string(content))
	return true, nil
}

func TestExtensionRenderHooks(t *testing.T) {
	dir := writeSite(t, baseSite, `
-- content/sv/a.md --
---
title: A
---
Säg [[shout]]. ![Karta](/karta.png)
-- content/sv/b.md --
---
title: B
layout: toy
---
Text.
-- static/owned.txt --
the extension publishes this itself
-- static/copied.txt --
copied as it is
`)
	mustBuild(t, dir, func(o *build.Options) { o.Extensions = []site.Extension{toy{}} })
	assertContains(t, dir, "sv/a/index.html",
		"Säg HEJ.", // Text, before Markdown
		`data-toy="sv: state kept for the build"`) // MarkdownHook, with the state from Resolve
	if got := read(t, dir, "sv/b/index.html"); !strings.HasPrefix(got, "<toy>B</toy><p>Text.</p>") {
		t.Errorf("PageRenderer.Page: got %q, want the toy's page", got)
	}
	assertContains(t, dir, "copied.txt", "copied as it is")
	if _, err := os.Stat(filepath.Join(dir, "public", "owned.txt")); err == nil {
		t.Error("a static file an extension owns was copied")
	}
}
