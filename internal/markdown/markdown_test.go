package markdown

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/deltag/deltag/internal/diag"
)

// render converts src as the body of a page, without a resolver.
func render(t *testing.T, c *Converter, src string) Result {
	t.Helper()
	return c.Convert([]byte(src), "content/sv/sida.md", 1, nil)
}

func TestSyntax(t *testing.T) {
	c := New("sv", Options{})
	tests := []struct {
		name, src string
		want      []string // substrings of the HTML
	}{
		{"table", "| Namn | Ålder |\n|------|-----:|\n| Åsa | 42 |\n",
			[]string{"<table>", "<th>Namn</th>", `<th style="text-align:right">Ålder</th>`, "<td>Åsa</td>"}},
		{"strikethrough", "Det var ~~fel~~ rätt.\n", []string{"<p>Det var <del>fel</del> rätt.</p>"}},
		{"autolink url", "Se https://example.org/sida för mer.\n",
			[]string{`<a href="https://example.org/sida">https://example.org/sida</a>`}},
		{"autolink www", "Se www.kommun.se idag.\n", []string{`<a href="http://www.kommun.se">www.kommun.se</a>`}},
		{"autolink angle", "<https://example.org>\n", []string{`<a href="https://example.org">https://example.org</a>`}},
		{"task list", "- [x] Klar\n- [ ] Kvar\n",
			[]string{`<li><input checked="" disabled="" type="checkbox"> Klar</li>`, `<li><input disabled="" type="checkbox"> Kvar</li>`}},
		{"footnote", "Text med not[^1].\n\n[^1]: Själva noten.\n",
			[]string{`<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>`,
				`<li id="fn:1">`, "Själva noten."}},
		{"external link untouched", "[Kommunen](https://kommun.se/a.md)\n",
			[]string{`<a href="https://kommun.se/a.md">Kommunen</a>`}},
		{"no typography by default", `"citat" -- ja...` + "\n", []string{`<p>&quot;citat&quot; -- ja...</p>`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(render(t, c, tt.src).HTML)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("HTML lacks %q\ngot:\n%s", w, got)
				}
			}
		})
	}
}

func TestSafety(t *testing.T) {
	tests := []struct {
		name, src string
		safe      []string // in the default output
		notSafe   []string // never in the default output
		unsafe    []string // in the output with Unsafe
	}{
		{"inline html", "Hej <b onclick=\"x()\">du</b>!\n",
			[]string{"Hej <!-- raw HTML omitted -->du<!-- raw HTML omitted -->!"}, []string{"<b", "onclick"},
			[]string{`Hej <b onclick="x()">du</b>!`}},
		{"html block", "<script>alert(1)</script>\n\nText\n",
			[]string{"<!-- raw HTML omitted -->", "<p>Text</p>"}, []string{"<script"},
			[]string{"<script>alert(1)</script>"}},
		{"javascript link", "[klicka](javascript:alert(1))\n",
			[]string{`<a href="">klicka</a>`}, []string{"javascript"},
			[]string{`<a href="javascript:alert(1)">klicka</a>`}},
		{"javascript mixed case", "[klicka](JaVaScRiPt:alert(1))\n",
			[]string{`<a href="">klicka</a>`}, []string{"alert"}, nil},
		{"javascript reference link", "[klicka][x]\n\n[x]: javascript:alert(1)\n",
			[]string{`<a href="">klicka</a>`}, []string{"alert"}, nil},
		{"javascript autolink", "<javascript:alert(1)>\n",
			nil, []string{`href="javascript`}, nil},
		{"javascript image", "![bild](javascript:alert(1))\n",
			[]string{`<img src="" alt="bild">`}, []string{"javascript"}, nil},
		{"data url", "[x](data:text/html;base64,PHNjcmlwdD4=)\n",
			[]string{`<a href="">x</a>`}, []string{"data:"}, nil},
		{"heading attributes", "## Rubrik {#r .stor style=\"color:red\" onclick=\"x()\" data-x=\"1\"}\n",
			[]string{`<h2 id="r" class="stor">Rubrik</h2>`}, []string{"style", "onclick", "data-x"},
			[]string{`style="color:red"`, `data-x="1"`}},
	}
	safe, unsafe := New("sv", Options{}), New("sv", Options{Unsafe: true})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(render(t, safe, tt.src).HTML)
			for _, w := range tt.safe {
				if !strings.Contains(got, w) {
					t.Errorf("safe HTML lacks %q\ngot:\n%s", w, got)
				}
			}
			for _, w := range tt.notSafe {
				if strings.Contains(strings.ToLower(got), strings.ToLower(w)) {
					t.Errorf("safe HTML has %q\ngot:\n%s", w, got)
				}
			}
			got = string(render(t, unsafe, tt.src).HTML)
			for _, w := range tt.unsafe {
				if !strings.Contains(got, w) {
					t.Errorf("unsafe HTML lacks %q\ngot:\n%s", w, got)
				}
			}
		})
	}
}

