package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cable/cable/internal/cable"
)

// FindCableVersion returns version n of cable id, parsed, when the caller
// may know of the cable as it now stands; NotFound otherwise, and for a
// version it does not have, whether or not it exists. What an earlier
// version may show is access.VersionView's to say, from both versions.
// The read is audited as a read of the cable.
func (db *DB) FindCableVersion(ctx context.Context, id string, n int) (*cable.Cable, error) {
	s := db.scopeOf(ctx)
	q := `SELECT v.raw, v.sha256 FROM cables c JOIN cable_versions v ON v.cable_id = c.id AND v.version = :n
		WHERE c.id = :id AND ` + s.knows("c")
	return db.readRaw(ctx, s, id, q, append(s.args, sql.Named("id", id), sql.Named("n", n)), fmt.Sprintf("version %d of cable %s", n, id))
}
