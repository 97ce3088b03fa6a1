// Package brand is a site's identity in site.yaml — logo, colours,
// favicon and the home page's hero image — and the check that its colours
// can be read: every colour is tested against the colour it carries or
// sits on with the WCAG 2.1 contrast ratio, and a pair below AA is a build
// error naming both colours and the ratio.
//
// The brand: block of site.yaml:
//
//	brand:
//	  logo: {src: /brand/logo.svg, alt: Exempelkommunen}  # in the header
//	  favicon: /brand/favicon.svg    # an SVG icon; put favicon.ico in static/
//	  hero: {src: /uploads/hero.jpg, alt: "Boende planterar i odlingslotterna"}
//	  colors:
//	    primary: "#14384f"    # header, buttons, headings' rule, chart bars
//	    onPrimary: "#ffffff"  # text on primary (header, buttons)
//	    link: "#0b5394"       # links on the page background
//	    highlight: "#ffbf47"  # focus ring and skip link, behind ink text
//
// Every key is optional; a colour left out keeps the theme's. The pairs
// checked, each at least 4.5:1 (text, WCAG 1.4.3):
//
//	onPrimary on primary   (menu, header and button text)
//	primary on background  (outlined buttons, headings on the page)
//	link on background
//	ink on highlight       (the skip link)
//
// The page background is white and the ink #1b1b1b, as in the theme.
package brand

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/deltag/deltag/internal/diag"
	"gopkg.in/yaml.v3"
)

// AA is the WCAG 2.1 AA minimum contrast ratio for normal text.
const AA = 4.5

// The theme's fixed colours that brand colours are checked against.
var (
	Paper = Color{0xff, 0xff, 0xff}
	Ink   = Color{0x1b, 0x1b, 0x1b}
)

// Config is the brand: block of site.yaml.
type Config struct {
	Logo    Image  `yaml:"logo"`
	Favicon string `yaml:"favicon"`
	Hero    Image  `yaml:"hero"`
	Colors  Colors `yaml:"colors"`
}

// Image is a picture with its alternative text. An empty Alt is allowed
// only for a logo next to the site's title (it would repeat it).
type Image struct {
	Src string `yaml:"src"`
	Alt string `yaml:"alt"`
}

// Colors are the brand's colours as written ("#14384f"); empty keeps the
// theme's colour.
type Colors struct {
	Primary   Hex `yaml:"primary"`
	OnPrimary Hex `yaml:"onPrimary"`
	Link      Hex `yaml:"link"`
	Highlight Hex `yaml:"highlight"`
}

// Hex is a colour in site.yaml, remembering its line for diagnostics.
type Hex struct {
	Value string
	Color Color
	Line  int
	err   error
}

// UnmarshalYAML keeps the value and its line; a malformed colour is
// reported by Check, with the others.
func (h *Hex) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: a colour is a string such as \"#14384f\"", n.Line)
	}
	h.Value, h.Line = n.Value, n.Line
	h.Color, h.err = ParseHex(n.Value)
	return nil
}

// Set reports whether the colour was given.
func (h Hex) Set() bool { return h.Value != "" }

// Color is an sRGB colour.
type Color struct{ R, G, B uint8 }

// String is the colour as #rrggbb.
func (c Color) String() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// ParseHex reads #rgb or #rrggbb (the # optional).
func ParseHex(s string) (Color, error) {
	h := strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) != 6 {
		return Color{}, fmt.Errorf("colour %q: want #rrggbb, such as #14384f", s)
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return Color{}, fmt.Errorf("colour %q: want #rrggbb, such as #14384f", s)
	}
	return Color{uint8(v >> 16), uint8(v >> 8), uint8(v)}, nil
}

// Luminance is the colour's relative luminance (WCAG 2.1, 1.4.3): each
// sRGB channel linearised, weighted 0.2126 R + 0.7152 G + 0.0722 B.
func (c Color) Luminance() float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// Contrast is the WCAG contrast ratio of two colours, 1 to 21, the same
// whichever is the text.
func Contrast(a, b Color) float64 {
	la, lb := a.Luminance(), b.Luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Check reports malformed colours and every pair below AA, in file at the
// colour's line, naming both colours and the ratio.
func (c *Config) Check(file string) diag.List {
	var diags diag.List
	if c == nil {
		return nil
	}
	cs := c.Colors
	for _, h := range []struct {
		name string
		hex  Hex
	}{{"primary", cs.Primary}, {"onPrimary", cs.OnPrimary}, {"link", cs.Link}, {"highlight", cs.Highlight}} {
		if h.hex.err != nil {
			diags.Errorf(file, h.hex.Line, "brand.colors.%s: %v", h.name, h.hex.err)
		}
	}
	if diags.HasErrors() {
		return diags
	}
	pair := func(fgName string, fg Hex, fgDefault Color, bgName string, bg Hex, bgDefault Color) {
		if !fg.Set() && !bg.Set() {
			return
		}
		f, b := fgDefault, bgDefault
		line := bg.Line
		if fg.Set() {
			f, line = fg.Color, fg.Line
		}
		if bg.Set() {
			b = bg.Color
		}
		if r := Contrast(f, b); r < AA {
			diags.Add(diag.Diagnostic{File: file, Line: line,
				Msg:  fmt.Sprintf("brand.colors: %s %s on %s %s has a contrast of %.2f:1, below the %.1f:1 that WCAG 2.1 AA asks of text", fgName, f, bgName, b, math.Floor(r*100)/100, AA),
				Hint: "darken or lighten one of the two colours"})
		}
	}
	none := Hex{}
	pair("onPrimary", cs.OnPrimary, Paper, "primary", cs.Primary, Color{0x14, 0x38, 0x4f})
	pair("primary", cs.Primary, Color{0x14, 0x38, 0x4f}, "the page background", none, Paper)
	pair("link", cs.Link, Color{0x0b, 0x53, 0x94}, "the page background", none, Paper)
	pair("the text", none, Ink, "highlight", cs.Highlight, Color{0xff, 0xbf, 0x47})
	return diags
}

// CSS is the brand's colours as custom properties for the theme's
// stylesheet (":root{--accent:#14384f;…}"), "" when none are set. It is
// template.CSS so html/template puts it in a <style> element as it is: it
// is built only from parsed colours, never from raw input.
func (c *Config) CSS() template.CSS {
	if c == nil {
		return ""
	}
	var b strings.Builder
	add := func(prop string, h Hex) {
		if h.Set() && h.err == nil {
			fmt.Fprintf(&b, "--%s:%s;", prop, h.Color)
		}
	}
	add("accent", c.Colors.Primary)
	if p := c.Colors.Primary; p.Set() && p.err == nil {
		// The menu bar: the primary moved a fifth away from its text, so
		// its contrast with that text only grows.
		text := Paper
		if c.Colors.OnPrimary.Set() && c.Colors.OnPrimary.err == nil {
			text = c.Colors.OnPrimary.Color
		}
		to := Color{}
		if text.Luminance() < p.Color.Luminance() {
			to = Paper
		}
		fmt.Fprintf(&b, "--accent-dark:%s;", mix(p.Color, to, 0.2))
	}
	add("on-accent", c.Colors.OnPrimary)
	add("link", c.Colors.Link)
	add("focus", c.Colors.Highlight)
	if b.Len() == 0 {
		return ""
	}
	return template.CSS(":root{" + b.String() + "}")
}

// mix moves a a fraction t of the way to b, channel by channel.
func mix(a, b Color, t float64) Color {
	m := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*t)) }
	return Color{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B)}
}
