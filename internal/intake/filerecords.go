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
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// orphanAge is how old personal data without its record must be before
// Purge deletes it: younger, its record may still be being written.
const orphanAge = time.Hour

// parseRecord parses a stored Markdown file.
func parseRecord(data []byte) (*Record, error) {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil, errors.New("no front matter")
	}
	end := bytes.Index(data[4:], []byte("\n---\n"))
	if end < 0 {
		return nil, errors.New("front matter not closed")
	}
	var h header
	if err := yaml.Unmarshal(data[4:4+end+1], &h); err != nil {
		return nil, err
	}
	if !IDPattern.MatchString(h.ID) || !formDirPattern.MatchString(h.Form) {
		return nil, fmt.Errorf("bad id %q or form %q", h.ID, h.Form)
	}
	t, err := time.Parse(time.RFC3339, h.Received)
	if err != nil {
		return nil, fmt.Errorf("received: %w", err)
	}
	if h.Status == "inbox" { // written before states had names
		h.Status = StateReceived
	}
	r := &Record{Form: h.Form, ID: h.ID, Key: h.Key, Received: t, Lang: h.Lang, State: h.Status, SpamReasons: h.SpamReasons, History: h.History}
	if h.Fields.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(h.Fields.Content); i += 2 {
			var v any
			if err := h.Fields.Content[i+1].Decode(&v); err != nil {
				return nil, err
			}
			if n, ok := v.(int); ok {
				v = int64(n)
			}
			r.Fields = append(r.Fields, Value{Name: h.Fields.Content[i].Value, Value: v})
		}
	}
	return r, nil
}

