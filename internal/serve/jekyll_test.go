package serve_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/sitetest"
)

// A site imported from Jekyll keeps its Liquid layouts and Sass outside
// deltag's folders: deltag serve sees edits there too.
func TestServeJekyllFiles(t *testing.T) {
	if _, err := exec.LookPath("sassc"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("sassc is not installed; .ci/setup.d/40-jekyll-site.sh installs it")
		}
		t.Skip("sassc is not installed (apt-get install sassc)")
	}
	src := sitetest.Write(t, `
-- site.yaml --
baseURL: https://grannar.example.se/
theme: deltag
languages:
  - {code: sv, name: Svenska, locale: sv-SE, timezone: Europe/Stockholm, title: Grannar, default: true}
-- _config.yml --
title: Grannar
-- _layouts/plain.html --
<html><body><p>layout one</p>{{ content }}</body></html>
-- content/sv/om.md --
---
title: Om
layout: plain
---
Text.
-- assets/main.scss --
---
---
@import "base";
body { color: $ink; }
-- _sass/base.scss --
$ink: #123456;
`)
	url := startServe(t, src)
	events := listenEvents(t, url)
	if _, body := get(t, url+"assets/main.css"); !strings.Contains(body, "#123456") {
		t.Fatalf("assets/main.css: %q", body)
	}
	os.WriteFile(filepath.Join(src, "_sass/base.scss"), []byte("$ink: #654321;\n"), 0o644)
	events.wait(t, "reload")
	if _, body := get(t, url+"assets/main.css"); !strings.Contains(body, "#654321") {
		t.Errorf("after a partial changed, assets/main.css: %q", body)
	}
	os.WriteFile(filepath.Join(src, "_layouts/plain.html"), []byte("<html><body><p>layout two</p>{{ content }}</body></html>\n"), 0o644)
	events.wait(t, "reload")
	if _, body := get(t, url+"sv/om/"); !strings.Contains(body, "layout two") {
		t.Errorf("after the layout changed, /sv/om/: %q", body)
	}
}
