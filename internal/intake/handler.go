package intake

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/deltag/deltag/internal/config"
	"github.com/deltag/deltag/internal/forms"
)

// Options adjust a Handler; the zero value takes everything from the
// site's config.
type Options struct {
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Secret is the token key; when nil it is read as intake.secret says.
	Secret []byte
	// Limits replace intake.limits when set (zero fields: defaults).
	Limits *forms.Limits
	// Log receives one line per stored submission and per failure;
	// slog.Default() when nil.
	Log *slog.Logger
	// NotifyTLS is the TLS configuration for intake.notify's server
	// (tests trust their own certificate with it); the system's roots
	// when nil.
	NotifyTLS *tls.Config
	// Shell reads the site's shell page for answers in a language (see
	// ShellFromDir); nil: the intake's own small page. Setup fetches
	// it from the site.
	Shell func(ctx context.Context, lang string) ([]byte, error)
	// NotifyBackoff are the waits between tries of a notification;
	// 30s, 2m, 10m, 30m, 2h when nil.
	NotifyBackoff []time.Duration
}

// Close stops the notifier, giving queued mails until ctx ends. The
// handler still stores posts after Close, but mails no one.
func (h *Handler) Close(ctx context.Context) {
	if h.notify != nil {
		h.notify.close(ctx)
		h.notify = nil
	}
}

// Handler is the intake as an http.Handler, to mount in any Go server.
// It is safe for concurrent use.
type Handler struct {
	cfg     *config.Config
	forms   map[string]*forms.Form
	store   Store
	limits  forms.Limits
	tokens  *tokens
	keyMAC  []byte // key of idempotency hashes
	now     func() time.Time
	log     *slog.Logger
	origins map[string]bool
	prefix  string // the path of intake.url, without trailing /
	notify  *notifier
	shells  *shells
	proxies []netip.Prefix
	guards  Guards
	dups    *dupSet
	langs   map[string]bool
	defLang string
}

// New builds the intake for a site's checked config, storing into store.
func New(cfg *config.Config, store Store, opt Options) (*Handler, error) {
	h := &Handler{
		cfg:     cfg,
		forms:   map[string]*forms.Form{},
		store:   store,
		now:     opt.Now,
		log:     opt.Log,
		origins: map[string]bool{},
		langs:   map[string]bool{},
		defLang: cfg.DefaultLanguage().Code,
	}
	for _, p := range cfg.Intake.TrustProxy {
		pfx, err := forms.ParseProxy(p)
		if err != nil {
			return nil, fmt.Errorf("intake trustProxy: %w", err)
		}
		h.proxies = append(h.proxies, pfx)
	}
	if h.now == nil {
		h.now = time.Now
	}
	if h.log == nil {
		h.log = slog.Default()
	}
	for _, l := range cfg.Languages {
		h.langs[l.Code] = true
	}
	for _, f := range cfg.Forms {
		h.forms[f.ID] = f
	}
	h.shells = &shells{load: opt.Shell, origin: originOf(cfg.BaseURL), now: h.now, cache: map[string]shellEntry{}}
	if cfg.Intake.Notify != nil {
		h.notify = newNotifier(*cfg.Intake.Notify, h.defLang, opt, h.log)
	}
	h.limits = cfg.Intake.Limits
	if opt.Limits != nil {
		h.limits = *opt.Limits
	}
	h.limits = h.limits.WithDefaults()
	key := opt.Secret
	if key == nil {
		var err error
		if key, err = ReadSecret(cfg.Intake.Secret); err != nil {
			return nil, err
		}
	}
	if key != nil {
		h.tokens = &tokens{key: key, min: h.limits.TokenMin, max: h.limits.TokenMax}
	}
	h.keyMAC = []byte("deltag-intake-idempotency")
	if key != nil {
		h.keyMAC = key
	}
	for _, o := range append([]string{cfg.BaseURL, cfg.Intake.URL}, cfg.Intake.Origins...) {
		if o := originOf(o); o != "" {
			h.origins[o] = true
		}
	}
	if u, err := url.Parse(cfg.Intake.URL); err == nil && cfg.Intake.URL != "" {
		h.prefix = strings.TrimSuffix(u.Path, "/")
	}
	if sg, ok := store.(sharedGuards); ok {
		h.guards = sg.Guards(h.limits)
	} else {
		h.guards = newMemoryGuards(h.limits)
	}
	h.dups = &dupSet{window: h.limits.Duplicate, keys: map[[32]byte]time.Time{}}
	return h, nil
}

