package intake

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/deltag/deltag/internal/forms"
	"gopkg.in/yaml.v3"
)

func cmdList(_ context.Context, g *globals, args []string) int {
	fl := flag.NewFlagSet("list", flag.ContinueOnError)
	form := fl.String("form", "", "only this form")
	spam := fl.Bool("spam", false, "list spam/ instead of the inbox")
	pos, code := parse(g, "list", fl, args)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		return wrongArgs(g, "list", "unexpected "+strings.Join(pos, " "))
	}
	if *form != "" && !formDirPattern.MatchString(*form) {
		return wrongArgs(g, "list", fmt.Sprintf("%q is not a form id", *form))
	}
	recs, errs := List(g.store, *form, *spam)
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tFORM\tLANG\tSTATUS\tSUMMARY")
	for _, r := range recs {
		sum := strings.Join(r.SpamReasons, ",")
		if sum == "" {
			sum = summary(r)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Form, terminalSafe(r.Lang, 8), r.Status, sum)
	}
	tw.Flush()
	for _, err := range errs {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
	}
	if len(errs) > 0 {
		return 1
	}
	return 0
}

// summary is the first text value of a record, shortened, on one line.
func summary(r *Record) string {
	for _, v := range r.Fields {
		if s, ok := v.Value.(string); ok && s != "" {
			return terminalSafe(s, 60)
		}
	}
	return ""
}

// terminalSafe makes s fit one terminal line: control characters (escape
// sequences included) become spaces, and it is cut to max runes.
func terminalSafe(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max-1]) + "…"
	}
	return s
}

func cmdShow(_ context.Context, g *globals, args []string) int {
	fl := flag.NewFlagSet("show", flag.ContinueOnError)
	private := fl.Bool("private", false, "include personal data")
	pos, code := parse(g, "show", fl, args)
	if code >= 0 {
		return code
	}
	if len(pos) != 1 {
		return wrongArgs(g, "show", "give one submission ID")
	}
	if !IDPattern.MatchString(pos[0]) {
		return wrongArgs(g, "show", fmt.Sprintf("%q is not a submission id (like 20261123T124501Z-1a2b3c4d)", pos[0]))
	}
	r, err := Find(g.store, pos[0])
	if err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	doc := mapping(
		"id", r.ID, "form", r.Form, "status", r.Status, "received", r.Received.Format(time.RFC3339),
		"lang", r.Lang, "file", r.Path)
	if len(r.SpamReasons) > 0 {
		doc.Content = append(doc.Content, scalar("spam_reasons"), node(r.SpamReasons))
	}
	doc.Content = append(doc.Content, scalar("fields"), values(r.Fields))
	if *private {
		p, err := ReadPrivate(g.store, r)
		if err != nil {
			fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
			return 1
		}
		var pv []Value
		for _, k := range sortedKeys(p) {
			pv = append(pv, Value{k, p[k]})
		}
		doc.Content = append(doc.Content, scalar("private"), values(pv))
	}
	// YAML quotes and escapes anything unprintable, so a resident's text
	// cannot drive the terminal.
	enc := yaml.NewEncoder(g.stdout)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	enc.Close()
	return 0
}

func scalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func node(v any) *yaml.Node {
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		return scalar(fmt.Sprint(v))
	}
	return &n
}

func mapping(kv ...string) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(kv); i += 2 {
		m.Content = append(m.Content, scalar(kv[i]), scalar(kv[i+1]))
	}
	return m
}

func values(vs []Value) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, v := range vs {
		m.Content = append(m.Content, scalar(v.Name), node(v.Value))
	}
	return m
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// reservedPageKeys are front matter keys of a content page that a form
// field may not take over in `publish`; such fields go under fields:.
var reservedPageKeys = map[string]bool{
	"title": true, "date": true, "draft": true, "type": true, "lang": true, "slug": true, "url": true,
	"aliases": true, "weight": true, "tags": true, "categories": true, "translationKey": true,
	"intake": true, "fields": true, "layout": true, "summary": true, "description": true,
}

