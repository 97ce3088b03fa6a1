// Package jekyll implements `deltag import jekyll SRC [--dest DIR]`: it
// reads a Jekyll site and writes a deltag site (site.yaml, content/,
// static/, data/) that `deltag build` builds, so that every URL Jekyll
// built for a page still works.
//
// # Pipeline
//
// Like deltag's own build it runs in stages, one way:
//
//	scan     walk SRC as Jekyll's Reader does (EntryFilter: exclude,
//	         include, _ . # ~ names), sort files into pages, posts,
//	         drafts, collection documents, data and static files
//	parse    split front matter, read it as YAML nodes (order and styles
//	         kept), merge `defaults` with Jekyll's precedence
//	resolve  language, date, the URL Jekyll gave the page (URLRules),
//	         where it goes in deltag and the URL deltag will give it
//	convert  front matter to deltag's, references, links, raw HTML
//	write    aliases, files, templates, data, i18n, site.yaml; every
//	         page is read as deltag will read it (fit.go); then the Report
//
// Import never stops for a content problem: each one is a diagnostic
// with file and line in the Report, and the import goes on.
//
// # Where files go
//
//	_posts/2021-02-03-x.md        content/<lang>/posts/2021-02-03-x.md
//	_drafts/x.md                  content/<lang>/posts/x.md, draft: true (with show_drafts: true, published, dated by the file's time)
//	_<collection>/a/b.md          content/<lang>/<collection>/a/b.md   (output: true only)
//	about.md, en/about.md         content/<lang>/about.md
//	folder/page.md                content/<lang>/folder/page.md
//	folder/index.md, index.md     content/<lang>/folder/_index.md, content/<lang>/_index.md
//	_data/**                      data/**   (same names; CSV is copied but deltag reads YAML and JSON)
//	_<collection>/x.pdf           static/<its Jekyll URL>  (static files of collections with output)
//	_<collection>/x.md            data/collections/<collection>.yaml  (output: false)
//	_layouts/, _includes/         the same paths (rendered as Liquid, package liquid)
//	_config.yml                   the same path (site.<key> in Liquid)
//	assets/x.scss, _sass/         the same paths (compiled at every build, package sass)
//	the gem theme's _sass/        _theme/_sass/ (Sass's second load path, as Jekyll's)
//	robots.txt etc. with front    static/<same path> when there is no Liquid in them
//	matter
//	anything else                 static/<same path>, bytes unchanged
//
// A gem theme (theme: minima) contributes its _layouts, _includes and
// assets where the site has none, and its _sass as a folder of its own
// (found where Ruby installs gems). Also written: data/jekyll_paths.yaml (each page's Jekyll
// source, Liquid's page.path), i18n/<lang>.yaml from UI-string maps in
// _config.yml (strings.go), site.yaml's main menu from a _data menu
// (menus.go), and params.feed when the site had a feed.
//
// Post file names keep their date prefix (zero-padded, which deltag
// reads); a language suffix (-en, .en) that names the page's language
// is dropped, so translations share a name. _plugins are reported, not
// copied, and so are Liquid-processed non-HTML pages such as feed.xml
// (a feed keeps its URL through params.feed).
//
// HTML pages (.html with front matter) become Markdown files with the
// HTML body unchanged; raw HTML passes through deltag's Markdown only
// with markdown.unsafe, which site.yaml then turns on, with a comment
// that it is for trusted content only. (Markdown can still change HTML
// that has blank lines inside a block or indented lines.)
//
// # Languages
//
// A page's language is its `lang` front matter, else the `lang` of its
// `defaults`, else a -xx/.xx file-name suffix naming a known language,
// else a first folder named after one (en/about.md), else the site's
// `lang` (default sv). site.yaml lists every language found, the
// default first, all in the site's `timezone`. `ref` is kept, so pages
// sharing a ref stay translations; when two pages of one language share
// a ref, the later one loses it (reported), as deltag requires.
//
// # Front matter
//
// Kept key for key and in order, keys with hyphens or spaces included,
// with these changes:
//
//   - Dates (date, last_modified_at, lastmod, publishDate, expiryDate,
//     modified) become RFC 3339 with the offset they were written with.
//     A date without an offset is read as Jekyll reads it: a quoted one
//     in the site's time zone, an unquoted one as UTC (SafeYAML), and
//     is written in the site's time zone.
//   - permalink becomes url (placeholders filled in, see URLs).
//   - redirect_from (a string or a list) becomes aliases.
//   - published: false becomes draft: true; with unpublished: true in
//     _config.yml (Jekyll built such pages) it becomes jekyll_published.
//   - future: true in _config.yml becomes content: {future: true} in
//     site.yaml: every build publishes pages dated ahead, as Jekyll did.
//   - categories and tags written as one string are split at spaces, as
//     Jekyll does.
//   - Values naming a content file of the site ("_themes/x.md",
//     "_posts/2021-02-03-y.md", "about/team.md") become deltag
//     references ("themes/x", "posts/y", "about/team") when deltag will
//     find that page: published, in the page's language or the default
//     one. Any other value deltag would read as a reference (naming no
//     file, an unpublished page, a page only in another language) is
//     kept as text, written with a leading "./", and reported (refs.go).
//   - Links in Markdown to .md files point at the imported file; a link
//     to no page stays a link to the same address (its dot escaped, so
//     deltag does not check it) and is reported.
//   - form and type (which the site used for its own purpose) become
//     jekyll_form and jekyll_type; links: entries without a url are
//     dropped; any other key deltag reads as its own and rejects becomes
//     jekyll_<key>.
//   - A collection becomes one of deltag's types by its fields, never by
//     its name (types.go, typelist.go): when every document has a start
//     (date, start, start_date, starts, …) and a place (location, place,
//     venue, …), it is the event type: site.yaml declares it for the
//     collection's section, and each document gets event: {start, end,
//     allDay, location, organiser, registration, online} beside its own
//     keys (a bare date with time: 18:00 or 18:00–20:00 is a start and an
//     end; a bare date alone is all day). Else, tried in this order: a
//     funder in every document makes it the project type, goal and idea
//     the idea type, total and currency the pool type. Otherwise the
//     collection stays plain pages, the report says per collection which
//     types were tried and which document lacks which field (file and
//     line), and documents of collections
//     named like deltag's typed sections (events, ideas, projects,
//     pools, budgets) get type: _default, so they keep plain layouts.
//   - `defaults` values are written into each page (deltag has none),
//     except permalink, which becomes the page's url as its own
//     permalink does (a language's home excepted, which is deltag's
//     home at the same URL).
//   - Keys deltag reads differently and Jekyll ignores (url, aliases,
//     draft) are renamed jekyll_url, jekyll_aliases, jekyll_draft.
//   - With a custom excerpt_separator, the text before it becomes
//     summary.
//
// Front matter that is not YAML is reported with its line. Jekyll
// ignored all of such front matter; when an HTML comment is the cause
// the import drops the comment and keeps the rest, else the page comes
// without front matter.
//
// # URLs
//
// URLRules.URL computes the URL Jekyll 4.3 gives a page from the site
// permalink style or template, collection permalinks, the page's own
// permalink and Jekyll's placeholders (:categories, :title, :slug,
// :year, …, :path, :basename, :output_ext), in the site's time zone.
// Pages Jekyll did not build (drafts, published: false, posts and
// collection documents dated after the import, each unless _config.yml's
// show_drafts, unpublished or future said otherwise) have no Jekyll URL.
//
// The rule for every page with a Jekyll URL U:
//
//   - A page with its own permalink keeps it: url: U. (A permalink
//     without trailing slash or extension, which Jekyll wrote as
//     U.html, becomes url: U.html.)
//   - Any other page gets deltag's own URL (/:lang/:section/:slug/) and
//     U as an alias, for which deltag writes a redirect page (U itself
//     when it ends in .html, else U/index.html). No alias is added
//     when deltag's URL is U already.
//   - A home or section text (_index.md) has no aliases in deltag: its
//     old URL gets a redirect page in static/ instead.
//   - U = / (the home page) redirects to the home page of the default
//     language (static/index.html, which wins over deltag's language
//     chooser); an alias that would take a file deltag writes for
//     something else (a feed, a list, a static file, another page) is
//     dropped and reported.
//
// aliases and url are paths as written to disk, not percent-encoded.
//
// # File names
//
// Static files keep their names, spaces and non-ASCII letters
// included. A name in decomposed Unicode (NFD, as macOS writes "å") is
// kept, and a copy under the composed name (NFC) is added, because
// browsers request the composed form while a Linux host matches names
// byte for byte; the report counts those copies.
package jekyll