// readRecord reads and parses one stored file.
func readRecord(path string) (*Record, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r, err := parseRecord(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r.Path = path
	return r, nil
}

func (s *FileStore) privatePath(form, id string) string {
	return filepath.Join(s.dir, form, privateDir, id+".json")
}

// Private reads the personal fields of a submission; nil when there are
// none (or they were purged).
func (s *FileStore) Private(_ context.Context, id string) (map[string]any, error) {
	r, err := s.find(id)
	if err != nil {
		return nil, err
	}
	path := s.privatePath(r.Form, r.ID)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var p privateRecord
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p.Fields, nil
}

func (s *FileStore) forms() ([]string, error) {
	ents, err := os.ReadDir(s.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() && formDirPattern.MatchString(e.Name()) {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// Forms lists the forms that have submissions.
func (s *FileStore) Forms(context.Context) ([]string, error) { return s.forms() }

// List reads the records q selects, oldest first. Files that do not
// parse are named in the error, next to the records that do.
func (s *FileStore) List(_ context.Context, q Query) ([]*Record, error) {
	var forms []string
	if q.Form != "" {
		forms = []string{q.Form}
	} else {
		var err error
		if forms, err = s.forms(); err != nil {
			return nil, err
		}
	}
	folders := []string{inboxDir, spamDir}
	switch q.State {
	case "":
	case StateSpam:
		folders = []string{spamDir}
	default:
		folders = []string{inboxDir}
	}
	var out []*Record
	var errs []error
	for _, f := range forms {
		for _, folder := range folders {
			dir := filepath.Join(s.dir, f, folder)
			ents, err := os.ReadDir(dir)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				errs = append(errs, err)
				continue
			}
			for _, e := range ents {
				name := e.Name()
				if !e.Type().IsRegular() || !strings.HasSuffix(name, ".md") || !IDPattern.MatchString(strings.TrimSuffix(name, ".md")) {
					continue
				}
				r, err := readRecord(filepath.Join(dir, name))
				if err != nil {
					errs = append(errs, err)
					continue
				}
				if q.State == "" || r.State == q.State {
					out = append(out, r)
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, errors.Join(errs...)
}

// Get returns the record with id, looking in every form's inbox and
// spam. id must match IDPattern, so it can never name another path.
func (s *FileStore) Get(_ context.Context, id string) (*Record, error) {
	return s.find(id)
}

func (s *FileStore) find(id string) (*Record, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	forms, err := s.forms()
	if err != nil {
		return nil, err
	}
	for _, f := range forms {
		for _, folder := range []string{inboxDir, spamDir} {
			p := filepath.Join(s.dir, f, folder, id+".md")
			if _, err := os.Lstat(p); err == nil {
				return readRecord(p)
			}
		}
	}
	return nil, fmt.Errorf("%s in %s: %w", id, s.dir, ErrNotFound)
}

// SetState moves a submission to state, keeping who and when in its
// history. The new file is written and synced beside the old one and
// renamed over it; moving between inbox/ and spam/ writes the new copy
// before the old one is removed, so a crash leaves the submission in one
// or both places, never in none (find prefers the inbox).
func (s *FileStore) SetState(_ context.Context, id, state, who string) error {
	s.moveMu.Lock()
	defer s.moveMu.Unlock()
	r, err := s.find(id)
	if err != nil {
		return err
	}
	if err := checkMove(id, r.State, state); err != nil {
		return err
	}
	r.State = state
	r.History = append(r.History, Change{State: state, By: who, At: s.now().UTC().Truncate(time.Second)})
	data, err := markdown(r)
	if err != nil {
		return err
	}
	folder := inboxDir
	if state == StateSpam {
		folder = spamDir
	}
	to := filepath.Join(s.dir, r.Form, folder, r.ID+".md")
	if err := s.replace(to, data, 0o640); err != nil {
		return err
	}
	if to != r.Path {
		if err := os.Remove(r.Path); err != nil {
			return fmt.Errorf("%s is %s, but its old copy stays: %w", id, state, err)
		}
		return syncDir(filepath.Dir(r.Path))
	}
	return nil
}

// replace writes data to path atomically and durably.
func (s *FileStore) replace(path string, data []byte, perm fs.FileMode) error {
	var b [4]byte
	rand.Read(b[:])
	tmp := filepath.Join(s.tmp, "replace-"+hex.EncodeToString(b[:]))
	if err := writeSynced(tmp, data, perm); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(path))
}

// Delete erases a submission: its personal data first, then its record.
func (s *FileStore) Delete(_ context.Context, id string) error {
	s.moveMu.Lock()
	defer s.moveMu.Unlock()
	r, err := s.find(id)
	if err != nil {
		return err
	}
	p := s.privatePath(r.Form, r.ID)
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := syncDir(filepath.Dir(p)); err != nil {
		return err
	}
	for _, folder := range []string{inboxDir, spamDir} {
		md := filepath.Join(s.dir, r.Form, folder, r.ID+".md")
		if err := os.Remove(md); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if err := syncDir(filepath.Dir(md)); err != nil {
			return err
		}
	}
	if r.Key != "" {
		s.mu.Lock()
		delete(s.keys, r.Key)
		s.mu.Unlock()
	}
	return nil
}

// Purge deletes the private files of a form's submissions received
// before cutoff (the time is in the file name), and private files whose
// record is gone and that are older than orphanAge.
func (s *FileStore) Purge(_ context.Context, form string, cutoff time.Time, dry bool) (int, error) {
	s.moveMu.Lock()
	defer s.moveMu.Unlock()
	dir := filepath.Join(s.dir, form, privateDir)
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n := 0
	orphanCut := s.now().Add(-orphanAge)
	for _, e := range ents {
		id, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok || !IDPattern.MatchString(id) {
			continue
		}
		t, _ := idTime(id)
		if !t.Before(cutoff) && (!t.Before(orphanCut) || s.hasRecord(form, id)) {
			continue
		}
		n++
		if dry {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			return n - 1, err
		}
	}
	if n > 0 && !dry {
		return n, syncDir(dir)
	}
	return n, nil
}

func (s *FileStore) hasRecord(form, id string) bool {
	for _, folder := range []string{inboxDir, spamDir} {
		if _, err := os.Lstat(filepath.Join(s.dir, form, folder, id+".md")); err == nil {
			return true
		}
	}
	return false
}

// Check writes, syncs and removes a file in the store.
func (s *FileStore) Check(context.Context) error {
	var b [4]byte
	rand.Read(b[:])
	p := filepath.Join(s.tmp, "healthz-"+hex.EncodeToString(b[:]))
	if err := writeSynced(p, []byte("ok\n"), 0o600); err != nil {
		return err
	}
	return os.Remove(p)
}
