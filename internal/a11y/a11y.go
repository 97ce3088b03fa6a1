// Package a11y holds the site.yaml blocks about accessibility: the data of
// the accessibility statement (accessibility:) and the limits of
// `deltag check` (check:). It is a leaf package so config can import it;
// package statement turns the block into pages and package check enforces
// the limits.
//
// # site.yaml
//
// Texts marked "text" are a locale.Text: one string for every language, or
// a map of language code to string.
//
//	accessibility:
//	  organisation: {sv: …, da: …}   # text: who is responsible for the site (required)
//	  site: {sv: …, da: …}           # text: the site's name in the statement [language title]
//	  status: partial                # full | partial | none: compliance with WCAG 2.1 AA /
//	                                 # EN 301 549 (required)
//	  method: {sv: …, da: …}         # text: how it was assessed [self-assessment]
//	  assessed: 2026-10-01           # date of the last assessment (required)
//	  reviewed: 2026-11-15           # date the statement was last reviewed (required)
//	  published: 2025-03-01          # date the site was published (optional)
//	  problems:                      # known problems (required unless status is full)
//	    - text: {sv: …, da: …}       # text (required)
//	      criteria: ["1.2.2"]        # WCAG success criteria (optional)
//	      fix: 2027-03-31            # the date it will be fixed (required)
//	  feedback:                      # both phone and a written channel are required
//	    phone: "+46 8 123 45 00"
//	    email: tillganglighet@portal.example.se
//	    url: https://…               # a written contact form (email or url required)
//	    responseTime: {sv: …, da: …} # text, optional: when people can expect an answer
//	  complaint: https://www.digg.se/tdosanmalan  # sv: Digg's complaint form [this URL]
//	  was: https://www.was.digst.dk/…  # da: the statement made in the WAS tool
//	                                   # (required when the site publishes in Danish)
//	  path: {sv: tillganglighet, da: tilgaengelighed}  # URL segment per language [these]
//
//	check:
//	  pageWeight: 50KB   # HTML + CSS + JS of one page, images apart [50KB];
//	                     # a number of bytes, or with KB or MB (1 KB = 1024 bytes)
//
// Check reports malformed values as errors and missing required parts as
// warnings, so a site can be built while its statement is being written;
// Validate with strict set (what `deltag check` uses) reports both as
// errors.
package a11y

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/locale"
	"gopkg.in/yaml.v3"
)

// DiggComplaintURL is the Swedish supervisory authority's form for
// reporting a public body's lack of accessibility (DOS-lagen, 2018:1937).
const DiggComplaintURL = "https://www.digg.se/tdosanmalan"

// DefaultPageWeight is the page-weight budget when check.pageWeight is
// not set: 50 KB.
const DefaultPageWeight = 50 * 1024

// Compliance statuses, as the EU model statement names them.
const (
	StatusFull    = "full"    // fully compliant
	StatusPartial = "partial" // partially compliant
	StatusNone    = "none"    // not compliant
)

// DefaultPath is the URL segment of the statement per language; other
// languages use "accessibility".
var DefaultPath = map[string]string{"sv": "tillganglighet", "da": "tilgaengelighed"}

// Config is the accessibility: block of site.yaml.
type Config struct {
	Organisation locale.Text `yaml:"organisation"`
	Site         locale.Text `yaml:"site"`
	Status       string      `yaml:"status"`
	Method       locale.Text `yaml:"method"`
	Assessed     Date        `yaml:"assessed"`
	Reviewed     Date        `yaml:"reviewed"`
	Published    Date        `yaml:"published"`
	Problems     []Problem   `yaml:"problems"`
	Feedback     Feedback    `yaml:"feedback"`
	Complaint    string      `yaml:"complaint"`
	WAS          string      `yaml:"was"`
	Path         locale.Text `yaml:"path"`

	// Line is the line of the block in site.yaml; Lines that of each key.
	Line  int            `yaml:"-"`
	Lines map[string]int `yaml:"-"`
}

// Problem is one known accessibility problem.
type Problem struct {
	Text     locale.Text `yaml:"text"`
	Criteria []string    `yaml:"criteria"`
	Fix      Date        `yaml:"fix"`
	Line     int         `yaml:"-"`
}

// Feedback is how people report problems and ask for content in another
// form.
type Feedback struct {
	Phone        string      `yaml:"phone"`
	Email        string      `yaml:"email"`
	URL          string      `yaml:"url"`
	ResponseTime locale.Text `yaml:"responseTime"`
}

