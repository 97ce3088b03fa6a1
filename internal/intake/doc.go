// Package intake receives the site's form posts, validates them against
// the forms in site.yaml (package forms, the same definitions the theme
// renders), and stores them durably for moderation from the command line.
//
// # Serving
//
// Handler is an http.Handler any Go server can mount; `deltag intake`
// (Command) runs it in an http.Server with timeouts, a body limit and a
// graceful shutdown on SIGINT/SIGTERM that finishes requests in flight.
// Routes (also under the path of intake.url):
//
//	POST    /forms/{id}        form post: urlencoded, multipart (no files) or JSON
//	OPTIONS /forms/{id}        CORS preflight for fetch
//	GET     /forms/{id}/token  {"token": …}, a signed time token (needs intake.secret)
//	GET     /intake.js         forms.Script
//	GET     /healthz           "ok", or 503 when the store cannot be written
//
// Answers to a post, in the order they are checked:
//
//	404  unknown form            405  wrong method (with Allow)
//	403  Origin (or Referer) not the site's, the intake's or in intake.origins
//	429  rate limit, per network (IPv4 address, IPv6 /64) then global, with Retry-After
//	415  content type, or a file in a multipart body
//	413  body over intake.limits.body
//	400  body that cannot be parsed
//	422  invalid: JSON {"status":"invalid","errors":[{field,code,message}],"fields":{name:message}}
//	     or a self-contained HTML page in the post's language listing each error
//	     above the form again, filled with what was typed (escaped)
//	303  stored: to the form's success page in the post's language (only ever
//	     a URL on the site); JSON callers get 200 {"status":"received","id":…,"redirect":…}
//	503  the store failed; nothing was acknowledged
//
// The intake's own answer pages (the 4xx/503 pages and the 422 form to
// correct) wear the site's look: the build writes a shell per language
// at /<lang>/intake/ (the site's layouts with its header, menu, footer
// and stylesheet, no body; noindex), and the intake replaces that
// page's title (in <title> and its <h1>) with the answer's and puts the
// answer after the <h1>, with the shell's root-relative
// URLs made absolute on the site. `serve` reads the shells from --public
// DIR (a built site) or fetches them from baseURL, keeping each for ten
// minutes; without one it answers with its own small page. The
// thank-you page is the site's own page (success:).
//
// The language of a post, also for its error pages, is its _lang field
// when that is a site language, else the first path segment of the
// Referer, else the default language.
//
// A retried post is stored once: the enhancing script adds a random _key
// to each filled-in form, and without it (no JavaScript) the key is a
// hash of the form, the values, the day and the client's network. Only a
// keyed hash of either is stored; a post whose key is stored already is
// answered with the first one's receipt.
//
// # Spam
//
// Suspect posts get the same answer as good ones but are stored in the
// state spam with their reasons, so nothing is lost, and `deltag intake
// recover ID` makes a false positive received. Reasons: honeypot (the
// hidden "website" field was filled), links (more than limits.links),
// length (more than limits.length characters), duplicate (the same
// content within limits.duplicate, from another network),
// token-too-fast, token-expired, token-forged, token-replayed (a token is
// good for one post) and, with limits.requireToken, token-missing. No
// third party is asked and nothing tracks anyone: tokens are HMACs of the
// form and the time.
//
// # Storage
//
// Store is the interface; Open picks FileStore (file:DIR, the default),
// PostgresStore (postgres://…) or S3Store (s3://bucket/prefix) from a URL,
// and one contract test suite runs on all three. A file store keeps
//
//	<store>/<form>/inbox/<id>.md   (spam/ for spam) YAML front matter: form,
//	                               id, key, received (RFC 3339 UTC), lang,
//	                               status, spam_reasons, history, fields
//	<store>/<form>/private/<id>.json   personal fields, mode 0600
//
// States: received (or spam) → approved | rejected → published, each
// change kept with who and when (CanMove).
//
// IDs are the server's UTC time and random hex (20261123T124501Z-1a2b3c4d),
// never anything a person sent, and the CLI refuses any other shape.
//
// # Moderation
//
//	deltag intake list [--form ID] [--state STATE]
//	deltag intake show ID [--private]
//	deltag intake approve|reject|recover ID [--by NAME]
//	deltag intake publish ID [--lang sv] [--force]   an approved one: draft page of the form's publish: type
//	deltag intake export --form ID [--format csv|json] [--sep ;]   personal data included
//	deltag intake purge [--older-than 180d] [--form ID] [--dry-run]
//	deltag intake delete ID                          erasure, personal data first
//
// publish takes only approved submissions of a form with publish: (see
// package forms), writes content/<lang>/<section>/<title slug>-<8 hex>.md
// with draft: true, the mapped and set: values only — never a personal
// field — with strings double-quoted and Markdown escaped where Markdown
// is rendered, and moves the submission to published with who and when.
//
// # Notification
//
// With intake.notify, every stored submission that is not spam (nor a
// retry) queues one mail to the moderators (notify.go): SMTP with
// STARTTLS required unless configured otherwise, sent from a goroutine
// and retried after 30s, 2m, 10m, 30m and 2h, each failure logged; a
// post never waits for it. The queue is in memory: `deltag intake serve`
// gives it 10 s at shutdown, and a mail still unsent then is logged as
// such (on AWS Lambda the process may be frozen first; `intake list`
// remains the record).
//
// Every verb takes --store URL (else $DELTAG_STORE, else intake.store).
// DEPLOY.md tells how to run it behind nginx or Caddy, under systemd, in
// a container platform and on AWS Lambda (cmd/deltag-lambda, through
// Setup).
package intake
