package intake

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"time"

	"gopkg.in/yaml.v3"
)

// IDPattern is the form of a submission ID: the server's UTC time and 8
// random hex digits. IDs are never built from what a person sent.
var IDPattern = regexp.MustCompile(`^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$`)

var formDirPattern = regexp.MustCompile(`^[a-z0-9-]+$`)

// ErrClosed is returned by Save after Close.
var ErrClosed = errors.New("store closed")

const (
	tmpDir      = ".tmp"
	inboxDir    = "inbox"
	spamDir     = "spam"
	privateDir  = "private"
	maxBatch    = 512
	syncWorkers = 16
)

// Submission is one accepted post, ready to store.
type Submission struct {
	Form string
	Lang string
	// Spam lists why the submission is suspect; empty means inbox.
	Spam []string
	// Fields are the non-personal values in form order; Private the
	// personal ones. Values are typed (string, int64, bool).
	Fields  []Value
	Private []Value

	// ID and Received are set by Save.
	ID       string
	Received time.Time
}

// Value is one named value.
type Value struct {
	Name  string
	Value any
}

// Store writes submissions durably under one directory:
//
//	<dir>/<form>/inbox/<id>.md      accepted (front matter, non-personal)
//	<dir>/<form>/spam/<id>.md       suspect, for a moderator to check
//	<dir>/<form>/private/<id>.json  personal fields, mode 0600
//	<dir>/.tmp/                     files being written; emptied at start
//
// Save builds the files in memory and hands them to one committer
// goroutine. The committer takes every submission waiting (a batch),
// writes each file into .tmp and fsyncs it (from syncWorkers goroutines,
// so the file system folds the fsyncs into few journal commits), renames
// the private files into place and fsyncs their directories once, then
// does the same for the Markdown files (so a Markdown file never exists
// without its private data), and only then lets each Save return. Under
// load many submissions share each fsync: group commit. A crash leaves at
// worst files in .tmp, which OpenStore removes; inbox/ and spam/ only
// ever receive complete, synced files by rename.
type Store struct {
	dir  string
	tmp  string
	now  func() time.Time
	reqs chan *commit
	quit chan struct{}
	done chan struct{}
	once sync.Once

	mu     sync.Mutex
	made   map[string]bool // form directories made and synced
	second string          // the second of lastIDs
	ids    map[string]bool // IDs handed out in that second
}

type commit struct {
	moves [2]move // private (may be empty), then Markdown
	errc  chan error
}

type move struct {
	from, to string
	data     []byte
	perm     fs.FileMode
}

