package jekyll

import (
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/diag"
	"gopkg.in/yaml.v3"
)

// config is what the importer takes from _config.yml.
type config struct {
	File             string // "_config.yml", or "" when there is none
	URL, BaseURL     string
	Title            string
	Description      string
	Lang             string   // the site's default language, "" when unset
	Languages        []string // a `languages` list (jekyll-polyglot style)
	Timezone         string
	Location         *time.Location
	Permalink        string
	PostsPermalink   string // collections: posts: permalink, "" when unset
	CollectionsDir   string
	DataDir          string
	Collections      []collection // posts first, then in file order
	Defaults         []defaultSet
	Exclude, Include []string
	ExcerptSeparator string
	// Future, Unpublished and ShowDrafts are Jekyll's settings that
	// publish future-dated documents, documents with published: false
	// and the posts in _drafts.
	Future, Unpublished, ShowDrafts bool
	// SassDir and SassLoadPaths are jekyll-sass-converter's sass:
	// sass_dir (default _sass) and load_paths (globs).
	SassDir       string
	SassLoadPaths []string
	// Feed is the file jekyll-feed wrote ("feed.xml" unless feed: path:
	// says otherwise), "" without the plugin.
	Feed string
	// Paginate is jekyll-paginate's setup.
	Paginate struct {
		Plugin  bool   // the plugin is on
		PerPage int    // paginate:
		Path    string // paginate_path:
	}
	// Theme is a gem theme the site names (theme: minima).
	Theme     string
	ThemeLine int
	// Strings are UI strings by language and key (see strings.go), read
	// from the config keys StringKeys.
	Strings    map[string]map[string]string
	StringKeys []string
}

type collection struct {
	Label     string
	Output    bool
	Permalink string
	Title     string
	Line      int
}

// defaultSet is one entry of `defaults`.
type defaultSet struct {
	Path    string
	Type    string
	HasType bool
	Values  map[string]any
	Line    int
}

// defaultExcludes is Configuration::DEFAULT_EXCLUDES (Jekyll 4.3); Jekyll
// adds them to the site's own list.
var defaultExcludes = []string{
	".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock",
	"node_modules", "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/",
}

// handledPlugins are plugins whose effect the import carries over.
var handledPlugins = map[string]string{
	"jekyll-seo-tag":       "{% seo %} is built into deltag's Liquid",
	"jekyll-redirect-from": "redirect_from becomes aliases",
	"jekyll-feed":          "its feed stays at its URL (params: feed: in site.yaml)",
	"jekyll-paginate":      "index.html's pages of posts are made at every build, with paginator",
}

// knownPluginHints say what deltag does instead of a common plugin.
var knownPluginHints = map[string]string{
	"jekyll-sitemap":                   "deltag writes /sitemap.xml itself",
	"jekyll-polyglot":                  "languages are carried over from lang front matter",
	"jekyll-multiple-languages-plugin": "its {% t %} and {% tf %} tags and _i18n/ folders have no deltag counterpart (the build names each such tag): move each language's text into pages with lang: front matter, and the UI words into i18n/<lang>.yaml",
}

// ignoredKeys are config keys about how Jekyll runs, with no meaning for
// the deltag site: they are dropped without a warning.
var ignoredKeys = map[string]bool{
	"source": true, "destination": true, "safe": true, "encoding": true,
	"markdown": true, "markdown_ext": true, "kramdown": true, "highlighter": true,
	"incremental": true, "profile": true, "port": true, "host": true,
	"livereload": true, "livereload_port": true, "livereload_min_delay": true,
	"livereload_max_delay": true, "livereload_ignore": true, "detach": true,
	"show_drafts": true, "unpublished": true, "limit_posts": true,
	"strict_front_matter": true, "keep_files": true, "quiet": true, "verbose": true,
	"liquid": true, "webrick": true, "show_dir_listing": true, "lsi": true,
	"layouts_dir": true, "includes_dir": true, "plugins_dir": true,
	"disable_disk_cache": true, "rdiscount": true, "redcarpet": true,
	"watch": true, "serving": true, "whitelist": true, "sass": true,
}

