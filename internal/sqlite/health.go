package sqlite

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/cable/cable/internal/cable"
)

// HealthCheck answers /readyz: one read of the archive, its migrations
// against those this binary carries, and the changes the search index has
// not applied. It reads through the readers' pool, so that a long import
// holding the writer does not make a live server look dead.
func (db *DB) HealthCheck(ctx context.Context) (cable.StoreHealth, error) {
	var h cable.StoreHealth
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return h, err
	}
	h.Known = len(names)
	err = db.read.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM schema_migrations),
		(SELECT count(*) FROM index_queue WHERE seq > (SELECT applied FROM ix.index_state))`).Scan(&h.Migrations, &h.IndexBehind)
	if err != nil {
		return h, fmt.Errorf("health check of %s: %w", db.Path, err)
	}
	return h, nil
}
