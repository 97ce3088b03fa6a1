package markdown

import (
	"bytes"
	"strings"

	"github.com/deltag/deltag/internal/diag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options are the site-wide switches of a Converter.
type Options struct {
	// Unsafe renders raw HTML and dangerous URLs (javascript: and the like)
	// as written, and keeps every heading attribute. Only for trusted
	// content; off by default, when raw HTML is left out of the output.
	Unsafe bool
	// Typographer replaces straight quotes, "--", "---" and "..." with the
	// typographic marks of the Converter's language.
	Typographer bool
	// Image, when set, checks and rewrites every image of a document
	// (an extension sets it through site.MarkdownHook).
	Image ImageFunc
	// AutolinkEverywhere parses every document with the autolink pass,
	// instead of only those with a text that could hold a bare link
	// (needsLinkify). The output is the same; it is the reference the
	// faster path is tested against.
	AutolinkEverywhere bool
}

// ImageFunc checks one image of a document and returns the attributes to
// give its <img>: "src" and "title" replace the Markdown's own (an empty
// title removes it), the others are added. An error is reported at the
// image's line; a diag.Diagnostic as the error keeps its severity (a
// warning) and hint. file is the document's file; first is true for its
// first image.
type ImageFunc func(file, dest, alt, title string, first bool) ([][2]string, error)

// Converter renders Markdown for one language. It is configured once by New
// and is safe for concurrent use by any number of goroutines.
type Converter struct {
	md goldmark.Markdown
	// plain is md without the autolink (linkify) pass, which is tried at
	// every space of every text and cost an eighth of the Markdown time.
	// A document is parsed with plain first and again with md only when a
	// text in it holds "://", "www." or "@" (see needsLinkify).
	plain   goldmark.Markdown
	summary parser.Parser // for Summary: typography, no transformers
	// everywhere is Options.AutolinkEverywhere.
	everywhere bool
}

// Resolver maps the destination of a link to a content file (a path ending
// in ".md", without "?query" or "#fragment", percent-decoded) to that page's
// URL. found=false means the link is broken. The caller builds one per page,
// knowing the page's own path, since relative destinations depend on it.
type Resolver func(dest string) (url string, found bool)

// Result is one rendered document.
type Result struct {
	HTML     []byte
	Headings []Heading // in document order, for tables of contents
	Diags    diag.List // broken content links, duplicate heading IDs
}

// Heading is one heading of a document: its level (1–6), its element ID and
// its plain text (Markdown syntax and HTML removed, typography applied).
type Heading struct {
	Level int
	ID    string
	Text  string
}

// New returns a Converter for a language code such as "sv", "da" or "en-GB".
// Only the primary subtag matters; see the package documentation for the
// quotation marks each language gets.
func New(lang string, opts Options) *Converter {
	var typo goldmark.Extender
	if opts.Typographer {
		typo = extension.NewTypographer(extension.WithTypographicSubstitutions(substitutions(lang)))
	}
	// GFM is Linkify, Table, Strikethrough and TaskList.
	gfm := []goldmark.Extender{extension.Table, extension.Strikethrough, extension.TaskList}
	md := newGoldmark(append(gfm, extension.Linkify), typo, opts)
	plain := newGoldmark(gfm, typo, opts)
	return &Converter{md: md, plain: plain, summary: newSummaryParser(typo), everywhere: opts.AutolinkEverywhere}
}

func newGoldmark(exts []goldmark.Extender, typo goldmark.Extender, opts Options) goldmark.Markdown {
	exts = append(exts, extension.Footnote)
	if typo != nil {
		exts = append(exts, typo)
	}
	var ropts []renderer.Option
	if opts.Unsafe {
		ropts = append(ropts, html.WithUnsafe())
	}
	return goldmark.New(
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(
			parser.WithAttribute(),
			// After goldmark's own transformers (footnotes run at 999), so
			// only links and headings that will be rendered are seen.
			parser.WithASTTransformers(util.Prioritized(&transformer{unsafe: opts.Unsafe, image: opts.Image}, 1000)),
		),
		goldmark.WithRendererOptions(ropts...),
	)
}

// Convert renders src, the body of a page. file names the page in
// diagnostics and firstLine is the line number, in that file, of src's first
// line (front matter was cut off above it), so diagnostics point at the
// file's real lines. resolve rewrites links to content files; with a nil
// resolve such links are left as written.
func (c *Converter) Convert(src []byte, file string, firstLine int, resolve Resolver) Result {
	return c.ConvertInto(new(bytes.Buffer), src, file, firstLine, resolve)
}

// ConvertInto is Convert writing the HTML into buf (after what it holds),
// so a caller can reuse one buffer for many documents; the Result's HTML
// is then buf's bytes, valid until buf is written again.
func (c *Converter) ConvertInto(out *bytes.Buffer, src []byte, file string, firstLine int, resolve Resolver) Result {
	if firstLine < 1 {
		firstLine = 1
	}
	if len(src) > MaxSize {
		var r Result
		r.Diags.Errorf(file, firstLine, "the text is %d MB: more than the %d MB a page may have; split it into several pages", len(src)>>20, MaxSize>>20)
		return r
	}
	if line, depth := tooDeep(src, MaxDepth); line > 0 {
		var r Result
		r.Diags.Errorf(file, firstLine+line-1, "lists or block quotes nested %d levels deep here: more than %d is not allowed (is this pasted text?)", depth, MaxDepth)
		return r
	}
	parse := func(md goldmark.Markdown) (ast.Node, *docState) {
		st := &docState{
			file:      file,
			firstLine: firstLine,
			resolve:   resolve,
			ids:       newIDs(),
		}
		pc := parser.NewContext(parser.WithIDs(st.ids))
		pc.Set(stateKey, st)
		return md.Parser().Parse(text.NewReader(src), parser.WithContext(pc)), st
	}
	var doc ast.Node
	var st *docState
	if c.everywhere {
		doc, st = parse(c.md)
	} else if doc, st = parse(c.plain); needsLinkify(doc, src) {
		doc, st = parse(c.md)
	}

	// HTML is usually 1.1–1.4 times the size of its Markdown; one grow up
	// front saves the buffer's doubling steps for most pages.
	buf := htmlBuffer{out}
	start := out.Len()
	buf.Grow(len(src) + len(src)/2 + 512)
	if err := c.md.Renderer().Render(buf, src, doc); err != nil {
		// The HTML renderer fails only when its writer does, and a
		// bytes.Buffer does not; report it rather than lose it.
		st.diags.Errorf(file, firstLine, "rendering markdown: %v", err)
	}
	return Result{HTML: out.Bytes()[start:], Headings: st.headings, Diags: st.diags}
}

// Inline renders a short Markdown string, such as a front-matter title or
// description (the "markdownify" template function), and strips the
// <p>…</p> around it when the result is exactly one paragraph. Content links
// are left as written.
func (c *Converter) Inline(src []byte) []byte {
	out := c.Convert(src, "", 1, nil).HTML
	const open, closing = "<p>", "</p>\n"
	if bytes.HasPrefix(out, []byte(open)) && bytes.HasSuffix(out, []byte(closing)) &&
		bytes.Count(out, []byte(open)) == 1 {
		out = out[len(open) : len(out)-len(closing)]
	}
	return out
}

// htmlBuffer is a bytes.Buffer that goldmark's renderer accepts as its
// util.BufWriter, so it writes straight into the buffer instead of through
// a bufio.Writer of its own (a 4 KiB allocation and a copy per page).
type htmlBuffer struct{ *bytes.Buffer }

var _ util.BufWriter = htmlBuffer{}

// Buffered returns 0: nothing waits for a Flush.
func (b htmlBuffer) Buffered() int { return 0 }

// Flush does nothing; the bytes are already in the buffer.
func (b htmlBuffer) Flush() error { return nil }

// substitutions returns the typographer's replacements for a language. The
// marks are UTF-8 text, not HTML entities, so heading texts and IDs carry
// them as plain characters. "<<" and ">>" are not replaced: they are more
// often code-like text than quotes in our content.
func substitutions(lang string) map[extension.TypographicPunctuation][]byte {
	s := map[extension.TypographicPunctuation][]byte{
		extension.EnDash:          []byte("–"),
		extension.EmDash:          []byte("—"),
		extension.Ellipsis:        []byte("…"),
		extension.Apostrophe:      []byte("’"),
		extension.LeftAngleQuote:  nil,
		extension.RightAngleQuote: nil,
	}
	var ld, rd, ls, rs string
	switch primaryTag(lang) {
	case "sv":
		ld, rd, ls, rs = "”", "”", "’", "’"
	case "da":
		ld, rd, ls, rs = "»", "«", "›", "‹"
	default:
		ld, rd, ls, rs = "“", "”", "‘", "’"
	}
	s[extension.LeftDoubleQuote] = []byte(ld)
	s[extension.RightDoubleQuote] = []byte(rd)
	s[extension.LeftSingleQuote] = []byte(ls)
	s[extension.RightSingleQuote] = []byte(rs)
	return s
}

// primaryTag returns the lowercase primary subtag of a language code:
// "sv" for "sv", "SV-fi" and "sv_SE".
func primaryTag(lang string) string {
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	return strings.ToLower(lang)
}

// needsLinkify reports whether a document parsed without the autolink
// pass has a text the pass could turn into a link: one holding "://"
// (http://, https://, ftp://), "www." or "@" (an e-mail address).
// Neighbouring texts are read as one stretch of the source, so a text
// split by the typographer ("www..." is "www" and an ellipsis) or by a
// line break is not missed. A hard line break counts too, and a soft one
// after a tab: the pass keeps blanks before them (a goldmark quirk), so
// such a document is parsed with the pass as before.
func needsLinkify(doc ast.Node, src []byte) bool {
	found := false
	start := -1
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		t, ok := n.(*ast.Text)
		if !ok {
			return ast.WalkContinue, nil
		}
		if !continuesRun(t) || start < 0 || start > t.Segment.Start {
			start = t.Segment.Start
		}
		run := src[start:t.Segment.Stop]
		if t.HardLineBreak() || t.SoftLineBreak() && tabBeforeLineEnd(src, t.Segment.Stop) || bytes.Contains(run, []byte("://")) || bytes.Contains(run, []byte("www.")) || bytes.IndexByte(run, '@') >= 0 {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// tabBeforeLineEnd reports whether the blanks that end a line at i hold a
// tab. The autolink pass splits such a run at its first space and then
// trims only the last piece, so "0\t \n" keeps its tab (the same
// quirk as before a hard line break); such a document is parsed with the
// pass.
func tabBeforeLineEnd(src []byte, i int) bool {
	for ; i < len(src) && (src[i] == ' ' || src[i] == '\t'); i++ {
		if src[i] == '\t' {
			return true
		}
	}
	return false
}

// continuesRun reports whether t follows a text or a typographer's
// substitution (a String node) in the same inline run.
func continuesRun(t *ast.Text) bool {
	for p := t.PreviousSibling(); p != nil; p = p.PreviousSibling() {
		switch p.(type) {
		case *ast.Text:
			return true
		case *ast.String:
			continue
		default:
			return false
		}
	}
	return false
}
