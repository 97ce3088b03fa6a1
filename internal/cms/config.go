package cms

import (
	"fmt"
	"sort"
	"strings"

	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/locale"
	"github.com/deltag/deltag/internal/schema"
)

// Backend says where the CMS reads and writes the site's repository.
type Backend struct {
	// Name is github, gitlab, gitea (also Forgejo) or test-repo (files in
	// the browser's private storage; for tests and trying it out).
	Name string
	// Repo is owner/name.
	Repo string
	// Branch is the branch edits are committed to (default: the
	// repository's default branch).
	Branch string
	// APIRoot is the API of a self-hosted GitLab (https://git.example.se/api/v4)
	// or Gitea/Forgejo (https://git.example.se/api/v1).
	APIRoot string
	// BaseURL is the OAuth endpoint's origin: the Sveltia CMS
	// Authenticator for GitHub, or a self-hosted GitLab/Gitea/Forgejo.
	BaseURL string
	// AppID is the OAuth application's client ID (GitLab, Gitea/Forgejo:
	// sign-in with PKCE, no server of one's own).
	AppID string
}

// Backends are the backend names Config accepts.
var Backends = []string{"github", "gitlab", "gitea", "test-repo"}

// Options is what site.yaml does not say.
type Options struct {
	Backend Backend
	// MediaFolder is where uploaded images go, below the site root
	// (default static/images/uploads, served as /images/uploads).
	MediaFolder string
}

// Document is the CMS configuration (config.yml), in the order it is
// written.
type Document struct {
	Backend      map[string]string `yaml:"backend"`
	SiteURL      string            `yaml:"site_url,omitempty"`
	AppTitle     string            `yaml:"app_title,omitempty"`
	MediaFolder  string            `yaml:"media_folder"`
	PublicFolder string            `yaml:"public_folder"`
	Slug         SlugOptions       `yaml:"slug"`
	Output       Output            `yaml:"output"`
	I18n         I18n              `yaml:"i18n"`
	Collections  []*Collection     `yaml:"collections"`
}

// SlugOptions is the global slug rule.
type SlugOptions struct {
	Encoding     string `yaml:"encoding"`
	CleanAccents bool   `yaml:"clean_accents"`
	Replacement  string `yaml:"sanitize_replacement"`
	Trim         bool   `yaml:"trim"`
	Lowercase    bool   `yaml:"lowercase"`
}

// Output says how entries are written.
type Output struct {
	OmitEmptyOptional bool `yaml:"omit_empty_optional_fields"`
}

// I18n is the global i18n setting.
type I18n struct {
	Structure     string        `yaml:"structure"`
	Locales       []string      `yaml:"locales"`
	DefaultLocale string        `yaml:"default_locale"`
	CanonicalSlug CanonicalSlug `yaml:"canonical_slug"`
}

// CanonicalSlug names the key that links the files of one entry.
type CanonicalSlug struct {
	Key   string `yaml:"key"`
	Value string `yaml:"value"`
}

// Collection is an entry (folder) collection.
type Collection struct {
	Name           string          `yaml:"name"`
	Label          string          `yaml:"label"`
	LabelSingular  string          `yaml:"label_singular,omitempty"`
	Description    string          `yaml:"description,omitempty"`
	Folder         string          `yaml:"folder"`
	Extension      string          `yaml:"extension"`
	Format         string          `yaml:"format"`
	Create         bool            `yaml:"create"`
	I18n           bool            `yaml:"i18n"`
	Slug           CollectionSlug  `yaml:"slug"`
	Summary        string          `yaml:"summary,omitempty"`
	SortableFields []string        `yaml:"sortable_fields,omitempty"`
	Fields         []*Field        `yaml:"fields"`
	Filter         *CollectionFilt `yaml:"filter,omitempty"`
}

// CollectionFilt limits a collection to entries with a field value.
type CollectionFilt struct {
	Field string `yaml:"field"`
	Value string `yaml:"value"`
}

