package intake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/deltag/deltag/internal/forms"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// PostgresStore keeps submissions in PostgreSQL:
//
//	intake_submission  the public part: form, state, non-personal fields
//	intake_private     the personal fields, one row per submission, in a
//	                   table of its own (grant it to fewer roles)
//	intake_history     each change of state, with who and when
//	intake_rate        posts per network and minute, shared by instances
//	intake_token       time tokens already used, until they expire
//
// Put writes the public and the private row in one transaction, so there
// is never one without the other; INSERT … ON CONFLICT (key) DO NOTHING
// makes a retried post store nothing: the second transaction waits on
// the first's key and then finds it. Tables are created at open (under
// an advisory lock, so instances starting together do not race). The
// connection string is a libpq URL; the password comes from PGPASSWORD
// or a passfile, never from site.yaml.
type PostgresStore struct {
	pool *pgxpool.Pool
	// fast runs the rate counters and token records with
	// synchronous_commit off: they need not survive a database crash
	// (a lost count is a few posts more), and a post then waits for one
	// disk flush (its own transaction), not three.
	fast *pgxpool.Pool
	now  func() time.Time
	ids  idMaker
}

const pgSchema = `
CREATE TABLE IF NOT EXISTS intake_submission (
	id           text PRIMARY KEY,
	form         text NOT NULL,
	key          text UNIQUE,
	received     timestamptz NOT NULL,
	lang         text NOT NULL,
	state        text NOT NULL,
	spam_reasons jsonb NOT NULL,
	fields       jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS intake_submission_form ON intake_submission (form, id);
CREATE TABLE IF NOT EXISTS intake_private (
	id       text PRIMARY KEY REFERENCES intake_submission (id) ON DELETE CASCADE,
	form     text NOT NULL,
	received timestamptz NOT NULL,
	fields   jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS intake_private_form ON intake_private (form, received);
CREATE TABLE IF NOT EXISTS intake_history (
	id    text NOT NULL REFERENCES intake_submission (id) ON DELETE CASCADE,
	seq   bigserial,
	state text NOT NULL,
	who   text NOT NULL,
	at    timestamptz NOT NULL,
	PRIMARY KEY (id, seq)
);
CREATE TABLE IF NOT EXISTS intake_rate (
	key    text NOT NULL,
	win    bigint NOT NULL,
	n      integer NOT NULL,
	PRIMARY KEY (key, win)
);
CREATE TABLE IF NOT EXISTS intake_token (
	token   text PRIMARY KEY,
	key     text NOT NULL,
	expires timestamptz NOT NULL
);
`