// Date is a calendar date written YYYY-MM-DD. Raw keeps what was written
// when it is not such a date, for the diagnostic.
type Date struct {
	time.Time
	Raw  string
	Line int
}

// CheckConfig is the check: block of site.yaml.
type CheckConfig struct {
	// PageWeight is the budget of one page's HTML, CSS and JS in bytes;
	// 0 means DefaultPageWeight.
	PageWeight Size `yaml:"pageWeight"`
	Line       int  `yaml:"-"`
}

// Budget is the page-weight budget in bytes.
func (c CheckConfig) Budget() int64 {
	if c.PageWeight.Bytes > 0 {
		return c.PageWeight.Bytes
	}
	return DefaultPageWeight
}

// Size is a number of bytes written as 51200, 50KB, 50 kB or 1.5MB.
type Size struct {
	Bytes int64
	Raw   string
	Line  int
}

// UnmarshalYAML records the block's line and the line of each key.
func (c *Config) UnmarshalYAML(n *yaml.Node) error {
	type plain Config
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*c = Config(p)
	c.Line = n.Line
	c.Lines = map[string]int{}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			c.Lines[n.Content[i].Value] = n.Content[i].Line
		}
	}
	return nil
}

// UnmarshalYAML records the problem's line.
func (p *Problem) UnmarshalYAML(n *yaml.Node) error {
	type plain Problem
	var q plain
	if err := n.Decode(&q); err != nil {
		return err
	}
	*p = Problem(q)
	p.Line = n.Line
	return nil
}

// UnmarshalYAML reads YYYY-MM-DD; anything else is kept in Raw and
// reported by Check.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: want a date written YYYY-MM-DD", n.Line)
	}
	d.Line = n.Line
	d.Raw = n.Value
	if t, err := time.Parse("2006-01-02", strings.TrimSpace(n.Value)); err == nil {
		d.Time = t
	}
	return nil
}

// UnmarshalYAML records the block's line.
func (c *CheckConfig) UnmarshalYAML(n *yaml.Node) error {
	type plain CheckConfig
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*c = CheckConfig(p)
	c.Line = n.Line
	return nil
}

var sizeRE = regexp.MustCompile(`^(?i)\s*([0-9]+(?:\.[0-9]+)?)\s*(b|kb|kib|mb|mib)?\s*$`)

// UnmarshalYAML reads a size.
func (s *Size) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: want a size such as 50KB", n.Line)
	}
	b, err := ParseSize(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %v", n.Line, err)
	}
	*s = Size{Bytes: b, Raw: n.Value, Line: n.Line}
	return nil
}

// ParseSize reads 51200, 50KB, 50 kB or 1.5MB (1 KB = 1024 bytes).
func ParseSize(v string) (int64, error) {
	m := sizeRE.FindStringSubmatch(v)
	if m == nil {
		return 0, fmt.Errorf("%q is not a size (write 50KB, 1MB or a number of bytes)", v)
	}
	f, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, err
	}
	switch strings.ToLower(m[2]) {
	case "kb", "kib":
		f *= 1024
	case "mb", "mib":
		f *= 1024 * 1024
	}
	if f < 1 {
		return 0, fmt.Errorf("%q: the budget must be at least one byte", v)
	}
	return int64(f), nil
}

// FormatSize writes bytes as "48.2 KB".
func FormatSize(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	return fmt.Sprintf("%.1f KB", float64(n)/1024)
}

// Check validates the blocks against the site's language codes:
// malformed values are errors, missing required parts warnings.
func Check(c *Config, langs []string) diag.List { return Validate(c, langs, false) }

