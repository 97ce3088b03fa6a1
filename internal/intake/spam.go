package intake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/deltag/deltag/internal/forms"
	"golang.org/x/time/rate"
)

// Spam reasons, as stored in spam_reasons.
const (
	ReasonHoneypot     = "honeypot"
	ReasonLinks        = "links"
	ReasonLength       = "length"
	ReasonDuplicate    = "duplicate"
	ReasonTokenMissing = "token-missing"
	ReasonTokenForged  = "token-forged"
	ReasonTokenFast    = "token-too-fast"
	ReasonTokenExpired = "token-expired"
)

// ReadSecret reads the HMAC key named by an intake secret: "env:NAME" or
// "file:/path". An empty spec means no tokens. A named key that is
// missing or shorter than 16 bytes is an error: better to refuse to start
// than to run with tokens anyone can forge.
func ReadSecret(spec string) ([]byte, error) {
	var key string
	switch {
	case spec == "":
		return nil, nil
	case strings.HasPrefix(spec, "env:"):
		key = os.Getenv(strings.TrimPrefix(spec, "env:"))
	case strings.HasPrefix(spec, "file:"):
		b, err := os.ReadFile(strings.TrimPrefix(spec, "file:"))
		if err != nil {
			return nil, fmt.Errorf("intake secret: %w", err)
		}
		key = strings.TrimSpace(string(b))
	default:
		return nil, fmt.Errorf("intake secret %q: want env:NAME or file:/path", spec)
	}
	if len(key) < 16 {
		return nil, fmt.Errorf("intake secret %s: missing or shorter than 16 characters", spec)
	}
	return []byte(key), nil
}

// tokens signs and checks time tokens: "<unix seconds>.<mac>", the mac an
// HMAC-SHA256 over the form id and the time, cut to 16 bytes.
type tokens struct {
	key      []byte
	min, max time.Duration
}

func (tk *tokens) mac(form string, unix int64) string {
	m := hmac.New(sha256.New, tk.key)
	fmt.Fprintf(m, "deltag-intake-token\x00%s\x00%d", form, unix)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

func (tk *tokens) issue(form string, now time.Time) string {
	u := now.Unix()
	return strconv.FormatInt(u, 10) + "." + tk.mac(form, u)
}

// check returns "" for a good token, else a spam reason.
func (tk *tokens) check(form, tok string, now time.Time) string {
	ts, mac, ok := strings.Cut(tok, ".")
	if !ok || len(tok) > 64 {
		return ReasonTokenForged
	}
	u, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || !hmac.Equal([]byte(mac), []byte(tk.mac(form, u))) {
		return ReasonTokenForged
	}
	age := now.Sub(time.Unix(u, 0))
	switch {
	case age < -5*time.Second:
		return ReasonTokenForged
	case age < tk.min:
		return ReasonTokenFast
	case age > tk.max:
		return ReasonTokenExpired
	}
	return ""
}

var linkPattern = regexp.MustCompile(`(?i)https?://|www\.|<a\s|\[url`)

// suspicion returns the spam reasons for a valid submission, in a fixed
// order.
func (h *Handler) suspicion(f *forms.Form, values map[string]string, typed map[string]any, now time.Time) []string {
	var reasons []string
	if values[forms.Honeypot] != "" {
		reasons = append(reasons, ReasonHoneypot)
	}
	links, length := 0, 0
	for _, fd := range f.Fields {
		if s, ok := typed[fd.Name].(string); ok {
			links += len(linkPattern.FindAllStringIndex(s, -1))
			length += utf8.RuneCountInString(s)
		}
	}
	if links > h.limits.Links {
		reasons = append(reasons, ReasonLinks)
	}
	if length > h.limits.Length {
		reasons = append(reasons, ReasonLength)
	}
	if h.tokens != nil {
		if tok := values["_token"]; tok == "" {
			if h.limits.RequireToken {
				reasons = append(reasons, ReasonTokenMissing)
			}
		} else if r := h.tokens.check(f.ID, tok, now); r != "" {
			reasons = append(reasons, r)
		}
	}
	return reasons
}

// contentKey hashes what a person wrote in a form, personal fields
// included, so the same submission twice has the same key.
func contentKey(f *forms.Form, typed map[string]any) [32]byte {
	names := make([]string, 0, len(typed))
	for k := range typed {
		names = append(names, k)
	}
	sort.Strings(names)
	m := sha256.New()
	fmt.Fprintf(m, "%s\x00", f.ID)
	for _, k := range names {
		fmt.Fprintf(m, "%s\x00%v\x00", k, typed[k])
	}
	var out [32]byte
	m.Sum(out[:0])
	return out
}

// dupSet remembers content keys for a window.
type dupSet struct {
	window time.Duration
	mu     sync.Mutex
	keys   map[[32]byte]time.Time
	sweep  time.Time
}

// forget drops key, after its submission could not be stored.
func (d *dupSet) forget(key [32]byte) {
	d.mu.Lock()
	delete(d.keys, key)
	d.mu.Unlock()
}

// seen records key and reports whether it was already seen within the
// window.
func (d *dupSet) seen(key [32]byte, now time.Time) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if now.Sub(d.sweep) > d.window {
		for k, t := range d.keys {
			if now.Sub(t) > d.window {
				delete(d.keys, k)
			}
		}
		d.sweep = now
	}
	if t, ok := d.keys[key]; ok && now.Sub(t) <= d.window {
		return true
	}
	d.keys[key] = now
	return false
}

// limiter holds the global and per-address token buckets.
type limiter struct {
	global *rate.Limiter
	perIP  rate.Limit
	burst  int

	mu    sync.Mutex
	ips   map[string]*ipBucket
	sweep time.Time
}

type ipBucket struct {
	lim  *rate.Limiter
	last time.Time
}

func newLimiter(perMinute, globalPerMinute int) *limiter {
	return &limiter{
		global: rate.NewLimiter(rate.Limit(float64(globalPerMinute)/60), globalPerMinute),
		perIP:  rate.Limit(float64(perMinute) / 60),
		burst:  perMinute,
		ips:    map[string]*ipBucket{},
	}
}

// allow takes one token for ip and one from the global bucket; when
// either is empty it takes none and says how long to wait.
func (l *limiter) allow(ip string, now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	if now.Sub(l.sweep) > time.Minute {
		for k, b := range l.ips {
			if now.Sub(b.last) > 10*time.Minute {
				delete(l.ips, k)
			}
		}
		l.sweep = now
	}
	b := l.ips[ip]
	if b == nil {
		b = &ipBucket{lim: rate.NewLimiter(l.perIP, l.burst)}
		l.ips[ip] = b
	}
	b.last = now
	l.mu.Unlock()

	r := b.lim.ReserveN(now, 1)
	if !r.OK() {
		return time.Minute, false
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d, false
	}
	g := l.global.ReserveN(now, 1)
	if !g.OK() {
		r.CancelAt(now)
		return time.Minute, false
	}
	if d := g.DelayFrom(now); d > 0 {
		g.CancelAt(now)
		r.CancelAt(now)
		return d, false
	}
	return 0, true
}

// retryAfter is the Retry-After value for a wait: whole seconds, at
// least 1.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(int(math.Max(1, math.Ceil(d.Seconds()))))
}