// handledKeys are read by loadConfig.
var handledKeys = map[string]bool{
	"title": true, "description": true, "url": true, "baseurl": true,
	"lang": true, "language": true, "default_lang": true, "languages": true,
	"timezone": true, "permalink": true, "collections": true,
	"collections_dir": true, "data_dir": true, "defaults": true,
	"exclude": true, "include": true, "excerpt_separator": true,
	"plugins": true, "gems": true, "future": true, "feed": true, "theme": true,
}

// loadConfig reads _config.yml (or _config.yaml) from src. A missing
// file gives Jekyll's defaults; problems are reported and the defaults
// used for what could not be read.
func loadConfig(src string, defaultLang string, diags *diag.List) *config {
	c := &config{DataDir: "_data", Include: []string{".htaccess"}}
	var raw []byte
	for _, name := range []string{"_config.yml", "_config.yaml"} {
		b, err := os.ReadFile(path.Join(src, name))
		if err == nil {
			c.File, raw = name, b
			break
		}
	}
	if c.File == "" {
		if _, err := os.Stat(path.Join(src, "_config.toml")); err == nil {
			diags.Warnf("_config.toml", 0, "TOML configuration is not read; Jekyll's defaults are used")
		}
	}
	var root *yaml.Node
	if raw != nil {
		var err error
		root, err = parseMapping(raw)
		if err != nil {
			diags.Errorf(c.File, yamlErrorLine(err), "not valid YAML, Jekyll's defaults are used: %s", yamlErrorText(err))
			root = nil
		}
	}
	if root != nil {
		c.read(mapping{root}, diags)
	}
	c.Exclude = append(c.Exclude, defaultExcludes...)
	c.Collections = append([]collection{{Label: "posts", Output: true}}, c.Collections...)
	if c.Lang == "" {
		c.Lang = c.defaultsLang()
	}
	if c.Lang == "" {
		c.Lang = defaultLang
	}
	c.Location = loadLocation(c, diags)
	return c
}

func (c *config) read(m mapping, diags *diag.List) {
	str := func(key string) string {
		if n := m.get(key); n != nil && n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
			return n.Value
		}
		return ""
	}
	c.URL = str("url")
	c.BaseURL = str("baseurl")
	c.Title = str("title")
	c.Description = str("description")
	c.Timezone = str("timezone")
	if n, err := strconv.Atoi(str("paginate")); err == nil {
		c.Paginate.PerPage = n
	}
	c.Paginate.Path = str("paginate_path")
	if c.Theme = str("theme"); c.Theme != "" {
		c.ThemeLine = m.keyNode("theme").Line
	}
	c.Permalink = str("permalink")
	c.CollectionsDir = strings.Trim(str("collections_dir"), "/")
	if d := strings.Trim(str("data_dir"), "/"); d != "" {
		c.DataDir = d
	}
	c.ExcerptSeparator = str("excerpt_separator")
	c.Future = str("future") == "true"
	c.Unpublished = str("unpublished") == "true"
	c.ShowDrafts = str("show_drafts") == "true"
	for _, k := range []string{"lang", "language", "default_lang"} {
		if v := str(k); v != "" && c.Lang == "" {
			c.Lang = strings.ToLower(v)
		}
	}
	c.Languages = scalarStrings(m.get("languages"))
	c.SassDir = "_sass"
	if n := m.get("sass"); n != nil && n.Kind == yaml.MappingNode {
		sm := mapping{n}
		if d := sm.get("sass_dir"); d != nil && d.Kind == yaml.ScalarNode && strings.Trim(d.Value, "/") != "" {
			c.SassDir = strings.Trim(d.Value, "/")
		}
		c.SassLoadPaths = scalarStrings(sm.get("load_paths"))
	}
	c.Exclude = append(c.Exclude, scalarStrings(m.get("exclude"))...)
	c.Include = append(c.Include, scalarStrings(m.get("include"))...)
	c.readCollections(m.get("collections"), diags)
	c.readDefaults(m.get("defaults"), diags)
	for _, key := range []string{"plugins", "gems"} {
		n := m.get(key)
		if n == nil {
			continue
		}
		for _, p := range n.Content {
			if p.Kind != yaml.ScalarNode {
				continue
			}
			if p.Value == "jekyll-paginate" {
				c.Paginate.Plugin = true
			}
			if p.Value == "jekyll-feed" {
				c.Feed = "feed.xml"
				if f := m.get("feed"); f != nil && f.Kind == yaml.MappingNode {
					if fp := (mapping{f}).get("path"); fp != nil && fp.Value != "" {
						c.Feed = strings.TrimPrefix(fp.Value, "/")
					}
				}
			}
			if _, ok := handledPlugins[p.Value]; ok {
				continue
			}
			d := diag.Warnf(c.File, p.Line, "plugin %q is not carried over", p.Value)
			d.Hint = knownPluginHints[p.Value]
			diags.Add(d)
		}
	}
	for i := 0; i+1 < len(m.n.Content); i += 2 {
		k := m.n.Content[i]
		if handledKeys[k.Value] || ignoredKeys[k.Value] {
			continue
		}
		if strs, ok := uiStrings(m.n.Content[i+1], c.isLang); ok {
			c.StringKeys = append(c.StringKeys, k.Value)
			if c.Strings == nil {
				c.Strings = map[string]map[string]string{}
			}
			for l, kv := range strs {
				if c.Strings[l] == nil {
					c.Strings[l] = map[string]string{}
				}
				for key, v := range kv {
					if _, dup := c.Strings[l][key]; !dup {
						c.Strings[l][key] = v
					}
				}
			}
			continue
		}
		// Other keys stay in _config.yml, which the import copies: Liquid
		// templates read them as site.<key>; deltag's own layouts do not.
	}
	switch strings.ToLower(str("markdown")) {
	case "", "kramdown", "commonmarkghpages", "commonmark":
	default:
		diags.Warnf(c.File, m.keyNode("markdown").Line, "Markdown processor %q: deltag renders CommonMark with goldmark; check pages that use its extensions", str("markdown"))
	}
}