// ServeHTTP routes:
//
//	POST    /forms/{id}        a submission
//	OPTIONS /forms/{id}        CORS preflight for fetch
//	GET     /forms/{id}/token  a signed time token (404 without a secret)
//	GET     /intake.js         forms.Script
//	GET     /healthz           "ok" when the store takes a write, else 503
//
// All also under the path of intake.url, so a proxy need not strip it.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "same-origin")
	path := r.URL.Path
	if h.prefix != "" && strings.HasPrefix(path, h.prefix+"/") {
		path = strings.TrimPrefix(path, h.prefix)
	}
	switch {
	case path == "/healthz":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.fail(w, r, "", http.StatusMethodNotAllowed, "GET, HEAD")
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		if err := h.store.Check(ctx); err != nil {
			h.log.Error("intake: health check: the store cannot be written", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, "store not writable\n")
			return
		}
		io.WriteString(w, "ok\n")
	case path == "/intake.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		io.WriteString(w, forms.Script)
	case strings.HasPrefix(path, "/forms/"):
		id, rest, _ := strings.Cut(strings.TrimPrefix(path, "/forms/"), "/")
		f := h.forms[id]
		switch {
		case f == nil:
			h.fail(w, r, "", http.StatusNotFound, "")
		case rest == "token":
			h.token(w, r, f)
		case rest != "":
			h.fail(w, r, "", http.StatusNotFound, "")
		case r.Method == http.MethodPost:
			h.submit(w, r, f)
		case r.Method == http.MethodOptions:
			h.preflight(w, r)
		default:
			h.fail(w, r, "", http.StatusMethodNotAllowed, "POST, OPTIONS")
		}
	default:
		h.fail(w, r, "", http.StatusNotFound, "")
	}
}

// origin returns the request's origin (from Origin, else Referer) and
// whether it may post. A request with neither is not from a browser page
// and is allowed: origins guard against other sites' pages, not clients.
func (h *Handler) origin(r *http.Request) (string, bool) {
	o := r.Header.Get("Origin")
	if o == "" {
		if ref := r.Header.Get("Referer"); ref != "" {
			o = originOf(ref)
			if o == "" {
				return "", false
			}
		}
	}
	if o == "" {
		return "", true
	}
	return o, h.origins[o]
}

func (h *Handler) cors(w http.ResponseWriter, origin string) {
	if origin != "" {
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Add("Vary", "Origin")
	}
}

func (h *Handler) preflight(w http.ResponseWriter, r *http.Request) {
	o, ok := h.origin(r)
	if !ok {
		h.fail(w, r, "", http.StatusForbidden, "")
		return
	}
	h.cors(w, o)
	w.Header().Set("Access-Control-Allow-Methods", "POST")
	w.Header().Set("Access-Control-Allow-Headers", "Content-Type, Accept")
	w.Header().Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
}

func (h *Handler) token(w http.ResponseWriter, r *http.Request, f *forms.Form) {
	if r.Method != http.MethodGet {
		h.fail(w, r, "", http.StatusMethodNotAllowed, "GET")
		return
	}
	if h.tokens == nil {
		h.fail(w, r, "", http.StatusNotFound, "")
		return
	}
	o, ok := h.origin(r)
	if !ok {
		h.fail(w, r, "", http.StatusForbidden, "")
		return
	}
	h.cors(w, o)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]string{"token": h.tokens.issue(f.ID, h.now())})
}

// errFile is a multipart body with a file in it.
var errFile = errors.New("file uploads are not accepted")

