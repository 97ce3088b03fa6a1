package images_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/deltag/deltag/internal/build"
	"github.com/deltag/deltag/internal/features"
	"golang.org/x/tools/txtar"
)

// site is a one-language portal whose pages name images in front matter
// and Markdown; photo.png is written by the test (640×480).
const site = `
-- site.yaml --
baseURL: https://portal.example.se/
languages:
  - {code: sv, name: Svenska, locale: sv-SE, timezone: Europe/Stockholm, title: Portalen}
sections:
  news: {path: {sv: nyheter}, title: {sv: Nyheter}}
minify: false
images: {widths: [480, 960]}
-- layouts/_default/baseof.html --
<!DOCTYPE html><html lang="sv"><head><title>{{.Title}}</title></head><body>{{block "main" .}}{{end}}</body></html>
-- layouts/_default/single.html --
{{define "main"}}<h1>{{.Title}}</h1>
{{with pageImage .}}{{.Tag "lead" "100vw" true}}{{end}}
{{range .Site.Pages}}{{with pageThumbnail .}}<p class="thumb">{{.Tag "" "10rem" false}}</p>{{end}}{{end}}
{{.Content}}{{end}}
-- layouts/_default/list.html --
{{define "main"}}<h1>{{.Title}}</h1>{{end}}
-- layouts/_default/home.html --
{{define "main"}}<h1>{{.Title}}</h1>{{end}}
-- layouts/_default/404.html --
{{define "main"}}<h1>404</h1>{{end}}
-- content/sv/news/med-bild.md --
---
title: Med bild
date: 2026-01-02
image: {src: /uploads/photo.png, alt: Boende vid odlingslotterna}
---
Text.

![En karta](/uploads/photo.png)
-- content/sv/news/utan-bild.md --
---
title: Utan bild
date: 2026-01-03
thumbnail: {src: /uploads/photo.png, decorative: true}
---
![Första bilden](/uploads/photo.png)

![](/uploads/photo.png "decorative")
`

func writeSite(t *testing.T, extra string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range txtar.Parse([]byte(site + extra)).Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 640, 480))); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "static", "uploads", "photo.png")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func buildDir(dir string) (string, error) {
	_, diags := build.Build(context.Background(), build.Options{Source: dir, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Extensions: features.All()})
	if diags.HasErrors() {
		return "", diags.Err()
	}
	return filepath.Join(dir, "public"), nil
}

