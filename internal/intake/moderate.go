package intake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
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
	"github.com/deltag/deltag/internal/locale"
	"github.com/deltag/deltag/internal/schema"
	"gopkg.in/yaml.v3"
)

func cmdList(ctx context.Context, g *globals, args []string) int {
	fl := flag.NewFlagSet("list", flag.ContinueOnError)
	form := fl.String("form", "", "only this form")
	state := fl.String("state", "", "only submissions in this state")
	spam := fl.Bool("spam", false, "same as --state spam")
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
	if *spam {
		*state = StateSpam
	}
	if *state != "" && !ValidState(*state) {
		return wrongArgs(g, "list", fmt.Sprintf("%q is not a state (received, spam, approved, rejected, published)", *state))
	}
	st, ok := openStore(ctx, g)
	if !ok {
		return 1
	}
	defer st.Close()
	recs, err := st.List(ctx, Query{Form: *form, State: *state})
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tFORM\tLANG\tSTATE\tSUMMARY")
	for _, r := range recs {
		if *state == "" && r.State == StateSpam {
			continue
		}
		sum := strings.Join(r.SpamReasons, ",")
		if sum == "" || r.State != StateSpam {
			sum = summary(r)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Form, terminalSafe(r.Lang, 8), r.State, sum)
	}
	tw.Flush()
	if err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
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

func cmdShow(ctx context.Context, g *globals, args []string) int {
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
	st, ok := openStore(ctx, g)
	if !ok {
		return 1
	}
	defer st.Close()
	r, err := st.Get(ctx, pos[0])
	if err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	doc := mapping(
		"id", r.ID, "form", r.Form, "state", r.State, "received", r.Received.Format(time.RFC3339),
		"lang", r.Lang)
	if r.Path != "" {
		doc.Content = append(doc.Content, scalar("file"), scalar(r.Path))
	}
	if len(r.SpamReasons) > 0 {
		doc.Content = append(doc.Content, scalar("spam_reasons"), node(r.SpamReasons))
	}
	if len(r.History) > 0 {
		hist := &yaml.Node{Kind: yaml.SequenceNode}
		for _, c := range r.History {
			hist.Content = append(hist.Content, mapping("state", c.State, "by", c.By, "at", c.At.UTC().Format(time.RFC3339)))
		}
		doc.Content = append(doc.Content, scalar("history"), hist)
	}
	doc.Content = append(doc.Content, scalar("fields"), values(r.Fields))
	if *private {
		p, err := st.Private(ctx, r.ID)
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

// quoted is a double-quoted YAML string: a resident's text stays on
// one line of the front matter, its line breaks written as \n, so no
// line of it can ever look like the closing --- (indented or not) or a
// key of its own.
func quoted(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle}
}

// residentNode is a value a resident typed, for the front matter of a
// published page: strings double-quoted (see quoted), others as they are.
func residentNode(v any) *yaml.Node {
	if s, ok := v.(string); ok {
		return quoted(s)
	}
	return node(v)
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

func cmdPublish(ctx context.Context, g *globals, args []string) int {
	fl := flag.NewFlagSet("publish", flag.ContinueOnError)
	lang := fl.String("lang", "", "language of the page (default: the submission's)")
	force := fl.Bool("force", false, "write the page of a published submission again")
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
	st, ok := openStore(ctx, g)
	if !ok {
		return 1
	}
	defer st.Close()
	r, err := st.Get(ctx, pos[0])
	if err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	f := c.Form(r.Form)
	if f == nil {
		fmt.Fprintf(g.stderr, "deltag intake: form %q of %s is no longer in site.yaml\n", r.Form, r.ID)
		return 1
	}
	if f.Publish == nil {
		fmt.Fprintf(g.stderr, "deltag intake: form %q has no publish: in site.yaml, so its submissions cannot become pages.\n"+
			"Say what an approved submission becomes under the form, for example:\n\n"+
			"  - id: %s\n    publish:\n      type: idea              # a type of types:\n      fields: {title: %s}   # page key or type field: form field\n\n"+
			"(go doc ./internal/forms lists the keys; the build checks the mapping against the type)\n",
			r.Form, r.Form, firstTextField(f))
		return 1
	}
	t := c.Types[f.Publish.Type]
	if t == nil { // config.Load checks this; a race with an edit of site.yaml
		fmt.Fprintf(g.stderr, "deltag intake: form %q: publish type %q is not in types:\n", r.Form, f.Publish.Type)
		return 1
	}
	switch r.State {
	case StateSpam:
		fmt.Fprintf(g.stderr, "deltag intake: %s is spam (%s); recover and approve it first if it is not\n", r.ID, strings.Join(r.SpamReasons, ", "))
		return 1
	case StateReceived:
		fmt.Fprintf(g.stderr, "deltag intake: %s is received, not approved; only approved submissions are published (deltag intake approve %s)\n", r.ID, r.ID)
		return 1
	case StateRejected:
		fmt.Fprintf(g.stderr, "deltag intake: %s was rejected; approve it first to publish it\n", r.ID)
		return 1
	case StatePublished:
		if !*force {
			fmt.Fprintf(g.stderr, "deltag intake: %s is published already (use --force to write its page again)\n", r.ID)
			return 1
		}
	}
	if *lang == "" {
		*lang = r.Lang
	}
	if c.Language(*lang) == nil {
		return wrongArgs(g, "publish", fmt.Sprintf("%q is not a language of the site", *lang))
	}
	d := draftPage(f, t, r, *lang, c.DefaultLanguage().Code)
	data, err := d.bytes()
	if err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	dir := filepath.Join(g.site, "content", *lang, f.Publish.SectionOf(t))
	path := filepath.Join(dir, d.slug+".md")
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
	_, err = out.Write(data)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		return 1
	}
	if r.State == StateApproved {
		if err := st.SetState(ctx, r.ID, StatePublished, g.who()); err != nil {
			fmt.Fprintf(g.stderr, "deltag intake: %s written, but: %v\n", path, err)
			return 1
		}
	}
	fmt.Fprintln(g.stdout, path)
	return 0
}

func firstTextField(f *forms.Form) string {
	for _, fd := range f.Fields {
		if (fd.Kind == forms.Text || fd.Kind == forms.Textarea) && !fd.Personal {
			return fd.Name
		}
	}
	return "FIELD"
}

// draft is a page made from a submission.
type draft struct {
	fm   *yaml.Node
	body bytes.Buffer
	slug string
}

// draftPage builds a draft content page of the form's publish: type from
// a record: the mapped values and set: values only (never the private
// ones, which it does not even read). What a resident wrote stays text:
// strings are double-quoted in the front matter, and every Markdown
// character is escaped where Markdown is rendered (the body and markdown
// fields).
func draftPage(f *forms.Form, t *schema.Type, r *Record, lang, defLang string) *draft {
	p := f.Publish
	str := func(name string) string {
		fd := f.Field(name)
		if fd == nil || fd.Personal {
			return ""
		}
		s, _ := r.Field(name).(string)
		return s
	}
	title := ""
	if from := p.From(forms.PageTitle); len(from) == 1 {
		title = strings.TrimSpace(str(from[0]))
	}
	if title == "" {
		title = f.Title.Get(lang, defLang) + " " + r.Received.Format("2006-01-02")
	}
	d := &draft{fm: &yaml.Node{Kind: yaml.MappingNode}}
	d.slug = locale.Slugify(lang, title)
	if len(d.slug) > 60 {
		d.slug = strings.TrimRight(d.slug[:60], "-")
	}
	if d.slug == "" {
		d.slug = f.ID
	}
	d.slug += "-" + r.ID[len(r.ID)-8:]
	fm := d.fm
	fm.Content = append(fm.Content, scalar("title"), quoted(title))
	if p.SectionOf(t) != t.Section {
		fm.Content = append(fm.Content, scalar("type"), scalar(t.Name))
	}
	fm.Content = append(fm.Content,
		scalar("draft"), node(true),
		scalar("date"), scalar(r.Received.Format(time.RFC3339)))
	if from := p.From(forms.PageSummary); len(from) == 1 {
		if s := str(from[0]); s != "" {
			fm.Content = append(fm.Content, scalar("summary"), quoted(s))
		}
	}
	fm.Content = append(fm.Content, scalar("intake"), mapping("form", r.Form, "id", r.ID))
	fields := &yaml.Node{Kind: yaml.MappingNode}
	for _, m := range p.Fields {
		tf := t.Lookup(m.Key)
		if tf == nil || len(m.From) != 1 {
			continue
		}
		fd := f.Field(m.From[0])
		if fd == nil || fd.Personal || fd.Kind == forms.Consent {
			continue
		}
		v := r.Field(fd.Name)
		if v == nil || v == "" {
			continue
		}
		if s, ok := v.(string); ok && tf.Kind == schema.Markdown {
			v = escapeMarkdown(s)
		}
		fields.Content = append(fields.Content, scalar(m.Key), residentNode(v))
	}
	for _, s := range p.Set {
		fields.Content = append(fields.Content, scalar(s.Key), node(s.Value))
	}
	if len(fields.Content) > 0 {
		fm.Content = append(fm.Content, scalar(t.Key), fields)
	}
	body := p.From(forms.PageBody)
	for _, name := range body {
		s := str(name)
		if s == "" {
			continue
		}
		if len(body) > 1 {
			fmt.Fprintf(&d.body, "\n## %s\n", escapeMarkdown(f.Field(name).Label.Get(lang, defLang)))
		}
		fmt.Fprintf(&d.body, "\n%s\n", escapeMarkdown(s))
	}
	return d
}

func (d *draft) bytes() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(d.fm); err != nil {
		return nil, err
	}
	enc.Close()
	b.WriteString("---\n")
	b.Write(d.body.Bytes())
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

func cmdExport(ctx context.Context, g *globals, args []string) int {
	fl := flag.NewFlagSet("export", flag.ContinueOnError)
	form := fl.String("form", "", "the form (required)")
	format := fl.String("format", "csv", "csv or json")
	sep := fl.String("sep", ";", "CSV separator: ; (Excel in Sweden and Denmark), , or tab")
	state := fl.String("state", "", "only this state (default: all but spam)")
	spam := fl.Bool("spam", false, "same as --state spam")
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
	if *sep == "\\t" || *sep == "tab" {
		*sep = "\t"
	}
	if *sep != ";" && *sep != "," && *sep != "\t" {
		return wrongArgs(g, "export", fmt.Sprintf("--sep %q: want ; , or tab", *sep))
	}
	if *spam {
		*state = StateSpam
	}
	if *state != "" && !ValidState(*state) {
		return wrongArgs(g, "export", fmt.Sprintf("%q is not a state (received, spam, approved, rejected, published)", *state))
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
	st, ok := openStore(ctx, g)
	if !ok {
		return 1
	}
	defer st.Close()
	var errs []error
	recs, err := st.List(ctx, Query{Form: *form, State: *state})
	if err != nil {
		errs = append(errs, err)
		fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
	}
	var rows []map[string]any
	for _, r := range recs {
		if *state == "" && r.State == StateSpam {
			continue
		}
		row := map[string]any{"id": r.ID, "received": r.Received.Format(time.RFC3339), "lang": r.Lang, "state": r.State, "spam_reasons": strings.Join(r.SpamReasons, ",")}
		for _, v := range r.Fields {
			row[v.Name] = v.Value
		}
		p, err := st.Private(ctx, r.ID)
		if err != nil {
			errs = append(errs, err)
			fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
		}
		for k, v := range p {
			row[k] = v
		}
		rows = append(rows, row)
	}
	cols := append([]string{"id", "received", "lang", "state", "spam_reasons"}, names...)
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
		// UTF-8 with a byte order mark, so Excel reads å, ä, ø as such.
		table := [][]string{cols}
		for _, row := range rows {
			rec := make([]string, len(cols))
			for i, k := range cols {
				rec[i] = csvCell(row[k])
			}
			table = append(table, rec)
		}
		io.WriteString(g.stdout, "\uFEFF")
		if err := writeCSV(g.stdout, table, (*sep)[0]); err != nil {
			fmt.Fprintf(g.stderr, "deltag intake: %v\n", err)
			return 1
		}
	}
	if len(errs) > 0 {
		return 1
	}
	return 0
}

// csvCell formats one value for a spreadsheet, neutralised (see
// neutralise).
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
		return neutralise(x)
	}
	return fmt.Sprint(v)
}