func (h *Handler) submit(w http.ResponseWriter, r *http.Request, f *forms.Form) {
	now := h.now()
	if r.Body != nil {
		r.Body = &bodyTap{ReadCloser: r.Body}
	}
	origin, ok := h.origin(r)
	if !ok {
		h.fail(w, r, "", http.StatusForbidden, "")
		return
	}
	h.cors(w, origin)
	network := networkOf(h.clientAddr(r), h.limits.IPv6Prefix)
	wait, ok, err := h.guards.Allow(r.Context(), network, now)
	if err != nil {
		h.log.Error("intake: rate limit", "err", err)
		h.fail(w, r, "", http.StatusServiceUnavailable, "")
		return
	}
	if !ok {
		w.Header().Set("Retry-After", retryAfter(wait))
		h.fail(w, r, "", http.StatusTooManyRequests, "")
		return
	}
	ct, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (ct != "application/x-www-form-urlencoded" && ct != "multipart/form-data" && ct != "application/json") {
		h.fail(w, r, "", http.StatusUnsupportedMediaType, "")
		return
	}
	if r.ContentLength > h.limits.Body {
		h.fail(w, r, "", http.StatusRequestEntityTooLarge, "")
		return
	}
	body := http.MaxBytesReader(w, r.Body, h.limits.Body)
	values, err := readValues(body, ct, params, f)
	if err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			h.fail(w, r, "", http.StatusRequestEntityTooLarge, "")
		case errors.Is(err, errFile):
			h.fail(w, r, "", http.StatusUnsupportedMediaType, "")
		default:
			h.fail(w, r, "", http.StatusBadRequest, "")
		}
		return
	}
	lang := h.lang(values["_lang"], r)
	res := forms.Validate(f, values, lang, h.defLang)
	if !res.OK() {
		h.invalid(w, r, f, lang, res.State)
		return
	}
	idem := h.idemKey(f, values["_key"], res.Typed, network, now)
	reasons, err := h.suspicion(r.Context(), f, values, res.Typed, idem, now)
	if err != nil {
		h.log.Error("intake: token check", "form", f.ID, "err", err)
		h.fail(w, r, lang, http.StatusServiceUnavailable, "")
		return
	}
	key := contentKey(f, res.Typed)
	if h.dups.seen(key, now) {
		reasons = append(reasons, ReasonDuplicate)
	}
	sub := &Submission{Form: f.ID, Lang: lang, Spam: reasons, Key: idem}
	for _, fd := range f.Fields {
		v, ok := res.Typed[fd.Name]
		if !ok {
			continue
		}
		if fd.Personal {
			sub.Private = append(sub.Private, Value{fd.Name, v})
		} else {
			sub.Fields = append(sub.Fields, Value{fd.Name, v})
		}
	}
	dup, err := h.store.Put(r.Context(), sub)
	if err != nil {
		h.dups.forget(key)
		h.log.Error("intake: storing failed", "form", f.ID, "err", err)
		h.fail(w, r, lang, http.StatusServiceUnavailable, "")
		return
	}
	if dup {
		h.log.Info("intake: retry of a stored post", "form", f.ID, "id", sub.ID)
	} else {
		h.log.Info("intake: stored", "form", f.ID, "id", sub.ID, "spam", strings.Join(reasons, ","))
		if h.notify != nil && len(reasons) == 0 {
			h.notify.queue(f, sub)
		}
	}
	next := h.successURL(f, lang)
	if wantsJSON(r, ct) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "received", "id": sub.ID, "redirect": next})
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// readValues reads the body into one value per name; only the form's
// fields and the hidden _lang, _token and honeypot are kept.
func readValues(body io.Reader, ct string, params map[string]string, f *forms.Form) (map[string]string, error) {
	keep := func(name string) bool {
		return name == "_lang" || name == "_token" || name == "_key" || name == forms.Honeypot || f.Field(name) != nil
	}
	out := map[string]string{}
	put := func(name, value string) {
		if _, dup := out[name]; !dup && keep(name) {
			out[name] = value
		}
	}
	switch ct {
	case "application/x-www-form-urlencoded":
		data, err := io.ReadAll(body)
		if err != nil {
			return nil, err
		}
		q, err := url.ParseQuery(string(data))
		if err != nil {
			return nil, err
		}
		for k, vs := range q {
			put(k, vs[0])
		}
	case "multipart/form-data":
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, err
			}
			if p.FileName() != "" {
				return nil, errFile
			}
			data, err := io.ReadAll(p)
			if err != nil {
				return nil, err
			}
			put(p.FormName(), string(data))
		}
	case "application/json":
		var m map[string]json.RawMessage
		dec := json.NewDecoder(body)
		if err := dec.Decode(&m); err != nil {
			return nil, err
		}
		if _, err := dec.Token(); err != io.EOF {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return nil, err
			}
			return nil, errors.New("trailing data after JSON")
		}
		for k, raw := range m {
			v, err := jsonValue(raw)
			if err != nil {
				return nil, fmt.Errorf("%q: %w", k, err)
			}
			put(k, v)
		}
	}
	return out, nil
}

// jsonValue turns one JSON value into the string a form post would carry:
// numbers as written, true as "yes", false and null as "". Invalid UTF-8
// is kept invalid (json would quietly replace it), so validation reports
// it.
func jsonValue(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0:
		return "", nil
	case raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		if !utf8.Valid(raw) {
			return string(raw), nil
		}
		return s, nil
	case string(raw) == "true":
		return "yes", nil
	case string(raw) == "false", string(raw) == "null":
		return "", nil
	case raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9':
		return string(raw), nil
	}
	return "", errors.New("want a string, number or true/false")
}

// lang is the language of a submission: _lang when it is a site
// language, else the first path segment of the Referer, else the default.
func (h *Handler) lang(v string, r *http.Request) string {
	if h.langs[v] {
		return v
	}
	if u, err := url.Parse(r.Header.Get("Referer")); err == nil {
		seg, _, _ := strings.Cut(strings.TrimPrefix(u.Path, h.cfg.BasePath()), "/")
		if h.langs[seg] {
			return seg
		}
	}
	return h.defLang
}

// successURL is the form's success page in lang, as an absolute URL on
// the site. Anything that is not on the site becomes the site's home.
func (h *Handler) successURL(f *forms.Form, lang string) string {
	return h.siteURL(f.Success.Get(lang, h.defLang))
}

func (h *Handler) siteURL(path string) string {
	if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") || strings.ContainsAny(path, "\\\r\n") {
		path = "/"
	}
	abs := h.cfg.AbsURL(path)
	base := originOf(h.cfg.BaseURL)
	if base == "" || originOf(abs) == base {
		return abs
	}
	return h.cfg.BaseURL
}

// originOf returns scheme://host[:port] of an absolute http(s) URL, or "".
func originOf(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

// wantsJSON tells whether to answer in JSON: for JSON bodies and for
// callers that ask for JSON before HTML.
func wantsJSON(r *http.Request, ct string) bool {
	if ct == "application/json" {
		return true
	}
	acc := r.Header.Get("Accept")
	j := strings.Index(acc, "application/json")
	if j < 0 {
		return false
	}
	h := strings.Index(acc, "text/html")
	return h < 0 || j < h
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}
