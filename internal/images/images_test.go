package images

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// fixtureJPEG is a w×h JPEG, red on its left half and blue on its right,
// with an APP1 Exif segment holding Orientation=o and a GPS IFD (latitude
// 59°20′N), as a phone writes them.
func fixtureJPEG(t *testing.T, w, h, o int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{220, 20, 20, 255}
			if x >= w/2 {
				c = color.RGBA{20, 20, 220, 255}
			}
			img.Set(x, y, c)
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	// TIFF, little endian: IFD0 at 8 with Orientation and a GPS IFD
	// pointer; the GPS IFD with GPSLatitudeRef "N" and GPSLatitude.
	le := binary.LittleEndian
	var tiff bytes.Buffer
	tiff.WriteString("II")
	_ = binary.Write(&tiff, le, uint16(42))
	_ = binary.Write(&tiff, le, uint32(8))
	entry := func(tag, typ uint16, count, value uint32) {
		_ = binary.Write(&tiff, le, tag)
		_ = binary.Write(&tiff, le, typ)
		_ = binary.Write(&tiff, le, count)
		_ = binary.Write(&tiff, le, value)
	}
	// IFD0: 2 entries → 2 + 24 + 4 = 30 bytes, GPS IFD at 38.
	_ = binary.Write(&tiff, le, uint16(2))
	entry(0x0112, 3, 1, uint32(o)) // Orientation, SHORT
	entry(0x8825, 4, 1, 38)        // GPSInfo IFD pointer
	_ = binary.Write(&tiff, le, uint32(0))
	// GPS IFD: 2 entries → 30 bytes, rationals at 68.
	_ = binary.Write(&tiff, le, uint16(2))
	entry(0x0001, 2, 2, uint32('N')) // GPSLatitudeRef "N\0"
	entry(0x0002, 5, 3, 68)          // GPSLatitude, 3 RATIONAL
	_ = binary.Write(&tiff, le, uint32(0))
	for _, r := range [][2]uint32{{59, 1}, {20, 1}, {0, 1}} {
		_ = binary.Write(&tiff, le, r[0])
		_ = binary.Write(&tiff, le, r[1])
	}
	app1 := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	var out bytes.Buffer
	out.Write([]byte{0xFF, 0xD8, 0xFF, 0xE1})
	_ = binary.Write(&out, binary.BigEndian, uint16(len(app1)+2))
	out.Write(app1)
	out.Write(enc.Bytes()[2:]) // the encoded image after its SOI
	return out.Bytes()
}

func TestFixtureCarriesExif(t *testing.T) {
	data := fixtureJPEG(t, 40, 20, 6)
	if got := orientation(data); got != 6 {
		t.Fatalf("orientation of the fixture = %d, want 6", got)
	}
	if !bytes.Contains(data, []byte("Exif\x00\x00")) {
		t.Fatal("fixture has no Exif segment")
	}
}

func TestOrientationAppliedAndMetadataDropped(t *testing.T) {
	p := New(t.TempDir(), Options{Widths: []int{10, 100}})
	// A 40×20 photo taken with the phone upright: stored sideways, with
	// Orientation 6 (rotate 90° clockwise to view).
	im, err := p.Process("phone.jpg", fixtureJPEG(t, 40, 20, 6))
	if err != nil {
		t.Fatal(err)
	}
	if im.Width != 20 || im.Height != 40 {
		t.Fatalf("upright size = %d×%d, want 20×40", im.Width, im.Height)
	}
	for _, v := range im.Variants {
		b, err := os.ReadFile(v.File)
		if err != nil {
			t.Fatal(err)
		}
		for _, leak := range []string{"Exif", "II*\x00"} {
			if bytes.Contains(b, []byte(leak)) {
				t.Errorf("%s still holds %q: metadata was published", v.Name, leak)
			}
		}
		if bytes.Contains(b, []byte{0xFF, 0xE1}) {
			t.Errorf("%s has an APP1 segment", v.Name)
		}
		got, _, err := image.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if got.Bounds().Dx() != v.Width || got.Bounds().Dy() != v.Height {
			t.Errorf("%s is %v, want %d×%d", v.Name, got.Bounds(), v.Width, v.Height)
		}
		// Rotated clockwise, the red left half is now on top.
		top := color.RGBAModel.Convert(got.At(v.Width/2, v.Height/5)).(color.RGBA)
		bottom := color.RGBAModel.Convert(got.At(v.Width/2, v.Height*4/5)).(color.RGBA)
		if top.R < 150 || top.B > 100 || bottom.B < 150 || bottom.R > 100 {
			t.Errorf("%s: top %v bottom %v, want red on top and blue below", v.Name, top, bottom)
		}
	}
}