func TestHeadings(t *testing.T) {
	tests := []struct {
		name, src string
		want      []Heading
	}{
		{"nordic letters kept", "# Öka trygghet & trivsel\n## Ærø og Ødegård\n### Café Über\n",
			[]Heading{{1, "öka-trygghet-trivsel", "Öka trygghet & trivsel"},
				{2, "ærø-og-ødegård", "Ærø og Ødegård"}, {3, "café-über", "Café Über"}}},
		{"duplicates numbered", "## Kontakt\n## Kontakt\n## Kontakt\n",
			[]Heading{{2, "kontakt", "Kontakt"}, {2, "kontakt-1", "Kontakt"}, {2, "kontakt-2", "Kontakt"}}},
		{"suffix taken by a real heading", "## A 1\n## A\n## A\n",
			[]Heading{{2, "a-1", "A 1"}, {2, "a", "A"}, {2, "a-2", "A"}}},
		{"markdown syntax not in id", "## Läs **mer** om [avgifter](https://x.se/a) och `kod`\n",
			[]Heading{{2, "läs-mer-om-avgifter-och-kod", "Läs mer om avgifter och kod"}}},
		{"punctuation dropped, dashes collapse", "## Vad är nytt -- 2024 - 2025?!\n## _privat_ snake_case\n",
			[]Heading{{2, "vad-är-nytt-2024-2025", "Vad är nytt -- 2024 - 2025?!"},
				{2, "privat-snake_case", "privat snake_case"}}},
		{"entities and escapes", "## Tom &amp; Jerry \\*inte kursiv\\*\n",
			[]Heading{{2, "tom-jerry-inte-kursiv", "Tom & Jerry *inte kursiv*"}}},
		{"no letters", "## ???\n## !!!\n", []Heading{{2, "heading", "???"}, {2, "heading-1", "!!!"}}},
		{"setext", "Stor rubrik\n===========\n\nLiten\n-----\n",
			[]Heading{{1, "stor-rubrik", "Stor rubrik"}, {2, "liten", "Liten"}}},
		{"explicit id reserved first", "## Om oss\n## Annat {#om-oss}\n",
			[]Heading{{2, "om-oss-1", "Om oss"}, {2, "om-oss", "Annat"}}},
		{"crlf", "# Rubrik ett\r\n\r\n## Två\r\n", []Heading{{1, "rubrik-ett", "Rubrik ett"}, {2, "två", "Två"}}},
		{"image left out", "## ![logga](l.png) Välkommen\n", []Heading{{2, "välkommen", "Välkommen"}}},
	}
	c := New("sv", Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := render(t, c, tt.src)
			if !reflect.DeepEqual(res.Headings, tt.want) {
				t.Errorf("headings:\ngot  %+v\nwant %+v", res.Headings, tt.want)
			}
			for _, h := range tt.want {
				if w := fmt.Sprintf(`<h%d id="%s"`, h.Level, h.ID); !strings.Contains(string(res.HTML), w) {
					t.Errorf("HTML lacks %q\ngot:\n%s", w, res.HTML)
				}
			}
		})
	}
}

func TestHeadingTypography(t *testing.T) {
	c := New("sv", Options{Typographer: true})
	res := render(t, c, "## Vad är nytt 2024--2025?\n## \"Citat\" och 'mer'\n")
	want := []Heading{{2, "vad-är-nytt-2024-2025", "Vad är nytt 2024–2025?"}, {2, "citat-och-mer", "”Citat” och ’mer’"}}
	if !reflect.DeepEqual(res.Headings, want) {
		t.Errorf("headings:\ngot  %+v\nwant %+v", res.Headings, want)
	}
}

func TestDuplicateExplicitID(t *testing.T) {
	res := New("sv", Options{}).Convert([]byte("# A {#x}\n\ntext\n\n# B {#x}\n"), "a.md", 4, nil)
	want := diag.List{diag.Warnf("a.md", 8, "duplicate heading id %q", "x")}
	if !reflect.DeepEqual(res.Diags, want) {
		t.Errorf("diags:\ngot  %v\nwant %v", res.Diags, want)
	}
}