// CollectionSlug is a collection's slug template and its check.
type CollectionSlug struct {
	Template string   `yaml:"template"`
	I18n     bool     `yaml:"i18n"`
	Hint     string   `yaml:"hint,omitempty"`
	Pattern  []string `yaml:"pattern,omitempty"`
}

// Field is one field of an entry: a widget and its options. Required is
// always written: Sveltia and Decap take a missing required as true.
type Field struct {
	Name          string   `yaml:"name"`
	Label         string   `yaml:"label,omitempty"`
	Widget        string   `yaml:"widget"`
	Required      bool     `yaml:"required"`
	I18n          string   `yaml:"i18n,omitempty"`
	Hint          string   `yaml:"hint,omitempty"`
	Default       any      `yaml:"default,omitempty"`
	Type          string   `yaml:"type,omitempty"`
	Format        string   `yaml:"format,omitempty"`
	ValueType     string   `yaml:"value_type,omitempty"`
	Options       []Option `yaml:"options,omitempty"`
	Collection    string   `yaml:"collection,omitempty"`
	ValueField    string   `yaml:"value_field,omitempty"`
	DisplayFields []string `yaml:"display_fields,omitempty"`
	SearchFields  []string `yaml:"search_fields,omitempty"`
	Pattern       []string `yaml:"pattern,omitempty"`
	Summary       string   `yaml:"summary,omitempty"`
	Collapsed     bool     `yaml:"collapsed,omitempty"`
	Fields        []*Field `yaml:"fields,omitempty"`
	kind          string   // the schema kind, for tests
}

// Option is one choice of a select.
type Option struct {
	Label string `yaml:"label"`
	Value string `yaml:"value"`
}

// Patterns the build also checks (internal/participation). Sveltia reads
// them as JavaScript regular expressions.
const (
	slugPattern = `^[a-z0-9]+(-[a-z0-9]+)*$`
	urlPattern  = `^(https?://|mailto:|/)\S*$`
	// participation: an @ not first, a dot after the last @, no spaces.
	emailPattern = `^\S+@[^\s@]*\.[^\s@]*$`
	refPattern   = `^[^\s]+$`
)

// refTemplate is the value the CMS writes into ref: (the key that links
// the files of one entry) on every save: the ref the entry has, else (a
// new entry, or ref: "") the default language's slug. Sveltia slugifies
// the result; see doc.go for what that means for refs deltag accepts.
const refTemplate = "{{fields.ref | default('{{slug}}')}}"

// dateTimeFormat is how the CMS stores a date and time: the wall-clock
// minute without an offset, which deltag reads in the page's time zone.
// Not seconds: the picker shows minutes, and Sveltia compares a stored
// value with the picker's by parsing both with this format, so a value
// that has seconds or an offset (2021-02-03 15:34:34 +0100) is the same
// minute and left as it is unless the communicator changes it.
const dateTimeFormat = "YYYY-MM-DDTHH:mm"

// Config builds the CMS configuration of a site. Problems that make a
// field impossible to edit (a reference to a type without a section) are
// diagnostics against site.yaml.
func Config(cfg *config.Config, opt Options) (*Document, diag.List) {
	var diags diag.List
	g := &gen{cfg: cfg, def: cfg.DefaultLanguage().Code, diags: &diags}
	for _, l := range cfg.Languages {
		g.langs = append(g.langs, l.Code)
	}
	// The default language first: Sveltia's default locale.
	sort.SliceStable(g.langs, func(i, j int) bool { return g.langs[i] == g.def && g.langs[j] != g.def })

	media := opt.MediaFolder
	if media == "" {
		media = "static/images/uploads"
	}
	media = strings.Trim(media, "/")
	public := "/" + strings.TrimPrefix(strings.TrimPrefix(media, "static"), "/")
	if !strings.HasPrefix(media, "static/") {
		diags.Errorf("", 0, "cms: media folder %q must be below static/ so the build copies uploads to the site", media)
	}
	doc := &Document{
		Backend:      backend(opt.Backend, &diags),
		SiteURL:      strings.TrimSuffix(cfg.BaseURL, "/"),
		AppTitle:     cfg.DefaultLanguage().Title,
		MediaFolder:  media,
		PublicFolder: public,
		Slug:         SlugOptions{Encoding: "ascii", CleanAccents: true, Replacement: "-", Trim: true, Lowercase: true},
		Output:       Output{OmitEmptyOptional: true},
		I18n: I18n{
			Structure:     "multiple_folders",
			Locales:       g.langs,
			DefaultLocale: g.def,
			CanonicalSlug: CanonicalSlug{Key: "ref", Value: refTemplate},
		},
	}
	if !strings.HasPrefix(doc.SiteURL, "http") {
		doc.SiteURL = ""
	}
	for _, id := range g.sections() {
		doc.Collections = append(doc.Collections, g.collection(id))
	}
	doc.Collections = append(doc.Collections, g.pages())
	return doc, diags
}

