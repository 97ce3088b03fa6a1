package cms

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/deltag/deltag/internal/config"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// exampleSite is the repository's own portal configuration.
func exampleSite(t *testing.T) *config.Config {
	t.Helper()
	data, err := os.ReadFile("../../site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, diags := config.Parse(data)
	if diags.HasErrors() {
		t.Fatalf("site.yaml: %v", diags)
	}
	return cfg
}

// cmsSchema compiles the JSON schema Sveltia CMS publishes in its npm
// package (schema/sveltia-cms.json, vendored beside the bundle).
func cmsSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("vendor/sveltia-cms.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sveltia-cms.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("sveltia-cms.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestConfigValidatesAgainstSchema: the configuration written for the
// example portal, with every backend, is valid by the CMS's own schema.
func TestConfigValidatesAgainstSchema(t *testing.T) {
	sch := cmsSchema(t)
	cfg := exampleSite(t)
	for _, b := range []Backend{
		{Name: "test-repo"},
		{Name: "github", Repo: "exempel/portal", Branch: "main", BaseURL: "https://auth.portal.example.se"},
		{Name: "gitlab", Repo: "exempel/portal", AppID: "abc123"},
		{Name: "gitlab", Repo: "kommun/portal", APIRoot: "https://git.kommun.se/api/v4", BaseURL: "https://git.kommun.se", AppID: "abc123"},
		{Name: "gitea", Repo: "kommun/portal", APIRoot: "https://git.kommun.se/api/v1", BaseURL: "https://git.kommun.se", AppID: "abc123"},
	} {
		t.Run(b.Name, func(t *testing.T) {
			files, diags := Files(cfg, Options{Backend: b})
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			var conf []byte
			for _, f := range files {
				if f.Path == "admin/config.yml" {
					conf = f.Data
				}
			}
			var v any
			if err := yaml.Unmarshal(conf, &v); err != nil {
				t.Fatal(err)
			}
			// Through JSON, as the schema library wants JSON values.
			j, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Errorf("config.yml is not valid by Sveltia's schema:\n%v\n--- config.yml:\n%s", err, conf)
			}
		})
	}
}

// TestSchemaCatchesBadConfig proves the schema check bites: an unknown
// widget option and a wrong i18n value are rejected.
func TestSchemaCatchesBadConfig(t *testing.T) {
	sch := cmsSchema(t)
	bad := `{"backend": {"name": "test-repo"}, "media_folder": "static/x", "collections": [{"name": "a", "folder": "content/a", "fields": [{"name": "x", "widget": "string", "i18n": "true", "colour": 1}]}]}`
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err == nil {
		t.Fatal("a config with a bad field validated")
	}
}

// find returns the collection name and, below it, the field at a dotted path.
func find(t *testing.T, doc *Document, coll, path string) *Field {
	t.Helper()
	for _, c := range doc.Collections {
		if c.Name != coll {
			continue
		}
		fs := c.Fields
		var f *Field
		for _, name := range strings.Split(path, ".") {
			f = nil
			for _, x := range fs {
				if x.Name == name {
					f = x
				}
			}
			if f == nil {
				t.Fatalf("collection %s: no field %s", coll, path)
			}
			fs = f.Fields
		}
		return f
	}
	t.Fatalf("no collection %s", coll)
	return nil
}

// TestWidgets: each kind of schema field becomes the widget an editor
// expects, required as in the build, with the build's patterns.
func TestWidgets(t *testing.T) {
	doc, diags := Config(exampleSite(t), Options{Backend: Backend{Name: "test-repo"}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var names []string
	for _, c := range doc.Collections {
		names = append(names, c.Name)
	}
	// Main menu order first, then by name; taxonomies left out; pages last.
	if got, want := strings.Join(names, " "), "events ideas projects pools budgets news themes pages"; got != want {
		t.Errorf("collections = %s, want %s", got, want)
	}
	for _, tc := range []struct {
		coll, path, widget string
		required           bool
		i18n               string
	}{
		{"events", "title", "string", true, "translate"},
		{"events", "event", "object", true, "translate"},
		{"events", "event.start", "datetime", true, "duplicate"},
		{"events", "event.end", "datetime", false, "duplicate"},
		{"events", "event.attendance", "select", false, "duplicate"},
		{"events", "event.location", "object", false, "translate"},
		{"events", "event.registration", "string", false, "duplicate"},
		{"events", "event.registrationDeadline", "datetime", false, "duplicate"},
		{"events", "event.programme", "list", false, "translate"},
		{"events", "event.programme.topic", "string", false, "translate"},
		{"events", "event.allDay", "boolean", false, "duplicate"},
		{"projects", "project.funder", "string", true, "translate"},
		{"projects", "project.pool", "relation", false, "duplicate"},
		{"projects", "project.grant", "number", false, "duplicate"},
		{"projects", "project.partners", "list", false, "translate"},
		{"ideas", "idea.goal", "markdown", false, "translate"},
		{"pools", "pool.total", "number", true, "duplicate"},
		{"budgets", "budget.proposals.project", "string", false, "duplicate"},
		{"news", "body", "markdown", false, "translate"},
		{"news", "date", "datetime", true, "duplicate"},
		{"pages", "image", "object", false, "translate"},
		{"pages", "image.src", "image", true, "duplicate"},
		{"pages", "image.alt", "string", true, "translate"},
	} {
		f := find(t, doc, tc.coll, tc.path)
		if f.Widget != tc.widget || f.Required != tc.required || f.I18n != tc.i18n {
			t.Errorf("%s %s: widget %s required %v i18n %s; want %s %v %s", tc.coll, tc.path, f.Widget, f.Required, f.I18n, tc.widget, tc.required, tc.i18n)
		}
	}
	// Today for a new entry only where a date is required: Sveltia fills
	// a default into an existing page that has none.
	if news, pages := find(t, doc, "news", "date"), find(t, doc, "pages", "date"); news.Default != "{{now}}" || pages.Default != nil {
		t.Errorf("date defaults: news %v, pages %v; want {{now}} and none", news.Default, pages.Default)
	}
	// The minute, without seconds or offset: see dateTimeFormat.
	if f := find(t, doc, "events", "event.start"); f.Format != "YYYY-MM-DDTHH:mm" {
		t.Errorf("event.start format %q: want the wall-clock minute without offset", f.Format)
	}
	if f := find(t, doc, "events", "event.registrationDeadline"); f.Type != "date" || f.Format != "YYYY-MM-DD" {
		t.Errorf("a date field: type %q format %q", f.Type, f.Format)
	}
	if f := find(t, doc, "events", "event.attendance"); len(f.Options) != 3 || f.Options[1].Value != "in-person" || f.Options[1].Label != "På plats / Fysisk fremmøde" {
		t.Errorf("attendance options = %+v", f.Options)
	}
	if f := find(t, doc, "projects", "project.pool"); f.Collection != "pools" || f.ValueField != "pools/{{slug}}" {
		t.Errorf("pool relation: collection %q value_field %q", f.Collection, f.ValueField)
	}
	if f := find(t, doc, "events", "event.start"); f.Label != "Börjar / Starter" {
		t.Errorf("label %q", f.Label)
	}
	c := doc.Collections[0]
	if c.Folder != "content/{{locale}}/events" || !c.Slug.I18n || doc.I18n.CanonicalSlug.Key != "ref" || doc.I18n.CanonicalSlug.Value != "{{fields.ref | default('{{slug}}')}}" || doc.I18n.DefaultLocale != "sv" {
		t.Errorf("layout: folder %q slug %+v canonical %+v", c.Folder, c.Slug, doc.I18n.CanonicalSlug)
	}
	if !doc.Output.OmitEmptyOptional {
		t.Error("empty optional values would be written")
	}
}

// TestPatternsMatchBuild: the CMS's patterns accept and refuse what the
// build does.
func TestPatternsMatchBuild(t *testing.T) {
	for _, tc := range []struct {
		pattern, value string
		ok             bool
	}{
		{urlPattern, "https://example.se/anmalan", true},
		{urlPattern, "mailto:info@example.se", true},
		{urlPattern, "/sv/om/", true},
		{urlPattern, "example.se", false},
		{urlPattern, "https://example.se/a b", false},
		{emailPattern, "namn@exempel.se", true},
		{emailPattern, "namn@exempel", false},
		{emailPattern, "@exempel.se", false},
		{slugPattern, "traff-pa-garden", true},
		{slugPattern, "träff", false},
		{slugPattern, "a--b", false},
	} {
		re := mustJSRegexp(t, tc.pattern)
		if got := re.MatchString(tc.value); got != tc.ok {
			t.Errorf("%s on %q: %v, want %v", tc.pattern, tc.value, got, tc.ok)
		}
	}
}

var update = flag.Bool("update", false, "rewrite vendor/ from node_modules (after npm ci)")

// TestVendoredBundle: vendor/ is what `npm ci` installs, with the font
// URLs made local (checked when node_modules is present, as in CI; with
// -update it rewrites vendor/).
func TestVendoredBundle(t *testing.T) {
	nm := "node_modules"
	dir := filepath.Join(nm, "@sveltia", "cms")
	pkg, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		need(t, "no node_modules/@sveltia/cms (run npm ci in internal/cms)")
		return
	}
	var p struct{ Version string }
	if err := json.Unmarshal(pkg, &p); err != nil || p.Version != Version {
		t.Fatalf("node_modules has @sveltia/cms %q, Version is %q", p.Version, Version)
	}
	want := map[string]func() ([]byte, error){
		"vendor/sveltia-cms.js": func() ([]byte, error) {
			b, err := os.ReadFile(filepath.Join(dir, "dist/sveltia-cms.js"))
			for _, f := range cdnFonts {
				if !bytes.Contains(b, []byte(f.URL)) {
					t.Errorf("the bundle no longer loads %s: update cdnFonts", f.URL)
				}
			}
			return vendorBundle(b), err
		},
	}
	copyOf := func(p string) func() ([]byte, error) { return func() ([]byte, error) { return os.ReadFile(p) } }
	want["vendor/sveltia-cms.schema.json"] = copyOf(filepath.Join(dir, "schema/sveltia-cms.json"))
	want["vendor/LICENSE.txt"] = copyOf(filepath.Join(dir, "LICENSE.txt"))
	for code := range uiLocales {
		want["vendor/locales/"+code+".json"] = copyOf(filepath.Join(dir, "locales", code+".json"))
	}
	for _, f := range cdnFonts {
		name := strings.TrimPrefix(f.Package[strings.IndexByte(f.Package, '/')+1:], "")
		want["vendor/fonts/"+f.File] = copyOf(filepath.Join(nm, f.Package, "files", f.File))
		want["vendor/fonts/"+name+".LICENSE.txt"] = copyOf(filepath.Join(nm, f.Package, "LICENSE"))
	}
	for vendored, make := range want {
		b, err := make()
		if err != nil {
			t.Fatal(err)
		}
		if *update {
			if err := os.WriteFile(vendored, b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if a, err := os.ReadFile(vendored); err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s is not what npm ci gives (%v): run go test -run TestVendoredBundle -update", vendored, err)
		}
	}
	if bytes.Contains(bundle, []byte("cdn.jsdelivr.net")) {
		t.Error("the vendored bundle still loads from cdn.jsdelivr.net")
	}
}

// need skips, or fails under CI=true.
func need(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// mustJSRegexp compiles a pattern written for JavaScript; the ones used
// here mean the same in Go's syntax.
func mustJSRegexp(t *testing.T, p string) *regexp.Regexp {
	t.Helper()
	re, err := regexp.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	return re
}
