// Package cms generates a git-based CMS for a deltag site: Sveltia CMS
// (Decap-compatible configuration), configured from site.yaml.
//
// Files turns a site's Config into the files of /admin/: index.html (a
// Content-Security-Policy meta; everything is served from the site's own
// origin), config.yml, and the bundle vendored from npm (@sveltia/cms,
// pinned in package.json and package-lock.json here) as sveltia-cms.min.js
// with its fonts, licences and sv/da UI strings. The bundle would load its
// fonts and UI strings from CDNs: the vendored copy is the npm file with
// the three font URLs pointed at fonts/ (vendorBundle), and locales.js
// answers its fetches of UI strings (and of its latest version) from the
// copies beside it. `npm ci` here and `go test -run TestVendoredBundle
// -update` rewrite vendor/; without -update the test checks it. Files is a
// pure function: configuration in, files out.
//
// # In the build
//
// `deltag cms` writes the files into the site's static/admin/, so every
// build (and serve) publishes them without knowing about the CMS. As a
// build extension it is one "extra outputs" step: call Files(cfg, opt)
// after load and write each File under the destination (the bundle is
// named *.min.js so the minifier leaves it alone); opt would come from a
// cms: block in site.yaml (backend, repo, branch, api_root, base_url,
// app_id), which config does not have yet.
//
// # What the configuration says
//
// One collection per section of sections: that is not a taxonomy (typed
// sections and untyped ones such as news), in the order of the main menu
// and then by name, and a "pages" collection for pages outside any
// section (content/<lang>/*.md). Each collection:
//
//	folder       content/{{locale}}/<section>: deltag's layout
//	             content/<lang>/<section>/<slug>.md
//	i18n         every language of site.yaml, the default one first; the
//	             pages of one entry are linked by ref: (canonical_slug key)
//	slug         {{title}} per language, in ASCII with the language's
//	             transliteration (sv å→a, ö→o; da æ→ae, ø→oe, å→aa), as
//	             locale.Slugify does; the pattern allows only what deltag
//	             writes (a-z, 0-9, single dashes)
//	fields       title (required), date, summary, draft, image and
//	             image_alt, the taxonomies, the type's fields in the map
//	             named by its key (event: {…}), and the Markdown body
//
// A type's fields become widgets by kind:
//
//	string, text, markdown   string, text, markdown
//	date, datetime           datetime (date: YYYY-MM-DD; datetime: the
//	                         wall-clock time without an offset, which
//	                         deltag reads in the event's or the language's
//	                         time zone)
//	number, money            number (money's currency is its sibling field)
//	url, email               string with the pattern the build checks
//	choice                   select with the choices' labels
//	reference                relation to the collection of the type named
//	                         by to:, storing <section>/<slug>; a string
//	                         with a path pattern without to:
//	list                     list of strings, or of objects with fields:
//	map, place               object ({name, address} for a place)
//	bool                     boolean
//
// Required fields are required in the CMS as in the build; every other
// field is optional, and output.omit_empty_optional_fields keeps the CMS
// from writing empty values. Text and Markdown are translated per
// language; dates, numbers, choices, URLs and references are entered once
// and copied into every language (i18n: duplicate). Labels are the
// field's labels in every language ("Börjar / Starter"); hints say the
// format in sv and da.
//
// The backend (GitHub, GitLab, Gitea/Forgejo, or test-repo for tests) is
// not in site.yaml: it comes from Options (deltag cms flags).
package cms
