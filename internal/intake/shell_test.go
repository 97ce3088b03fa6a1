package intake

import (
	"strings"
	"testing"
	"time"
)

// TestShell: a shell's root-relative URLs point at the site (quoted or
// not, in srcset too), fragments and other hosts stay, the title is
// replaced in <title> and the heading, escaped, and the content follows
// the heading; a page without <main> and <h1> is no shell.
func TestShell(t *testing.T) {
	s := &shells{origin: "https://portal.example.se", now: time.Now}
	src := `<!doctype html><html lang=sv><head><title>Svar – Deltag</title><meta property="og:title" content="Svar"><link rel=stylesheet href=/css/deltag.css></head>` +
		`<body><a href="#main">Hoppa</a><header><a href=/sv/><img src="/brand/logo.svg" srcset="/a.png 1x, /b.png 2x" alt=""></a><a href="//cdn.example/x">x</a></header>` +
		`<main id=main><article><h1 class=t>Svar</h1></article></main><footer><a href="/sv/om/">Om</a></footer></body></html>`
	shell, err := s.prepare([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := fillShell(shell, "Fel: <Ansök>", "<Ansök>", `<p class="x">innehåll</p>`)
	for _, want := range []string{
		`<title>Fel: &lt;Ansök&gt; – Deltag</title>`, `content="&lt;Ansök&gt;"`,
		`href="https://portal.example.se/css/deltag.css"`, `href="https://portal.example.se/sv/"`,
		`srcset="https://portal.example.se/a.png 1x, https://portal.example.se/b.png 2x"`,
		`<a href="#main">`, `<a href="//cdn.example/x">`, `href="https://portal.example.se/sv/om/"`,
		`<h1 class=t>&lt;Ansök&gt;</h1><p class="x">innehåll</p></article></main>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("filled shell lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, ">Svar<") {
		t.Errorf("the shell's own title is left:\n%s", got)
	}
	if _, err := s.prepare([]byte(`<html><body><h1>x</h1></body></html>`)); err == nil {
		t.Errorf("a page without <main> was taken for a shell")
	}
}
