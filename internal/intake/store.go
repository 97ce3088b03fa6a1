package intake

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Store keeps submissions. Every backend passes the same contract suite
// (contract_test.go):
//
//   - Put stores a submission durably: when it returns nil, it survives a
//     crash of the process. The public part and the personal part (Private)
//     are kept apart — a separate file, table or object — and personal
//     data is never returned by Get or List. A submission with a Key is
//     stored once: a second Put with the same key stores nothing, sets
//     sub.ID and sub.Received to the first one's and returns dup = true.
//   - Get, List and Private read back; ErrNotFound when there is no such
//     submission.
//   - SetState moves a submission along the states (see CanMove) and keeps
//     each change with who made it and when.
//   - Delete erases a submission and its personal data (a data subject's
//     erasure request); Purge deletes the personal data of a form's
//     submissions received before a time, and whatever a crash left half
//     written.
//   - Check writes to the store; /healthz fails when it fails.
//
// Open picks the backend from a URL.
type Store interface {
	Put(ctx context.Context, sub *Submission) (dup bool, err error)
	Get(ctx context.Context, id string) (*Record, error)
	Private(ctx context.Context, id string) (map[string]any, error)
	List(ctx context.Context, q Query) ([]*Record, error)
	Forms(ctx context.Context) ([]string, error)
	SetState(ctx context.Context, id, state, who string) error
	Delete(ctx context.Context, id string) error
	Purge(ctx context.Context, form string, before time.Time, dryRun bool) (int, error)
	Check(ctx context.Context) error
	Close() error
}

// Query selects submissions for List; empty fields match all.
type Query struct {
	Form  string
	State string
}

// States of a submission. A post starts as received, or as spam when the
// spam defence suspects it.
const (
	StateSpam      = "spam"
	StateReceived  = "received"
	StateApproved  = "approved"
	StateRejected  = "rejected"
	StatePublished = "published"
)

var moves = map[string][]string{
	StateSpam:     {StateReceived},
	StateReceived: {StateApproved, StateRejected, StateSpam},
	StateApproved: {StatePublished, StateRejected},
	StateRejected: {StateApproved},
}

// CanMove reports whether a submission may go from one state to another:
// spam → received (recover); received → approved | rejected | spam;
// approved → published | rejected; rejected → approved. Published is
// final.
func CanMove(from, to string) bool {
	for _, s := range moves[from] {
		if s == to {
			return true
		}
	}
	return false
}

// ValidState reports whether s names a state.
func ValidState(s string) bool {
	return s == StatePublished || moves[s] != nil
}

// ErrNotFound is returned for an ID no store holds.
var ErrNotFound = errors.New("no such submission")

// ErrClosed is returned by Put after Close.
var ErrClosed = errors.New("store closed")

// IDPattern is the form of a submission ID: the server's UTC time and 8
// random hex digits. IDs are never built from what a person sent.
var IDPattern = regexp.MustCompile(`^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$`)

var formDirPattern = regexp.MustCompile(`^[a-z0-9-]+$`)

// keyPattern is a stored idempotency key: hex of a keyed hash.
var keyPattern = regexp.MustCompile(`^[0-9a-f]{32,64}$`)

// Submission is one accepted post, ready to store.
type Submission struct {
	Form string
	Lang string
	// Key makes Put idempotent: a keyed hash (see idemKey), never what a
	// person sent. Empty: no deduplication.
	Key string
	// Spam lists why the submission is suspect; empty means received.
	Spam []string
	// Fields are the non-personal values in form order; Private the
	// personal ones. Values are typed (string, int64, bool).
	Fields  []Value
	Private []Value

	// ID and Received are set by Put.
	ID       string
	Received time.Time
}

// Value is one named value.
type Value struct {
	Name  string
	Value any
}