func TestPagesShowResizedImages(t *testing.T) {
	dir := writeSite(t, "")
	pub, err := buildDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(pub, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	with := read("sv/nyheter/med-bild/index.html")
	lead := regexp.MustCompile(`<img src="/img/photo-[0-9a-f]{8}-640\.png" srcset="/img/photo-[0-9a-f]{8}-480\.png 480w, /img/photo-[0-9a-f]{8}-640\.png 640w" sizes="100vw" width="640" height="480" alt="Boende vid odlingslotterna" class="lead" decoding="async">`)
	if !lead.MatchString(with) {
		t.Errorf("front-matter image: no eager <img> with srcset, width and height in\n%s", with)
	}
	// The page shows a front-matter image first, so its Markdown image
	// loads lazily.
	if !regexp.MustCompile(`<img src="/img/photo-[0-9a-f]{8}-640\.png" alt="En karta" srcset="[^"]+" sizes="\(min-width: 44rem\) 42rem, calc\(100vw - 2rem\)" width="640" height="480" loading="lazy" decoding="async">`).MatchString(with) {
		t.Errorf("Markdown image after a front-matter image is not lazy with srcset:\n%s", with)
	}
	without := read("sv/nyheter/utan-bild/index.html")
	first := regexp.MustCompile(`<img src="/img/photo-[0-9a-f]{8}-640\.png" alt="Första bilden" srcset="[^"]+" sizes="[^"]+" width="640" height="480" decoding="async">`)
	if !first.MatchString(without) {
		t.Errorf("the first image of a page without a front-matter image should load eagerly:\n%s", without)
	}
	if !strings.Contains(without, `alt="" srcset=`) || strings.Contains(without, `title="decorative"`) {
		t.Errorf("a decorative Markdown image has alt=\"\" and no title:\n%s", without)
	}
	if !strings.Contains(without, `<p class="thumb"><img src="/img/photo-`) || !strings.Contains(without, `alt="" loading="lazy"`) {
		t.Errorf("decorative thumbnail: want a lazy <img alt=\"\">:\n%s", without)
	}
	// The upload keeps its URL with the widest variant's clean bytes.
	matches, _ := filepath.Glob(filepath.Join(pub, "img", "photo-*"))
	if len(matches) != 2 {
		t.Fatalf("published variants %v, want 2 (480 and 640 px)", matches)
	}
	widest, _ := os.ReadFile(matches[1])
	if got, _ := os.ReadFile(filepath.Join(pub, "uploads", "photo.png")); !bytes.Equal(got, widest) {
		t.Error("uploads/photo.png is not the re-encoded (metadata-free) widest variant")
	}
	// A second build finds everything in the cache.
	if _, err := buildDir(dir); err != nil {
		t.Fatal(err)
	}
}

func TestOffWithoutImagesKey(t *testing.T) {
	dir := writeSite(t, "")
	cfg := filepath.Join(dir, "site.yaml")
	b, _ := os.ReadFile(cfg)
	if err := os.WriteFile(cfg, bytes.Replace(b, []byte("images: {widths: [480, 960]}\n"), nil, 1), 0o644); err != nil {
		t.Fatal(err)
	}
	pub, err := buildDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(pub, "sv", "nyheter", "utan-bild", "index.html"))
	if !strings.Contains(string(got), `<img src="/uploads/photo.png" alt="Första bilden">`) {
		t.Errorf("without images: the Markdown image is left as written:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(pub, "img")); err == nil {
		t.Error("without images: img/ was written")
	}
}

func TestImageErrorsHaveFileAndLine(t *testing.T) {
	for _, tc := range []struct{ name, extra, want string }{
		{"missing front-matter file", `
-- content/sv/news/saknas.md --
---
title: Saknas
date: 2026-01-04
image: {src: /uploads/finns-inte.jpg, alt: Något}
---
`, `content/sv/news/saknas.md:4: image: image /uploads/finns-inte.jpg not found (looked for static/uploads/finns-inte.jpg)`},
		{"front-matter image without alt", `
-- content/sv/news/utan-alt.md --
---
title: Utan alt
date: 2026-01-04
image: /uploads/photo.png
---
`, `content/sv/news/utan-alt.md:4: image /uploads/photo.png has no alt text`},
		{"Markdown image without alt", `
-- content/sv/news/md.md --
---
title: Md
date: 2026-01-04
---
Först text.

![](/uploads/photo.png)
`, `content/sv/news/md.md:7: image /uploads/photo.png has no alt text`},
		{"missing Markdown image", `
-- content/sv/news/md.md --
---
title: Md
date: 2026-01-04
---
![Karta](/uploads/karta.png)
`, `content/sv/news/md.md:5: image /uploads/karta.png not found`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := buildDir(writeSite(t, tc.extra))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v\nwant an error containing %q", err, tc.want)
			}
		})
		// The check is always on (issue 11): without images: (no
		// resizing) the same error; with content: {imageCheck: warn} (an
		// imported site) a warning, and the build succeeds.
		t.Run(tc.name+" without images:", func(t *testing.T) {
			dir := writeSite(t, tc.extra)
			setImagesKey(t, dir, "")
			_, err := buildDir(dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v\nwant an error containing %q", err, tc.want)
			}
		})
		t.Run(tc.name+" imageCheck: warn", func(t *testing.T) {
			dir := writeSite(t, tc.extra)
			setImagesKey(t, dir, "content: {imageCheck: warn}\n")
			res, diags := build.Build(context.Background(), build.Options{Source: dir, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Extensions: features.All()})
			if diags.HasErrors() {
				t.Fatalf("with imageCheck: warn: got errors %v, want a build", diags.Err())
			}
			want := strings.Replace(tc.want, ": ", ": warning: ", 1)
			if got := fmt.Sprint(res.Warnings); !strings.Contains(got, want) {
				t.Fatalf("got warnings %s\nwant one containing %q", got, want)
			}
		})
	}
}

// setImagesKey replaces the site's images: line with repl.
func setImagesKey(t *testing.T, dir, repl string) {
	t.Helper()
	cfg := filepath.Join(dir, "site.yaml")
	b, _ := os.ReadFile(cfg)
	if err := os.WriteFile(cfg, bytes.Replace(b, []byte("images: {widths: [480, 960]}\n"), []byte(repl), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}