// OpenPostgres connects to the database at url and creates the tables
// when they are missing.
func OpenPostgres(ctx context.Context, url string) (*PostgresStore, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres url: %w", err)
	}
	if cfg.MaxConns < 8 {
		cfg.MaxConns = 8
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	fcfg := cfg.Copy()
	fcfg.MaxConns = 4
	fcfg.ConnConfig.RuntimeParams["synchronous_commit"] = "off"
	fast, err := pgxpool.NewWithConfig(ctx, fcfg)
	if err != nil {
		pool.Close()
		return nil, err
	}
	s := &PostgresStore{pool: pool, fast: fast, now: time.Now}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(7126049182)`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, pgSchema)
		return err
	})
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("creating the intake tables: %w", err)
	}
	return s, nil
}

// Close closes the connections.
func (s *PostgresStore) Close() error {
	s.pool.Close()
	s.fast.Close()
	return nil
}

// pgField is one field in the fields column: a list keeps form order.
type pgField struct {
	N string `json:"n"`
	V any    `json:"v"`
}

func fieldsJSON(vs []Value) ([]byte, error) {
	out := make([]pgField, len(vs))
	for i, v := range vs {
		out[i] = pgField{v.Name, v.Value}
	}
	return json.Marshal(out)
}

// typedJSON decodes JSON keeping integers as int64, as the forms typed
// them.
func typedJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}

func untype(v any) any {
	if n, ok := v.(json.Number); ok {
		if i, err := n.Int64(); err == nil {
			return i
		}
		if f, err := n.Float64(); err == nil {
			return f
		}
	}
	return v
}

func valuesOf(data []byte) ([]Value, error) {
	var fs []pgField
	if err := typedJSON(data, &fs); err != nil {
		return nil, err
	}
	out := make([]Value, len(fs))
	for i, f := range fs {
		out[i] = Value{f.N, untype(f.V)}
	}
	return out, nil
}

// Put stores sub in one transaction; see PostgresStore.
func (s *PostgresStore) Put(ctx context.Context, sub *Submission) (bool, error) {
	if err := checkSubmission(sub); err != nil {
		return false, err
	}
	received := s.now().UTC().Truncate(time.Second)
	id := s.ids.next(received)
	fields, err := fieldsJSON(sub.Fields)
	if err != nil {
		return false, err
	}
	spam, _ := json.Marshal(append([]string{}, sub.Spam...))
	var key *string
	if sub.Key != "" {
		key = &sub.Key
	}
	dup := false
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO intake_submission (id, form, key, received, lang, state, spam_reasons, fields)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (key) DO NOTHING`,
			id, sub.Form, key, received, sub.Lang, initialState(sub), spam, fields)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			dup = true
			return tx.QueryRow(ctx, `SELECT id, received FROM intake_submission WHERE key = $1`, sub.Key).Scan(&id, &received)
		}
		if len(sub.Private) == 0 {
			return nil
		}
		priv := map[string]any{}
		for _, v := range sub.Private {
			priv[v.Name] = v.Value
		}
		pj, err := json.Marshal(priv)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO intake_private (id, form, received, fields) VALUES ($1, $2, $3, $4)`, id, sub.Form, received, pj)
		return err
	})
	if err != nil {
		return false, err
	}
	sub.ID, sub.Received = id, received.UTC()
	return dup, nil
}

const pgColumns = `id, form, coalesce(key, ''), received, lang, state, spam_reasons, fields`

func scanRecord(row pgx.Row) (*Record, error) {
	var r Record
	var spam, fields []byte
	if err := row.Scan(&r.ID, &r.Form, &r.Key, &r.Received, &r.Lang, &r.State, &spam, &fields); err != nil {
		return nil, err
	}
	r.Received = r.Received.UTC()
	if err := json.Unmarshal(spam, &r.SpamReasons); err != nil {
		return nil, err
	}
	if len(r.SpamReasons) == 0 {
		r.SpamReasons = nil
	}
	var err error
	r.Fields, err = valuesOf(fields)
	return &r, err
}

// Get returns one record with its history.
func (s *PostgresStore) Get(ctx context.Context, id string) (*Record, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	r, err := scanRecord(s.pool.QueryRow(ctx, `SELECT `+pgColumns+` FROM intake_submission WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT state, who, at FROM intake_history WHERE id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.State, &c.By, &c.At); err != nil {
			return nil, err
		}
		c.At = c.At.UTC()
		r.History = append(r.History, c)
	}
	return r, rows.Err()
}

// Private returns the personal fields of a submission, nil when there
// are none or they were purged.
func (s *PostgresStore) Private(ctx context.Context, id string) (map[string]any, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	var data []byte
	err := s.pool.QueryRow(ctx, `SELECT p.fields FROM intake_submission s LEFT JOIN intake_private p ON p.id = s.id WHERE s.id = $1`, id).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%s: %w", id, ErrNotFound)
	}
	if err != nil || data == nil {
		return nil, err
	}
	var m map[string]any
	if err := typedJSON(data, &m); err != nil {
		return nil, err
	}
	return m, nil
}

// List returns the records q selects, oldest first (without history).
func (s *PostgresStore) List(ctx context.Context, q Query) ([]*Record, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+pgColumns+` FROM intake_submission
		WHERE ($1 = '' OR form = $1) AND ($2 = '' OR state = $2) ORDER BY id`, q.Form, q.State)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Forms lists the forms with submissions.