// isLang reports whether s names a language: one deltag knows, the
// site's lang or one of its languages.
func (c *config) isLang(s string) bool {
	s = normLang(s)
	if _, ok := languages[s]; ok {
		return true
	}
	if s == c.Lang {
		return true
	}
	for _, l := range c.Languages {
		if normLang(l) == s {
			return true
		}
	}
	return false
}

func (c *config) readCollections(n *yaml.Node, diags *diag.List) {
	if n == nil {
		return
	}
	switch n.Kind {
	case yaml.SequenceNode: // collections: [themes, projects]
		for _, item := range n.Content {
			if item.Value == "posts" {
				continue
			}
			c.Collections = append(c.Collections, collection{Label: item.Value, Line: item.Line})
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			label, meta := n.Content[i].Value, n.Content[i+1]
			col := collection{Label: label, Line: n.Content[i].Line}
			if meta.Kind == yaml.MappingNode {
				mm := mapping{meta}
				if o := mm.get("output"); o != nil {
					col.Output = o.Value == "true"
				}
				if p := mm.get("permalink"); p != nil {
					col.Permalink = p.Value
				}
				if t := mm.get("title"); t != nil {
					col.Title = t.Value
				}
				for _, k := range mm.keys() {
					switch k {
					case "output", "permalink", "title", "sort_by", "order":
					default:
						diags.Warnf(c.File, mm.keyNode(k).Line, "collection %s: key %q is not carried over", label, k)
					}
				}
			}
			if label == "posts" {
				// Posts always have output; their permalink is the
				// site's unless the collection sets one.
				c.PostsPermalink = col.Permalink
				continue
			}
			c.Collections = append(c.Collections, col)
		}
	default:
		diags.Warnf(c.File, n.Line, "collections: want a list or a mapping")
	}
}

func (c *config) readDefaults(n *yaml.Node, diags *diag.List) {
	if n == nil {
		return
	}
	if n.Kind != yaml.SequenceNode {
		diags.Warnf(c.File, n.Line, "defaults: want a list of scope and values")
		return
	}
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			continue
		}
		mm := mapping{item}
		set := defaultSet{Line: item.Line}
		if s := mm.get("scope"); s != nil && s.Kind == yaml.MappingNode {
			sm := mapping{s}
			if p := sm.get("path"); p != nil {
				set.Path = p.Value
			}
			if t := sm.get("type"); t != nil {
				set.Type, set.HasType = t.Value, true
			}
		}
		if v := mm.get("values"); v != nil {
			if err := v.Decode(&set.Values); err != nil {
				diags.Warnf(c.File, v.Line, "defaults: values: %s", yamlErrorText(err))
				continue
			}
		}
		c.Defaults = append(c.Defaults, set)
	}
}

