package markdown

import "testing"

func TestSummary(t *testing.T) {
	tests := []struct {
		name, src string
		n         int
		want      string
	}{
		{"plain", "Kort text.\n", 100, "Kort text."},
		{"syntax removed", "Det här är **fet**, *kursiv*, `kod`, ~~struken~~ och en [länk](https://x.se \"t\").\n",
			0, "Det här är fet, kursiv, kod, struken och en länk."},
		{"html, images and footnotes removed", "Text <b>med</b> ![bild](a.png) not[^1] &amp; \\*stjärna\\*.\n\n[^1]: x\n",
			0, "Text med not & *stjärna*."},
		{"lines joined", "Första raden\nandra raden.\n\nNästa stycke.\n", 0, "Första raden andra raden."},
		{"cut at word boundary", "Kommunen bygger en ny förskola i centrum.\n", 20, "Kommunen bygger en…"},
		{"cut exactly before space", "Kommunen bygger en ny förskola.\n", 19, "Kommunen bygger en…"},
		{"trailing punctuation dropped", "Alfa, beta, gamma, delta.\n", 13, "Alfa, beta…"},
		{"one long word cut hard", "Donaudampfschiffahrtsgesellschaft\n", 10, "Donaudamp…"},
		{"not cut when it fits", "Åtta ord", 8, "Åtta ord"},
		{"skips headings, lists, code, quotes, tables, html", "# Rubrik\n\nUnderrubrik\n-----------\n\n" +
			"- punkt\n- punkt\n\n  fortsättning av punkten\n\n```go\nkod\n\n```\n\n    indragen kod\n\n> citat\nlat rad\n\n" +
			"| a | b |\n|---|---|\n| 1 | 2 |\n\nnamn | värde\n--- | ---\n\n<div>\nhtml\n</div>\n\n[ref]: https://x.se\n\n***\n\n" +
			"Här börjar det.\n", 0, "Här börjar det."},
		{"image-only paragraph skipped", "![Foto: Kommunen](bild.jpg)\n\nTexten.\n", 0, "Texten."},
		{"paragraph interrupted by list", "Så här gör du:\n- ett\n", 0, "Så här gör du:"},
		{"year not a list", "Vi firade jubileum år\n2020. Det var roligt.\n", 0, "Vi firade jubileum år 2020. Det var roligt."},
		{"autolink start", "<https://x.se> är vår sida.\n", 0, "https://x.se är vår sida."},
		{"crlf", "# R\r\n\r\nEn\r\ntvå\r\n", 0, "En två"},
		{"empty", "", 10, ""},
		{"only heading", "# Rubrik\n", 10, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Summary([]byte(tt.src), tt.n); got != tt.want {
				t.Errorf("Summary(%q, %d) = %q, want %q", tt.src, tt.n, got, tt.want)
			}
		})
	}
}

func TestConverterSummary(t *testing.T) {
	c := New("da", Options{Typographer: true})
	if got, want := c.Summary([]byte(`Han sagde "hej" -- og gik...`), 0), "Han sagde »hej« – og gik…"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func BenchmarkSummary(b *testing.B) {
	src := []byte(benchDoc)
	b.ReportAllocs()
	for b.Loop() {
		Summary(src, 160)
	}
}