func (s *PostgresStore) Forms(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT form FROM intake_submission ORDER BY form`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// SetState changes the state and records the change, in one transaction
// that locks the row.
func (s *PostgresStore) SetState(ctx context.Context, id, state, who string) error {
	if err := checkID(id); err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var from string
		err := tx.QueryRow(ctx, `SELECT state FROM intake_submission WHERE id = $1 FOR UPDATE`, id).Scan(&from)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("%s: %w", id, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if err := checkMove(id, from, state); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE intake_submission SET state = $2 WHERE id = $1`, id, state); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO intake_history (id, state, who, at) VALUES ($1, $2, $3, $4)`, id, state, who, s.now().UTC().Truncate(time.Second))
		return err
	})
}

// Delete erases a submission; its private row and history go with it.
func (s *PostgresStore) Delete(ctx context.Context, id string) error {
	if err := checkID(id); err != nil {
		return err
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM intake_submission WHERE id = $1`, id)
	if err == nil && tag.RowsAffected() == 0 {
		return fmt.Errorf("%s: %w", id, ErrNotFound)
	}
	return err
}

// Purge deletes the personal data of a form's submissions received
// before cutoff, and forgets expired rate windows and tokens. A
// transaction leaves no orphans to remove.
func (s *PostgresStore) Purge(ctx context.Context, form string, cutoff time.Time, dry bool) (int, error) {
	if dry {
		var n int
		err := s.pool.QueryRow(ctx, `SELECT count(*) FROM intake_private WHERE form = $1 AND received < $2`, form, cutoff).Scan(&n)
		return n, err
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM intake_private WHERE form = $1 AND received < $2`, form, cutoff)
	if err != nil {
		return 0, err
	}
	now := s.now()
	if _, err := s.pool.Exec(ctx, `DELETE FROM intake_token WHERE expires < $1`, now); err != nil {
		return int(tag.RowsAffected()), err
	}
	_, err = s.pool.Exec(ctx, `DELETE FROM intake_rate WHERE win < $1`, now.Unix()/60-2)
	return int(tag.RowsAffected()), err
}

// Check writes to the database.
func (s *PostgresStore) Check(ctx context.Context) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO intake_rate (key, win, n) VALUES ('healthz', 0, 1)
		ON CONFLICT (key, win) DO UPDATE SET n = 1`)
	return err
}

// Guards are rate limits and token checks shared by every instance on
// the database: fixed one-minute windows counted per network and in all.
func (s *PostgresStore) Guards(l forms.Limits) Guards {
	return &pgGuards{s: s, perNet: l.PerIP, global: l.Global}
}

type pgGuards struct {
	s              *PostgresStore
	perNet, global int
}

// allowSQL counts a post for the network and, only when the network
// is within its limit, for all: one statement, one round trip.
const allowSQL = `
WITH net AS (
	INSERT INTO intake_rate (key, win, n) VALUES ($1, $2, 1)
	ON CONFLICT (key, win) DO UPDATE SET n = intake_rate.n + 1 RETURNING n
), glob AS (
	INSERT INTO intake_rate (key, win, n) SELECT 'global', $2, 1 FROM net WHERE net.n <= $3
	ON CONFLICT (key, win) DO UPDATE SET n = intake_rate.n + 1 RETURNING n
)
SELECT (SELECT n FROM net), coalesce((SELECT n FROM glob), 0)`

func (g *pgGuards) Allow(ctx context.Context, network string, now time.Time) (time.Duration, bool, error) {
	win := now.Unix() / 60
	wait := time.Unix((win+1)*60, 0).Sub(now)
	var n, global int
	if err := g.s.fast.QueryRow(ctx, allowSQL, "net:"+network, win, g.perNet).Scan(&n, &global); err != nil {
		return 0, false, err
	}
	if n > g.perNet || global > g.global {
		return wait, false, nil
	}
	return 0, true, nil
}

func (g *pgGuards) FirstUse(ctx context.Context, token, key string, now, until time.Time) (bool, error) {
	// On conflict the row is left as it was and returned: its key says
	// whether this is the same post again.
	var first string
	err := g.s.fast.QueryRow(ctx, `INSERT INTO intake_token (token, key, expires) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET expires = intake_token.expires RETURNING key`, token, key, until).Scan(&first)
	if err != nil {
		return false, err
	}
	return first == key, nil
}