func loadLocation(c *config, diags *diag.List) *time.Location {
	name := c.Timezone
	if name == "" {
		name = languageInfo(c.Lang).Timezone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		diags.Warnf(c.File, 0, "timezone %q: %v; UTC is used", name, err)
		return time.UTC
	}
	return loc
}

// collection returns the configured collection with label, if any.
func (c *config) collection(label string) (collection, bool) {
	for _, col := range c.Collections {
		if col.Label == label {
			return col, true
		}
	}
	return collection{}, false
}

// defaultsFor returns the merged `defaults` values for a file, with
// Jekyll's precedence (FrontmatterDefaults#all): a set with a longer
// scope path, or the same path and a type, wins; later sets win ties.
func (c *config) defaultsFor(rel, typ string) map[string]any {
	out := map[string]any{}
	var old *defaultSet
	for i := range c.Defaults {
		set := &c.Defaults[i]
		if !scopeMatches(set, rel, typ, c.CollectionsDir) {
			continue
		}
		if old == nil || hasPrecedence(old, set) {
			out = deepMerge(out, set.Values)
			old = set
		} else {
			out = deepMerge(set.Values, out)
		}
	}
	return out
}

func scopeMatches(set *defaultSet, rel, typ, collectionsDir string) bool {
	if set.HasType && set.Type != typ && !(typ == "drafts" && set.Type == "posts") {
		return false
	}
	p := strings.TrimPrefix(set.Path, "/")
	if p == "" {
		return true
	}
	if strings.Contains(p, "*") {
		// FrontmatterDefaults#glob_scope: the file or one of its folders
		// matches the pattern.
		for q := rel; q != "." && q != "/" && q != ""; q = path.Dir(q) {
			if fnmatch(p, q) {
				return true
			}
		}
		return false
	}
	if collectionsDir != "" {
		p = strings.TrimPrefix(p, collectionsDir+"/")
		rel = strings.TrimPrefix(rel, collectionsDir+"/")
	}
	return strings.HasPrefix(rel, p)
}

func hasPrecedence(old, set *defaultSet) bool {
	np, op := strings.Trim(set.Path, "/"), strings.Trim(old.Path, "/")
	if len(np) != len(op) {
		return len(np) >= len(op)
	}
	if set.HasType {
		return true
	}
	return !old.HasType
}

// deepMerge is Utils.deep_merge_hashes: overwrite wins, maps merge.
func deepMerge(master, overwrite map[string]any) map[string]any {
	out := make(map[string]any, len(master)+len(overwrite))
	for k, v := range master {
		out[k] = v
	}
	for k, v := range overwrite {
		if mv, ok := out[k].(map[string]any); ok {
			if ov, ok := v.(map[string]any); ok {
				out[k] = deepMerge(mv, ov)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// sortedKeys returns m's keys in order.
func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// fnmatch is Ruby's File.fnmatch without flags: * and ? match any
// character, "/" too; [...] is a class.
func fnmatch(pattern, name string) bool {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(pattern); i++ {
		switch ch := pattern[i]; ch {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		case '[':
			j := strings.IndexByte(pattern[i:], ']')
			if j < 0 {
				b.WriteString(`\[`)
				continue
			}
			class := pattern[i+1 : i+j]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + class + "]")
			i += j
		case '\\':
			if i+1 < len(pattern) {
				i++
				b.WriteString(regexp.QuoteMeta(string(pattern[i])))
			}
		default:
			b.WriteString(regexp.QuoteMeta(string(ch)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return false
	}
	return re.MatchString(name)
}

// defaultsLang is the lang front-matter defaults give every file
// (`defaults: [{scope: {path: ""}, values: {lang: en}}]`): a site that
// sets its language only there is in that language, not in deltag's
// default one.
func (c *config) defaultsLang() string {
	for _, set := range c.Defaults {
		if set.Path != "" || set.HasType {
			continue
		}
		if l, ok := set.Values["lang"].(string); ok && validLang(normLang(l)) {
			return normLang(l)
		}
	}
	return ""
}
