package cms

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/url"
	"sort"
	"strings"

	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/diag"
	"gopkg.in/yaml.v3"
)

// Version is the pinned version of @sveltia/cms (package.json).
const Version = "0.221.1"

// The vendored bundle and the UI strings the CMS would otherwise fetch
// from a CDN (see localesShim).
var (
	//go:embed vendor/sveltia-cms.js
	bundle []byte
	//go:embed vendor/LICENSE.txt
	license []byte
	//go:embed vendor/locales/sv.json
	localeSV []byte
	//go:embed vendor/locales/da.json
	localeDA []byte
	//go:embed vendor/fonts
	fonts embed.FS
)

// cdnFonts are the fonts the bundle loads from a CDN (in a style sheet
// inside the JavaScript), each with the file of its npm package. The
// vendored bundle is the npm bundle with each URL replaced by
// fonts/<file>, which a style sheet in /admin/index.html resolves to
// /admin/fonts/<file>; the fonts are vendored beside it.
var cdnFonts = []struct{ URL, Package, File string }{
	{"https://cdn.jsdelivr.net/fontsource/fonts/source-sans-3:vf@5.3.0/latin-wght-normal.woff2", "@fontsource-variable/source-sans-3", "source-sans-3-latin-wght-normal.woff2"},
	{"https://cdn.jsdelivr.net/fontsource/fonts/noto-mono@5.3.0/latin-400-normal.woff2", "@fontsource/noto-mono", "noto-mono-latin-400-normal.woff2"},
	{"https://cdn.jsdelivr.net/fontsource/fonts/material-symbols-outlined:vf@5.3.7/latin-wght-normal.woff2", "@fontsource-variable/material-symbols-outlined", "material-symbols-outlined-latin-wght-normal.woff2"},
}

// vendorBundle is how vendor/sveltia-cms.js is made from the npm
// package's dist/sveltia-cms.js: the font URLs made local.
func vendorBundle(npm []byte) []byte {
	for _, f := range cdnFonts {
		npm = bytes.ReplaceAll(npm, []byte(f.URL), []byte("fonts/"+f.File))
	}
	return npm
}

// uiLocales are the UI languages shipped with the bundle, by Sveltia's
// code. Other languages fall back to Sveltia's English.
var uiLocales = map[string][]byte{"sv": localeSV, "da": localeDA}

// Dir is the folder the CMS is served from.
const Dir = "admin"

// File is one output file, its path relative to the site's output root.
type File struct {
	Path string
	Data []byte
}

