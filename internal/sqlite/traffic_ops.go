package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cable/cable/internal/cable"
)

// TrafficCounts counts the outbox, the acknowledgements pending and the
// escalations standing, by precedence and site, for the metrics: three
// grouped counts on the readers' pool, using the outbox's partial indexes.
func (t *Traffic) TrafficCounts(ctx context.Context) (*cable.TrafficCounts, error) {
	var tc cable.TrafficCounts
	queries := []struct {
		into *[]cable.QueueCount
		sql  string
	}{
		{&tc.Outbox, `SELECT precedence, site, 0, count(*) FROM deliveries WHERE state IN ('queued', 'sending') GROUP BY 1, 2`},
		{&tc.AcksPending, `SELECT precedence, site, 0, count(*) FROM deliveries
			WHERE state = 'delivered' AND ack_required = 1 AND acked_at IS NULL GROUP BY 1, 2`},
		{&tc.Escalated, `SELECT precedence, site, CASE WHEN escalated2_at IS NULL THEN 1 ELSE 2 END, count(*) FROM deliveries
			WHERE ack_required = 1 AND acked_at IS NULL AND escalated_at IS NOT NULL GROUP BY 1, 2, 3`},
	}
	for _, q := range queries {
		rows, err := t.read.QueryContext(ctx, q.sql)
		if err != nil {
			return nil, fmt.Errorf("traffic counts: %w", err)
		}
		if *q.into, err = scanCounts(rows); err != nil {
			return nil, fmt.Errorf("traffic counts: %w", err)
		}
	}
	return &tc, nil
}

func scanCounts(rows *sql.Rows) ([]cable.QueueCount, error) {
	defer rows.Close()
	var out []cable.QueueCount
	for rows.Next() {
		var q cable.QueueCount
		var p int
		if err := rows.Scan(&p, &q.Site, &q.Level, &q.N); err != nil {
			return nil, err
		}
		q.Precedence = cable.Precedence(p)
		out = append(out, q)
	}
	return out, rows.Err()
}

// Pools returns the database/sql pools of the archive, by name, for the
// metrics of their connections: the one writer, the readers, the search
// index's writer and the audit log's.
func (db *DB) Pools() map[string]*sql.DB {
	out := map[string]*sql.DB{"write": db.write, "read": db.read, "audit": db.auditDB}
	if db.ix != nil {
		out["index"] = db.ix.w
	}
	return out
}
