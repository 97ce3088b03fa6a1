// Package config reads a site's site.yaml into a checked Config.
//
// Decoding is strict: an unknown key or a value of the wrong type is a
// diagnostic naming site.yaml and the line, and all such problems are
// reported together. Defaults are filled in after decoding, so the rest of
// the program never sees a zero value where a default was meant.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/a11y"
	"github.com/deltag/deltag/internal/brand"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/formdef"
	"github.com/deltag/deltag/internal/locale"
	"github.com/deltag/deltag/internal/schema"
	"gopkg.in/yaml.v3"
)

// File is the config file's name at the site root.
const File = "site.yaml"

// Config is a site's configuration.
type Config struct {
	BaseURL     string                  `yaml:"baseURL"`
	Title       locale.Text             `yaml:"title"`
	Description locale.Text             `yaml:"description"`
	Theme       string                  `yaml:"theme"`
	Languages   []*Language             `yaml:"languages"`
	Sections    map[string]*Section     `yaml:"sections"`
	Permalinks  map[string]string       `yaml:"permalinks"`
	Paginate    int                     `yaml:"paginate"`
	Taxonomies  []string                `yaml:"taxonomies"`
	Markdown    Markdown                `yaml:"markdown"`
	Content     Content                 `yaml:"content"`
	Minify      *bool                   `yaml:"minify"`
	Menus       map[string][]MenuEntry  `yaml:"menus"`
	Params      map[string]any          `yaml:"params"`
	Forms       []*formdef.Form         `yaml:"forms"`
	Intake      formdef.Intake          `yaml:"intake"`
	Types       map[string]*schema.Type `yaml:"types"`
	// Accessibility is the data of the accessibility statement pages.
	Accessibility *a11y.Config     `yaml:"accessibility"`
	Check         a11y.CheckConfig `yaml:"check"`
	// Brand is the logo, colours, favicon and hero (internal/brand
	// documents the keys); nil when site.yaml has none.
	Brand *brand.Config `yaml:"brand"`
	// Images turns on resizing of front-matter and Markdown images
	// (internal/images): widths and JPEG quality. Without it images are
	// published as they are (but still checked: content.imageCheck).
	Images *Images `yaml:"images"`
	// CMS is where the browser CMS at /admin/ commits edits
	// (internal/cms); with it every build writes /admin/. nil when
	// site.yaml has none.
	CMS *CMS `yaml:"cms"`

	// Lines maps a top-level key to its line in site.yaml, for
	// diagnostics raised after decoding.
	Lines map[string]int `yaml:"-"`

	basePath, basePathOf string // BasePath and the BaseURL it was computed from
}

// Images is the images: block of site.yaml; zero values take
// internal/images' defaults (480, 960, 1600 px; quality 82).
type Images struct {
	Widths  []int `yaml:"widths"`
	Quality int   `yaml:"quality"`
}

// CMS is the cms: block of site.yaml: the Git host the CMS at /admin/
// reads and commits content through (the flags of deltag cms, which
// internal/cms checks and documents).
type CMS struct {
	// Backend is github (the default), gitlab, gitea (also Forgejo) or
	// test-repo.
	Backend string `yaml:"backend"`
	Repo    string `yaml:"repo"`   // owner/name
	Branch  string `yaml:"branch"` // default: the repository's default branch
	// APIRoot is the API of a self-hosted GitLab (…/api/v4) or
	// Gitea/Forgejo (…/api/v1).
	APIRoot string `yaml:"apiRoot"`
	// BaseURL is the OAuth endpoint's origin (the Sveltia CMS
	// Authenticator for GitHub; a self-hosted GitLab/Gitea/Forgejo).
	BaseURL string `yaml:"baseURL"`
	// AppID is the OAuth application's client ID (GitLab, Gitea/Forgejo).
	AppID string `yaml:"appID"`
	// MediaFolder is where uploaded images go, below the site root
	// (default static/images/uploads).
	MediaFolder string `yaml:"mediaFolder"`
}