// Validate checks the accessibility: block. With strict, missing required
// parts are errors (what `deltag check` reports); without, warnings. A nil
// block is only a problem when strict. Diagnostics carry lines in
// site.yaml and no file name; the caller sets it.
func Validate(c *Config, langs []string, strict bool) diag.List {
	var d diag.List
	missing := func(line int, format string, args ...any) {
		msg := "accessibility statement: " + fmt.Sprintf(format, args...)
		if strict {
			d.Errorf("", line, "%s", msg)
		} else {
			d.Warnf("", line, "%s", msg)
		}
	}
	bad := func(line int, format string, args ...any) {
		d.Errorf("", line, "accessibility statement: "+format, args...)
	}
	if c == nil {
		if strict {
			missing(0, "no accessibility: block; a public body's site needs an accessibility statement (organisation, status, known problems, dates, feedback)")
		}
		return d
	}
	line := func(key string) int {
		if l, ok := c.Lines[key]; ok {
			return l
		}
		return c.Line
	}
	text := func(t locale.Text, key string, l int, required bool) {
		if t.IsZero() {
			if required {
				missing(l, "%s is missing", key)
			}
			return
		}
		for k := range t {
			if k != "" && !contains(langs, k) {
				bad(l, "%s: %q is not one of the site's languages (%s)", key, k, strings.Join(langs, ", "))
			}
		}
		if _, all := t[""]; all {
			return
		}
		for _, lang := range langs {
			if strings.TrimSpace(t[lang]) == "" {
				missing(l, "%s has no %s text", key, lang)
			}
		}
	}
	date := func(v Date, key string, l int, required bool) {
		switch {
		case v.Raw == "" && required:
			missing(l, "%s (a date, YYYY-MM-DD) is missing", key)
		case v.Raw != "" && v.IsZero():
			bad(v.Line, "%s: %q is not a date written YYYY-MM-DD", key, v.Raw)
		}
	}

	text(c.Organisation, "organisation", line("organisation"), true)
	text(c.Site, "site", line("site"), false)
	text(c.Method, "method", line("method"), false)
	text(c.Path, "path", line("path"), false)
	switch c.Status {
	case StatusFull, StatusPartial, StatusNone:
	case "":
		missing(line("status"), "status (full, partial or none) is missing")
	default:
		bad(line("status"), "status %q: want full, partial or none", c.Status)
	}
	date(c.Assessed, "assessed", line("assessed"), true)
	date(c.Reviewed, "reviewed", line("reviewed"), true)
	date(c.Published, "published", line("published"), false)
	if !c.Assessed.IsZero() && !c.Reviewed.IsZero() && c.Reviewed.Before(c.Assessed.Time) {
		bad(c.Reviewed.Line, "reviewed (%s) is before assessed (%s)", c.Reviewed.Raw, c.Assessed.Raw)
	}

	if c.Status != StatusFull && c.Status != "" && len(c.Problems) == 0 {
		missing(line("status"), "status is %s but no known problems are listed under problems:", c.Status)
	}
	for i, p := range c.Problems {
		l := p.Line
		text(p.Text, fmt.Sprintf("problems[%d].text", i), l, true)
		date(p.Fix, fmt.Sprintf("problems[%d].fix", i), l, true)
		for _, cr := range p.Criteria {
			if !criterionRE.MatchString(cr) {
				bad(l, "problems[%d]: criterion %q: want a WCAG success criterion such as 1.4.3", i, cr)
			}
		}
	}

	fl := line("feedback")
	if strings.TrimSpace(c.Feedback.Phone) == "" {
		missing(fl, "feedback.phone is missing: give a phone number as well as a written channel")
	} else if !phoneRE.MatchString(c.Feedback.Phone) {
		bad(fl, "feedback.phone %q does not look like a phone number", c.Feedback.Phone)
	}
	if c.Feedback.Email == "" && c.Feedback.URL == "" {
		missing(fl, "feedback needs a written channel: email or url")
	}
	if c.Feedback.Email != "" && !emailRE.MatchString(c.Feedback.Email) {
		bad(fl, "feedback.email %q is not an email address", c.Feedback.Email)
	}
	if c.Feedback.URL != "" && !isHTTP(c.Feedback.URL) {
		bad(fl, "feedback.url %q: want an http(s) URL", c.Feedback.URL)
	}
	text(c.Feedback.ResponseTime, "feedback.responseTime", fl, false)

	if c.Complaint != "" && !isHTTP(c.Complaint) {
		bad(line("complaint"), "complaint %q: want an http(s) URL", c.Complaint)
	}
	switch {
	case c.WAS != "" && !isHTTP(c.WAS):
		bad(line("was"), "was %q: want the http(s) URL of the statement in the WAS tool", c.WAS)
	case c.WAS == "" && contains(langs, "da"):
		missing(line("was"), "was (the URL of the Danish statement made in Digitaliseringsstyrelsen's WAS tool) is missing")
	}
	return d
}

var (
	criterionRE = regexp.MustCompile(`^[1-4]\.[0-9]{1,2}\.[0-9]{1,2}$`)
	phoneRE     = regexp.MustCompile(`^\+?[0-9][0-9 ()\-]{4,}[0-9]$`)
	emailRE     = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

func isHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
