package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// FindCableVersion returns version n of cable id, parsed, when the caller
// may know of the cable as it now stands; NotFound otherwise, and for a
// version it does not have, whether or not it exists. What an earlier
// version may show is access.VersionView's to say, from both versions.
// The read is audited as a read of the cable.
func (db *DB) FindCableVersion(ctx context.Context, id string, n int) (*cable.Cable, error) {
	s := db.scopeOf(ctx)
	if !isText(id) {
		if err := db.audit(ctx, s, audit.KindReadDenied, id, ""); err != nil {
			return nil, err
		}
		return nil, notFound(id)
	}
	q := `SELECT v.raw, v.sha256 FROM cables c JOIN cable_versions v ON v.cable_id = c.id AND v.version = @n
		WHERE c.id = @id AND ` + s.knows("c")
	var raw []byte
	var hash string
	err := db.pool.QueryRow(ctx, q, s.with(pgx.NamedArgs{"id": id, "n": n})).Scan(&raw, &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		if err := db.audit(ctx, s, audit.KindReadDenied, id, ""); err != nil {
			return nil, err
		}
		return nil, notFound(id)
	}
	if err != nil {
		return nil, fmt.Errorf("find version %d of cable %s: %w", n, id, err)
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