// Language is one language the site publishes in.
type Language struct {
	Code        string `yaml:"code"`
	Name        string `yaml:"name"`
	Locale      string `yaml:"locale"`
	Timezone    string `yaml:"timezone"`
	Default     bool   `yaml:"default"`
	Title       string `yaml:"title"`
	Description string `yaml:"description"`

	// Location is Timezone loaded; time.UTC when none is given.
	Location *time.Location `yaml:"-"`
	line     int
}

// Section gives a content section (a folder name under content/<lang>/)
// its URL segment and title per language.
type Section struct {
	Path  locale.Text `yaml:"path"`
	Title locale.Text `yaml:"title"`
}

// Markdown holds the Markdown options.
type Markdown struct {
	// Unsafe renders raw HTML in Markdown. Only for trusted content.
	Unsafe bool `yaml:"unsafe"`
	// Typographer turns quotes and dashes typographic; on by default.
	Typographer *bool `yaml:"typographer"`
}

// Content holds rules for content files.
type Content struct {
	// RequireTitle makes a page without a title an error; on by default.
	// Off for imported sites whose pages had none (Jekyll takes the
	// title from the layout or the file name).
	RequireTitle *bool `yaml:"requireTitle"`
	// ImageCheck is how a missing image file or a missing alt text is
	// reported: "error" (the default: the build stops) or "warn" (for
	// imported sites, which published their images unchecked).
	ImageCheck string `yaml:"imageCheck"`
	// Future publishes pages dated after the build time at every build,
	// as `deltag build --future` does. Off by default; on for sites
	// imported from a Jekyll site with future: true, which published
	// them.
	Future bool `yaml:"future"`
}

// ImageCheckWarns reports whether image problems are warnings.
func (c *Config) ImageCheckWarns() bool { return c.Content.ImageCheck == "warn" }

// RequiresTitle reports whether every page must have a title.
func (c *Config) RequiresTitle() bool {
	return c.Content.RequireTitle == nil || *c.Content.RequireTitle
}

// MenuEntry is one item of a configured menu. It points at a section, a
// page (by reference, like "about" or "themes/medborgarbudget") or a URL.
type MenuEntry struct {
	Name    locale.Text `yaml:"name"`
	Section string      `yaml:"section"`
	Page    string      `yaml:"page"`
	URL     string      `yaml:"url"`
	Weight  int         `yaml:"weight"`
	Line    int         `yaml:"-"`
}

// UnmarshalYAML records the entry's line.
func (m *MenuEntry) UnmarshalYAML(n *yaml.Node) error {
	type plain MenuEntry
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*m = MenuEntry(p)
	m.Line = n.Line
	return nil
}

// UnmarshalYAML records the language's line.
func (l *Language) UnmarshalYAML(n *yaml.Node) error {
	type plain Language
	var p plain
	// n.Decode does not inherit the decoder's KnownFields: check the
	// keys here, so a misspelt key in a language is reported too.
	var unknown []string
	if n.Kind == yaml.MappingNode {
		known := knownKeys("config.Language")
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; !slices.Contains(known, k.Value) {
				unknown = append(unknown, fmt.Sprintf("line %d: field %s not found in type config.Language", k.Line, k.Value))
			}
		}
	}
	if err := n.Decode(&p); err != nil {
		return err
	}
	*l = Language(p)
	l.line = n.Line
	if len(unknown) > 0 {
		return &yaml.TypeError{Errors: unknown}
	}
	return nil
}

// TypographerOn reports whether typographic substitution is on.
func (m Markdown) TypographerOn() bool { return m.Typographer == nil || *m.Typographer }

// MinifyOn reports whether output is minified.
func (c *Config) MinifyOn() bool { return c.Minify == nil || *c.Minify }

// DefaultLanguage returns the default language.
func (c *Config) DefaultLanguage() *Language {
	for _, l := range c.Languages {
		if l.Default {
			return l
		}
	}
	return c.Languages[0]
}

