// Package kramdown reads the parts of kramdown (Jekyll's Markdown) that
// goldmark does not: the {::options /} line, the {:toc} table of
// contents and tables without a header row. Rewrite turns them into the
// Markdown and HTML goldmark reads, so a page imported from Jekyll shows
// what kramdown showed, never the markup as text.
package kramdown

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"

	dmarkdown "github.com/deltag/deltag/internal/markdown"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	goldhtml "github.com/yuin/goldmark/renderer/html"
)

// Rewrite reads kramdown's extensions in a page's Markdown
// (after Liquid, so a table of contents an include writes counts), which
// goldmark would otherwise show as text:
//
//   - an {::options … /} line sets kramdown options; it writes nothing,
//     so it is dropped;
//   - a list marked {:toc} is a seed that kramdown replaces with the
//     page's table of contents: a <ul id="markdown-toc"> of the ATX
//     headings outside code (not those marked .no_toc), nested by level,
//     each linking to the heading's ID as deltag's Markdown gives it and
//     with id markdown-toc-<ID>, as kramdown writes it;
//   - lines that start with a pipe and have no header separator row are
//     a table to kramdown (goldmark needs the separator): it is written
//     as kramdown writes it, unless a cell has Markdown or HTML in it.
func Rewrite(md []byte) []byte {
	if bytes.HasPrefix(md, []byte("|")) || bytes.Contains(md, []byte("\n|")) || bytes.Contains(md, []byte("\n |")) {
		md = headerlessTables(md)
	}
	if !bytes.Contains(md, []byte("{:")) {
		return md
	}
	lines := strings.SplitAfter(string(md), "\n")
	toc := ""
	var out []string
	fence := ""
	for _, l := range lines {
		if m := fenceRE.FindStringSubmatch(l); m != nil {
			switch fence {
			case "":
				fence = m[1]
			case m[1]:
				fence = ""
			}
		}
		switch {
		case fence != "":
		case optionsRE.MatchString(l):
			continue
		case tocRE.MatchString(l):
			if toc == "" {
				toc = tableOfContents(lines)
			}
			// Drop the seed list above the marker.
			for len(out) > 0 && listItemRE.MatchString(out[len(out)-1]) {
				out = out[:len(out)-1]
			}
			out = append(out, toc+"\n")
			continue
		}
		out = append(out, l)
	}
	return []byte(strings.Join(out, ""))
}

// headerlessTables writes the tables of md that have no separator row
// as HTML, as kramdown does.
func headerlessTables(md []byte) []byte {
	lines := strings.SplitAfter(string(md), "\n")
	var out []string
	fence := ""
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if m := fenceRE.FindStringSubmatch(l); m != nil {
			switch fence {
			case "":
				fence = m[1]
			case m[1]:
				fence = ""
			}
		}
		if fence != "" || !tableRowRE.MatchString(l) || i > 0 && strings.TrimSpace(lines[i-1]) != "" && !headingRE.MatchString(strings.TrimRight(lines[i-1], "\r\n")) {
			out = append(out, l)
			continue
		}
		j := i
		for j < len(lines) && tableRowRE.MatchString(lines[j]) {
			j++
		}
		if t, ok := htmlTable(lines[i:j]); ok {
			out = append(out, t)
		} else {
			out = append(out, lines[i:j]...)
		}
		i = j - 1
	}
	return []byte(strings.Join(out, ""))
}