// Record is a stored submission read back, without its personal data.
type Record struct {
	Form        string
	ID          string
	Key         string
	Received    time.Time
	Lang        string
	State       string
	SpamReasons []string
	Fields      []Value // non-personal, in stored order
	History     []Change
	// Path is the file of a file store's record; "" elsewhere.
	Path string
}

// Change is one change of state.
type Change struct {
	State string    `yaml:"state" json:"state"`
	By    string    `yaml:"by" json:"by"`
	At    time.Time `yaml:"at" json:"at"`
}

// Field returns the value of a field, or nil.
func (r *Record) Field(name string) any {
	for _, v := range r.Fields {
		if v.Name == name {
			return v.Value
		}
	}
	return nil
}

func initialState(sub *Submission) string {
	if len(sub.Spam) > 0 {
		return StateSpam
	}
	return StateReceived
}

func checkSubmission(sub *Submission) error {
	if !formDirPattern.MatchString(sub.Form) {
		return fmt.Errorf("bad form id %q", sub.Form)
	}
	if sub.Key != "" && !keyPattern.MatchString(sub.Key) {
		return fmt.Errorf("bad idempotency key %q", sub.Key)
	}
	return nil
}

func checkID(id string) error {
	if !IDPattern.MatchString(id) {
		return fmt.Errorf("%q is not a submission id (like 20261123T124501Z-1a2b3c4d)", id)
	}
	return nil
}

func checkMove(id, from, to string) error {
	if !CanMove(from, to) {
		return fmt.Errorf("%s is %s; it cannot become %s", id, from, to)
	}
	return nil
}

// idTime is the time an ID was made, from its first 16 characters.
func idTime(id string) (time.Time, bool) {
	if len(id) < 16 {
		return time.Time{}, false
	}
	t, err := time.Parse("20060102T150405Z", id[:16])
	return t, err == nil
}

// idMaker hands out IDs unique in this process; across processes the 32
// random bits make a clash in the same second vanishingly rare, and every
// backend refuses to replace an existing submission anyway.
type idMaker struct {
	mu     sync.Mutex
	second string
	ids    map[string]bool
}

func (m *idMaker) next(t time.Time) string {
	sec := t.UTC().Format("20060102T150405Z")
	m.mu.Lock()
	defer m.mu.Unlock()
	if sec != m.second {
		m.second, m.ids = sec, map[string]bool{}
	}
	var b [4]byte
	for {
		if _, err := rand.Read(b[:]); err != nil {
			panic(err) // crypto/rand does not fail on Linux
		}
		id := sec + "-" + hex.EncodeToString(b[:])
		if !m.ids[id] {
			m.ids[id] = true
			return id
		}
	}
}

// Open opens the store a URL names:
//
//	file:DIR or a plain path           FileStore (the default)
//	postgres://user@host/db?…          PostgresStore; the password from
//	                                   PGPASSWORD or the URL's ?passfile
//	s3://bucket/prefix?endpoint=host   S3Store; keys from AWS_ACCESS_KEY_ID
//	                                   and AWS_SECRET_ACCESS_KEY
//
// Secrets are never read from site.yaml.
func Open(ctx context.Context, spec string) (Store, error) {
	scheme, rest, ok := strings.Cut(spec, ":")
	if !ok || len(scheme) == 1 { // a plain path, or C:\ on Windows
		return OpenStore(spec)
	}
	switch scheme {
	case "file":
		if u, err := url.Parse(spec); err == nil && u.Path != "" && strings.HasPrefix(rest, "//") {
			return OpenStore(u.Path)
		}
		return OpenStore(rest)
	case "postgres", "postgresql":
		return OpenPostgres(ctx, spec)
	case "s3":
		return OpenS3(ctx, spec)
	}
	return nil, fmt.Errorf("store %q: want file:DIR, postgres://… or s3://bucket/prefix", spec)
}

// redact hides a URL's password for messages.
func redact(spec string) string {
	u, err := url.Parse(spec)
	if err != nil {
		return "(store URL)"
	}
	return u.Redacted()
}