// Language returns the language with code, or nil.
func (c *Config) Language(code string) *Language {
	for _, l := range c.Languages {
		if l.Code == code {
			return l
		}
	}
	return nil
}

// Form returns the form with id, or nil.
func (c *Config) Form(id string) *formdef.Form {
	for _, f := range c.Forms {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// SectionPath is the URL segment of section in lang.
func (c *Config) SectionPath(section, lang string) string {
	if s := c.Sections[section]; s != nil {
		if p := s.Path.Get(lang, c.DefaultLanguage().Code); p != "" {
			return p
		}
	}
	return section
}

// SectionTitle is the title of a section in lang, "" when not configured.
func (c *Config) SectionTitle(section, lang string) string {
	if s := c.Sections[section]; s != nil {
		return s.Title.Get(lang, c.DefaultLanguage().Code)
	}
	return ""
}

// Permalink returns the permalink pattern for a section.
func (c *Config) Permalink(section string) string {
	if p, ok := c.Permalinks[section]; ok {
		return p
	}
	if p, ok := c.Permalinks["default"]; ok {
		return p
	}
	if section == "" {
		return "/:lang/:slug/"
	}
	return "/:lang/:section/:slug/"
}

// AbsURL joins the base URL and a site-relative path.
func (c *Config) AbsURL(path string) string {
	return strings.TrimSuffix(c.BaseURL, "/") + "/" + strings.TrimPrefix(path, "/")
}

// BasePath is the path part of the base URL, "/" or "/sub/". It is
// computed once (every link on every page asks for it), and again only if
// BaseURL was changed — which a caller must do before sharing the Config
// between goroutines, calling BasePath once after the change.
func (c *Config) BasePath() string {
	if c.basePath == "" || c.basePathOf != c.BaseURL {
		c.basePath, c.basePathOf = basePath(c.BaseURL), c.BaseURL
	}
	return c.basePath
}

func basePath(s string) string {
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
		if j := strings.IndexByte(s, '/'); j >= 0 {
			s = s[j:]
		} else {
			s = "/"
		}
	}
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	if !strings.HasPrefix(s, "/") {
		s = "/" + s
	}
	return s
}

// Load reads and checks site.yaml at the root of fsys.
func Load(fsys fs.FS) (*Config, diag.List) {
	data, err := fs.ReadFile(fsys, File)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, diag.List{diag.Errorf(File, 0, "no site.yaml here: is this a deltag site? (use --source DIR)")}
		}
		return nil, diag.List{diag.Errorf(File, 0, "%v", err)}
	}
	return Parse(data)
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// Parse decodes and checks the bytes of a site.yaml.
func Parse(data []byte) (*Config, diag.List) {
	var diags diag.List
	c := &Config{}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	decodeErr := false
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		diags.Append(YAMLSourceDiags(File, 0, data, err))
		if !isTypeError(err) {
			return nil, diags
		}
		decodeErr = true
	}
	var root yaml.Node
	if yaml.Unmarshal(data, &root) == nil && len(root.Content) > 0 {
		c.Lines = map[string]int{}
		m := root.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			c.Lines[m.Content[i].Value] = m.Content[i].Line
		}
	}
	if decodeErr {
		// An unknown key or a wrong type is the one thing to fix: what
		// the checks would say next (a misspelt languages: leaves no
		// languages, and every page and statement entry then complains)
		// follows from it. Fill the defaults, report only the cause.
		var cascade diag.List
		c.check(&cascade)
		return c, diags
	}
	c.check(&diags)
	// Brand colours below WCAG AA contrast are refused (internal/brand).
	diags.Append(c.Brand.Check(File))
	return c, diags
}

func isTypeError(err error) bool {
	var te *yaml.TypeError
	return errors.As(err, &te)
}

