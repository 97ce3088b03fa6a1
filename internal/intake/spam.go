package intake

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
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
	ReasonTokenReplay  = "token-replayed"
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
func (h *Handler) suspicion(ctx context.Context, f *forms.Form, values map[string]string, typed map[string]any, key string, now time.Time) ([]string, error) {
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
		} else {
			// A good token is good for one post: a replayed one (from a
			// script that fetched one token and posts many times) is
			// suspect. A retry of the same post (same idempotency key)
			// may use it again, also after its first try failed.
			first, err := h.guards.FirstUse(ctx, f.ID+" "+tok, key, now, now.Add(h.limits.TokenMax+time.Minute))
			if err != nil {
				return nil, err
			}
			if !first {
				reasons = append(reasons, ReasonTokenReplay)
			}
		}
	}
	return reasons, nil
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

// retryAfter is the Retry-After value for a wait: whole seconds, at
// least 1.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(int(math.Max(1, math.Ceil(d.Seconds()))))
}

// clientKeyPattern is the random _key the enhancing script adds.
var clientKeyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)

// idemKey is a post's idempotency key: a keyed hash (the intake secret,
// when there is one) of the form and the random _key the enhancing script
// adds to each filled-in form. Without one (no JavaScript) it hashes the
// form, every typed value, the day and the client's network, so a double
// click or a resent post is stored once while two residents who answer a
// poll the same way are not merged. Only the hash is stored.
func (h *Handler) idemKey(f *forms.Form, clientKey string, typed map[string]any, network string, now time.Time) string {
	m := hmac.New(sha256.New, h.keyMAC)
	if clientKeyPattern.MatchString(clientKey) {
		fmt.Fprintf(m, "deltag-intake-key\x00%s\x00%s", f.ID, clientKey)
	} else {
		c := contentKey(f, typed)
		fmt.Fprintf(m, "deltag-intake-post\x00%s\x00%s\x00%s\x00%x", f.ID, now.UTC().Format("2006-01-02"), network, c[:])
	}
	return hex.EncodeToString(m.Sum(nil)[:20])
}
