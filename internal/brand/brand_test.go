package brand

import (
	"math"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestContrastKnownPairs(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#767676", "#ffffff", 4.54}, // the lightest grey that passes AA on white
		{"#777777", "#ffffff", 4.48},
		{"#0b5394", "#fff", 7.84},
		{"#14384f", "#ffffff", 12.29},
	} {
		a, err := ParseHex(tc.a)
		if err != nil {
			t.Fatal(err)
		}
		b, err := ParseHex(tc.b)
		if err != nil {
			t.Fatal(err)
		}
		got := Contrast(a, b)
		if math.Abs(got-tc.want) > 0.02 {
			t.Errorf("Contrast(%s, %s) = %.3f, want %.2f", tc.a, tc.b, got, tc.want)
		}
		if r := Contrast(b, a); r != got {
			t.Errorf("Contrast is not symmetric: %v vs %v", r, got)
		}
	}
}

func parse(t *testing.T, src string) *Config {
	t.Helper()
	var c struct {
		Brand *Config `yaml:"brand"`
	}
	if err := yaml.Unmarshal([]byte(src), &c); err != nil {
		t.Fatal(err)
	}
	return c.Brand
}

func TestCheckRefusesLowContrast(t *testing.T) {
	c := parse(t, `brand:
  colors:
    primary: "#7fa7c9"
    onPrimary: "#ffffff"
    link: "#0b5394"
`)
	diags := c.Check("site.yaml")
	if len(diags) != 2 {
		t.Fatalf("got %d diagnostics, want 2 (onPrimary on primary, primary on background):\n%v", len(diags), diags)
	}
	got := diags[0].String()
	for _, want := range []string{"site.yaml:4:", "onPrimary #ffffff on primary #7fa7c9", "2.", ":1", "4.5:1"} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostic %q lacks %q", got, want)
		}
	}
	if got := diags[1].String(); !strings.Contains(got, "site.yaml:3:") || !strings.Contains(got, "primary #7fa7c9 on the page background #ffffff") {
		t.Errorf("second diagnostic = %q, want primary on background at line 3", got)
	}
}

func TestCheckAcceptsTheThemeAndGoodBrands(t *testing.T) {
	for _, src := range []string{
		"brand: {}\n",
		"brand:\n  colors: {primary: \"#14384f\", onPrimary: \"#fff\", link: \"#0b5394\", highlight: \"#ffbf47\"}\n",
		"brand:\n  colors: {primary: \"#6b1d5c\"}\n",
	} {
		if d := parse(t, src).Check("site.yaml"); len(d) > 0 {
			t.Errorf("%s: unexpected %v", src, d)
		}
	}
	var nilConfig *Config
	if d := nilConfig.Check("site.yaml"); d != nil {
		t.Errorf("no brand: got %v", d)
	}
}

func TestCheckHighlightAgainstInk(t *testing.T) {
	d := parse(t, "brand:\n  colors:\n    highlight: \"#333333\"\n").Check("site.yaml")
	if len(d) != 1 || !strings.Contains(d[0].String(), "site.yaml:3:") || !strings.Contains(d[0].String(), "the text #1b1b1b on highlight #333333") {
		t.Fatalf("got %v, want the text on highlight refused at line 3", d)
	}
}

func TestMalformedColour(t *testing.T) {
	d := parse(t, "brand:\n  colors:\n    link: blue\n").Check("site.yaml")
	if len(d) != 1 || !strings.Contains(d[0].String(), `site.yaml:3: brand.colors.link: colour "blue": want #rrggbb`) {
		t.Fatalf("got %v", d)
	}
}

func TestCSS(t *testing.T) {
	c := parse(t, "brand:\n  colors: {primary: \"#14384f\", link: \"#0B5394\"}\n")
	want := ":root{--accent:#14384f;--accent-dark:#102d3f;--link:#0b5394;}"
	if got := string(c.CSS()); got != want {
		t.Errorf("CSS() = %q, want %q", got, want)
	}
	if got := parse(t, "brand: {}\n").CSS(); got != "" {
		t.Errorf("empty brand: CSS() = %q, want none", got)
	}
}
