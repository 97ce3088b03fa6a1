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
//	             pages of one entry are linked by ref: (canonical_slug key,
//	             value refTemplate: the entry's own ref, else the default
//	             language's slug)
//	slug         {{title}} per language, in ASCII with the language's
//	             transliteration (sv å→a, ö→o; da æ→ae, ø→oe, å→aa), as
//	             locale.Slugify does; the pattern allows only what deltag
//	             writes (a-z, 0-9, single dashes)
//	fields       title (required), date, summary, draft, image ({src,
//	             alt}), the taxonomies, the type's fields in the map
//	             named by its key (event: {…}), and the Markdown body
//
// A type's fields become widgets by kind:
//
//	string, text, markdown   string, text, markdown
//	date, datetime           datetime (date: YYYY-MM-DD; datetime:
//	                         YYYY-MM-DDTHH:mm, the wall-clock minute
//	                         without an offset, which deltag reads in the
//	                         event's or the language's time zone)
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
// from writing empty values: a field emptied in the CMS loses its key
// (deltag would also read `date: ""` or `draft:` as absent). A switch
// (boolean) has no default, but Sveltia writes false for one left off,
// which deltag reads as it reads no value. The image is an optional
// object {src, alt}, deltag's map form: the communicator adds or removes
// it with a checkbox, and src and alt are required only inside it, so the
// alt text is required exactly when there is an image. Text and Markdown are translated per
// language; dates, numbers, choices, URLs and references are entered once
// and copied into every language (i18n: duplicate). Labels are the
// field's labels in every language ("Börjar / Starter"); hints say the
// format in sv and da.
//
// The backend (GitHub, GitLab, Gitea/Forgejo, or test-repo for tests) is
// not in site.yaml: it comes from Options (deltag cms flags).
//
// # What the CMS keeps
//
// Sveltia writes the whole front matter of an entry on every save (in
// the order of the fields, then the keys it has no field for, without
// quotes it does not need). What a communicator did not touch must keep
// its value, and the browser test TestCMSKeepsWhatWasNotEdited checks it
// key by key on pages that change only their title:
//
//   - ref: Sveltia writes the canonical_slug key into every file of the
//     entry on each save, from the value template. With {{slug}} (its
//     default) an existing page's ref became the Swedish slug, relinking
//     or unlinking translations (ref: medborgarbudget on boendebudget-2021.md).
//     refTemplate writes the ref the entry has, and the slug only when it
//     has none: a new entry, whose translations then share it, or a page
//     linked to its translations by the same file name, whose files all
//     get ref: <slug>, the same link.
//   - Dates: the picker shows minutes, and on opening a page Sveltia
//     compares the stored value with the picker's by parsing both with
//     the field's format, writing the picker's when they differ. With
//     seconds in the format, 2021-02-03 15:34:34 +0100 came back as
//     2021-02-03T15:34:00, its seconds and offset gone. With the minute
//     format both are the same minute, so the value stays as written
//     until the communicator changes it; a changed or new value is the
//     wall-clock minute deltag reads in the page's time zone. A value with
//     an offset other than the site's is shown at its written wall-clock
//     time, as before.
//   - lastmod and every key without a field (links, thumbnail, excerpt)
//     are written back as they were.
//   - Defaults: Sveltia fills a field's default into an existing entry
//     that lacks the key, so date defaults to now only where it is
//     required (dated sections), and switches have no default.
//
// Three things Sveltia cannot be configured to keep; the build warns at
// the file and line of each while the site has a cms: block (Unkept),
// naming the form that the CMS keeps and deltag reads the same:
//
//   - image: /path (with image_alt:): the object widget drops a plain
//     path; image: {src: /path, alt: …} is kept.
//   - ref: "" (no translations): the template's result is slugified and
//     never empty, so the CMS writes the slug; and when it loads, every
//     file with ref: "" in a collection is one entry, so only one of them
//     is listed. A ref that no page in another language has means the
//     same to deltag (no translations).
//   - a ref not in Sveltia's slug form (uppercase, spaces, letters beyond
//     ASCII): it is slugified on save, in every file of the entry, which
//     stay linked to each other but not to a file elsewhere with the old
//     ref.
//
// Sveltia 0.221.1 throws in its language switch once an entry that has
// no file in one of the languages is saved (the files are written all the
// same); the browser test tolerates that one exception.
package cms
