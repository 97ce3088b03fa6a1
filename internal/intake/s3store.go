package intake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Store keeps submissions in an S3-compatible bucket, under a prefix:
//
//	<prefix>/keys/<form>/<key>          idempotency claim: {"id","received"}
//	<prefix>/private/<form>/<id>.json   personal fields
//	<prefix>/public/<form>/<id>.json    the record; its existence marks the
//	                                    submission complete
//
// Every write of Put is create-only (If-None-Match: *): the key claim
// first, then the private object, then the public one, so a public record
// never exists without its personal data. A crash between leaves a claim
// or a private object without a public record: List never shows it, a
// retry of the post completes it under the claimed ID, and Purge removes
// what is older than an hour. Two instances racing on one key both write
// the public object create-only; one wins and the other answers with its
// receipt. State changes rewrite the public object with If-Match on the
// ETag read, so two moderators never overwrite each other's change.
//
// The URL is s3://bucket/prefix?endpoint=host[:port]&region=…&insecure=1
// (insecure: plain HTTP, for a store on loopback); without endpoint,
// s3.amazonaws.com. Keys come from AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), never from site.yaml.
type S3Store struct {
	c      *minio.Client
	bucket string
	prefix string
	now    func() time.Time
	ids    idMaker
}

// OpenS3 opens the bucket a s3:// URL names and checks it exists.
func OpenS3(ctx context.Context, spec string) (*S3Store, error) {
	u, err := url.Parse(spec)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("s3 url %q: want s3://bucket/prefix?endpoint=host", spec)
	}
	q := u.Query()
	endpoint := q.Get("endpoint")
	if endpoint == "" {
		endpoint = "s3.amazonaws.com"
	}
	secure := q.Get("insecure") == ""
	if e, ok := strings.CutPrefix(endpoint, "http://"); ok {
		endpoint, secure = e, false
	} else if e, ok := strings.CutPrefix(endpoint, "https://"); ok {
		endpoint = e
	}
	id, secret := os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY")
	if id == "" || secret == "" {
		return nil, errors.New("s3 store: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
	}
	c, err := minio.New(endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(id, secret, os.Getenv("AWS_SESSION_TOKEN")),
		Secure:       secure,
		Region:       q.Get("region"),
		BucketLookup: minio.BucketLookupPath,
	})
	if err != nil {
		return nil, fmt.Errorf("s3 store: %w", err)
	}
	s := &S3Store{c: c, bucket: u.Host, prefix: strings.Trim(u.Path, "/"), now: time.Now}
	ok, err := c.BucketExists(ctx, s.bucket)
	if err != nil {
		return nil, fmt.Errorf("s3 store: bucket %s: %w", s.bucket, err)
	}
	if !ok {
		return nil, fmt.Errorf("s3 store: no bucket %s at %s", s.bucket, endpoint)
	}
	if err := s.probe(ctx); err != nil {
		return nil, fmt.Errorf("s3 store at %s: %w", endpoint, err)
	}
	return s, nil
}

// probe checks that the service honours create-only writes, on which
// idempotency and "stored exactly once" rest: a second If-None-Match: *
// write of one object must fail.
func (s *S3Store) probe(ctx context.Context) error {
	k := s.key("probe", s.ids.next(s.now()))
	defer s.c.RemoveObject(ctx, s.bucket, k, minio.RemoveObjectOptions{})
	if err := s.create(ctx, k, []byte("1")); err != nil {
		return fmt.Errorf("cannot write: %w", err)
	}
	if err := s.create(ctx, k, []byte("2")); !errors.Is(err, errExists) {
		return fmt.Errorf("the service ignores If-None-Match: * (create-only writes), so it cannot keep each submission once (got %v)", err)
	}
	return nil
}

// Close does nothing: the client holds no resources to release.
func (s *S3Store) Close() error { return nil }

func (s *S3Store) key(parts ...string) string {
	return path.Join(append([]string{s.prefix}, parts...)...)
}

