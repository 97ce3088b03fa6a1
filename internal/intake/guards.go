package intake

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/deltag/deltag/internal/forms"
	"golang.org/x/time/rate"
)

// Guards are the rate limits and the one-use check of time tokens.
//
// The in-memory guards (newMemoryGuards) hold per instance: with N
// instances a client gets N times the limits, so DEPLOY.md caps the
// instances. A store that can share them between instances (the
// PostgreSQL store: counters per network and window in the database)
// implements sharedGuards, and the handler uses those instead.
type Guards interface {
	// Allow takes one post for a client network and, when the network
	// is within its limit, one from the global limit. When either is
	// spent it takes nothing from the global one and says how long to
	// wait, so one network can never drain the global limit for others.
	Allow(ctx context.Context, network string, now time.Time) (wait time.Duration, ok bool, err error)
	// FirstUse records that the post with idempotency key used a token,
	// until a time, and reports whether no other post used it before (a
	// retry of the same post may use its token again).
	FirstUse(ctx context.Context, token, key string, now, until time.Time) (bool, error)
}

// sharedGuards is a Store that also provides Guards shared by every
// instance using it.
type sharedGuards interface {
	Guards(limits forms.Limits) Guards
}

// memoryGuards are token buckets per network and one global bucket, and
// a set of used tokens, all bounded: at most limits.Keys networks (a
// bucket idle long enough to be full again is the same as none and is
// dropped; past the bound, new networks share one overflow bucket, so
// an attacker rotating networks limits itself, not the residents already
// counted) and at most limits.Keys used tokens (past it, the oldest are
// forgotten).
type memoryGuards struct {
	global *rate.Limiter
	perNet rate.Limit
	burst  int
	max    int
	idle   time.Duration // a bucket idle this long is full again

	mu       sync.Mutex
	nets     map[string]*netBucket
	overflow *rate.Limiter
	sweep    time.Time
	used     map[string]tokenUse
}

type netBucket struct {
	lim  *rate.Limiter
	last time.Time
}

func newMemoryGuards(l forms.Limits) *memoryGuards {
	perNet := rate.Limit(float64(l.PerIP) / 60)
	return &memoryGuards{
		global:   rate.NewLimiter(rate.Limit(float64(l.Global)/60), l.Global),
		perNet:   perNet,
		burst:    l.PerIP,
		max:      l.Keys,
		idle:     time.Minute + time.Second,
		nets:     map[string]*netBucket{},
		overflow: rate.NewLimiter(perNet, l.PerIP),
		used:     map[string]tokenUse{},
	}
}

func (g *memoryGuards) bucket(network string, now time.Time) *rate.Limiter {
	g.mu.Lock()
	defer g.mu.Unlock()
	if b := g.nets[network]; b != nil {
		b.last = now
		return b.lim
	}
	if len(g.nets) >= g.max || now.Sub(g.sweep) > g.idle {
		for k, b := range g.nets {
			if now.Sub(b.last) > g.idle {
				delete(g.nets, k)
			}
		}
		g.sweep = now
	}
	if len(g.nets) >= g.max {
		return g.overflow
	}
	b := &netBucket{lim: rate.NewLimiter(g.perNet, g.burst), last: now}
	g.nets[network] = b
	return b.lim
}

func (g *memoryGuards) Allow(_ context.Context, network string, now time.Time) (time.Duration, bool, error) {
	lim := g.bucket(network, now)
	r := lim.ReserveN(now, 1)
	if !r.OK() {
		return time.Minute, false, nil
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d, false, nil
	}
	gr := g.global.ReserveN(now, 1)
	if !gr.OK() {
		r.CancelAt(now)
		return time.Minute, false, nil
	}
	if d := gr.DelayFrom(now); d > 0 {
		gr.CancelAt(now)
		r.CancelAt(now)
		return d, false, nil
	}
	return 0, true, nil
}

// tokenUse is the post that used a token, and until when it counts.
type tokenUse struct {
	key   string
	until time.Time
}

func (g *memoryGuards) FirstUse(_ context.Context, token, key string, now, until time.Time) (bool, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if u, seen := g.used[token]; seen && now.Before(u.until) {
		return u.key == key, nil
	}
	if len(g.used) >= g.max {
		for k, u := range g.used {
			if !now.Before(u.until) {
				delete(g.used, k)
			}
		}
		for k := range g.used {
			if len(g.used) < g.max {
				break
			}
			delete(g.used, k) // full of live tokens: forget some
		}
	}
	g.used[token] = tokenUse{key, until}
	return true, nil
}

// networkOf is the key rate limits count a client by: an IPv4 address,
// or the IPv6 network of prefix bits (one household's or phone's /64:
// its host part is the client's to choose).
func networkOf(a netip.Addr, prefix int) string {
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, err := a.Prefix(prefix)
	if err != nil {
		return a.String()
	}
	return p.String()
}

// clientAddr is the client's address: the peer's, or, when the peer is
// a trusted proxy, the right-most X-Forwarded-For address that is not
// itself a trusted proxy (proxies append the address they saw, so
// anything to the left of that is whatever the client claimed).
func (h *Handler) clientAddr(r *http.Request) netip.Addr {
	peer := peerAddr(r.RemoteAddr)
	if !h.trusted(peer) {
		return peer
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return peer // a hop we cannot read: stop believing the chain
		}
		a = a.Unmap()
		if !h.trusted(a) {
			return a
		}
		peer = a
	}
	return peer
}

func (h *Handler) trusted(a netip.Addr) bool {
	for _, p := range h.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func peerAddr(remote string) netip.Addr {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.IPv4Unspecified()
	}
	return a.Unmap()
}