func cmdPublish(_ context.Context, g *globals, args []string) int {
	fl := flag.NewFlagSet("publish", flag.ContinueOnError)
	lang := fl.String("lang", "", "language of the page (default: the submission's)")
	force := fl.Bool("force", false, "replace an existing draft")
	pos, code := parse(g, "publish", fl, args)
	if code >= 0 {
		return code
	}
	if len(pos) != 1 {
		return wrongArgs(g, "publish", "give one submission ID")
	}
	if !IDPattern.MatchString(pos[0]) {
		return wrongArgs(g, "publish", fmt.Sprintf("%q is not a submission id (like 20261123T124501Z-1a2b3c4d)", pos[0]))
	}
	c, ok := loadConfig(g)
	if !ok {
		return 1
	}
	r, err := Find(g.store, pos[0])
	if err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	if *lang == "" {
		*lang = r.Lang
	}
	if c.Language(*lang) == nil {
		return wrongArgs(g, "publish", fmt.Sprintf("%q is not a language of the site", *lang))
	}
	var f *forms.Form
	for _, x := range c.Forms {
		if x.ID == r.Form {
			f = x
		}
	}
	if f == nil {
		fmt.Fprintf(g.stderr, "deltag intake: form %q of %s is no longer in site.yaml\n", r.Form, r.ID)
		return 1
	}
	if r.Status == "spam" {
		fmt.Fprintf(g.stderr, "deltag intake: warning: %s is in spam/ (%s)\n", r.ID, strings.Join(r.SpamReasons, ", "))
	}
	page, err := draftPage(f, r, *lang, c.DefaultLanguage().Code)
	if err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	section := f.Section
	if section == "" {
		section = f.Type
	}
	if section == "" {
		section = f.ID
	}
	dir := filepath.Join(g.site, "content", *lang, section)
	path := filepath.Join(dir, f.ID+"-"+strings.ToLower(r.ID)+".md")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	out, err := os.OpenFile(path, flags, 0o644)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(g.stderr, "deltag intake: %s exists (use --force to replace it)\n", path)
		return 1
	}
	if err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	_, err = out.Write(page)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	fmt.Fprintln(g.stdout, path)
	return 0
}

// draftPage builds a draft content page from a record: front matter with
// the non-personal values (never the private ones, which it does not
// even read), and a body that quotes the longer texts with every Markdown
// character escaped, so what a resident wrote stays text.
func draftPage(f *forms.Form, r *Record, lang, defLang string) ([]byte, error) {
	title := ""
	if s, ok := r.Field("title").(string); ok {
		title = s
	}
	for _, fd := range f.Fields {
		if title == "" && fd.Kind == forms.Text && !fd.Personal {
			title, _ = r.Field(fd.Name).(string)
		}
	}
	if title == "" {
		title = f.Title.Get(lang, defLang) + " " + r.Received.Format("2006-01-02")
	}
	fm := mapping("title", title)
	if f.Type != "" {
		fm.Content = append(fm.Content, scalar("type"), scalar(f.Type))
	}
	fm.Content = append(fm.Content,
		scalar("draft"), node(true),
		scalar("date"), scalar(r.Received.Format(time.RFC3339)),
		scalar("intake"), mapping("form", r.Form, "id", r.ID))
	var extra []Value
	var body bytes.Buffer
	for _, v := range r.Fields {
		fd := f.Field(v.Name)
		if fd == nil || fd.Personal || fd.Kind == forms.Consent {
			continue
		}
		if reservedPageKeys[v.Name] {
			extra = append(extra, v)
		} else {
			fm.Content = append(fm.Content, scalar(v.Name), node(v.Value))
		}
		if s, ok := v.Value.(string); ok && fd.Kind == forms.Textarea {
			fmt.Fprintf(&body, "\n## %s\n\n%s\n", escapeMarkdown(fd.Label.Get(lang, defLang)), escapeMarkdown(s))
		}
	}
	if len(extra) > 0 {
		fm.Content = append(fm.Content, scalar("fields"), values(extra))
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(fm); err != nil {
		return nil, err
	}
	enc.Close()
	b.WriteString("---\n")
	b.Write(body.Bytes())
	return b.Bytes(), nil
}

// escapeMarkdown backslash-escapes every ASCII punctuation character
// (CommonMark lets any of them be escaped) and trims each line's leading
// space, so text is never read as Markdown syntax, HTML, a link or a code
// block.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		for _, r := range strings.TrimLeft(line, " \t") {
			if r < 128 && unicode.IsPunct(r) || r < 128 && unicode.IsSymbol(r) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

func cmdExport(_ context.Context, g *globals, args []string) int {
	fl := flag.NewFlagSet("export", flag.ContinueOnError)
	form := fl.String("form", "", "the form (required)")
	format := fl.String("format", "csv", "csv or json")
	spam := fl.Bool("spam", false, "export spam/ instead of the inbox")
	pos, code := parse(g, "export", fl, args)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		return wrongArgs(g, "export", "unexpected "+strings.Join(pos, " "))
	}
	if !formDirPattern.MatchString(*form) {
		return wrongArgs(g, "export", "give --form ID")
	}
	if *format != "csv" && *format != "json" {
		return wrongArgs(g, "export", fmt.Sprintf("format %q: want csv or json", *format))
	}
	c, ok := loadConfig(g)
	if !ok {
		return 1
	}
	var names []string
	for _, f := range c.Forms {
		if f.ID == *form {
			for _, fd := range f.Fields {
				names = append(names, fd.Name)
			}
		}
	}
	if names == nil {
		fmt.Fprintf(g.stderr, "deltag intake: no form %q in site.yaml\n", *form)
		return 1
	}
	recs, errs := List(g.store, *form, *spam)
	for _, err := range errs {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
	}
	var rows []map[string]any
	for _, r := range recs {
		row := map[string]any{"id": r.ID, "received": r.Received.Format(time.RFC3339), "lang": r.Lang, "status": r.Status, "spam_reasons": strings.Join(r.SpamReasons, ",")}
		for _, v := range r.Fields {
			row[v.Name] = v.Value
		}
		p, err := ReadPrivate(g.store, r)
		if err != nil {
			errs = append(errs, err)
			fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		}
		for k, v := range p {
			row[k] = v
		}
		rows = append(rows, row)
	}
	cols := append([]string{"id", "received", "lang", "status", "spam_reasons"}, names...)
	if *format == "json" {
		out := make([]map[string]any, 0, len(rows))
		for _, row := range rows {
			m := map[string]any{}
			for _, k := range cols {
				if v, ok := row[k]; ok {
					m[k] = v
				}
			}
			out = append(out, m)
		}
		enc := json.NewEncoder(g.stdout)
		enc.SetIndent("", "  ")
		enc.Encode(out)
	} else {
		w := csv.NewWriter(g.stdout)
		w.Write(cols)
		for _, row := range rows {
			rec := make([]string, len(cols))
			for i, k := range cols {
				rec[i] = csvCell(row[k])
			}
			w.Write(rec)
		}
		w.Flush()
		if err := w.Error(); err != nil {
			fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
			return 1
		}
	}
	if len(errs) > 0 {
		return 1
	}
	return 0
}

