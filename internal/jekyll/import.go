package jekyll

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/deltag/deltag/internal/diag"
	"github.com/deltag/deltag/internal/fsroot"
	"gopkg.in/yaml.v3"

	_ "time/tzdata" // site time zones decide URLs; do not depend on the host's zoneinfo
)

// Options configures an import.
type Options struct {
	Source string // the Jekyll site's root folder
	Dest   string // the deltag site to create; must not exist or be empty
	// Now is the time of the import: Jekyll's build time for posts dated
	// in the future and the date in the report. Zero means time.Now().
	Now time.Time
}

// Page is one content file the import wrote.
type Page struct {
	Source     string // relative to the Jekyll source, e.g. _posts/2021-02-03-x.md
	Dest       string // relative to the deltag site, e.g. content/sv/posts/2021-02-03-x.md
	Kind       Kind
	Collection string // collection label; "posts" for posts and drafts; "" for pages
	Section    string // deltag section (first folder below content/<lang>/); "" for root pages
	Lang       string
	Draft      bool
	Ref        string
	// JekyllURL is the URL Jekyll built the page at (a path, not
	// percent-encoded); "" when Jekyll built no page for it (drafts,
	// published: false, future posts).
	JekyllURL string
	// URL is the url front matter written ("" when deltag gives the page
	// its own URL); Aliases are the aliases written.
	URL     string
	Aliases []string
}

// Translation is a group of pages that translate each other.
type Translation struct {
	Ref   string            // the shared ref; "" when paired by path
	Pages map[string]string // language → Dest
}

// Report is what an import did.
type Report struct {
	Source, Dest string
	Now          time.Time
	Languages    []string // default first
	Pages        []Page   // in source order
	Translations []Translation
	// Types are the collections tried as deltag types, and the outcome.
	Types      []*TypeFit
	Static     int // static files copied
	StaticNFC  int // extra NFC-named copies of NFD-named files
	Data       int // data files copied
	UnsafeHTML bool
	// Diagnostics are the problems found, sorted; the import went on.
	Diagnostics diag.List
}

// JekyllURLs returns the set of URLs Jekyll built for content pages.
func (r *Report) JekyllURLs() []string {
	var out []string
	for _, p := range r.Pages {
		if p.JekyllURL != "" {
			out = append(out, p.JekyllURL)
		}
	}
	sort.Strings(out)
	return out
}

// doc is one content file on its way through the import.
type doc struct {
	Page
	collectionDir string   // for posts and documents
	pathCats      []string // categories from folders above _posts

	raw      []byte
	sp       split
	fm       mapping        // own front matter, repaired when possible
	own      map[string]any // fm decoded
	fmValid  bool           // Jekyll could read the front matter
	defaults map[string]any
	date     *jekyllDate // the page's date, nil when none
	fileDate bool        // date came from the file name
	name     string      // deltag page name: file stem without date and language suffix
	slug     string      // deltag slug
	skip     bool        // not imported (reported)
	natural  string      // deltag's own URL for the page
	html     bool        // an HTML page kept as a Markdown body
	hasHTML  bool        // raw HTML in a Markdown body
}

type importer struct {
	src, dest string
	now       time.Time
	cfg       *config
	diags     diag.List
	found     *scan
	docs      []*doc
	langs     []string // found, default first
	byDest    map[string]*doc
	bySource  map[string]*doc
	unsafe    bool
	report    *Report
	srcIdx    map[string]*doc
	hidIdx    map[string]string
	sass      []sassFile
	refIdx    map[string]*doc // lang + "\x00" + reference key → published page
	secs      map[string]bool // deltag sections
	ctx       context.Context
	root      *fsroot.FS      // the source, for resolving links
	onPath    map[string]bool // real folders being walked, for loops
	types     *typeFits       // collections as deltag types (types.go)
}

// Import reads the Jekyll site at opts.Source and writes a deltag site to
// opts.Dest. The error is only for problems that stop the import (no
// source, a destination that is not empty, a failed write); problems with
// content are in the report's Diagnostics and the import goes on.
func Import(opts Options) (*Report, error) {
	return ImportContext(context.Background(), opts)
}

// ImportContext is Import that stops, with ctx's error, when ctx is done.
func ImportContext(ctx context.Context, opts Options) (*Report, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	src, err := filepath.Abs(opts.Source)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(src)
	if err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("source %s is not a folder", opts.Source)
	}
	if opts.Dest == "" {
		return nil, errors.New("no destination folder given")
	}
	dest, err := filepath.Abs(opts.Dest)
	if err != nil {
		return nil, err
	}
	if dest == src || strings.HasPrefix(dest, src+string(filepath.Separator)) {
		return nil, fmt.Errorf("destination %s is inside the source; Jekyll would read it as part of the site", opts.Dest)
	}
	if entries, err := os.ReadDir(dest); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("destination %s is not empty; the import does not overwrite files", opts.Dest)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}

	im := &importer{src: src, dest: dest, now: opts.Now, byDest: map[string]*doc{}, bySource: map[string]*doc{},
		ctx: ctx, root: fsroot.New(src), onPath: map[string]bool{}}
	im.cfg = loadConfig(src, "sv", &im.diags)
	if err := im.scan(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", opts.Source, err)
	}
	for name, why := range im.found.Skipped {
		im.diags.Warnf(name, 0, "folder not carried over: %s", why)
	}
	hidden := map[string]int{}
	for _, label := range im.found.Hidden {
		hidden[label]++
	}
	for label, n := range hidden {
		col, _ := im.cfg.collection(label)
		im.diags.Warnf(im.cfg.File, col.Line, "collection %s has output: false: its %d document(s) are kept as data for templates in data/collections/%s.yaml (Jekyll built no pages for them)", label, n, label)
	}
	im.docs = im.found.Docs
	// parse → resolve → write, like deltag's own pipeline.
	for _, d := range im.docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		im.parse(d)
	}
	im.resolve()
	im.fitTypes()
	for _, d := range im.docs {
		if !d.skip {
			im.convert(d)
		}
	}
	im.translations()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := im.write(); err != nil {
		return nil, err
	}
	r := im.report
	r.Source, r.Dest, r.Now = opts.Source, opts.Dest, opts.Now
	r.Languages = im.langs
	r.UnsafeHTML = im.unsafe
	r.Types = im.types.list
	for _, d := range im.docs {
		if !d.skip {
			r.Pages = append(r.Pages, d.Page)
		}
	}
	r.Diagnostics = im.diags.Sort()
	return r, nil
}

