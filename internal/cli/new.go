package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/locale"
	"github.com/deltag/deltag/internal/page"
	"github.com/deltag/deltag/internal/schema"
	"gopkg.in/yaml.v3"
)

func init() {
	extraCommands = append(extraCommands, command{"new", "write a new content file for a type, a section or a page", runNew})
}

// runNew writes a new content file: content/<lang>/<section>/<slug>.md
// for a type (by name or by its section) or any other section (news), and
// content/<lang>/<slug>.md for "page". A typed page gets every field of
// its type (a comment names its kind, label and choices); required values
// are left empty, so the build names each one that is still missing
// rather than publishing a placeholder. The slug follows the language's
// convention. With --translation-of, the new page and its source share a
// ref: the source's, or — when it has none — one written into both files;
// the source's typed values are copied, ready to be translated. It never
// overwrites a file.
func runNew(ctx context.Context, env *Env, args []string) int {
	fl := newFlags("new", `TYPE|SECTION|page "Title"`, env)
	var source, lang, of string
	fl.StringVar(&source, "source", ".", "the site's root `folder`")
	fl.StringVar(&lang, "lang", "", "the page's language `code` (default: the site's default language)")
	fl.StringVar(&of, "translation-of", "", "the content `file` this page translates: shares its ref and copies its fields")
	// Flags may come before, between or after the two arguments.
	var pos []string
	for {
		if code, done := fl.parse(args); done {
			return code
		}
		if fl.NArg() == 0 {
			break
		}
		pos = append(pos, fl.Arg(0))
		args = fl.Args()[1:]
	}
	if len(pos) != 2 {
		fmt.Fprintf(env.Stderr, "deltag new: want a type, section or \"page\" and a title, e.g. deltag new event \"Lunchwebbinarium\" --lang sv\n")
		return ExitUsage
	}
	kind, title := pos[0], strings.TrimSpace(pos[1])
	cfg, diags := config.Load(os.DirFS(source))
	if diags.HasErrors() {
		printDiags(env.Stderr, diags)
		return ExitError
	}
	t, section, ok := findKind(cfg, kind)
	if !ok {
		fmt.Fprintf(env.Stderr, "deltag new: %q is no type, section or \"page\" of this site (types: %s; sections: %s)\n", kind, typeNames(cfg), sectionNames(cfg))
		return ExitUsage
	}
	if lang == "" {
		lang = cfg.DefaultLanguage().Code
	}
	l := cfg.Language(lang)
	if l == nil {
		fmt.Fprintf(env.Stderr, "deltag new: --lang %q is not a language of this site\n", lang)
		return ExitUsage
	}
	slug := locale.Slugify(lang, title)
	if slug == "" {
		fmt.Fprintf(env.Stderr, "deltag new: the title %q gives no slug\n", title)
		return ExitUsage
	}

	var ref string
	var values map[string]any
	var src *page.Page
	var srcFile string
	if of != "" {
		var err error
		src, srcFile, err = readSource(source, of, cfg)
		if err != nil {
			fmt.Fprintf(env.Stderr, "deltag new: --translation-of: %v\n", err)
			return ExitError
		}
		if src.Section != section && (t == nil || src.Type != t.Name) {
			fmt.Fprintf(env.Stderr, "deltag new: --translation-of %s is not a %s page\n", of, kind)
			return ExitUsage
		}
		if src.Lang == lang {
			fmt.Fprintf(env.Stderr, "deltag new: %s is already in %s; give --lang the language of the translation\n", of, lang)
			return ExitUsage
		}
		ref = src.Ref
		if ref == "" {
			ref = src.Name
		}
		if t != nil {
			values, _ = src.Params[t.Key].(map[string]any)
		}
		if other := pageWithRef(source, lang, ref, cfg); other != "" {
			fmt.Fprintf(env.Stderr, "deltag new: %s already translates %s into %s (ref: %s); edit that file instead\n", other, of, lang, ref)
			return ExitError
		}
		// Same path in another language links the pages already; a
		// different slug needs the ref in both.
	}

	now := env.Now().In(l.Location).Truncate(time.Minute)
	var todo []string
	var langs []string
	for _, cl := range cfg.Languages {
		langs = append(langs, cl.Code)
	}
	text := scaffold(t, title, ref, now, values, langs, &todo)
	rel := filepath.Join("content", lang, section, slug+".md")
	file := filepath.Join(source, rel)
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		fmt.Fprintf(env.Stderr, "deltag new: %v\n", err)
		return ExitError
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			fmt.Fprintf(env.Stderr, "deltag new: %s exists; not overwriting it (choose another title)\n", filepath.ToSlash(rel))
			return ExitError
		}
		fmt.Fprintf(env.Stderr, "deltag new: %v\n", err)
		return ExitError
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		fmt.Fprintf(env.Stderr, "deltag new: %v\n", err)
		return ExitError
	}
	if err := f.Close(); err != nil {
		fmt.Fprintf(env.Stderr, "deltag new: %v\n", err)
		return ExitError
	}
	fmt.Fprintf(env.Stdout, "wrote %s\n", filepath.ToSlash(rel))
	if src != nil && src.Ref == "" {
		if err := addRef(srcFile, src, ref); err != nil {
			fmt.Fprintf(env.Stderr, "deltag new: %v; add \"ref: %s\" to %s by hand so the two pages are linked\n", err, ref, of)
			return ExitError
		}
		fmt.Fprintf(env.Stdout, "added ref: %s to %s\n", ref, filepath.ToSlash(of))
	}
	for _, s := range todo {
		fmt.Fprintf(env.Stdout, "  fill in %s (required; the build reports it until it is given)\n", s)
	}
	return ExitOK
}