// YAMLDiags turns a yaml.v3 error into diagnostics for file, adding
// offset to every line number (the line of the document's start in file,
// minus one).
func YAMLDiags(file string, offset int, err error) diag.List {
	var out diag.List
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	for _, m := range msgs {
		m = strings.TrimPrefix(m, "yaml: ")
		line := 0
		if sm := yamlLine.FindStringSubmatch(m); sm != nil {
			line, _ = strconv.Atoi(sm[1])
			line += offset
			m = sm[2]
		}
		m = strings.ReplaceAll(m, "unmarshal errors:", "")
		m = friendlyYAML(m)
		out = append(out, diag.Errorf(file, line, "%s", m))
	}
	return out
}

var typeNames = strings.NewReplacer(
	"!!str", "a string", "!!int", "a number", "!!bool", "true/false",
	"!!seq", "a list", "!!map", "a map", "!!float", "a number",
)

// friendlyYAML rewrites yaml.v3's Go-flavoured messages into words.
func friendlyYAML(m string) string {
	if strings.HasPrefix(m, "field ") && strings.Contains(m, " not found in type ") {
		name := strings.TrimPrefix(m, "field ")
		typ := name[strings.Index(name, " not found in type ")+len(" not found in type "):]
		name = name[:strings.Index(name, " not found")]
		if s := Suggest(name, knownKeys(typ)); s != "" {
			return fmt.Sprintf("unknown key %q (did you mean %q?)", name, s)
		}
		return fmt.Sprintf("unknown key %q", name)
	}
	if strings.HasPrefix(m, "cannot unmarshal ") {
		// cannot unmarshal !!str `abc` into int
		rest := strings.TrimPrefix(m, "cannot unmarshal ")
		if i := strings.Index(rest, " into "); i > 0 {
			got, want := rest[:i], rest[i+6:]
			want = strings.TrimPrefix(want, "[]")
			switch {
			case strings.HasPrefix(rest[i+6:], "[]"):
				want = "a list"
			case want == "int" || strings.HasPrefix(want, "float"):
				want = "a number"
			case want == "bool" || want == "*bool":
				want = "true or false"
			case want == "string":
				want = "a string"
			case strings.HasPrefix(want, "map"):
				want = "a map"
			default:
				want = "a " + want[strings.LastIndex(want, ".")+1:]
			}
			return fmt.Sprintf("wrong type: got %s, want %s", typeNames.Replace(got), want)
		}
	}
	return m
}