// parse reads a content file: front matter, defaults, date.
func (im *importer) parse(d *doc) {
	b, err := os.ReadFile(filepath.Join(im.src, filepath.FromSlash(d.Source)))
	if err != nil {
		im.diags.Errorf(d.Source, 0, "not imported: %v", err)
		d.skip = true
		return
	}
	d.raw = b
	ext := path.Ext(d.Source)
	if !isMarkdownExt(ext) && !isHTMLExt(ext) {
		im.liquidFile(d)
		d.skip = true
		return
	}
	d.html = isHTMLExt(ext)
	if hasFrontMatter(b) {
		d.sp = splitFile(b)
		if !d.sp.Closed {
			im.diags.Warnf(d.Source, 1, "front matter has no closing --- line; Jekyll read the whole file as the body")
		}
	} else {
		d.sp = split{Body: b, BodyLine: 1, Closed: true}
	}
	node, err := parseMapping(d.sp.YAML)
	d.fmValid = err == nil
	if err != nil {
		line := 0
		if l := yamlErrorLine(err); l > 0 {
			line = d.sp.YAMLLine + l - 1
		}
		if stripped, found := stripHTMLComments(d.sp.YAML); found {
			if n2, err2 := parseMapping(stripped); err2 == nil {
				node = n2
				im.diags.Warnf(d.Source, line, "front matter is not valid YAML (%s): an HTML comment in it; Jekyll ignored all of it, the import drops the comment and keeps the rest", yamlErrorText(err))
			}
		}
		if node == nil {
			im.diags.Warnf(d.Source, line, "front matter is not valid YAML (%s): Jekyll ignored it, the page is imported without it", yamlErrorText(err))
			node = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		}
	}
	d.fm = mapping{node}
	if err := node.Decode(&d.own); err != nil {
		im.diags.Warnf(d.Source, d.sp.YAMLLine, "front matter: %s", yamlErrorText(err))
		d.own = map[string]any{}
	}
	if d.own == nil {
		d.own = map[string]any{}
	}
	d.defaults = im.cfg.defaultsFor(d.Source, d.defaultsType())
}

// liquidFile handles a file other than a page that Jekyll ran through
// Liquid because it has front matter (robots.txt, feed.xml, CSS): without
// Liquid in it, its body is copied to its path; a feed keeps its URL
// through the feed deltag writes; anything else is reported.
func (im *importer) liquidFile(d *doc) {
	sp := splitFile(d.raw)
	body := string(sp.Body)
	ext := path.Ext(d.Source)
	switch {
	case ext == ".scss" || ext == ".sass":
		im.sass = append(im.sass, sassFile{Source: d.Source})
	case !strings.Contains(body, "{{") && !strings.Contains(body, "{%"):
		im.found.Copies = append(im.found.Copies, staticCopy{Src: d.Source, URL: "/" + d.Source, Data: sp.Body})
	case ext == ".xml" && (strings.Contains(body, "<feed") || strings.Contains(body, "<rss")):
		if im.cfg.Feed == "" {
			im.cfg.Feed = d.Source
		}
		im.diags.Warnf(d.Source, 1, "a Liquid feed: deltag writes the default language's feed at /%s instead (params: feed: in site.yaml)", im.cfg.Feed)
	default:
		im.diags.Warnf(d.Source, 1, "not carried over: %s (%s) is a Liquid-processed file; deltag writes the sitemap, robots.txt and feeds itself", path.Base(d.Source), ext)
	}
}

// defaultsType is the `type` a defaults scope names for d.
func (d *doc) defaultsType() string {
	switch d.Kind {
	case KindPost:
		return "posts"
	case KindDraft:
		return "drafts"
	case KindDocument:
		return d.Collection
	}
	return "pages"
}

// jekyllData is the data Jekyll saw: defaults, then front matter it could
// read.
func (d *doc) jekyllData() map[string]any {
	if !d.fmValid {
		return d.defaults
	}
	return deepMerge(d.defaults, d.own)
}

// line is the file line of a front-matter key, or the first front-matter
// line.
func (d *doc) line(key string) int {
	if k := d.fm.keyNode(key); k != nil {
		return d.sp.YAMLLine + k.Line - 1
	}
	return d.sp.YAMLLine
}

func (d *doc) nodeLine(n *yaml.Node) int { return d.sp.YAMLLine + n.Line - 1 }