// htmlTable is rows as kramdown's HTML table; false when a row is a
// separator (goldmark reads the table) or a cell has Markdown or HTML.
func htmlTable(rows []string) (string, bool) {
	var b strings.Builder
	b.WriteString("<table>\n<tbody>\n")
	for _, r := range rows {
		r = strings.TrimSpace(r)
		if separatorRE.MatchString(r) || strings.ContainsAny(r, "*_`[<\\") {
			return "", false
		}
		r = strings.TrimPrefix(r, "|")
		r = strings.TrimSuffix(r, "|")
		b.WriteString("<tr>\n")
		for _, c := range strings.Split(r, "|") {
			b.WriteString("<td>" + html.EscapeString(strings.TrimSpace(c)) + "</td>\n")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")
	return b.String(), true
}

var (
	tableRowRE  = regexp.MustCompile(`^ {0,3}\|.*\|[ \t]*\r?\n?$`)
	separatorRE = regexp.MustCompile(`^\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?$`)
	optionsRE   = regexp.MustCompile(`(?m)^[ \t]*\{::options\b[^}\n]*/\}[ \t]*(\n|$)`)
	tocRE       = regexp.MustCompile(`(?m)^[ \t]*\{:[ \t]*toc[ \t]*\}[ \t]*$`)
	listItemRE  = regexp.MustCompile(`^[ \t]*([*+-]|\d+\.)[ \t]+\S`)
	headingRE   = regexp.MustCompile(`^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$`)
	fenceRE     = regexp.MustCompile("^ {0,3}(```|~~~)")
	ialRE       = regexp.MustCompile(`[ \t]*\{:?[^{}]*\}[ \t]*$`)
	explicitRE  = regexp.MustCompile(`\{#([^\s}]+)[^}]*\}[ \t]*$`)
	mdLinkRE    = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
)

// tocEntry is one heading in a table of contents.
type tocEntry struct {
	level    int
	id, text string
	children []*tocEntry
}

// tableOfContents is kramdown's table of contents of lines.
func tableOfContents(lines []string) string {
	root := &tocEntry{}
	stack := []*tocEntry{root}
	used := map[string]bool{}
	fence := ""
	for i, l := range lines {
		l = strings.TrimRight(l, "\r\n")
		if m := fenceRE.FindStringSubmatch(l); m != nil {
			switch fence {
			case "":
				fence = m[1]
			case m[1]:
				fence = ""
			}
			continue
		}
		m := headingRE.FindStringSubmatch(l)
		if fence != "" || m == nil {
			continue
		}
		text := m[2]
		if strings.Contains(text, "no_toc") && ialRE.MatchString(text) ||
			i+1 < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i+1]), "{:") && strings.Contains(lines[i+1], "no_toc") {
			continue
		}
		id := ""
		if e := explicitRE.FindStringSubmatch(text); e != nil {
			id = e[1]
		}
		text = ialRE.ReplaceAllString(text, "")
		text = mdLinkRE.ReplaceAllString(text, "$1")
		text = strings.NewReplacer("*", "", "`", "", "\\", "").Replace(text)
		text = strings.TrimSpace(text)
		if id == "" {
			base := dmarkdown.Slug(text)
			if base == "" {
				base = "heading"
			}
			id = base
			for n := 1; used[id]; n++ {
				id = base + "-" + strconv.Itoa(n)
			}
		}
		used[id] = true
		e := &tocEntry{level: len(m[1]), id: id, text: text}
		for len(stack) > 1 && stack[len(stack)-1].level >= e.level {
			stack = stack[:len(stack)-1]
		}
		parent := stack[len(stack)-1]
		parent.children = append(parent.children, e)
		stack = append(stack, e)
	}
	var b strings.Builder
	b.WriteString("<ul id=\"markdown-toc\">\n")
	for _, c := range root.children {
		c.write(&b)
	}
	b.WriteString("</ul>")
	return b.String()
}

func (e *tocEntry) write(b *strings.Builder) {
	id := html.EscapeString(e.id)
	text, err := Smartify(e.text) // kramdown's typographic quotes, as in the heading
	if err != nil {
		text = html.EscapeString(e.text)
	}
	b.WriteString(`<li><a href="#` + id + `" id="markdown-toc-` + id + `">` + text + "</a>")
	if len(e.children) > 0 {
		b.WriteString("\n<ul>\n")
		for _, c := range e.children {
			c.write(b)
		}
		b.WriteString("</ul>\n")
	}
	b.WriteString("</li>\n")
}

// smartypants is smartify's converter, for kramdown's SmartyPants: it
// changes quotes, dashes and dots (unlike kramdown it also reads Markdown
// emphasis in the text; titles rarely have any).
var smartypants = goldmark.New(goldmark.WithExtensions(extension.Typographer),
	goldmark.WithRendererOptions(goldhtml.WithUnsafe()))

// Smartify is Jekyll's smartify filter: s with typographic quotes,
// dashes and dots, as HTML entities, and no paragraph around it.
func Smartify(s string) (string, error) {
	var b bytes.Buffer
	if err := smartypants.Convert([]byte(s), &b); err != nil {
		return "", err
	}
	out := strings.TrimSuffix(b.String(), "\n")
	if strings.HasPrefix(out, "<p>") && strings.HasSuffix(out, "</p>") && strings.Count(out, "<p>") == 1 {
		out = out[len("<p>") : len(out)-len("</p>")]
	}
	return out, nil
}