// findKind finds what new was asked for: a type by name or by its section
// id ("events"), any other section of sections: ("news"), or "page" (a page
// outside any section). Taxonomies are not sections one writes pages in.
func findKind(cfg *config.Config, name string) (t *schema.Type, section string, ok bool) {
	if t := findType(cfg, name); t != nil {
		return t, t.Section, true
	}
	for _, tax := range cfg.Taxonomies {
		if tax == name {
			return nil, "", false
		}
	}
	if _, ok := cfg.Sections[name]; ok {
		return nil, name, true
	}
	if name == "page" || name == "pages" {
		return nil, "", true
	}
	return nil, "", false
}

func sectionNames(cfg *config.Config) string {
	tax := map[string]bool{}
	for _, t := range cfg.Taxonomies {
		tax[t] = true
	}
	var out []string
	for n := range cfg.Sections {
		if !tax[n] {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return strings.Join(append(out, "page"), ", ")
}

// addRef writes ref into the front matter of the page in file, right
// after the opening delimiter (or in place of an empty ref:), keeping
// every other byte. YAML and TOML front matter only.
func addRef(file string, p *page.Page, ref string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	nl := "\n"
	if strings.Contains(string(data), "\r\n") {
		nl = "\r\n"
	}
	lines := strings.SplitAfter(string(data), "\n")
	open := p.FrontLine - 1
	if open < 0 || open >= len(lines) {
		return fmt.Errorf("cannot find the front matter of %s", file)
	}
	delim := strings.TrimSpace(strings.TrimPrefix(lines[open], "\ufeff"))
	var line string
	switch delim {
	case "---", "---yaml":
		line = "ref: " + strconv.Quote(ref) + nl
	case "+++", "---toml":
		line = "ref = " + strconv.Quote(ref) + nl
	default:
		return fmt.Errorf("%s has JSON front matter, which deltag new does not edit", file)
	}
	if p.HasRef {
		// ref: '' (no translation) is replaced.
		i := p.Line("ref") - 1
		if i <= open || i >= len(lines) {
			return fmt.Errorf("cannot find ref: in %s", file)
		}
		lines[i] = line
	} else {
		lines = append(lines[:open+1], append([]string{line}, lines[open+1:]...)...)
	}
	return os.WriteFile(file, []byte(strings.Join(lines, "")), 0o644)
}

// findType finds a type by name or by section id ("events").
func findType(cfg *config.Config, name string) *schema.Type {
	if t := cfg.Types[name]; t != nil {
		return t
	}
	for _, t := range cfg.Types {
		if t.Section == name {
			return t
		}
	}
	return nil
}

func typeNames(cfg *config.Config) string {
	var out []string
	for n := range cfg.Types {
		out = append(out, n)
	}
	if len(out) == 0 {
		return "none declared"
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// pageWithRef returns the content file in lang that has ref, or "".
func pageWithRef(source, lang, ref string, cfg *config.Config) string {
	found := ""
	root := filepath.Join(source, "content", lang)
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || found != "" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(filepath.Join(source, "content"), p)
		rel = filepath.ToSlash(rel)
		if pg, _ := page.Parse("content/"+rel, rel, data, cfg); pg != nil && pg.Ref == ref {
			found = "content/" + rel
		}
		return nil
	})
	return found
}

// readSource parses the page a translation is made from; of is relative
// to the current folder or to the site's root.
func readSource(source, of string, cfg *config.Config) (*page.Page, string, error) {
	file := of
	data, err := os.ReadFile(file)
	if err != nil {
		file = filepath.Join(source, of)
		if data, err = os.ReadFile(file); err != nil {
			return nil, "", err
		}
	}
	abs, _ := filepath.Abs(file)
	root, _ := filepath.Abs(filepath.Join(source, "content"))
	rel, err := filepath.Rel(root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil, "", fmt.Errorf("%s is not below %s", of, filepath.Join(source, "content"))
	}
	rel = filepath.ToSlash(rel)
	p, diags := page.Parse("content/"+rel, rel, data, cfg)
	if p == nil || diags.HasErrors() {
		return nil, "", fmt.Errorf("%s does not parse:\n%v", of, diags.Err())
	}
	return p, file, nil
}

// scaffold writes the file: known front matter, then (for a type) its
// map with every field. Required fields are left empty, so that the build
// names each one until it is filled in; values are the source's fields
// when translating.
func scaffold(t *schema.Type, title, ref string, now time.Time, values map[string]any, langs []string, todo *[]string) string {
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", strconv.Quote(title))
	fmt.Fprintf(&b, "date: %s\n", now.Format(time.RFC3339))
	if ref != "" {
		fmt.Fprintf(&b, "ref: %s\n", strconv.Quote(ref))
	}
	b.WriteString("summary:  # one sentence for lists and feeds (default: the first paragraph)\n")
	if t != nil && len(t.Fields) > 0 {
		fmt.Fprintf(&b, "%s:\n", t.Key)
		for _, f := range t.Fields {
			comment := fieldComment(f, langs)
			if v, ok := values[f.Name]; ok && v != nil {
				y, err := yaml.Marshal(map[string]any{f.Name: plainDates(v)})
				if err == nil {
					lines := strings.Split(strings.TrimRight(string(y), "\n"), "\n")
					fmt.Fprintf(&b, "  %s  # %s\n", lines[0], comment)
					for _, line := range lines[1:] {
						fmt.Fprintf(&b, "  %s\n", line)
					}
					continue
				}
			}
			if f.Required {
				*todo = append(*todo, t.Key+"."+f.Name)
			}
			fmt.Fprintf(&b, "  %s:  # %s\n", f.Name, comment)
		}
	}
	b.WriteString("---\n\n")
	return b.String()
}

// fieldComment describes a field: "datetime, required – Börjar / Starter;
// choices: online, in-person, both".
func fieldComment(f *schema.Field, langs []string) string {
	c := f.Kind
	if f.Required {
		c += ", required"
	}
	var labels []string
	for _, k := range append([]string{""}, langs...) {
		if v := f.Label[k]; v != "" {
			labels = append(labels, v)
		}
	}
	if len(labels) > 0 {
		c += " – " + strings.Join(labels, " / ")
	}
	if len(f.Choices) > 0 {
		c += "; choices: " + strings.Join(f.ChoiceValues(), ", ")
	}
	if len(f.Fields) > 0 {
		c += "; each: {" + strings.Join(schema.FieldNames(f.Fields), ", ") + "}"
	}
	return c
}

// plainDates writes dates YAML decoded as times back as they are usually
// written: 2027-02-18 for a date, RFC 3339 for a time.
func plainDates(v any) any {
	switch x := v.(type) {
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Location() == time.UTC {
			return x.Format("2006-01-02")
		}
		return x.Format(time.RFC3339)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plainDates(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plainDates(e)
		}
		return out
	}
	return v
}
