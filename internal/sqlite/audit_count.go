package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
)

// CountAuditByDay counts the audit entries of the given kinds in [since,
// until), a row a day and kind that has any, oldest day first; only
// administrators may. The entries' times are stored fixed-width in UTC
// (auditTimeFormat), so the day is their first ten characters and the
// range compares as text.
func (db *DB) CountAuditByDay(ctx context.Context, since, until time.Time, kinds ...string) ([]cable.AuditDay, error) {
	if u := cable.UserFromContext(ctx); u == nil || !u.Admin {
		return nil, cable.Errorf(cable.Forbidden, "only administrators may read the audit log")
	}
	if len(kinds) == 0 {
		return nil, nil
	}
	args := []any{since.UTC().Format(auditTimeFormat), until.UTC().Format(auditTimeFormat)}
	for _, k := range kinds {
		args = append(args, k)
	}
	q := `SELECT substr(at, 1, 10), action, count(*) FROM audit_log WHERE at >= ? AND at < ?
		AND action IN (?` + strings.Repeat(", ?", len(kinds)-1) + `) GROUP BY 1, 2 ORDER BY 1, 2`
	rows, err := db.auditDB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("count audit: %w", err)
	}
	defer rows.Close()
	var out []cable.AuditDay
	for rows.Next() {
		var d cable.AuditDay
		var day string
		if err := rows.Scan(&day, &d.Kind, &d.N); err != nil {
			return nil, fmt.Errorf("count audit: %w", err)
		}
		if d.Day, err = time.Parse(time.DateOnly, day); err != nil {
			return nil, fmt.Errorf("count audit: day %q: %w", day, err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count audit: %w", err)
	}
	return out, nil
}
