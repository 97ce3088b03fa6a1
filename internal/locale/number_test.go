package locale

import (
	"math"
	"testing"
)

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		x          float64
		decimals   int
		sv, da, en string
	}{
		{0, -1, "0", "0", "0"},
		{7, -1, "7", "7", "7"},
		{1000, -1, "1\u00a0000", "1.000", "1,000"},
		{2467989, -1, "2\u00a0467\u00a0989", "2.467.989", "2,467,989"},
		{100000, -1, "100\u00a0000", "100.000", "100,000"},
		{1234.5, -1, "1\u00a0234,5", "1.234,5", "1,234.5"},
		{-1500, -1, "\u22121\u00a0500", "-1.500", "-1,500"},
		{0.25, -1, "0,25", "0,25", "0.25"},
		{0.125, -1, "0,12", "0,12", "0.12"}, // at most 2 decimals
		{2.0004, -1, "2", "2", "2"},
		{-0.001, -1, "0", "0", "0"}, // no "-0"
		{1234.5, 2, "1\u00a0234,50", "1.234,50", "1,234.50"},
		{1234.5, 0, "1\u00a0234", "1.234", "1,234"}, // rounds half to even
		{999999.999, 2, "1\u00a0000\u00a0000,00", "1.000.000,00", "1,000,000.00"},
		{math.NaN(), -1, "NaN", "NaN", "NaN"},
		{math.Inf(-1), -1, "\u2212∞", "-∞", "-∞"},
	}
	for _, tt := range tests {
		for lang, want := range map[string]string{"sv": tt.sv, "da": tt.da, "en": tt.en} {
			if got := For(lang).FormatNumber(tt.x, tt.decimals); got != want {
				t.Errorf("For(%q).FormatNumber(%v, %d) = %q, want %q", lang, tt.x, tt.decimals, got, want)
			}
		}
	}
}

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		lang     string
		amount   float64
		currency string
		want     string
	}{
		{"sv", 2467989, "SEK", "2\u00a0467\u00a0989\u00a0kr"},
		{"sv", 1500, "EUR", "1\u00a0500\u00a0€"},
		{"sv", 100000, "DKK", "100\u00a0000\u00a0DKK"},
		{"sv", 1500.5, "SEK", "1\u00a0500,50\u00a0kr"},
		{"sv", 1499.999, "SEK", "1\u00a0500\u00a0kr"}, // whole to the cent
		{"sv", -1500, "SEK", "\u22121\u00a0500\u00a0kr"},
		{"sv", 250, "sek", "250\u00a0kr"},
		{"da", 100000, "DKK", "100.000\u00a0kr."},
		{"da", 2467989, "SEK", "2.467.989\u00a0SEK"},
		{"da", 1500, "EUR", "1.500\u00a0€"},
		{"da", 99.95, "DKK", "99,95\u00a0kr."},
		{"nb", 100000, "NOK", "100\u00a0000\u00a0kr"},
		{"de", 1500, "EUR", "1.500\u00a0€"},
		{"fi", 1500, "EUR", "1\u00a0500\u00a0€"},
		{"en", 2467989, "SEK", "SEK\u00a02,467,989"},
		{"en", 1500, "EUR", "€1,500"},
		{"en", 100000, "DKK", "DKK\u00a0100,000"},
		{"en", 12.5, "GBP", "£12.50"},
		{"en", -1500, "EUR", "-€1,500"},
		{"sv", 1500, "", "1\u00a0500"},
	}
	for _, tt := range tests {
		if got := For(tt.lang).FormatMoney(tt.amount, tt.currency); got != tt.want {
			t.Errorf("For(%q).FormatMoney(%v, %q) = %q, want %q", tt.lang, tt.amount, tt.currency, got, tt.want)
		}
	}
}

func TestFormatPercent(t *testing.T) {
	tests := []struct {
		lang     string
		x        float64
		decimals int
		want     string
	}{
		{"sv", 42, 0, "42\u00a0%"},
		{"da", 42, 0, "42\u00a0%"},
		{"en", 42, 0, "42%"},
		{"sv", 12.5, -1, "12,5\u00a0%"},
		{"en", 12.5, 1, "12.5%"},
	}
	for _, tt := range tests {
		if got := For(tt.lang).FormatPercent(tt.x, tt.decimals); got != tt.want {
			t.Errorf("For(%q).FormatPercent(%v, %d) = %q, want %q", tt.lang, tt.x, tt.decimals, got, tt.want)
		}
	}
}

func TestPlural(t *testing.T) {
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{"sv", 0, "0 sidor"},
		{"sv", 1, "1 sida"},
		{"sv", 2, "2 sidor"},
		{"sv", 1000, "1\u00a0000 sidor"},
		{"da", 1000, "1.000 sidor"},
	}
	for _, tt := range tests {
		if got := For(tt.lang).Plural(tt.n, "1 sida", "%d sidor"); got != tt.want {
			t.Errorf("For(%q).Plural(%d, ...) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
	if got := For("sv").Plural(5, "en sida", "flera sidor"); got != "flera sidor" {
		t.Errorf("Plural without %%d = %q, want %q", got, "flera sidor")
	}
}

func BenchmarkFormatNumber(b *testing.B) {
	sv := For("sv")
	b.ReportAllocs()
	for b.Loop() {
		sv.FormatNumber(2467989.5, -1)
	}
}

func BenchmarkFormatMoney(b *testing.B) {
	da := For("da")
	b.ReportAllocs()
	for b.Loop() {
		da.FormatMoney(100000, "DKK")
	}
}

func BenchmarkFormatDate(b *testing.B) {
	sv := For("sv")
	tm := day(2021, 2, 3, 15, 34)
	b.ReportAllocs()
	for b.Loop() {
		sv.FormatDate(tm, "datetime")
	}
}

func TestNumberOneRule(t *testing.T) {
	for _, c := range []struct {
		in   any
		want float64
		ok   bool
	}{
		{20000, 20000, true}, {int64(3), 3, true}, {uint64(7), 7, true}, {1.5, 1.5, true},
		{"20000", 20000, true}, {" 1.5 ", 1.5, true},
		{"20 000", 0, false}, {"1,5", 0, false}, {"NaN", 0, false}, {"Inf", 0, false}, {true, 0, false}, {nil, 0, false},
	} {
		got, ok := Number(c.in)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("Number(%#v) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
