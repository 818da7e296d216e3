package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/cable"
)

// CountAuditByDay counts the audit entries of the given kinds in [since,
// until), a row a day (UTC) and kind that has any, oldest day first; only
// administrators may.
func (db *DB) CountAuditByDay(ctx context.Context, since, until time.Time, kinds ...string) ([]cable.AuditDay, error) {
	if u := cable.UserFromContext(ctx); u == nil || !u.Admin {
		return nil, cable.Errorf(cable.Forbidden, "only administrators may read the audit log")
	}
	if len(kinds) == 0 {
		return nil, nil
	}
	for _, k := range kinds {
		if !isText(k) {
			return nil, nil
		}
	}
	rows, err := db.pool.Query(ctx, `SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, action, count(*)
		FROM audit_log WHERE at >= $1 AND at < $2 AND action = ANY($3) GROUP BY 1, 2 ORDER BY 1, 2`,
		since.UTC(), until.UTC(), kinds)
	if err != nil {
		return nil, fmt.Errorf("count audit: %w", err)
	}
	out, err := collect(rows, func(row pgx.CollectableRow) (cable.AuditDay, error) {
		var d cable.AuditDay
		var day string
		if err := row.Scan(&day, &d.Kind, &d.N); err != nil {
			return d, err
		}
		var err error
		d.Day, err = time.Parse(time.DateOnly, day)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("count audit: %w", err)
	}
	return out, nil
}