func TestTypographer(t *testing.T) {
	src := `Hon sa "hej" och 'hallå' -- det är Annas bok --- eller hur... ` + "`\"kod\" --`\n"
	tests := []struct {
		lang, want string
	}{
		{"sv", "<p>Hon sa ”hej” och ’hallå’ – det är Annas bok — eller hur… <code>&quot;kod&quot; --</code></p>\n"},
		{"sv-FI", "<p>Hon sa ”hej” och ’hallå’ – det är Annas bok — eller hur… <code>&quot;kod&quot; --</code></p>\n"},
		{"da", "<p>Hon sa »hej« och ›hallå‹ – det är Annas bok — eller hur… <code>&quot;kod&quot; --</code></p>\n"},
		{"en", "<p>Hon sa “hej” och ‘hallå’ – det är Annas bok — eller hur… <code>&quot;kod&quot; --</code></p>\n"},
		{"", "<p>Hon sa “hej” och ‘hallå’ – det är Annas bok — eller hur… <code>&quot;kod&quot; --</code></p>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			got := string(render(t, New(tt.lang, Options{Typographer: true}), src).HTML)
			if got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
	t.Run("apostrophe", func(t *testing.T) {
		got := string(render(t, New("sv", Options{Typographer: true}), "Anna's bok, x << y >> z\n").HTML)
		if want := "<p>Anna’s bok, x &lt;&lt; y &gt;&gt; z</p>\n"; got != want {
			t.Errorf("got  %q\nwant %q", got, want)
		}
	})
}

// site is a Resolver over a set of known content paths, as seen from one
// page; it records what it was asked.
type site struct {
	known map[string]string
	asked []string
}

func (s *site) resolve(dest string) (string, bool) {
	s.asked = append(s.asked, dest)
	u, ok := s.known[dest]
	return u, ok
}

func TestContentLinks(t *testing.T) {
	known := map[string]string{
		"../nyheter/annan.md": "/sv/nyheter/annan/",
		"annan.md":            "/sv/om/annan/",
		"min sida.md":         "/sv/om/min-sida/",
	}
	tests := []struct {
		name, src string
		want      string // the rendered paragraph
		asked     []string
	}{
		{"relative", "[Läs](../nyheter/annan.md)",
			`<p><a href="/sv/nyheter/annan/">Läs</a></p>`, []string{"../nyheter/annan.md"}},
		{"fragment kept", "[Läs](annan.md#mål-och-syfte)",
			`<p><a href="/sv/om/annan/#m%C3%A5l-och-syfte">Läs</a></p>`, []string{"annan.md"}},
		{"query and fragment kept", "[Läs](annan.md?a=1#x \"Titel\")",
			`<p><a href="/sv/om/annan/?a=1#x" title="Titel">Läs</a></p>`, []string{"annan.md"}},
		{"percent-decoded", "[Läs](min%20sida.md) [igen](<min sida.md>)",
			`<p><a href="/sv/om/min-sida/">Läs</a> <a href="/sv/om/min-sida/">igen</a></p>`, []string{"min sida.md", "min sida.md"}},
		{"upper-case extension", "[Läs](ANNAN.MD)", `<p><a href="ANNAN.MD">Läs</a></p>`, []string{"ANNAN.MD"}},
		{"reference link", "[Läs][a]\n\n[a]: annan.md",
			`<p><a href="/sv/om/annan/">Läs</a></p>`, []string{"annan.md"}},
		{"not content links", "[a](https://x.se/annan.md) [b](//x.se/annan.md) [c](#annan.md) " +
			"[d](mailto:annan.md) [e](annan.md.html) [f](bild.png) [g](annan.markdown)",
			`<p><a href="https://x.se/annan.md">a</a> <a href="//x.se/annan.md">b</a> <a href="#annan.md">c</a> ` +
				`<a href="mailto:annan.md">d</a> <a href="annan.md.html">e</a> <a href="bild.png">f</a> <a href="annan.markdown">g</a></p>`,
			nil},
		{"image not resolved", "![bild](annan.md)", `<p><img src="annan.md" alt="bild"></p>`, nil},
	}
	c := New("sv", Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &site{known: known}
			res := c.Convert([]byte(tt.src+"\n"), "content/sv/om/sida.md", 1, s.resolve)
			got := strings.SplitN(string(res.HTML), "\n", 2)[0]
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if !reflect.DeepEqual(s.asked, tt.asked) {
				t.Errorf("resolver asked %q, want %q", s.asked, tt.asked)
			}
			if tt.name != "upper-case extension" && len(res.Diags) != 0 {
				t.Errorf("unexpected diagnostics: %v", res.Diags)
			}
		})
	}
}