// Files returns the files of /admin/ for a site, sorted by path: the
// page, its configuration, the bundle, its licence and the UI strings.
// It reads nothing and writes nothing.
func Files(cfg *config.Config, opt Options) ([]File, diag.List) {
	doc, diags := Config(cfg, opt)
	if diags.HasErrors() {
		return nil, diags
	}
	conf, err := Marshal(doc)
	if err != nil {
		diags.Errorf("", 0, "cms: %v", err)
		return nil, diags
	}
	page, err := indexHTML(cfg, doc)
	if err != nil {
		diags.Errorf("", 0, "cms: %v", err)
		return nil, diags
	}
	files := []File{
		{Dir + "/index.html", page},
		{Dir + "/config.yml", conf},
		{Dir + "/sveltia-cms.min.js", bundle},
		{Dir + "/sveltia-cms.LICENSE.txt", license},
		{Dir + "/locales.js", []byte(localesJS())},
	}
	entries, _ := fonts.ReadDir("vendor/fonts")
	for _, e := range entries {
		data, _ := fonts.ReadFile("vendor/fonts/" + e.Name())
		files = append(files, File{Dir + "/fonts/" + e.Name(), data})
	}
	for code, data := range uiLocales {
		files = append(files, File{Dir + "/locales/" + code + ".json", data})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, diags
}

// Marshal writes the configuration as YAML, with a header saying where it
// comes from.
func Marshal(doc *Document) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# Written by `deltag cms` from site.yaml; edit site.yaml (types:, sections:,\n# languages:) and run it again rather than editing this file.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// localesShim sends the CMS's requests for its UI strings, which it makes
// to a CDN, to the copies served beside it, and answers its check for a
// newer version with the shipped one: nothing is loaded from another host.
const localesShim = `// Written by deltag cms: Sveltia CMS fetches its UI strings from a CDN;
// this serves them from ./locales/ on this site instead.
(function () {
  var cdn = /^https:\/\/unpkg\.com\/@sveltia\/cms@[^/]+\/locales\/([a-zA-Z-]+)\.json$/;
  var shipped = ` + "{{LOCALES}}" + `;
  var base = new URL("locales/", document.currentScript.src);
  var update = /^https:\/\/unpkg\.com\/@sveltia\/cms\/package\.json$/;
  var fetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    if (typeof input === "string" && update.test(input)) {
      // The update check: the version deltag ships is the one to use.
      return Promise.resolve(new Response(JSON.stringify({ version: "` + Version + `" }),
        { headers: { "Content-Type": "application/json" } }));
    }
    var m = typeof input === "string" && input.match(cdn);
    if (m) {
      if (shipped.indexOf(m[1]) < 0) {
        return Promise.resolve(new Response("{}", { status: 404 }));
      }
      return fetch(new URL(m[1] + ".json", base).href, init);
    }
    return fetch(input, init);
  };
})();
`

// localesJS is the shim with the list of shipped UI languages.
func localesJS() string {
	var codes []string
	for c := range uiLocales {
		codes = append(codes, `"`+c+`"`)
	}
	sort.Strings(codes)
	return strings.Replace(localesShim, "{{LOCALES}}", "["+strings.Join(codes, ", ")+"]", 1)
}

var indexTmpl = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<title>{{.Title}}</title>
<link rel="icon" href="data:,">
<link href="config.yml" type="application/yaml" rel="cms-config-url">
<script src="locales.js"></script>
</head>
<body>
<noscript>{{.NoScript}}</noscript>
<script src="sveltia-cms.min.js"></script>
</body>
</html>
`))

func indexHTML(cfg *config.Config, doc *Document) ([]byte, error) {
	def := cfg.DefaultLanguage()
	noscript := map[string]string{
		"sv": "Redigeringsverktyget behöver JavaScript.",
		"da": "Redigeringsværktøjet kræver JavaScript.",
	}[def.Code]
	if noscript == "" {
		noscript = "The editor needs JavaScript."
	}
	title := map[string]string{"sv": "Redigera", "da": "Rediger"}[def.Code]
	if title == "" {
		title = "Edit"
	}
	if def.Title != "" {
		title += " – " + def.Title
	}
	var b bytes.Buffer
	err := indexTmpl.Execute(&b, map[string]string{
		"Lang": def.Code, "Title": title, "NoScript": noscript, "CSP": CSP(doc.Backend),
	})
	return b.Bytes(), err
}

// CSP is the Content-Security-Policy of /admin/: scripts only from the
// site itself; connections to the site and the backend's API and sign-in
// hosts; images also from blob: and data: (previews of files in the
// repository) and the host's avatars.
func CSP(backend map[string]string) string {
	connect := []string{"'self'", "data:", "blob:"}
	img := []string{"'self'", "data:", "blob:"}
	add := func(list *[]string, raw string) {
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return
		}
		o := u.Scheme + "://" + u.Host
		for _, e := range *list {
			if e == o {
				return
			}
		}
		*list = append(*list, o)
	}
	switch backend["name"] {
	case "github":
		add(&connect, "https://api.github.com")
		add(&img, "https://avatars.githubusercontent.com")
		add(&img, "https://raw.githubusercontent.com")
	case "gitlab":
		add(&connect, "https://gitlab.com")
		add(&img, "https://gitlab.com")
		add(&img, "https://secure.gravatar.com")
	case "gitea":
		add(&connect, "https://gitea.com")
		add(&img, "https://gitea.com")
	}
	if backend["api_root"] != "" && backend["name"] != "github" {
		// A self-hosted instance replaces the public one.
		connect, img = []string{"'self'", "data:", "blob:"}, []string{"'self'", "data:", "blob:"}
	}
	add(&connect, backend["api_root"])
	add(&img, backend["api_root"])
	add(&connect, backend["base_url"])
	return fmt.Sprintf("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src %s; media-src 'self' blob: data:; font-src 'self' data:; connect-src %s; worker-src 'self' blob:; manifest-src 'self' blob:; frame-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'",
		strings.Join(img, " "), strings.Join(connect, " "))
}
