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
	extraCommands = append(extraCommands, command{"new", "write a new content file from a type's schema", runNew})
}

// runNew writes content/<lang>/<section>/<slug>.md for a type: front
// matter with every field of the type (a comment names its kind, label and
// choices), the slug in the language's convention, and — with
// --translation-of — the source's ref and its typed values, ready to be
// translated. It never overwrites a file.
func runNew(ctx context.Context, env *Env, args []string) int {
	fl := newFlags("new", `TYPE "Title"`, env)
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
		fmt.Fprintf(env.Stderr, "deltag new: want a type and a title, e.g. deltag new event \"Lunchwebbinarium\" --lang sv\n")
		return ExitUsage
	}
	typeName, title := pos[0], strings.TrimSpace(pos[1])
	cfg, diags := config.Load(os.DirFS(source))
	if diags.HasErrors() {
		printDiags(env.Stderr, diags)
		return ExitError
	}
	t := findType(cfg, typeName)
	if t == nil {
		fmt.Fprintf(env.Stderr, "deltag new: no type %q in site.yaml (types: %s)\n", typeName, typeNames(cfg))
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
	if of != "" {
		src, err := readSource(source, of, cfg)
		if err != nil {
			fmt.Fprintf(env.Stderr, "deltag new: --translation-of: %v\n", err)
			return ExitError
		}
		if src.Section != t.Section && src.Type != t.Name {
			fmt.Fprintf(env.Stderr, "deltag new: --translation-of %s is not a %s page\n", of, t.Name)
			return ExitUsage
		}
		if src.Lang == lang {
			fmt.Fprintf(env.Stderr, "deltag new: %s is already in %s; give --lang the language of the translation\n", of, lang)
			return ExitUsage
		}
		ref = src.Ref
		if ref == "" {
			ref = src.Name
			fmt.Fprintf(env.Stderr, "note: %s has no ref; add \"ref: %s\" to it so the two pages are linked\n", of, ref)
		}
		values, _ = src.Params[t.Key].(map[string]any)
		if other := pageWithRef(source, lang, ref, cfg); other != "" {
			fmt.Fprintf(env.Stderr, "deltag new: %s already translates %s into %s (ref: %s); edit that file instead\n", other, of, lang, ref)
			return ExitError
		}
	}

	now := env.Now().In(l.Location).Truncate(time.Minute)
	var todo []string
	var langs []string
	for _, cl := range cfg.Languages {
		langs = append(langs, cl.Code)
	}
	text := scaffold(t, title, ref, now, values, langs, &todo)
	rel := filepath.Join("content", lang, t.Section, slug+".md")
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
	for _, s := range todo {
		fmt.Fprintf(env.Stdout, "  fill in %s\n", s)
	}
	return ExitOK
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
func readSource(source, of string, cfg *config.Config) (*page.Page, error) {
	file := of
	data, err := os.ReadFile(file)
	if err != nil {
		file = filepath.Join(source, of)
		if data, err = os.ReadFile(file); err != nil {
			return nil, err
		}
	}
	abs, _ := filepath.Abs(file)
	root, _ := filepath.Abs(filepath.Join(source, "content"))
	rel, err := filepath.Rel(root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil, fmt.Errorf("%s is not below %s", of, filepath.Join(source, "content"))
	}
	rel = filepath.ToSlash(rel)
	p, diags := page.Parse("content/"+rel, rel, data, cfg)
	if p == nil {
		return nil, diags.Err()
	}
	return p, nil
}

// scaffold writes the file: known front matter, then the type's map with
// every field. values are the source's fields when translating.
func scaffold(t *schema.Type, title, ref string, now time.Time, values map[string]any, langs []string, todo *[]string) string {
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", strconv.Quote(title))
	fmt.Fprintf(&b, "date: %s\n", now.Format(time.RFC3339))
	if ref != "" {
		fmt.Fprintf(&b, "ref: %s\n", ref)
	}
	b.WriteString("summary: \"\"\n")
	if len(t.Fields) > 0 {
		fmt.Fprintf(&b, "%s:\n", t.Key)
	}
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
			fmt.Fprintf(&b, "  %s: %s  # %s\n", f.Name, placeholder(f, now), comment)
			*todo = append(*todo, t.Key+"."+f.Name)
			continue
		}
		fmt.Fprintf(&b, "  %s:  # %s\n", f.Name, comment)
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

// placeholder is a value of the right kind for a required field, to be
// replaced: a week from now for dates, the first choice, 0, "TODO".
func placeholder(f *schema.Field, now time.Time) string {
	week := now.AddDate(0, 0, 7)
	switch f.Kind {
	case schema.DateTime:
		y, m, d := week.Date()
		return time.Date(y, m, d, 18, 0, 0, 0, now.Location()).Format(time.RFC3339)
	case schema.Date:
		return week.Format("2006-01-02")
	case schema.Number, schema.Money:
		return "0"
	case schema.Bool:
		return "false"
	case schema.Choice:
		if len(f.Choices) > 0 {
			return strconv.Quote(f.Choices[0].Value)
		}
	case schema.URL:
		return `"https://example.org/"`
	case schema.Email:
		return `"name@example.org"`
	}
	return `"TODO"`
}