// OpenStore opens (creating if needed) the store at dir, removes
// leftover temporary files from an earlier crash, and starts the
// committer. Close it when done.
func OpenStore(dir string) (*Store, error) {
	s := &Store{
		dir:  dir,
		tmp:  filepath.Join(dir, tmpDir),
		now:  time.Now,
		reqs: make(chan *commit),
		quit: make(chan struct{}),
		done: make(chan struct{}),
		made: map[string]bool{},
		ids:  map[string]bool{},
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	if err := os.RemoveAll(s.tmp); err != nil {
		return nil, fmt.Errorf("cleaning %s: %w", s.tmp, err)
	}
	for i := -1; i < syncWorkers; i++ {
		p := s.tmp
		if i >= 0 {
			p = filepath.Join(p, strconv.Itoa(i))
		}
		if err := os.Mkdir(p, 0o700); err != nil {
			return nil, err
		}
	}
	if err := syncDir(dir); err != nil {
		return nil, err
	}
	go s.run()
	return s, nil
}

// Dir is the store's directory.
func (s *Store) Dir() string { return s.dir }

// Close stops the committer after the batch in progress. Saves after
// Close fail with ErrClosed.
func (s *Store) Close() error {
	s.once.Do(func() { close(s.quit) })
	<-s.done
	return nil
}

// Save stores sub durably: when it returns nil, the files are on disk and
// their directory entries are synced. It sets sub.ID and sub.Received.
func (s *Store) Save(ctx context.Context, sub *Submission) error {
	if !formDirPattern.MatchString(sub.Form) {
		return fmt.Errorf("bad form id %q", sub.Form)
	}
	if err := s.makeDirs(sub.Form); err != nil {
		return err
	}
	sub.Received = s.now().UTC().Truncate(time.Second)
	sub.ID = s.newID(sub.Received)
	md, err := markdown(sub)
	if err != nil {
		return err
	}
	c := &commit{errc: make(chan error, 1)}
	form := filepath.Join(s.dir, sub.Form)
	if len(sub.Private) > 0 {
		js, err := privateJSON(sub)
		if err != nil {
			return err
		}
		c.moves[0] = move{"", filepath.Join(form, privateDir, sub.ID+".json"), js, 0o600}
	}
	folder := inboxDir
	if len(sub.Spam) > 0 {
		folder = spamDir
	}
	c.moves[1] = move{"", filepath.Join(form, folder, sub.ID+".md"), md, 0o640}
	select {
	case s.reqs <- c:
	case <-s.quit:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once handed over the commit happens; wait for it even if ctx ends,
	// so the answer never claims less (or more) than is on disk.
	return <-c.errc
}

// newID returns an ID unique in this process; across processes the 32
// random bits make a clash in the same second vanishingly rare, and the
// committer refuses to replace an existing file anyway.
func (s *Store) newID(t time.Time) string {
	sec := t.Format("20060102T150405Z")
	s.mu.Lock()
	defer s.mu.Unlock()
	if sec != s.second {
		s.second, s.ids = sec, map[string]bool{}
	}
	var b [4]byte
	for {
		if _, err := rand.Read(b[:]); err != nil {
			panic(err) // crypto/rand does not fail on Linux
		}
		id := sec + "-" + hex.EncodeToString(b[:])
		if !s.ids[id] {
			s.ids[id] = true
			return id
		}
	}
}

func (s *Store) makeDirs(form string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.made[form] {
		return nil
	}
	base := filepath.Join(s.dir, form)
	for _, d := range []struct {
		name string
		perm fs.FileMode
	}{{"", 0o750}, {inboxDir, 0o750}, {spamDir, 0o750}, {privateDir, 0o700}} {
		p := filepath.Join(base, d.name)
		if err := os.Mkdir(p, d.perm); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	for _, p := range []string{s.dir, base} {
		if err := syncDir(p); err != nil {
			return err
		}
	}
	s.made[form] = true
	return nil
}

// run is the committer: it takes what is waiting, commits it as one
// batch, answers every Save in it, and repeats.
func (s *Store) run() {
	defer close(s.done)
	for {
		var batch []*commit
		select {
		case c := <-s.reqs:
			batch = append(batch, c)
		case <-s.quit:
			return
		}
	more:
		for len(batch) < maxBatch {
			select {
			case c := <-s.reqs:
				batch = append(batch, c)
			default:
				break more
			}
		}
		s.commitBatch(batch)
	}
}

func (s *Store) commitBatch(batch []*commit) {
	errs := make([]error, len(batch))
	s.writeBatch(batch, errs)
	for phase := 0; phase < 2; phase++ {
		dirs := map[string][]int{}
		for i, c := range batch {
			m := c.moves[phase]
			if errs[i] != nil || m.to == "" {
				continue
			}
			if _, err := os.Lstat(m.to); err == nil {
				errs[i] = fmt.Errorf("%s exists", m.to)
				continue
			}
			if err := os.Rename(m.from, m.to); err != nil {
				errs[i] = err
				continue
			}
			d := filepath.Dir(m.to)
			dirs[d] = append(dirs[d], i)
		}
		for d, idx := range dirs {
			if err := syncDir(d); err != nil {
				for _, i := range idx {
					errs[i] = err
				}
			}
		}
	}
	for i, c := range batch {
		if errs[i] != nil {
			for _, m := range c.moves {
				if m.from != "" {
					os.Remove(m.from)
				}
			}
		}
		c.errc <- errs[i]
	}
}

// writeBatch writes and fsyncs every temporary file of a batch from a
// few goroutines at once, so the file system folds their journal commits
// into one. Each goroutine writes into its own temporary directory: many
// writers creating files in one directory contend on its lock.
func (s *Store) writeBatch(batch []*commit, errs []error) {
	type job struct{ c, m int }
	jobs := make(chan job, 2*len(batch))
	for i, c := range batch {
		for k, m := range c.moves {
			if m.to != "" {
				jobs <- job{i, k}
			}
		}
	}
	close(jobs)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < min(syncWorkers, 2*len(batch)); w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			dir := filepath.Join(s.tmp, strconv.Itoa(w))
			for j := range jobs {
				m := &batch[j.c].moves[j.m]
				m.from = filepath.Join(dir, filepath.Base(m.to))
				if err := writeSynced(m.from, m.data, m.perm); err != nil {
					mu.Lock()
					errs[j.c] = err
					mu.Unlock()
				}
			}
		}(w)
	}
	wg.Wait()
}

func writeSynced(path string, data []byte, perm fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// header is the front matter of a stored submission.
type header struct {
	Form        string    `yaml:"form"`
	ID          string    `yaml:"id"`
	Received    string    `yaml:"received"`
	Lang        string    `yaml:"lang"`
	Status      string    `yaml:"status"`
	SpamReasons []string  `yaml:"spam_reasons,omitempty"`
	Fields      yaml.Node `yaml:"fields"`
}

// markdown builds the stored file: YAML front matter marshalled by
// yaml.v3 (never pasted together), with the non-personal fields in form
// order, and an empty body.
func markdown(sub *Submission) ([]byte, error) {
	h := header{
		Form:        sub.Form,
		ID:          sub.ID,
		Received:    sub.Received.Format(time.RFC3339),
		Lang:        sub.Lang,
		Status:      "inbox",
		SpamReasons: sub.Spam,
		Fields:      yaml.Node{Kind: yaml.MappingNode},
	}
	if len(sub.Spam) > 0 {
		h.Status = "spam"
	}
	for _, v := range sub.Fields {
		var val yaml.Node
		if err := val.Encode(v.Value); err != nil {
			return nil, err
		}
		h.Fields.Content = append(h.Fields.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v.Name}, &val)
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&h); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	b.WriteString("---\n")
	return b.Bytes(), nil
}

// privateRecord is the JSON of a private file.
type privateRecord struct {
	Form     string         `json:"form"`
	ID       string         `json:"id"`
	Received string         `json:"received"`
	Fields   map[string]any `json:"fields"`
}

func privateJSON(sub *Submission) ([]byte, error) {
	p := privateRecord{Form: sub.Form, ID: sub.ID, Received: sub.Received.Format(time.RFC3339), Fields: map[string]any{}}
	for _, v := range sub.Private {
		p.Fields[v.Name] = v.Value
	}
	return json.MarshalIndent(p, "", "  ")
}
