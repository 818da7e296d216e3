package postgres

import (
	"context"
	"fmt"

	"github.com/cable/cable/internal/cable"
)

// HealthCheck answers /readyz: one query, and the migrations applied
// against those this binary carries. The search index is a column of the
// archive's own tables, never behind.
func (db *DB) HealthCheck(ctx context.Context) (cable.StoreHealth, error) {
	var h cable.StoreHealth
	names, err := Migrations()
	if err != nil {
		return h, err
	}
	h.Known = len(names)
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&h.Migrations); err != nil {
		return h, fmt.Errorf("health check: %w", err)
	}
	return h, nil
}