func TestEveryOrientation(t *testing.T) {
	// The red half (left in the stored pixels) after each orientation.
	want := map[int]string{1: "left", 2: "right", 3: "right", 4: "left", 5: "top", 6: "top", 7: "bottom", 8: "bottom"}
	for o, side := range want {
		img, _, err := image.Decode(bytes.NewReader(fixtureJPEG(t, 40, 20, o)))
		if err != nil {
			t.Fatal(err)
		}
		up := orient(img, o)
		b := up.Bounds()
		red := func(x, y int) bool {
			c := color.RGBAModel.Convert(up.At(x, y)).(color.RGBA)
			return c.R > 150 && c.B < 100
		}
		var got string
		switch {
		case red(b.Dx()/5, b.Dy()/2) && !red(b.Dx()*4/5, b.Dy()/2):
			got = "left"
		case red(b.Dx()*4/5, b.Dy()/2) && !red(b.Dx()/5, b.Dy()/2):
			got = "right"
		case red(b.Dx()/2, b.Dy()/5):
			got = "top"
		case red(b.Dx()/2, b.Dy()*4/5):
			got = "bottom"
		}
		if got != side {
			t.Errorf("orientation %d: red on the %s, want %s", o, got, side)
		}
	}
}

func TestWidthsAndSrcset(t *testing.T) {
	p := New(t.TempDir(), Options{Widths: []int{480, 960, 1600}})
	src := image.NewRGBA(image.Rect(0, 0, 1200, 800))
	var buf bytes.Buffer
	if err := png.Encode(&buf, src); err != nil {
		t.Fatal(err)
	}
	im, err := p.Process("uploads/plan.png", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, v := range im.Variants {
		got = append(got, v.Width)
		if want := v.Width * 800 / 1200; v.Height != want {
			t.Errorf("%d px wide: height %d, want %d", v.Width, v.Height, want)
		}
		if !strings.HasPrefix(v.Name, "plan-") || !strings.HasSuffix(v.Name, "-"+strconv.Itoa(v.Width)+".png") {
			t.Errorf("variant name %q, want plan-<hash>-%d.png", v.Name, v.Width)
		}
	}
	if len(got) != 3 || got[0] != 480 || got[1] != 960 || got[2] != 1200 {
		t.Fatalf("widths %v, want [480 960 1200] (never scaled up, source width kept)", got)
	}
	ss := im.Srcset("/img")
	want := "/img/" + im.Variants[0].Name + " 480w, /img/" + im.Variants[1].Name + " 960w, /img/" + im.Variants[2].Name + " 1200w"
	if ss != want {
		t.Errorf("srcset\n got %s\nwant %s", ss, want)
	}

	// A source wider than the largest width is capped at it.
	wide := image.NewRGBA(image.Rect(0, 0, 3000, 1000))
	buf.Reset()
	_ = png.Encode(&buf, wide)
	im, err = p.Process("wide.png", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if l := im.Largest(); l.Width != 1600 || l.Height != 533 {
		t.Errorf("largest of 3000×1000 = %d×%d, want 1600×533", l.Width, l.Height)
	}
}

func TestWarmCacheDoesNoWork(t *testing.T) {
	dir := t.TempDir()
	data := fixtureJPEG(t, 40, 20, 1)
	first, err := New(dir, Options{Widths: []int{20}}).Process("a.jpg", data)
	if err != nil {
		t.Fatal(err)
	}
	// Spoil the cached variant's bytes: a warm run must hand them back as
	// they are, which shows it did not decode or encode again.
	if err := os.WriteFile(first.Variants[0].File, []byte("cached"), 0o644); err != nil {
		t.Fatal(err)
	}
	second, err := New(dir, Options{Widths: []int{20}}).Process("a.jpg", data)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(second.Variants[0].File); string(b) != "cached" {
		t.Error("warm run re-encoded the image")
	}
	// Other parameters are another cache entry.
	third, err := New(dir, Options{Widths: []int{20}, Quality: 50}).Process("a.jpg", data)
	if err != nil {
		t.Fatal(err)
	}
	if third.Variants[0].File == first.Variants[0].File {
		t.Error("a different quality reused the same cache file")
	}
	if _, err := New(filepath.Join(dir, "x"), Options{}).Process("bad.jpg", []byte("not an image")); err == nil || !strings.Contains(err.Error(), "bad.jpg: not an image") {
		t.Errorf("bad bytes: err = %v", err)
	}
}
