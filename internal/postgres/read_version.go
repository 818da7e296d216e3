package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
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
	return db.readRaw(ctx, s, id, q, s.with(pgx.NamedArgs{"id": id, "n": n}), fmt.Sprintf("version %d of cable %s", n, id))
}
