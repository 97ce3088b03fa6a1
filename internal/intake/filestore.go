package intake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"
)

const (
	tmpDir      = ".tmp"
	inboxDir    = "inbox"
	spamDir     = "spam"
	privateDir  = "private"
	maxBatch    = 512
	syncWorkers = 16
)

// FileStore writes submissions durably under one directory:
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
type FileStore struct {
	dir  string
	tmp  string
	now  func() time.Time
	reqs chan *commit
	quit chan struct{}
	done chan struct{}
	once sync.Once
	ids  idMaker
	lock *os.File // held while open; see lockDir

	mu   sync.Mutex
	made map[string]bool      // form directories made and synced
	keys map[string]*keyEntry // idempotency keys of recent submissions

	// moveMu serialises SetState, Delete and Purge: moderation is one
	// person at a terminal, and a file store is one machine.
	moveMu sync.Mutex
}

// keyEntry is a submission with an idempotency key, stored or being
// stored: done is closed when Put has its answer.
type keyEntry struct {
	id       string
	received time.Time
	err      error
	done     chan struct{}
}

// keyWindow is how long a file store remembers idempotency keys: a retry
// comes within minutes, and a no-JS key holds the day.
const keyWindow = 48 * time.Hour

type commit struct {
	moves [2]move // private (may be empty), then Markdown
	errc  chan error
}

type move struct {
	from, to string
	data     []byte
	perm     fs.FileMode
}

// OpenStore opens (creating if needed) the file store at dir, removes
// leftover temporary files from an earlier crash, reads the idempotency
// keys of the last two days, and starts the committer. Close it when done.
func OpenStore(dir string) (*FileStore, error) {
	s := &FileStore{
		dir:  dir,
		tmp:  filepath.Join(dir, tmpDir),
		now:  time.Now,
		reqs: make(chan *commit),
		quit: make(chan struct{}),
		done: make(chan struct{}),
		made: map[string]bool{},
		keys: map[string]*keyEntry{},
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	// Only the one process using the store (the intake, or a moderation
	// verb while it is stopped) cleans .tmp: a verb run beside a running
	// intake must not delete the files it is writing.
	lock, owner, err := lockDir(filepath.Join(dir, ".lock"))
	if err != nil {
		return nil, fmt.Errorf("locking %s: %w", dir, err)
	}
	s.lock = lock
	if owner {
		if err := os.RemoveAll(s.tmp); err != nil {
			s.unlock()
			return nil, fmt.Errorf("cleaning %s: %w", s.tmp, err)
		}
	}
	for i := -1; i < syncWorkers; i++ {
		p := s.tmp
		if i >= 0 {
			p = filepath.Join(p, strconv.Itoa(i))
		}
		if err := os.Mkdir(p, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
			s.unlock()
			return nil, err
		}
	}
	if err := syncDir(dir); err != nil {
		return nil, err
	}
	if err := s.loadKeys(); err != nil {
		s.unlock()
		return nil, err
	}
	go s.run()
	return s, nil
}

// loadKeys reads the keys of the submissions of the last keyWindow (the
// time is in the file name, so older files are not opened).
func (s *FileStore) loadKeys() error {
	since := s.now().Add(-keyWindow).UTC().Format("20060102T150405Z")
	forms, err := s.forms()
	if err != nil {
		return err
	}
	for _, f := range forms {
		for _, folder := range []string{inboxDir, spamDir} {
			ents, err := os.ReadDir(filepath.Join(s.dir, f, folder))
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			for _, e := range ents {
				id, ok := strings.CutSuffix(e.Name(), ".md")
				if !ok || !IDPattern.MatchString(id) || id < since {
					continue
				}
				r, err := readRecord(filepath.Join(s.dir, f, folder, e.Name()))
				if err != nil || r.Key == "" {
					continue
				}
				done := make(chan struct{})
				close(done)
				s.keys[r.Key] = &keyEntry{id: r.ID, received: r.Received, done: done}
			}
		}
	}
	return nil
}

// Dir is the store's directory.
func (s *FileStore) Dir() string { return s.dir }

// Close stops the committer after the batch in progress and releases
// the store's lock. Puts after Close fail with ErrClosed.
func (s *FileStore) Close() error {
	s.once.Do(func() { close(s.quit) })
	<-s.done
	s.unlock()
	return nil
}

func (s *FileStore) unlock() {
	if s.lock != nil {
		s.lock.Close()
		s.lock = nil
	}
}

// Put stores sub durably: when it returns nil, the files are on disk and
// their directory entries are synced. A second Put with the same key
// waits for the first and answers with its ID.
func (s *FileStore) Put(ctx context.Context, sub *Submission) (bool, error) {
	if err := checkSubmission(sub); err != nil {
		return false, err
	}
	if sub.Key == "" {
		return false, s.save(ctx, sub)
	}
	for {
		s.mu.Lock()
		e := s.keys[sub.Key]
		if e == nil {
			e = &keyEntry{done: make(chan struct{})}
			s.keys[sub.Key] = e
			s.sweepKeys()
			s.mu.Unlock()
			e.err = s.save(ctx, sub)
			e.id, e.received = sub.ID, sub.Received
			if e.err != nil {
				s.mu.Lock()
				delete(s.keys, sub.Key)
				s.mu.Unlock()
			}
			close(e.done)
			return false, e.err
		}
		s.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return false, ctx.Err()
		}
		if e.err == nil {
			sub.ID, sub.Received = e.id, e.received
			return true, nil
		}
		// The first attempt failed and stored nothing: try again.
	}
}

