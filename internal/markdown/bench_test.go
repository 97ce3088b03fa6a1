package markdown

import (
	"strings"
	"testing"
)

// benchDoc is a realistic page of the example portal: about 1,000 words of
// Swedish with front-matter-free body, headings, lists, a table, emphasis,
// quotes and links to other content files and to external sites.
var benchDoc = func() string {
	section := `## %s

Kommunen arbetar varje dag för att "Öka trygghet & trivsel" i alla stadsdelar. Under det senaste året har vi genomfört
trygghetsvandringar tillsammans med boende, föreningar och polisen -- och resultaten har varit tydliga. Många upplever att
belysningen i parker och gångtunnlar har blivit bättre, men det finns fortfarande platser där man känner sig otrygg på
kvällarna. Läs mer i [vår rapport om trygghet](../rapporter/trygghet-2024.md#sammanfattning) eller på
[Brottsförebyggande rådets webbplats](https://bra.se/statistik).

Vi vill särskilt lyfta fram det arbete som görs av **föreningslivet** och de *frivilliga* som varje helg ställer upp som
nattvandrare. Utan dem skulle mycket av det förebyggande arbetet inte vara möjligt. Har du frågor om hur du kan engagera dig
kan du kontakta [kommunens kontaktcenter](../kontakt/index.md) eller skicka e-post till trygghet@kommun.se.

### Det här gör vi under året

- Förbättrar belysningen längs gång- och cykelvägar i ytterområdena.
- Anordnar öppna möten i varje stadsdel, med tolk vid behov.
- Rustar upp lekplatser och utegym, se [planerade åtgärder](atgarder.md).
- Följer upp [medborgarförslag](../demokrati/medborgarforslag.md) som rör trygghet.
- [x] Genomfört: ny belysning i Stadsparken
- [ ] Pågår: kameraövervakning vid resecentrum

### Siffror i korthet

| Stadsdel    | Andel trygga (%%) | Förändring | Antal vandringar |
|-------------|-----------------:|-----------:|-----------------:|
| Centrum     | 78               | +4         | 12               |
| Norra dalen | 64               | +7         | 9                |
| Söderby     | 59               | -2         | 6                |
| Åkerlund    | 71               | +1         | 8                |

Siffrorna kommer från den årliga medborgarenkäten, där drygt 4 000 invånare svarade. Svarsfrekvensen var 38 procent,
vilket är något högre än förra året. Enkäten genomförs av ett oberoende undersökningsföretag på uppdrag av kommunstyrelsen
och resultaten redovisas i sin helhet i [årsredovisningen](/arsredovisning.md)[^1]. Observera att förändringen anges i
procentenheter jämfört med föregående mätning, och att små skillnader inte alltid är statistiskt säkerställda.

> Trygghet handlar inte bara om brott, utan om att kunna röra sig fritt i sin egen stad -- oavsett tid på dygnet.

`
	titles := []string{"Trygghet i stadsdelarna", "Trygghet i skolan", "Trygghet för äldre"}
	var b strings.Builder
	b.WriteString("# Öka trygghet & trivsel\n\nKommunens arbete med trygghet omfattar allt från belysning och städning till " +
		"samverkan med polis, skola och föreningsliv. Här beskriver vi vad vi gör och hur du kan vara med.\n\n")
	for _, t := range titles {
		b.WriteString(strings.ReplaceAll(section, "%s", t))
	}
	b.WriteString("[^1]: Årsredovisningen beslutas av kommunfullmäktige i april.\n")
	return strings.ReplaceAll(b.String(), "%%", "%")
}()

func TestBenchDocSize(t *testing.T) {
	if n := len(strings.Fields(benchDoc)); n < 900 || n > 1200 {
		t.Errorf("benchDoc has %d words, want about 1,000", n)
	}
}

func BenchmarkConvert(b *testing.B) {
	c := New("sv", Options{Typographer: true})
	src := []byte(benchDoc)
	resolve := func(dest string) (string, bool) { return "/sv/sida/", true }
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		c.Convert(src, "content/sv/trygghet.md", 5, resolve)
	}
}

func BenchmarkConvertParallel(b *testing.B) {
	c := New("sv", Options{Typographer: true})
	src := []byte(benchDoc)
	resolve := func(dest string) (string, bool) { return "/sv/sida/", true }
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.Convert(src, "content/sv/trygghet.md", 5, resolve)
		}
	})
}
