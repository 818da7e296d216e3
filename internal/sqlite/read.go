package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// FindCableByID returns the current version of cable id, parsed, when the
// caller may know of it; NotFound otherwise, whether or not it exists. The
// read is audited before it returns, and fails if it cannot be.
func (db *DB) FindCableByID(ctx context.Context, id string) (*cable.Cable, error) {
	s := db.scopeOf(ctx)
	q := `SELECT v.raw, v.sha256 FROM cables c JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version
		WHERE c.id = :id AND ` + s.knows("c")
	return db.readRaw(ctx, s, id, q, append(s.args, sql.Named("id", id)), "cable "+id)
}

// readRaw runs q, which selects a version's raw text and hash of cable
// id as the caller of s may know of it, audits the read (a denied one
// when nothing is found), and returns the version parsed, with its slugs
// and reviewers' decisions. what names the version in errors.
func (db *DB) readRaw(ctx context.Context, s *scope, id, q string, args []any, what string) (*cable.Cable, error) {
	var raw []byte
	var hash string
	err := db.read.QueryRowContext(ctx, q, args...).Scan(&raw, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		if err := db.audit(ctx, s, audit.KindReadDenied, id, ""); err != nil {
			return nil, err
		}
		return nil, notFound(id)
	}
	if err != nil {
		return nil, fmt.Errorf("find %s: %w", what, err)
	}
	if err := db.auditRead(ctx, s, id); err != nil {
		return nil, err
	}
	c := cabletext.Parse(raw)
	c.VersionHash = hash
	if c.Slugged, err = db.slugged(ctx, id); err != nil {
		return nil, err
	}
	if c.Reviews, err = reviewsOf(ctx, db.read, id, hash); err != nil {
		return nil, err
	}
	return c, nil
}

// auditRead records a read of cable id, which the caller may know of, and
// counts it against the caller's read budget when ctx has a meter: past
// the budget it is refused (package guard).
func (db *DB) auditRead(ctx context.Context, s *scope, id string) error {
	m := cable.MeterFromContext(ctx)
	if m == nil || s.user == nil {
		return db.audit(ctx, s, audit.KindRead, id, "")
	}
	e := db.entryOf(ctx, audit.KindRead, id, "")
	e.User = s.user.Name
	return db.Guard.CountRead(ctx, e, m)
}

// slugged returns the offices replies to cable id are slugged to.
func (db *DB) slugged(ctx context.Context, id string) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT pa.plad FROM parties pa JOIN cables c ON c.rowid = pa.cable
		WHERE c.id = ? AND pa.role = 'slug' ORDER BY pa.plad`, id)
	if err != nil {
		return nil, fmt.Errorf("find cable %s: %w", id, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func notFound(id string) error {
	return cable.Errorf(cable.NotFound, "cable %s not found", id)
}

// FindVersions lists the stored versions of a cable the caller may know of.
func (db *DB) FindVersions(ctx context.Context, id string) ([]cable.Version, error) {
	s := db.scopeOf(ctx)
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM cables c WHERE c.id = :id AND `+s.knows("c"),
		append(s.args, sql.Named("id", id))...).Scan(&n); err != nil {
		return nil, fmt.Errorf("find versions of %s: %w", id, err)
	}
	if n == 0 {
		return nil, notFound(id)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT version, sha256, imported_at, length(raw) FROM cable_versions
		WHERE cable_id = ? ORDER BY version`, id)
	if err != nil {
		return nil, fmt.Errorf("find versions of %s: %w", id, err)
	}
	defer rows.Close()
	var out []cable.Version
	for rows.Next() {
		var v cable.Version
		var at string
		if err := rows.Scan(&v.Number, &v.SHA256, &at, &v.Size); err != nil {
			return nil, err
		}
		v.ImportedAt, _ = time.Parse(time.RFC3339, at)
		out = append(out, v)
	}
	return out, rows.Err()
}

// CountCables counts the cables the caller may know of.
func (db *DB) CountCables(ctx context.Context) (int, error) {
	s := db.scopeOf(ctx)
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM cables c WHERE `+s.knows("c"), s.args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count cables: %w", err)
	}
	return n, nil
}

// VersionHashes lists every stored version as "id version sha256", and
// each cable's current version as "id current N": what two archives must
// share to be the same archive (the ingest kill test compares them).
func (db *DB) VersionHashes(ctx context.Context) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT cable_id || ' ' || version || ' ' || sha256 FROM cable_versions
		UNION ALL SELECT id || ' current ' || version FROM cables
		UNION ALL SELECT 'portions ' || count(*) FROM portions
		UNION ALL SELECT 'indexed ' || count(*) FROM portions_fts WHERE portions_fts MATCH 'china OR talking*'`)
	if err != nil {
		return nil, fmt.Errorf("version hashes: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
