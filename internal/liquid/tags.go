package liquid

import (
	"fmt"
	"html"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/osteele/liquid"
	"github.com/osteele/liquid/render"
)

func (e *Engine) addTags() {
	e.eng.RegisterTag("include", e.includeTag)
	e.eng.RegisterTag("include_relative", e.includeRelativeTag)
	e.eng.RegisterBlock("highlight", highlightBlock)
	e.eng.RegisterTag("seo", e.seoTag)
	e.eng.RegisterTag("feed_meta", e.feedMetaTag)
}

// includeArgRE is one key=value parameter of Jekyll's include tag.
var includeArgRE = regexp.MustCompile(`([\w-]+)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^\s]+)`)

// includeTag is Jekyll's {% include file.html key=value … %}: the file
// from _includes/, rendered with the caller's variables plus include.key.
func (e *Engine) includeTag(ctx render.Context) (string, error) {
	args, err := ctx.ExpandTagArg()
	if err != nil {
		return "", err
	}
	args = strings.TrimSpace(args)
	name, rest, _ := strings.Cut(args, " ")
	params := map[string]any{}
	for _, m := range includeArgRE.FindAllStringSubmatch(rest, -1) {
		v := m[2]
		switch {
		case strings.HasPrefix(v, `"`) || strings.HasPrefix(v, `'`):
			params[m[1]] = v[1 : len(v)-1]
		default:
			val, err := ctx.EvaluateString(v)
			if err != nil {
				return "", err
			}
			params[m[1]] = val
		}
	}
	tpl, err := e.include(name)
	if err != nil {
		return "", err
	}
	b, err := nested(ctx.Bindings(), name)
	if err != nil {
		return "", err
	}
	b["include"] = params
	out, serr := tpl.Render(b)
	if serr != nil {
		return "", serr
	}
	if b[pageTextKey] == true {
		return htmlBlock(string(out)), nil
	}
	return string(out), nil
}

// maxIncludeDepth bounds includes within includes, as Ruby Liquid's
// MAX_DEPTH does: an include that includes itself is an error naming it,
// not a crash of the build.
const maxIncludeDepth = 100

// depthKey counts the includes a binding is nested in; no template can
// name it.
const depthKey = "\x00include depth"

// nested is a copy of the caller's bindings for an include one level
// deeper, or an error when includes nest deeper than maxIncludeDepth.
func nested(caller map[string]any, name string) (map[string]any, error) {
	depth, _ := caller[depthKey].(int)
	if depth >= maxIncludeDepth {
		return nil, fmt.Errorf("include %s: includes are nested more than %d deep; does an include include itself?", name, maxIncludeDepth)
	}
	b := make(map[string]any, len(caller)+2)
	for k, v := range caller {
		b[k] = v
	}
	b[depthKey] = depth + 1
	return b, nil
}

// pageTextKey is set in the bindings of a page's own text (Render), which
// is Markdown after Liquid; no template can name it.
const pageTextKey = "\x00page text"

// htmlBlock is an include's HTML as kramdown reads it in Markdown: one
// HTML block up to its closing tag. CommonMark ends an HTML block at a
// blank line and reads an indented line as code, so the lines an
// include's tags leave blank are dropped and the indentation removed.
// Output that is not HTML (a Markdown snippet) or has preformatted text
// is left as it is.
func htmlBlock(s string) string {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "<") || strings.Contains(t, "<pre") || strings.Contains(t, "<textarea") {
		return s
	}
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.TrimLeft(l, " \t"); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// includeRelativeTag is Jekyll's {% include_relative file %}: a file
// beside the page's Jekyll source, which the import copied to static/
// at the same path (page.path says where the page came from).
func (e *Engine) includeRelativeTag(ctx render.Context) (string, error) {
	page, _ := ctx.Get("page").(map[string]any)
	src, _ := page["path"].(string)
	args, err := ctx.ExpandTagArg()
	if err != nil {
		return "", err
	}
	name, _, _ := strings.Cut(strings.TrimSpace(args), " ")
	p := path.Join(StaticDir, path.Clean("/" + path.Join(path.Dir(src), name))[1:])
	tpl, err := e.parseFile(p, "include_relative "+name)
	if err != nil {
		return "", err
	}
	b, err := nested(ctx.Bindings(), name)
	if err != nil {
		return "", err
	}
	out, serr := tpl.Render(b)
	if serr != nil {
		return "", serr
	}
	return string(out), nil
}