// s3Record is the JSON of a public object.
type s3Record struct {
	Form        string    `json:"form"`
	ID          string    `json:"id"`
	Key         string    `json:"key,omitempty"`
	Received    time.Time `json:"received"`
	Lang        string    `json:"lang"`
	State       string    `json:"state"`
	SpamReasons []string  `json:"spam_reasons,omitempty"`
	History     []Change  `json:"history,omitempty"`
	Fields      []pgField `json:"fields"`
}

func (r *s3Record) record() *Record {
	out := &Record{Form: r.Form, ID: r.ID, Key: r.Key, Received: r.Received.UTC(), Lang: r.Lang, State: r.State, SpamReasons: r.SpamReasons, History: r.History}
	for _, f := range r.Fields {
		out.Fields = append(out.Fields, Value{f.N, untype(f.V)})
	}
	return out
}

type s3Claim struct {
	ID       string    `json:"id"`
	Received time.Time `json:"received"`
}

// errExists is a create-only write that found the object there.
var errExists = errors.New("object exists")

func (s *S3Store) create(ctx context.Context, key string, data []byte) error {
	opts := minio.PutObjectOptions{ContentType: "application/json"}
	opts.SetMatchETagExcept("*")
	_, err := s.c.PutObject(ctx, s.bucket, key, bytes.NewReader(data), int64(len(data)), opts)
	if isPrecondition(err) {
		return errExists
	}
	return err
}

func isPrecondition(err error) bool {
	if err == nil {
		return false
	}
	r := minio.ToErrorResponse(err)
	return r.StatusCode == 412 || r.Code == "PreconditionFailed"
}

func isMissing(err error) bool {
	r := minio.ToErrorResponse(err)
	return r.StatusCode == 404 || r.Code == "NoSuchKey"
}

func (s *S3Store) get(ctx context.Context, key string) ([]byte, string, error) {
	obj, err := s.c.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, "", err
	}
	defer obj.Close()
	data, err := io.ReadAll(obj)
	if err != nil {
		return nil, "", err
	}
	st, err := obj.Stat()
	if err != nil {
		return nil, "", err
	}
	return data, st.ETag, nil
}

// Put stores sub; see S3Store for the order of writes.
func (s *S3Store) Put(ctx context.Context, sub *Submission) (bool, error) {
	if err := checkSubmission(sub); err != nil {
		return false, err
	}
	received := s.now().UTC().Truncate(time.Second)
	id := s.ids.next(received)
	adopted := false
	if sub.Key != "" {
		claim, _ := json.Marshal(s3Claim{id, received})
		err := s.create(ctx, s.key("keys", sub.Form, sub.Key), claim)
		if errors.Is(err, errExists) {
			data, err := s.readClaim(ctx, s.key("keys", sub.Form, sub.Key))
			if err != nil {
				return false, err
			}
			var c s3Claim
			if err := json.Unmarshal(data, &c); err != nil || !IDPattern.MatchString(c.ID) {
				return false, fmt.Errorf("key claim %s: bad content", sub.Key)
			}
			id, received, adopted = c.ID, c.Received.UTC(), true
			if _, err := s.c.StatObject(ctx, s.bucket, s.key("public", sub.Form, id+".json"), minio.StatObjectOptions{}); err == nil {
				sub.ID, sub.Received = id, received
				return true, nil
			} else if !isMissing(err) {
				return false, err
			}
			// The first attempt is in flight or died half-way: complete
			// it under its ID (create-only writes decide who finishes).
		} else if err != nil {
			return false, err
		}
	}
	sub.ID, sub.Received = id, received
	if len(sub.Private) > 0 {
		p, err := privateJSON(sub)
		if err != nil {
			return false, err
		}
		// With a key, the claim made the ID this post's: an object
		// already there was written by a retry of the same post.
		if err := s.create(ctx, s.key("private", sub.Form, id+".json"), p); err != nil && !(sub.Key != "" && errors.Is(err, errExists)) {
			return false, err
		}
	}
	rec := s3Record{Form: sub.Form, ID: id, Key: sub.Key, Received: received, Lang: sub.Lang, State: initialState(sub), SpamReasons: sub.Spam, Fields: []pgField{}}
	for _, v := range sub.Fields {
		rec.Fields = append(rec.Fields, pgField{v.Name, v.Value})
	}
	data, err := json.Marshal(rec)
	if err != nil {
		return false, err
	}
	err = s.create(ctx, s.key("public", sub.Form, id+".json"), data)
	if errors.Is(err, errExists) && sub.Key != "" {
		return adopted, nil
	}
	if err != nil {
		return false, err
	}
	return adopted, nil
}

