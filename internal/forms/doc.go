// Package forms holds form definitions from site.yaml: the one definition
// the theme renders (Render) and the intake validates against (Validate).
//
// # site.yaml
//
// Texts marked "text" are a locale.Text: one string for every language or
// a map of language code to string. Every site language needs every text
// that is given; Check reports what is missing, with the line.
//
//	intake:
//	  url: https://intake.portal.example.se  # forms post to <url>/forms/<id>
//	  origins: [https://www.example.dk]       # extra origins allowed to post; the
//	                                          # baseURL origin and the url's own are always allowed
//	  secret: env:DELTAG_INTAKE_SECRET        # HMAC key for time tokens: env:NAME or file:/path
//	  trustProxy: [127.0.0.1, "::1"]          # proxies whose X-Forwarded-For is believed
//	  store: file:submissions                 # or postgres://… or s3://bucket/prefix?endpoint=…
//	  notify:                                 # optional: mail the moderators about every new submission
//	    to: [moderator@example.dk]            # (not spam, not a retry), in the default language
//	    from: intake@example.dk
//	    host: smtp.example.dk
//	    port: 587                             # [587; 465 with tls: tls; 25 with tls: none]
//	    tls: starttls                         # [starttls, required]; tls; none (a relay on this machine)
//	    includeFields: [activity]             # values put in the mail, personal ones too [none]
//	                                          # user/password: DELTAG_SMTP_USER, DELTAG_SMTP_PASSWORD
//	  limits:                                 # all optional; [default]
//	    perIP: 10          # posts per minute from one address [10]
//	    global: 600        # posts per minute in all [600]
//	    body: 65536        # bytes per request body [64 KiB]
//	    links: 3           # more links than this in one post: suspect [3]
//	    length: 20000      # more characters than this in all fields: suspect [20000]
//	    duplicate: 10m     # the same content again within this: suspect [10m]
//	    tokenMin: 3s       # token younger than this: suspect (too fast) [3s]
//	    tokenMax: 24h      # token older than this: suspect (expired) [24h]
//	    requireToken: false # a post without token: suspect [false]
//	    ipv6Prefix: 64     # IPv6 clients count per network of this size [64]
//	    keys: 65536        # networks one instance tracks; more share one bucket [65536]
//
//	forms:
//	  - id: pool-application        # ^[a-z0-9-]+$, unique; URL <intake>/forms/<id>
//	    title: {sv: …, da: …}        # text
//	    success: {sv: /sv/tack/, da: /da/tak/}  # text: a path on the site, where a good post is sent
//	    submit: {sv: Skicka ansökan, da: Send ansøgning}  # text, optional button label
//	    controller: {sv: …, da: …}   # text: who keeps the data (privacy notice); needed with personal fields
//	    purpose: {sv: …, da: …}      # text: why (privacy notice); needed with personal fields
//	    retention: 180              # days personal data is kept (1–3650); needed with personal fields
//	    publish:                    # optional: what an approved submission becomes (`intake publish`);
//	                                # without it the form's submissions cannot be published
//	      type: project             # a type of types:; the draft is a page of it
//	      section: projects         # optional: content/<lang>/<section>/ [the type's section]
//	      fields:                   # page key: form field
//	        title: activity         # title, summary, body (a list: sections of the text) or a field of the type
//	        purpose: purpose
//	      set:                      # fixed values of the type's fields
//	        pool: pools/faellesskabspulje
//	    action: https://…           # optional: post here instead of <intake.url>/forms/<id>
//	    fields:
//	      - name: applicant         # ^[a-z][a-z0-9_]*$; not "website" nor _anything
//	        kind: text              # text (default), textarea, email, number, date, choice, checkbox, consent
//	        label: {sv: …, da: …}   # text, required
//	        hint: {sv: …, da: …}    # text, optional
//	        required: true
//	        personal: true          # kept apart (private/<id>.json, mode 0600), never published
//	        autocomplete: name      # the HTML autocomplete token
//	        min: 2                  # text kinds: characters; number: value; date: YYYY-MM-DD
//	        max: 200
//	        choices: [a, b]         # choice only: plain strings, or {value: …, label: text}
//	        errors: {required: {sv: …, da: …}}  # override a default error text
//
// The publish: mapping is checked with the types (CheckPublish): the
// type must exist; every key is title, summary, body or a field of the
// type; every form field named must exist, must not be personal, and
// must fit the field's kind (text → string, text, markdown; textarea →
// text, markdown; email → email, string; number → number, money; date →
// date; choice → choice with the same values, or string; checkbox →
// bool); every required field of the type must be filled, by a required
// form field or by set:. Each mistake is an error with its line.
//
// Kinds: number takes whole numbers as people write them ("20 000",
// "20.000", "20000,00"); date takes YYYY-MM-DD (the browser's date input);
// choice is a group of radio buttons; checkbox is yes/no; consent is a
// checkbox that must be ticked (always required). Text without max: is
// limited to DefaultTextMax characters, textarea to DefaultTextareaMax.
//
// Error codes (for errors:): required, minlength, maxlength, number, min,
// max, email, date, choice, encoding, invalid. Texts may use {label},
// {label_lc} (first letter lowercased), {min} and {max}. Defaults exist in
// sv, da and en.
//
// # Rendered HTML
//
// Render writes one <form class="form" id="form-<id>"> that needs no
// inline style or script. Each field has id "field-<name>" (the first
// radio of a choice has it, the others "field-<name>-2", …), so the error
// summary's links "#field-<name>" land on it; hints and errors are tied to
// their input with aria-describedby, invalid inputs get aria-invalid, and
// required ones the required attribute and a visual "*" explained at the
// top. Classes for the theme's CSS:
//
//	form                       the <form>
//	form-error-summary         box at the top listing every error (role=alert, tabindex=-1)
//	form-error-summary-title   its <h2>
//	form-error-summary-list    its <ul> of links to fields
//	form-required-note         "Fields marked * are required."
//	form-field                 wrapper of one field; plus form-field-<kind>
//	form-field-error           added to the wrapper when the field has an error
//	form-label                 a field's <label>
//	form-fieldset, form-legend the group and caption of a choice
//	form-hint                  hint text
//	form-error-message         error text next to the field
//	form-visually-hidden       text for screen readers only ("Error:"); hide visually
//	form-required              the "*" mark (aria-hidden)
//	form-input                 text, email, number and date inputs and the textarea
//	form-textarea, form-input-number, form-input-date   kind-specific extras
//	form-option                one radio or checkbox with its label
//	form-radio, form-checkbox, form-option-label
//	form-privacy, form-privacy-title   the privacy notice (before the first consent field, else before the button)
//	form-hp                    the honeypot: MUST be hidden visually, e.g.
//	                           .form-hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
//	form-submit                the submit button
//
// Hidden fields the intake reads: _lang (the language the form was shown
// in), _token (filled by Script) and the honeypot "website" (labelled
// "leave this field empty", tabindex=-1, autocomplete=off).
package forms
