package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// FindCableByID returns the current version of cable id, parsed, when the
// caller may know of it; NotFound otherwise, whether or not it exists. The
// read is audited before it returns, and fails if it cannot be.
func (db *DB) FindCableByID(ctx context.Context, id string) (*cable.Cable, error) {
	s := db.scopeOf(ctx)
	if !isText(id) {
		if err := db.audit(ctx, s, audit.KindReadDenied, id, ""); err != nil {
			return nil, err
		}
		return nil, notFound(id)
	}
	q := `SELECT v.raw, v.sha256 FROM cables c JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version
		WHERE c.id = @id AND ` + s.knows("c")
	return db.readRaw(ctx, s, id, q, s.with(pgx.NamedArgs{"id": id}), "cable "+id)
}

// readRaw runs q, which selects a version's raw text and hash of cable
// id as the caller of s may know of it, audits the read (a denied one
// when nothing is found), and returns the version parsed, with its slugs
// and reviewers' decisions. what names the version in errors.
func (db *DB) readRaw(ctx context.Context, s *scope, id, q string, args pgx.NamedArgs, what string) (*cable.Cable, error) {
	var raw []byte
	var hash string
	err := db.pool.QueryRow(ctx, q, args).Scan(&raw, &hash)
	if errors.Is(err, pgx.ErrNoRows) {
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
	if c.Reviews, err = reviewsOf(ctx, db.pool, id, hash); err != nil {
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
	rows, err := db.pool.Query(ctx, `SELECT pa.plad FROM parties pa JOIN cables c ON c.rowid = pa.cable
		WHERE c.id = $1 AND pa.role = 'slug' ORDER BY pa.plad`, id)
	if err != nil {
		return nil, fmt.Errorf("find cable %s: %w", id, err)
	}
	out, err := collect(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("find cable %s: %w", id, err)
	}
	return out, nil
}

func notFound(id string) error {
	return cable.Errorf(cable.NotFound, "cable %s not found", id)
}

// knowsCable reports whether the caller may know of cable id.
func (db *DB) knowsCable(ctx context.Context, s *scope, id string) (bool, error) {
	if !isText(id) {
		return false, nil
	}
	var ok bool
	err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM cables c WHERE c.id = @id AND `+s.knows("c")+`)`,
		s.with(pgx.NamedArgs{"id": id})).Scan(&ok)
	return ok, err
}

// FindVersions lists the stored versions of a cable the caller may know of.
func (db *DB) FindVersions(ctx context.Context, id string) ([]cable.Version, error) {
	s := db.scopeOf(ctx)
	ok, err := db.knowsCable(ctx, s, id)
	if err != nil {
		return nil, fmt.Errorf("find versions of %s: %w", id, err)
	}
	if !ok {
		return nil, notFound(id)
	}
	rows, err := db.pool.Query(ctx, `SELECT version, sha256, imported_at, octet_length(raw) FROM cable_versions
		WHERE cable_id = $1 ORDER BY version`, id)
	if err != nil {
		return nil, fmt.Errorf("find versions of %s: %w", id, err)
	}
	out, err := collect(rows, func(row pgx.CollectableRow) (cable.Version, error) {
		var v cable.Version
		err := row.Scan(&v.Number, &v.SHA256, &v.ImportedAt, &v.Size)
		v.ImportedAt = v.ImportedAt.UTC()
		return v, err
	})
	if err != nil {
		return nil, fmt.Errorf("find versions of %s: %w", id, err)
	}
	return out, nil
}

// CountCables counts the cables the caller may know of.
func (db *DB) CountCables(ctx context.Context) (int, error) {
	s := db.scopeOf(ctx)
	var n int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM cables c WHERE `+s.knows("c"), s.args).Scan(&n); err != nil {
		return 0, fmt.Errorf("count cables: %w", err)
	}
	return n, nil
}

// VersionHashes lists every stored version as "id version sha256", and
// each cable's current version as "id current N": what two archives must
// share to be the same archive (the ingest kill test compares them).
func (db *DB) VersionHashes(ctx context.Context) ([]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT cable_id || ' ' || version || ' ' || sha256 FROM cable_versions
		UNION ALL SELECT id || ' current ' || version FROM cables
		UNION ALL SELECT 'portions ' || count(*) FROM portions`)
	if err != nil {
		return nil, fmt.Errorf("version hashes: %w", err)
	}
	out, err := collect(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("version hashes: %w", err)
	}
	return out, nil
}

// dateOf is t's UTC date as the date columns compare it.
func dateOf(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// collect is pgx.CollectRows, but no rows is a nil slice, as the sqlite
// store returns it (and encodes it: JSON null, not []).
func collect[T any](rows pgx.Rows, fn pgx.RowToFunc[T]) ([]T, error) {
	out, err := pgx.CollectRows(rows, fn)
	if len(out) == 0 {
		out = nil
	}
	return out, err
}