// sweepKeys forgets keys older than keyWindow, at most once per 1024
// new keys. s.mu is held.
func (s *FileStore) sweepKeys() {
	if len(s.keys)%1024 != 0 {
		return
	}
	cut := s.now().Add(-keyWindow)
	for k, e := range s.keys {
		select {
		case <-e.done:
			if e.received.Before(cut) {
				delete(s.keys, k)
			}
		default:
		}
	}
}

func (s *FileStore) save(ctx context.Context, sub *Submission) error {
	if err := s.makeDirs(sub.Form); err != nil {
		return err
	}
	sub.Received = s.now().UTC().Truncate(time.Second)
	sub.ID = s.ids.next(sub.Received)
	md, err := markdown(recordOf(sub))
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

// recordOf is the public record of a new submission.
func recordOf(sub *Submission) *Record {
	return &Record{
		Form: sub.Form, ID: sub.ID, Key: sub.Key, Received: sub.Received, Lang: sub.Lang,
		State: initialState(sub), SpamReasons: sub.Spam, Fields: sub.Fields,
	}
}

func (s *FileStore) makeDirs(form string) error {
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
func (s *FileStore) run() {
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

func (s *FileStore) commitBatch(batch []*commit) {
	errs := make([]error, len(batch))
	renamed := make([]bool, len(batch)) // the private file is in place
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
			if phase == 0 {
				renamed[i] = true
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
			// A failed save leaves nothing behind: neither the temporary
			// files nor a private file already renamed into place.
			for _, m := range c.moves {
				if m.from != "" {
					os.Remove(m.from)
				}
			}
			if m := c.moves[0]; m.to != "" && renamed[i] {
				os.Remove(m.to)
				syncDir(filepath.Dir(m.to))
			}
		}
		c.errc <- errs[i]
	}
}

// writeBatch writes and fsyncs every temporary file of a batch from a
// few goroutines at once, so the file system folds their journal commits
// into one. Each goroutine writes into its own temporary directory: many
// writers creating files in one directory contend on its lock.
func (s *FileStore) writeBatch(batch []*commit, errs []error) {
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
	Key         string    `yaml:"key,omitempty"`
	Received    string    `yaml:"received"`
	Lang        string    `yaml:"lang"`
	Status      string    `yaml:"status"`
	SpamReasons []string  `yaml:"spam_reasons,omitempty"`
	History     []Change  `yaml:"history,omitempty"`
	Fields      yaml.Node `yaml:"fields"`
}

// markdown builds the stored file: YAML front matter marshalled by
// yaml.v3 (never pasted together), with the non-personal fields in form
// order, and an empty body.
func markdown(r *Record) ([]byte, error) {
	h := header{
		Form:        r.Form,
		ID:          r.ID,
		Key:         r.Key,
		Received:    r.Received.Format(time.RFC3339),
		Lang:        r.Lang,
		Status:      r.State,
		SpamReasons: r.SpamReasons,
		History:     r.History,
		Fields:      yaml.Node{Kind: yaml.MappingNode},
	}
	for _, v := range r.Fields {
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
