package intake

import (
	"bytes"
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

// Record is a stored submission read back.
type Record struct {
	Form        string
	ID          string
	Received    time.Time
	Lang        string
	Status      string // inbox or spam
	SpamReasons []string
	Fields      []Value // non-personal, in stored order
	Path        string
}

// PrivatePath is where the record's personal data is (or was) kept.
func (r *Record) PrivatePath(store string) string {
	return filepath.Join(store, r.Form, privateDir, r.ID+".json")
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

// ParseRecord parses a stored Markdown file.
func ParseRecord(data []byte) (*Record, error) {
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
	r := &Record{Form: h.Form, ID: h.ID, Received: t, Lang: h.Lang, Status: h.Status, SpamReasons: h.SpamReasons}
	if h.Fields.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(h.Fields.Content); i += 2 {
			var v any
			if err := h.Fields.Content[i+1].Decode(&v); err != nil {
				return nil, err
			}
			r.Fields = append(r.Fields, Value{Name: h.Fields.Content[i].Value, Value: v})
		}
	}
	return r, nil
}

// ReadRecord reads and parses one stored file.
func ReadRecord(path string) (*Record, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r, err := ParseRecord(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r.Path = path
	return r, nil
}

// ReadPrivate reads the personal fields of a record; nil when there are
// none (or they were purged).
func ReadPrivate(store string, r *Record) (map[string]any, error) {
	data, err := os.ReadFile(r.PrivatePath(store))
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
		return nil, fmt.Errorf("%s: %w", r.PrivatePath(store), err)
	}
	return p.Fields, nil
}

// Forms lists the form directories in the store.
func Forms(store string) ([]string, error) {
	ents, err := os.ReadDir(store)
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

// List reads the records of one form (all when form is ""), from the
// inbox or from spam, oldest first. Files that do not parse are returned
// as errors next to the records that do.
func List(store, form string, spam bool) ([]*Record, []error) {
	var forms []string
	if form != "" {
		forms = []string{form}
	} else {
		var err error
		if forms, err = Forms(store); err != nil {
			return nil, []error{err}
		}
	}
	folder := inboxDir
	if spam {
		folder = spamDir
	}
	var out []*Record
	var errs []error
	for _, f := range forms {
		dir := filepath.Join(store, f, folder)
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
			r, err := ReadRecord(filepath.Join(dir, name))
			if err != nil {
				errs = append(errs, err)
				continue
			}
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, errs
}

// Find returns the record with id, looking in every form's inbox and
// spam. id must match IDPattern, so it can never name another path.
func Find(store, id string) (*Record, error) {
	if !IDPattern.MatchString(id) {
		return nil, fmt.Errorf("%q is not a submission id (like 20261123T124501Z-1a2b3c4d)", id)
	}
	forms, err := Forms(store)
	if err != nil {
		return nil, err
	}
	for _, f := range forms {
		for _, folder := range []string{inboxDir, spamDir} {
			p := filepath.Join(store, f, folder, id+".md")
			if _, err := os.Lstat(p); err == nil {
				return ReadRecord(p)
			}
		}
	}
	return nil, fmt.Errorf("no submission %s in %s", id, store)
}