// csvCell formats one value for a spreadsheet. Text that a spreadsheet
// would run as a formula (starting with = + - @ or a tab or CR) gets a
// leading apostrophe, the usual guard against CSV injection.
func csvCell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case string:
		if x != "" && strings.ContainsRune("=+-@\t\r", rune(x[0])) {
			return "'" + x
		}
		return x
	}
	return fmt.Sprint(v)
}

func cmdPurge(_ context.Context, g *globals, args []string) int {
	fl := flag.NewFlagSet("purge", flag.ContinueOnError)
	olderThan := fl.String("older-than", "", "age past which personal data is deleted, like 180d (default: the form's retention)")
	form := fl.String("form", "", "only this form")
	dry := fl.Bool("dry-run", false, "only say what would be deleted")
	pos, code := parse(g, "purge", fl, args)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		return wrongArgs(g, "purge", "unexpected "+strings.Join(pos, " "))
	}
	var age time.Duration
	if *olderThan != "" {
		var err error
		if age, err = parseAge(*olderThan); err != nil {
			return wrongArgs(g, "purge", err.Error())
		}
	}
	if *form != "" && !formDirPattern.MatchString(*form) {
		return wrongArgs(g, "purge", fmt.Sprintf("%q is not a form id", *form))
	}
	retention := map[string]int{}
	if age == 0 {
		c, ok := loadConfig(g)
		if !ok {
			return 1
		}
		for _, f := range c.Forms {
			retention[f.ID] = f.Retention
		}
	}
	names := []string{*form}
	if *form == "" {
		var err error
		if names, err = Forms(g.store); err != nil {
			fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
			return 1
		}
	}
	now := time.Now()
	failed := false
	for _, name := range names {
		keep := age
		if keep == 0 {
			days, ok := retention[name]
			if !ok || days <= 0 {
				fmt.Fprintf(g.stderr, "deltag intake: %s: no retention in site.yaml; give --older-than\n", name)
				failed = true
				continue
			}
			keep = time.Duration(days) * 24 * time.Hour
		}
		n, err := purgeForm(g.store, name, now.Add(-keep), *dry)
		verb := "deleted"
		if *dry {
			verb = "would delete"
		}
		fmt.Fprintf(g.stdout, "%s: %s personal data of %d submissions older than %s\n", name, verb, n, now.Add(-keep).UTC().Format("2006-01-02"))
		if err != nil {
			fmt.Fprintf(g.stderr, "deltag intake: %s: %v\n", name, err)
			failed = true
		}
	}
	if failed {
		return 1
	}
	return 0
}

// purgeForm deletes the private files of a form received before cutoff,
// reading the time from the file name (the ID), then syncs the directory.
func purgeForm(store, form string, cutoff time.Time, dry bool) (int, error) {
	dir := filepath.Join(store, form, privateDir)
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range ents {
		id := strings.TrimSuffix(e.Name(), ".json")
		if !IDPattern.MatchString(id) || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		t, err := time.Parse("20060102T150405Z", id[:16])
		if err != nil || !t.Before(cutoff) {
			continue
		}
		n++
		if dry {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			return n - 1, err
		}
	}
	if n > 0 && !dry {
		return n, syncDir(dir)
	}
	return n, nil
}

// parseAge reads "180d", "26w" or a Go duration such as "12h".
func parseAge(s string) (time.Duration, error) {
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			x, err := strconv.Atoi(n)
			if err != nil || x <= 0 {
				return 0, fmt.Errorf("--older-than %q: want a positive number of days, like 180d", s)
			}
			return time.Duration(x) * unit, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("--older-than %q: want an age like 180d, 26w or 12h", s)
	}
	return d, nil
}