func (c *Config) check(diags *diag.List) {
	line := func(key string) int { return c.Lines[key] }
	if ic := c.Content.ImageCheck; ic != "" && ic != "error" && ic != "warn" {
		diags.Errorf(File, line("content"), "content.imageCheck %q: want error or warn", ic)
	}
	if len(c.Languages) == 0 {
		diags.Errorf(File, line("languages"), "no languages: list at least one under languages: (code, name, locale, timezone)")
		c.Languages = []*Language{{Code: "en", Name: "English", Locale: "en"}}
	}
	seen := map[string]bool{}
	defaults := 0
	for _, l := range c.Languages {
		if l.Code == "" {
			diags.Errorf(File, l.line, "language without code")
			continue
		}
		if !validCode(l.Code) {
			diags.Errorf(File, l.line, "language code %q: want a lowercase code such as sv or da", l.Code)
		}
		if seen[l.Code] {
			diags.Errorf(File, l.line, "language %q listed twice", l.Code)
		}
		seen[l.Code] = true
		if l.Default {
			defaults++
		}
		if l.Name == "" {
			l.Name = l.Code
		}
		if l.Locale == "" {
			l.Locale = l.Code
		}
		l.Location = time.UTC
		if l.Timezone != "" {
			loc, err := time.LoadLocation(l.Timezone)
			if err != nil {
				diags.Errorf(File, l.line, "language %q: unknown time zone %q (want an IANA name such as Europe/Stockholm)", l.Code, l.Timezone)
			} else {
				l.Location = loc
			}
		}
		if l.Title == "" {
			l.Title = c.Title.Get(l.Code, "")
		}
		if l.Description == "" {
			l.Description = c.Description.Get(l.Code, "")
		}
	}
	if defaults > 1 {
		diags.Errorf(File, line("languages"), "more than one language has default: true")
	}
	if c.BaseURL == "" {
		c.BaseURL = "/"
	} else if !strings.HasPrefix(c.BaseURL, "http://") && !strings.HasPrefix(c.BaseURL, "https://") && !strings.HasPrefix(c.BaseURL, "/") {
		diags.Errorf(File, line("baseURL"), "baseURL %q: want an absolute URL such as https://portal.example.se/", c.BaseURL)
	}
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	c.BasePath() // computed now, before anything reads it concurrently
	if c.Paginate == 0 {
		c.Paginate = 10
	} else if c.Paginate < 0 {
		diags.Errorf(File, line("paginate"), "paginate must be a positive number of pages per list page")
	}
	if c.Taxonomies == nil {
		c.Taxonomies = []string{"categories", "tags"}
	}
	for _, name := range sortedKeys(c.Sections) {
		s := c.Sections[name]
		if s == nil {
			continue
		}
		for _, lang := range sortedKeys(s.Path) {
			for _, seg := range strings.Split(s.Path[lang], "/") {
				if seg == ".." || seg == "." {
					diags.Errorf(File, line("sections"), "sections: %s: path for %s %q has a %q segment: a section's path is a folder name of the site, it cannot climb out of it", name, lang, s.Path[lang], seg)
					break
				}
			}
		}
	}
	for _, k := range sortedKeys(c.Permalinks) {
		if err := CheckPermalink(c.Permalinks[k]); err != nil {
			diags.Errorf(File, line("permalinks"), "permalink for %q: %v", k, err)
		}
	}
	for _, name := range sortedKeys(c.Menus) {
		for _, e := range c.Menus[name] {
			n := 0
			for _, s := range []string{e.Section, e.Page, e.URL} {
				if s != "" {
					n++
				}
			}
			if n != 1 {
				diags.Errorf(File, e.Line, "menu %q entry: give exactly one of section, page or url", name)
			}
		}
	}
	more := formdef.Check(c.Forms, c.langCodes())
	c.Intake.Bind(c.Forms)
	more.Append(schema.Check(c.Types, c.langCodes()))
	more.Append(formdef.CheckPublish(c.Forms, c.Types, c.sectionIDs()))
	more.Append(formdef.CheckNotify(c.Intake, c.Forms))
	more.Append(a11y.Check(c.Accessibility, c.langCodes()))
	for i := range more {
		more[i].File = File
	}
	diags.Append(more)
}

// sectionIDs are the sections declared under sections: and those of
// the types; nil when sections: is empty (any folder is a section).
func (c *Config) sectionIDs() map[string]bool {
	if len(c.Sections) == 0 {
		return nil
	}
	ids := map[string]bool{}
	for id := range c.Sections {
		ids[id] = true
	}
	for _, t := range c.Types {
		if t != nil {
			ids[t.Section] = true
		}
	}
	return ids
}

func (c *Config) langCodes() []string {
	var out []string
	for _, l := range c.Languages {
		out = append(out, l.Code)
	}
	return out
}

var permalinkTokens = map[string]bool{":lang": true, ":section": true, ":slug": true, ":year": true, ":month": true, ":day": true, ":title": true}

// CheckPermalink validates a permalink pattern.
func CheckPermalink(p string) error {
	if !strings.HasPrefix(p, "/") {
		return fmt.Errorf("%q must start with /", p)
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return fmt.Errorf("%q has a %q segment: a permalink is a path from the site root, it cannot climb out of it", p, seg)
		}
		for _, part := range strings.Split(seg, "-") {
			if strings.HasPrefix(part, ":") && !permalinkTokens[part] {
				return fmt.Errorf("unknown token %q (known: :lang :section :slug :year :month :day)", part)
			}
		}
	}
	if !strings.Contains(p, ":slug") && !strings.Contains(p, ":title") {
		return fmt.Errorf("%q has no :slug, so every page would get the same URL", p)
	}
	return nil
}

func validCode(s string) bool {
	if len(s) < 2 || len(s) > 8 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '-' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