// readClaim reads a key claim another Put just made. Some servers
// refuse a create-only write as soon as another one has begun, before
// that object can be read: then wait for it, briefly.
func (s *S3Store) readClaim(ctx context.Context, key string) ([]byte, error) {
	for wait := 10 * time.Millisecond; ; wait *= 2 {
		data, _, err := s.get(ctx, key)
		if err == nil || !isMissing(err) || wait > 2*time.Second {
			return data, err
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// find returns the form of id by looking for its public object in each
// form.
func (s *S3Store) find(ctx context.Context, id string) (string, error) {
	if err := checkID(id); err != nil {
		return "", err
	}
	forms, err := s.Forms(ctx)
	if err != nil {
		return "", err
	}
	for _, f := range forms {
		_, err := s.c.StatObject(ctx, s.bucket, s.key("public", f, id+".json"), minio.StatObjectOptions{})
		if err == nil {
			return f, nil
		}
		if !isMissing(err) {
			return "", err
		}
	}
	return "", fmt.Errorf("%s: %w", id, ErrNotFound)
}

func (s *S3Store) read(ctx context.Context, form, id string) (*s3Record, string, error) {
	data, etag, err := s.get(ctx, s.key("public", form, id+".json"))
	if isMissing(err) {
		return nil, "", fmt.Errorf("%s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, "", err
	}
	var r s3Record
	if err := typedJSON(data, &r); err != nil {
		return nil, "", fmt.Errorf("%s: %w", id, err)
	}
	return &r, etag, nil
}

// Get returns one record.
func (s *S3Store) Get(ctx context.Context, id string) (*Record, error) {
	form, err := s.find(ctx, id)
	if err != nil {
		return nil, err
	}
	r, _, err := s.read(ctx, form, id)
	if err != nil {
		return nil, err
	}
	return r.record(), nil
}

// Private returns the personal fields, nil when none or purged.
func (s *S3Store) Private(ctx context.Context, id string) (map[string]any, error) {
	form, err := s.find(ctx, id)
	if err != nil {
		return nil, err
	}
	data, _, err := s.get(ctx, s.key("private", form, id+".json"))
	if isMissing(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var p privateRecord
	if err := typedJSON(data, &p); err != nil {
		return nil, err
	}
	for k, v := range p.Fields {
		p.Fields[k] = untype(v)
	}
	return p.Fields, nil
}

// Forms lists the forms with public records.
func (s *S3Store) Forms(ctx context.Context) ([]string, error) {
	var out []string
	for o := range s.c.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.key("public") + "/"}) {
		if o.Err != nil {
			return nil, o.Err
		}
		f := strings.Trim(strings.TrimPrefix(o.Key, s.key("public")+"/"), "/")
		if formDirPattern.MatchString(f) {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out, nil
}

// List reads the records q selects, oldest first.
func (s *S3Store) List(ctx context.Context, q Query) ([]*Record, error) {
	forms := []string{q.Form}
	if q.Form == "" {
		var err error
		if forms, err = s.Forms(ctx); err != nil {
			return nil, err
		}
	}
	var out []*Record
	var errs []error
	for _, f := range forms {
		for o := range s.c.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.key("public", f) + "/", Recursive: true}) {
			if o.Err != nil {
				return nil, o.Err
			}
			id, ok := strings.CutSuffix(path.Base(o.Key), ".json")
			if !ok || !IDPattern.MatchString(id) {
				continue
			}
			r, _, err := s.read(ctx, f, id)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if q.State == "" || r.State == q.State {
				out = append(out, r.record())
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, errors.Join(errs...)
}

// SetState rewrites the public object if it is unchanged since read.
func (s *S3Store) SetState(ctx context.Context, id, state, who string) error {
	form, err := s.find(ctx, id)
	if err != nil {
		return err
	}
	r, etag, err := s.read(ctx, form, id)
	if err != nil {
		return err
	}
	if err := checkMove(id, r.State, state); err != nil {
		return err
	}
	r.State = state
	r.History = append(r.History, Change{State: state, By: who, At: s.now().UTC().Truncate(time.Second)})
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	opts := minio.PutObjectOptions{ContentType: "application/json"}
	opts.SetMatchETag(strings.Trim(etag, `"`))
	_, err = s.c.PutObject(ctx, s.bucket, s.key("public", form, id+".json"), bytes.NewReader(data), int64(len(data)), opts)
	if isPrecondition(err) {
		return fmt.Errorf("%s changed meanwhile; try again", id)
	}
	return err
}

// Delete erases a submission: personal data first, then the record and
// its key claim.
func (s *S3Store) Delete(ctx context.Context, id string) error {
	form, err := s.find(ctx, id)
	if err != nil {
		return err
	}
	r, _, err := s.read(ctx, form, id)
	if err != nil {
		return err
	}
	keys := []string{s.key("private", form, id+".json"), s.key("public", form, id+".json")}
	if r.Key != "" {
		keys = append(keys, s.key("keys", form, r.Key))
	}
	for _, k := range keys {
		if err := s.c.RemoveObject(ctx, s.bucket, k, minio.RemoveObjectOptions{}); err != nil && !isMissing(err) {
			return err
		}
	}
	return nil
}

// Purge deletes the personal data of a form's submissions received
// before cutoff, and the orphans a crash left (a private object or key
// claim older than an hour with no public record), and key claims older
// than keyWindow (a retry no longer comes).
func (s *S3Store) Purge(ctx context.Context, form string, cutoff time.Time, dry bool) (int, error) {
	now := s.now()
	public := map[string]bool{}
	for o := range s.c.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.key("public", form) + "/", Recursive: true}) {
		if o.Err != nil {
			return 0, o.Err
		}
		public[strings.TrimSuffix(path.Base(o.Key), ".json")] = true
	}
	n := 0
	var doomed []string
	for o := range s.c.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.key("private", form) + "/", Recursive: true}) {
		if o.Err != nil {
			return 0, o.Err
		}
		id := strings.TrimSuffix(path.Base(o.Key), ".json")
		t, ok := idTime(id)
		if !ok {
			continue
		}
		if t.Before(cutoff) || !public[id] && now.Sub(o.LastModified) > orphanAge {
			n++
			doomed = append(doomed, o.Key)
		}
	}
	for o := range s.c.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.key("keys", form) + "/", Recursive: true}) {
		if o.Err != nil {
			return 0, o.Err
		}
		if now.Sub(o.LastModified) > keyWindow {
			doomed = append(doomed, o.Key)
		}
	}
	if dry {
		return n, nil
	}
	for _, k := range doomed {
		if err := s.c.RemoveObject(ctx, s.bucket, k, minio.RemoveObjectOptions{}); err != nil && !isMissing(err) {
			return n, err
		}
	}
	return n, nil
}

// Check writes and removes an object.
func (s *S3Store) Check(ctx context.Context) error {
	k := s.key("healthz", s.ids.next(s.now()))
	if _, err := s.c.PutObject(ctx, s.bucket, k, strings.NewReader("ok\n"), 3, minio.PutObjectOptions{}); err != nil {
		return err
	}
	return s.c.RemoveObject(ctx, s.bucket, k, minio.RemoveObjectOptions{})
}