func backend(b Backend, diags *diag.List) map[string]string {
	if b.Name == "" {
		b.Name = "github"
	}
	known := false
	for _, n := range Backends {
		known = known || n == b.Name
	}
	if !known {
		diags.Errorf("", 0, "cms: unknown backend %q (known: %s)", b.Name, strings.Join(Backends, ", "))
	}
	m := map[string]string{"name": b.Name}
	if b.Name == "test-repo" {
		return m
	}
	if b.Repo == "" {
		diags.Errorf("", 0, "cms: the %s backend needs the repository (owner/name, flag --repo)", b.Name)
	} else if strings.Count(b.Repo, "/") < 1 || strings.ContainsAny(b.Repo, " \t") {
		diags.Errorf("", 0, "cms: repository %q: want owner/name", b.Repo)
	}
	m["repo"] = b.Repo
	set := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	set("branch", b.Branch)
	set("api_root", b.APIRoot)
	set("base_url", b.BaseURL)
	set("app_id", b.AppID)
	if b.Name == "gitlab" && b.AppID != "" {
		m["auth_type"] = "pkce"
	}
	return m
}

type gen struct {
	cfg   *config.Config
	def   string
	langs []string
	diags *diag.List
}

// sections lists the section ids that get a collection: the main menu's
// order first, then by name; taxonomies are left out.
func (g *gen) sections() []string {
	tax := map[string]bool{}
	for _, t := range g.cfg.Taxonomies {
		tax[t] = true
	}
	ids := map[string]bool{}
	for id := range g.cfg.Sections {
		if !tax[id] {
			ids[id] = true
		}
	}
	for _, t := range g.cfg.Types {
		if t.Section != "" && !tax[t.Section] {
			ids[t.Section] = true
		}
	}
	var out []string
	menu := append([]config.MenuEntry(nil), g.cfg.Menus["main"]...)
	sort.SliceStable(menu, func(i, j int) bool { return menu[i].Weight < menu[j].Weight })
	for _, m := range menu {
		if ids[m.Section] {
			out = append(out, m.Section)
			delete(ids, m.Section)
		}
	}
	var rest []string
	for id := range ids {
		rest = append(rest, id)
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// typeOf is the type whose section is id, or nil.
func (g *gen) typeOf(id string) *schema.Type {
	for _, t := range g.cfg.Types {
		if t.Section == id {
			return t
		}
	}
	return nil
}

// text joins a text's values in the site's languages: "Börjar / Starter".
func (g *gen) text(t locale.Text, fallback string) string {
	var parts []string
	seen := map[string]bool{}
	for _, l := range g.langs {
		s := t.Get(l, g.def)
		if s != "" && !seen[s] {
			seen[s] = true
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return fallback
	}
	return strings.Join(parts, " / ")
}

// label is a label in the site's languages, from the table of hints:
// "Rubrik / Overskrift".
func (g *gen) label(key string) string { return g.join(key, " / ") }

// words is a hint in the site's languages, from the table of hints.
func (g *gen) words(key string, args ...any) string { return g.join(key, " · ", args...) }

func (g *gen) join(key, sep string, args ...any) string {
	var parts []string
	seen := map[string]bool{}
	for _, l := range g.langs {
		s := hint(l, key)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		parts = append(parts, fmt.Sprintf(s, args...))
	}
	return strings.Join(parts, sep)
}

func (g *gen) collection(id string) *Collection {
	t := g.typeOf(id)
	label := g.text(g.sectionTitle(id), id)
	c := &Collection{
		Name:           id,
		Label:          label,
		Folder:         "content/{{locale}}/" + id,
		Extension:      "md",
		Format:         "yaml-frontmatter",
		Create:         true,
		I18n:           true,
		Slug:           g.slug(),
		SortableFields: []string{"title", "date"},
	}
	if t != nil {
		if !t.Label.IsZero() {
			c.Label = g.text(t.Label, label)
		}
		c.Description = g.words("type", t.Name)
	}
	c.Fields = g.common(id == "news" || strings.Contains(g.cfg.Permalink(id), ":year"))
	if t != nil && len(t.Fields) > 0 {
		c.Fields = append(c.Fields, &Field{
			Name:      t.Key,
			Label:     g.text(t.Label, t.Name),
			Widget:    "object",
			Required:  hasRequired(t.Fields),
			I18n:      "translate",
			Hint:      g.words("typeFields", t.Name),
			Collapsed: false,
			Fields:    g.fields(t.Fields),
		})
	}
	c.Fields = append(c.Fields, g.body())
	return c
}

func (g *gen) sectionTitle(id string) locale.Text {
	if s := g.cfg.Sections[id]; s != nil && !s.Title.IsZero() {
		return s.Title
	}
	return locale.Text{"": id}
}

// pages is the collection of pages outside any section.
func (g *gen) pages() *Collection {
	return &Collection{
		Name:           "pages",
		Label:          g.label("pages"),
		Description:    g.words("pagesDesc"),
		Folder:         "content/{{locale}}",
		Extension:      "md",
		Format:         "yaml-frontmatter",
		Create:         true,
		I18n:           true,
		Slug:           g.slug(),
		SortableFields: []string{"title"},
		Fields:         append(g.common(false), g.body()),
	}
}

func (g *gen) slug() CollectionSlug {
	return CollectionSlug{
		Template: "{{title}}",
		I18n:     true,
		Hint:     g.words("slug"),
		Pattern:  []string{slugPattern, g.words("slugPattern")},
	}
}

// common are the front-matter fields every page has.
func (g *gen) common(dated bool) []*Field {
	fs := []*Field{
		{Name: "title", Label: g.label("title"), Widget: "string", Required: true, I18n: "translate"},
		{Name: "date", Label: g.label("date"), Widget: "datetime", Required: dated, I18n: "duplicate",
			Format: dateTimeFormat, Hint: g.words("dateHint")},
		{Name: "summary", Label: g.label("summary"), Widget: "text", Required: false, I18n: "translate", Hint: g.words("summaryHint")},
		// No default: a default false is written into every page saved.
		{Name: "draft", Label: g.label("draft"), Widget: "boolean", Required: false, I18n: "translate", Hint: g.words("draftHint")},
		// image: {src, alt}, as deltag reads it: an optional object, so
		// the alt text is required only once there is an image.
		{Name: "image", Label: g.label("image"), Widget: "object", Required: false, I18n: "translate", Summary: "{{fields.src}}", Fields: []*Field{
			{Name: "src", Label: g.label("image"), Widget: "image", Required: true, I18n: "duplicate"},
			{Name: "alt", Label: g.label("imageAlt"), Widget: "string", Required: true, I18n: "translate", Hint: g.words("imageAltHint")},
		}},
	}
	if dated {
		// Now for a new entry. Sveltia also fills a default into an
		// existing entry that lacks the key, so an undated page would get
		// today's date on its first save: only where a date is required
		// (every page has one).
		fs[1].Default = "{{now}}"
	}
	for _, tax := range g.cfg.Taxonomies {
		fs = append(fs, &Field{Name: tax, Label: g.text(g.sectionTitle(tax), tax), Widget: "list", Required: false, I18n: "translate", Hint: g.words("terms")})
	}
	return fs
}

func (g *gen) body() *Field {
	return &Field{Name: "body", Label: g.label("body"), Widget: "markdown", Required: false, I18n: "translate"}
}

func hasRequired(fs []*schema.Field) bool {
	for _, f := range fs {
		if f != nil && f.Required {
			return true
		}
	}
	return false
}

func (g *gen) fields(fs []*schema.Field) []*Field {
	var out []*Field
	for _, f := range fs {
		if f == nil || f.Name == "" {
			continue
		}
		out = append(out, g.field(f))
	}
	return out
}

// field is the widget of one schema field.
func (g *gen) field(f *schema.Field) *Field {
	w := &Field{Name: f.Name, Label: g.text(f.Label, f.Name), Required: f.Required, I18n: "duplicate", kind: f.Kind}
	switch f.Kind {
	case schema.String, "":
		w.Widget, w.I18n = "string", "translate"
	case schema.Text:
		w.Widget, w.I18n = "text", "translate"
	case schema.Markdown:
		w.Widget, w.I18n = "markdown", "translate"
	case schema.Date:
		w.Widget, w.Type, w.Format = "datetime", "date", "YYYY-MM-DD"
	case schema.DateTime:
		w.Widget, w.Format, w.Hint = "datetime", dateTimeFormat, g.words("datetime")
	case schema.Number:
		w.Widget, w.ValueType = "number", "float"
	case schema.Money:
		w.Widget, w.ValueType, w.Hint = "number", "float", g.words("money")
	case schema.URL:
		w.Widget, w.Pattern, w.Hint = "string", []string{urlPattern, g.words("urlPattern")}, g.words("url")
	case schema.Email:
		w.Widget, w.Type, w.Pattern = "string", "email", []string{emailPattern, g.words("emailPattern")}
	case schema.Bool:
		w.Widget, w.Required = "boolean", false
	case schema.Choice:
		w.Widget = "select"
		for _, c := range f.Choices {
			w.Options = append(w.Options, Option{Label: g.text(c.Label, c.Value), Value: c.Value})
		}
	case schema.Reference:
		g.reference(w, f)
	case schema.Place:
		w.Widget, w.I18n = "object", "translate"
		w.Fields = []*Field{
			{Name: "name", Label: g.label("placeName"), Widget: "string", Required: false, I18n: "translate"},
			{Name: "address", Label: g.label("placeAddress"), Widget: "string", Required: false, I18n: "translate"},
		}
		w.Summary = "{{fields.name}}"
	case schema.Map:
		w.Widget, w.I18n, w.Fields = "object", "translate", g.fields(f.Fields)
	case schema.List:
		w.Widget, w.I18n = "list", "translate"
		if len(f.Fields) > 0 {
			w.Fields = g.fields(f.Fields)
			w.Summary = summary(f.Fields)
		} else {
			w.Hint = g.words("terms")
		}
	default:
		w.Widget, w.I18n = "string", "translate"
	}
	if f.Required && w.Hint == "" {
		w.Hint = g.words("required")
	}
	return w
}

// reference is a relation to the collection of the type the field names,
// storing "<section>/<slug>" as deltag references are written.
func (g *gen) reference(w *Field, f *schema.Field) {
	t := g.cfg.Types[f.To]
	if f.To == "" || t == nil || t.Section == "" {
		w.Widget, w.Pattern, w.Hint = "string", []string{refPattern, g.words("refPattern")}, g.words("ref")
		return
	}
	w.Widget = "relation"
	w.Collection = t.Section
	w.ValueField = t.Section + "/{{slug}}"
	w.DisplayFields = []string{"title"}
	w.SearchFields = []string{"title"}
}

// summary is a list item's collapsed label: its first two sub-fields.
func summary(fs []*schema.Field) string {
	var parts []string
	for _, f := range fs {
		if f == nil || len(parts) == 2 {
			continue
		}
		switch f.Kind {
		case schema.List, schema.Map, schema.Place, schema.Markdown:
			continue
		}
		parts = append(parts, "{{fields."+f.Name+"}}")
	}
	return strings.Join(parts, " – ")
}