// include parses _includes/name once.
func (e *Engine) include(name string) (*liquid.Template, error) {
	return e.parseFile(path.Join(IncludesDir, path.Clean("/" + name)[1:]), "include "+name)
}

// parseFile parses a file of the site once.
func (e *Engine) parseFile(p, what string) (*liquid.Template, error) {
	name := p
	e.mu.Lock()
	defer e.mu.Unlock()
	if t, ok := e.includes[name]; ok {
		return t, nil
	}
	b, err := fs.ReadFile(e.fsys, p)
	if err != nil {
		return nil, fmt.Errorf("%s: no such file (%s)", what, p)
	}
	t, serr := e.parse(b, p, 1)
	if serr != nil {
		return nil, serr
	}
	e.includes[name] = t
	return t, nil
}

// highlightBlock is {% highlight lang %}…{% endhighlight %}, written as
// Jekyll writes it with Rouge (without colours: no classes per token).
func highlightBlock(ctx render.Context) (string, error) {
	lang := strings.Fields(ctx.TagArgs())
	code, err := ctx.InnerString()
	if err != nil {
		return "", err
	}
	code = strings.Trim(code, "\n")
	l := ""
	if len(lang) > 0 {
		l = lang[0]
	}
	return fmt.Sprintf(`<figure class="highlight"><pre><code class="language-%s" data-lang="%s">%s</code></pre></figure>`,
		html.EscapeString(l), html.EscapeString(l), html.EscapeString(code)), nil
}

// seoTag is jekyll-seo-tag's {% seo %}: title, description, canonical
// URL and Open Graph basics.
func (e *Engine) seoTag(ctx render.Context) (string, error) {
	site, _ := ctx.Get("site").(map[string]any)
	page, _ := ctx.Get("page").(map[string]any)
	siteTitle := str(site["title"])
	pageTitle := str(page["title"])
	title := siteTitle
	switch {
	case pageTitle != "" && pageTitle != siteTitle && siteTitle != "":
		title = pageTitle + " | " + siteTitle
	case pageTitle != "":
		title = pageTitle
	}
	desc := str(page["description"])
	if desc == "" {
		desc = str(page["excerpt_text"])
	}
	if desc == "" {
		desc = str(site["description"])
	}
	canonical := e.baseURL + e.relativeURL(str(page["url"]))
	var b strings.Builder
	esc := html.EscapeString
	b.WriteString("<!-- Begin Jekyll SEO tag (deltag) -->\n")
	fmt.Fprintf(&b, "<title>%s</title>\n", esc(title))
	fmt.Fprintf(&b, "<meta property=\"og:title\" content=\"%s\" />\n", esc(or(pageTitle, siteTitle)))
	if l := str(page["lang"]); l != "" {
		fmt.Fprintf(&b, "<meta property=\"og:locale\" content=\"%s\" />\n", esc(strings.ReplaceAll(l, "-", "_")))
	}
	if desc != "" {
		fmt.Fprintf(&b, "<meta name=\"description\" content=\"%s\" />\n<meta property=\"og:description\" content=\"%s\" />\n", esc(desc), esc(desc))
	}
	fmt.Fprintf(&b, "<link rel=\"canonical\" href=\"%s\" />\n<meta property=\"og:url\" content=\"%s\" />\n", esc(canonical), esc(canonical))
	if siteTitle != "" {
		fmt.Fprintf(&b, "<meta property=\"og:site_name\" content=\"%s\" />\n", esc(siteTitle))
	}
	b.WriteString("<!-- End Jekyll SEO tag -->\n")
	return b.String(), nil
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// feedMetaTag is jekyll-feed's {% feed_meta %}: the feed's <link>.
func (e *Engine) feedMetaTag(ctx render.Context) (string, error) {
	site, _ := ctx.Get("site").(map[string]any)
	feed := "feed.xml"
	if f, ok := site["feed"].(map[string]any); ok {
		if p := str(f["path"]); p != "" {
			feed = strings.TrimPrefix(p, "/")
		}
	}
	return fmt.Sprintf(`<link type="application/atom+xml" rel="alternate" href="%s" title="%s" />`,
		html.EscapeString(e.baseURL+e.relativeURL(feed)), html.EscapeString(str(site["title"]))), nil
}