func TestNilResolver(t *testing.T) {
	res := render(t, New("sv", Options{}), "[x](saknas.md)\n")
	if want := `<p><a href="saknas.md">x</a></p>` + "\n"; string(res.HTML) != want || len(res.Diags) != 0 {
		t.Errorf("got %q %v, want %q and no diagnostics", res.HTML, res.Diags, want)
	}
}

func TestBrokenLinkLines(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		firstLine int
		lines     []int
	}{
		{"after front matter", "# Rubrik\n\nSe [här](saknas.md).\n", 6, []int{8}},
		{"second line of paragraph", "Första raden\nandra [här](saknas.md) raden\n", 1, []int{2}},
		{"crlf", "# Rubrik\r\n\r\nText\r\nmer [här](saknas.md)\r\n", 10, []int{13}},
		{"list item and emphasis", "- ett\n- två\n\n  *[**här**](saknas.md)*\n", 1, []int{4}},
		{"empty label", "text\n\n[](saknas.md)\n", 3, []int{5}},
		{"table cell", "| a | b |\n|---|---|\n| x | [y](saknas.md) |\n", 1, []int{3}},
		{"footnote", "Not[^1].\n\n[^1]: Se [här](saknas.md).\n", 2, []int{4}},
		{"two on one line", "[a](saknas.md) [b](saknas.md#x)\n", 1, []int{1, 1}},
		{"firstLine zero counts as one", "[a](saknas.md)\n", 0, []int{1}},
	}
	c := New("sv", Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &site{}
			res := c.Convert([]byte(tt.src), "content/sv/sida.md", tt.firstLine, s.resolve)
			var lines []int
			for _, d := range res.Diags {
				if d.Severity != diag.Error || d.File != "content/sv/sida.md" || !strings.HasPrefix(d.Msg, `broken link to "saknas.md`) ||
					!strings.HasSuffix(d.Msg, `": no such content file`) {
					t.Errorf("unexpected diagnostic %v", d)
				}
				lines = append(lines, d.Line)
			}
			if !reflect.DeepEqual(lines, tt.lines) {
				t.Errorf("lines %v, want %v (%v)", lines, tt.lines, res.Diags)
			}
			if !strings.Contains(string(res.HTML), `href="saknas.md`) {
				t.Errorf("broken link not left as written:\n%s", res.HTML)
			}
		})
	}
}

func TestInline(t *testing.T) {
	c := New("sv", Options{Typographer: true})
	tests := []struct{ src, want string }{
		{`**Fet** och "citat"`, `<strong>Fet</strong> och ”citat”`},
		{"", ""},
		{"Ett\n\nTvå", "<p>Ett</p>\n<p>Två</p>\n"},
		{"- lista", "<ul>\n<li>lista</li>\n</ul>\n"},
		{"<b>rå</b>", "<!-- raw HTML omitted -->rå<!-- raw HTML omitted -->"},
	}
	for _, tt := range tests {
		if got := string(c.Inline([]byte(tt.src))); got != tt.want {
			t.Errorf("Inline(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

// TestConcurrent renders with one Converter from many goroutines; run with
// -race to check that no state is shared.
func TestConcurrent(t *testing.T) {
	c := New("sv", Options{Typographer: true})
	src := []byte(benchDoc)
	s := &site{known: map[string]string{}}
	want := c.Convert(src, "a.md", 1, s.resolve)
	var wg sync.WaitGroup
	errs := make([]string, 8)
	for i := range errs {
		wg.Go(func() {
			for range 5 {
				got := c.Convert(src, "a.md", 1, (&site{known: map[string]string{}}).resolve)
				if string(got.HTML) != string(want.HTML) || !reflect.DeepEqual(got.Headings, want.Headings) ||
					!reflect.DeepEqual(got.Diags, want.Diags) {
					errs[i] = "result differs from a serial Convert"
					return
				}
			}
		})
	}
	wg.Wait()
	for i, e := range errs {
		if e != "" {
			t.Errorf("goroutine %d: %s", i, e)
		}
	}
}
