// Package images resizes a site's images at build time: every image a page
// names — front matter image:/thumbnail: and Markdown images — is read,
// turned upright by its EXIF orientation, scaled into a few widths and
// re-encoded. Encoding writes pixels only, so every piece of metadata the
// camera or phone wrote (EXIF, GPS position, XMP, ICC, comments) is gone
// from what is published.
//
// Results are cached on disk by the source's content hash and the
// parameters (widths, quality, the package's version): a warm build reads
// each source to hash it, finds the manifest and its files in the cache
// and decodes nothing.
//
// Widths: the source is never scaled up; each of Options.Widths below the
// source's width becomes a variant, and so does the source's own width
// when it is at most the largest width (else the largest width stands for
// it). JPEG, WebP and GIF sources become JPEG (quality Options.Quality);
// PNG stays PNG, for transparency.
package images

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	_ "image/gif" // registers the GIF decoder
	"image/jpeg"
	"image/png"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // registers the WebP decoder
)

// version is part of every cache key; raise it when the output of the
// same parameters changes.
const version = 1

// Options are the parameters of a Processor.
type Options struct {
	Widths  []int // variant widths in pixels; default 480, 960, 1600
	Quality int   // JPEG quality, 1–100; default 82
}

func (o Options) withDefaults() Options {
	if len(o.Widths) == 0 {
		o.Widths = []int{480, 960, 1600}
	}
	ws := append([]int(nil), o.Widths...)
	sort.Ints(ws)
	o.Widths = ws
	if o.Quality <= 0 || o.Quality > 100 {
		o.Quality = 82
	}
	return o
}

// Processor makes and caches variants. It is safe for concurrent use;
// two calls for the same bytes may both do the work, and write the same
// files.
type Processor struct {
	cache string
	opts  Options
	key   string // the parameters, hashed into every cache name
}

// New returns a Processor caching in dir (created when needed).
func New(dir string, opts Options) *Processor {
	opts = opts.withDefaults()
	ws := make([]string, len(opts.Widths))
	for i, w := range opts.Widths {
		ws[i] = strconv.Itoa(w)
	}
	params := fmt.Sprintf("v%d|w=%s|q=%d", version, strings.Join(ws, ","), opts.Quality)
	sum := sha256.Sum256([]byte(params))
	return &Processor{cache: dir, opts: opts, key: hex.EncodeToString(sum[:4])}
}

// Image is a processed image: its upright size and its variants, narrowest
// first.
type Image struct {
	Width, Height int
	Variants      []Variant
}

// Variant is one width of an image, a file in the cache.
type Variant struct {
	Width, Height int
	Name          string // file name: <stem>-<hash>-<width>.<ext>
	File          string // path in the cache folder
}

// Largest is the widest variant.
func (im *Image) Largest() Variant { return im.Variants[len(im.Variants)-1] }

// Srcset is the srcset attribute for the variants, each URL being prefix
// joined with the variant's name: "/img/a-1f2e-480.jpg 480w, …".
func (im *Image) Srcset(prefix string) string {
	var b strings.Builder
	for i, v := range im.Variants {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %dw", path.Join(prefix, v.Name), v.Width)
	}
	return b.String()
}

// manifest is what the cache keeps per source and parameters.
type manifest struct {
	Width, Height int
	Variants      []Variant
}

// Process returns the variants of the image in data; name is its file
// name, which gives the variants' names their stem. Cached variants are
// reused without decoding.
func (p *Processor) Process(name string, data []byte) (*Image, error) {
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])[:12]
	mfile := filepath.Join(p.cache, hash+"-"+p.key+".json")
	if im, ok := p.cached(mfile); ok {
		return im, nil
	}
	src, format, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: not an image deltag can read (JPEG, PNG, GIF, WebP): %v", name, err)
	}
	if format == "jpeg" {
		src = orient(src, orientation(data))
	}
	b := src.Bounds()
	im := &Image{Width: b.Dx(), Height: b.Dy()}
	ext := ".jpg"
	if format == "png" {
		ext = ".png"
	}
	stem := strings.TrimSuffix(path.Base(name), path.Ext(name))
	if err := os.MkdirAll(p.cache, 0o755); err != nil {
		return nil, err
	}
	for _, w := range p.widths(im.Width) {
		h := (im.Height*w + im.Width/2) / im.Width
		if h < 1 {
			h = 1
		}
		var out image.Image = src
		if w != im.Width {
			dst := image.NewRGBA(image.Rect(0, 0, w, h))
			draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
			out = dst
		}
		var buf bytes.Buffer
		if ext == ".png" {
			err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, out)
		} else {
			err = jpeg.Encode(&buf, out, &jpeg.Options{Quality: p.opts.Quality})
		}
		if err != nil {
			return nil, fmt.Errorf("%s: encoding %d px: %v", name, w, err)
		}
		v := Variant{Width: w, Height: h, Name: fmt.Sprintf("%s-%s-%d%s", stem, hash[:8], w, ext)}
		v.File = filepath.Join(p.cache, hash+"-"+p.key+"-"+strconv.Itoa(w)+ext)
		if err := writeFile(v.File, buf.Bytes()); err != nil {
			return nil, err
		}
		im.Variants = append(im.Variants, v)
	}
	mb, _ := json.Marshal(manifest{Width: im.Width, Height: im.Height, Variants: im.Variants})
	if err := writeFile(mfile, mb); err != nil {
		return nil, err
	}
	return im, nil
}

// widths are the variant widths for a source w pixels wide.
func (p *Processor) widths(w int) []int {
	var out []int
	for _, x := range p.opts.Widths {
		if x < w {
			out = append(out, x)
		}
	}
	if max := p.opts.Widths[len(p.opts.Widths)-1]; w <= max {
		out = append(out, w)
	}
	return out
}

// cached reads a manifest whose variant files all exist.
func (p *Processor) cached(mfile string) (*Image, bool) {
	b, err := os.ReadFile(mfile)
	if err != nil {
		return nil, false
	}
	var m manifest
	if json.Unmarshal(b, &m) != nil || len(m.Variants) == 0 {
		return nil, false
	}
	for i, v := range m.Variants {
		// Names only count: the cache folder may have moved.
		v.File = filepath.Join(p.cache, filepath.Base(v.File))
		m.Variants[i] = v
		if _, err := os.Stat(v.File); err != nil {
			return nil, false
		}
	}
	return &Image{Width: m.Width, Height: m.Height, Variants: m.Variants}, true
}

// writeFile writes through a temporary file and a rename, so a reader
// never sees half a file and two writers of the same bytes do not clash.
func writeFile(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("caching image: %w", err)
	}
	return nil
}