// neutralise puts an apostrophe before every place a spreadsheet could
// start a formula: the start of the text, and after any character that
// separates cells or lines in some locale's CSV (, ; tab CR LF), even
// past spaces — a file written with ; may be opened with , and the other
// way round. "=1+1" becomes "'=1+1", "a;=1+1" becomes "a;'=1+1".
func neutralise(s string) string {
	var b strings.Builder
	start := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if start && strings.IndexByte("=+-@\t\r", c) >= 0 {
			b.WriteByte('\'')
		}
		b.WriteByte(c)
		switch {
		case strings.IndexByte(",;\t\r\n", c) >= 0:
			start = true
		case c == ' ' && start:
		default:
			start = false
		}
	}
	return b.String()
}

// writeCSV writes rows with every cell quoted, so a separator, quote or
// line break inside a cell never splits it, whatever separator the
// spreadsheet assumes; lines end in CRLF as Excel expects.
func writeCSV(w io.Writer, rows [][]string, sep byte) error {
	var b bytes.Buffer
	for _, row := range rows {
		for i, cell := range row {
			if i > 0 {
				b.WriteByte(sep)
			}
			b.WriteByte('"')
			b.WriteString(strings.ReplaceAll(cell, `"`, `""`))
			b.WriteByte('"')
		}
		b.WriteString("\r\n")
	}
	_, err := w.Write(b.Bytes())
	return err
}

func cmdPurge(ctx context.Context, g *globals, args []string) int {
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
	st, ok := openStore(ctx, g)
	if !ok {
		return 1
	}
	defer st.Close()
	names := []string{*form}
	if *form == "" {
		var err error
		if names, err = st.Forms(ctx); err != nil {
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
		n, err := st.Purge(ctx, name, now.Add(-keep), *dry)
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
