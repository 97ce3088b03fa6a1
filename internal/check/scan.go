package check

import (
	"bytes"
	"io"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// Doc is what the scanner found in one HTML (or SVG) file, each with the
// line it is on.
type Doc struct {
	IDs       map[string]int // id and a[name] values → line
	Links     []Ref          // a/area href, meta refresh: where a reader goes
	Resources []Ref          // what a browser loads to show the page
	Images    []Image
}

// Ref is a URL found in a file.
type Ref struct {
	URL  string
	Kind string // a, script, stylesheet, img, iframe, font, css url(), …
	Line int
}

// Image is an img element.
type Image struct {
	Src       string
	Alt       string
	HasAlt    bool
	InContent bool // inside class="content": a Markdown body
	Line      int
}

var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// scanHTML tokenizes an HTML file. It is deliberately a tokenizer and not
// a tree builder: every token knows its line, which is what diagnostics
// need.
func scanHTML(b []byte) *Doc {
	d := &Doc{IDs: map[string]int{}}
	z := html.NewTokenizer(bytes.NewReader(b))
	line := 1
	type open struct {
		name    string
		content bool
	}
	var stack []open
	inContent := func() bool {
		for _, o := range stack {
			if o.content {
				return true
			}
		}
		return false
	}
	inStyle := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				return d
			}
			return d
		}
		raw := z.Raw()
		start := line
		// A token's line is where it starts; count leading newlines of text
		// so a tag after blank lines gets its own line.
		line += bytes.Count(raw, []byte("\n"))
		switch tt {
		case html.TextToken:
			if inStyle {
				d.Resources = append(d.Resources, cssURLs(raw, start)...)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			name := t.Data
			attrs := map[string]string{}
			for _, a := range t.Attr {
				if a.Namespace == "" || a.Namespace == "xlink" {
					attrs[strings.ToLower(a.Key)] = a.Val
				}
			}
			d.tag(name, attrs, start, inContent())
			if name == "style" {
				inStyle = true
			}
			if tt == html.StartTagToken && !voidElements[name] {
				stack = append(stack, open{name: name, content: hasClass(attrs["class"], "content")})
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			n := string(name)
			if n == "style" {
				inStyle = false
			}
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].name == n {
					stack = stack[:i]
					break
				}
			}
		}
	}
}

func (d *Doc) tag(name string, a map[string]string, line int, inContent bool) {
	if id, ok := a["id"]; ok && id != "" {
		if _, dup := d.IDs[id]; !dup {
			d.IDs[id] = line
		}
	}
	res := func(kind, u string) {
		if u = strings.TrimSpace(u); u != "" {
			d.Resources = append(d.Resources, Ref{URL: u, Kind: kind, Line: line})
		}
	}
	srcset := func(kind, v string) {
		for _, part := range strings.Split(v, ",") {
			f := strings.Fields(part)
			if len(f) > 0 {
				res(kind, f[0])
			}
		}
	}
	if s, ok := a["style"]; ok {
		d.Resources = append(d.Resources, cssURLs([]byte(s), line)...)
	}
	switch name {
	case "a", "area":
		if n, ok := a["name"]; ok && name == "a" && n != "" {
			if _, dup := d.IDs[n]; !dup {
				d.IDs[n] = line
			}
		}
		if h, ok := a["href"]; ok {
			d.Links = append(d.Links, Ref{URL: strings.TrimSpace(h), Kind: name, Line: line})
		}
	case "meta":
		if strings.EqualFold(a["http-equiv"], "refresh") {
			c := a["content"]
			if i := strings.Index(strings.ToLower(c), "url="); i >= 0 {
				d.Links = append(d.Links, Ref{URL: strings.Trim(strings.TrimSpace(c[i+4:]), `'"`), Kind: "refresh", Line: line})
			}
		}
	case "link":
		rel := strings.ToLower(a["rel"])
		for _, r := range strings.Fields(rel) {
			switch r {
			case "stylesheet", "icon", "apple-touch-icon", "mask-icon", "manifest", "preload", "prefetch", "modulepreload", "preconnect", "dns-prefetch":
				kind := r
				if r == "preload" && a["as"] != "" {
					kind = "preload " + a["as"]
				}
				res(kind, a["href"])
			}
		}
	case "script":
		res("script", a["src"])
	case "img":
		res("img", a["src"])
		srcset("img", a["srcset"])
		alt, hasAlt := a["alt"]
		d.Images = append(d.Images, Image{Src: a["src"], Alt: alt, HasAlt: hasAlt, InContent: inContent, Line: line})
	case "source":
		res("source", a["src"])
		srcset("source", a["srcset"])
	case "iframe", "frame":
		res("iframe", a["src"])
	case "video":
		res("video", a["src"])
		res("video poster", a["poster"])
	case "audio", "track", "embed":
		res(name, a["src"])
	case "object":
		res("object", a["data"])
	case "input":
		if strings.EqualFold(a["type"], "image") {
			res("input image", a["src"])
		}
	case "image", "use", "feimage":
		if h := a["href"]; h != "" && !strings.HasPrefix(h, "#") {
			res("svg "+name, h)
		}
	}
}

func hasClass(list, c string) bool {
	for _, f := range strings.Fields(list) {
		if f == c {
			return true
		}
	}
	return false
}

var (
	cssURLRE    = regexp.MustCompile(`(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)`)
	cssImportRE = regexp.MustCompile(`(?i)@import\s+(?:"([^"]*)"|'([^']*)')`)
)

// cssURLs finds url(…) and @import "…" in CSS; line is the line of b's
// first byte.
func cssURLs(b []byte, line int) []Ref {
	var out []Ref
	add := func(kind string, re *regexp.Regexp) {
		for _, m := range re.FindAllSubmatchIndex(b, -1) {
			var u string
			for g := 1; g < len(m)/2; g++ {
				if m[2*g] >= 0 && m[2*g+1] > m[2*g] {
					u = string(b[m[2*g]:m[2*g+1]])
				}
			}
			if u == "" || strings.HasPrefix(u, "data:") || strings.HasPrefix(u, "#") {
				continue
			}
			out = append(out, Ref{URL: u, Kind: kind, Line: line + bytes.Count(b[:m[0]], []byte("\n"))})
		}
	}
	add("css url()", cssURLRE)
	add("css @import", cssImportRE)
	return out
}
