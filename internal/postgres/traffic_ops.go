package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cable/cable/internal/cable"
)

// TrafficCounts counts the outbox, the acknowledgements pending and the
// escalations standing, by precedence and site, for the metrics
// (package metrics reads it at each scrape).
func (t *Traffic) TrafficCounts(ctx context.Context) (*cable.TrafficCounts, error) {
	var tc cable.TrafficCounts
	queries := []struct {
		into *[]cable.QueueCount
		sql  string
	}{
		{&tc.Outbox, `SELECT precedence, site, 0, count(*) FROM deliveries WHERE state IN ('queued', 'sending') GROUP BY 1, 2`},
		{&tc.AcksPending, `SELECT precedence, site, 0, count(*) FROM deliveries
			WHERE state = 'delivered' AND ack_required AND acked_at IS NULL GROUP BY 1, 2`},
		{&tc.Escalated, `SELECT precedence, site, CASE WHEN escalated2_at IS NULL THEN 1 ELSE 2 END, count(*) FROM deliveries
			WHERE ack_required AND acked_at IS NULL AND escalated_at IS NOT NULL GROUP BY 1, 2, 3`},
	}
	for _, q := range queries {
		rows, err := t.pool.Query(ctx, q.sql)
		if err != nil {
			return nil, fmt.Errorf("traffic counts: %w", err)
		}
		for rows.Next() {
			var c cable.QueueCount
			var p int
			var n int64
			if err := rows.Scan(&p, &c.Site, &c.Level, &n); err != nil {
				rows.Close()
				return nil, fmt.Errorf("traffic counts: %w", err)
			}
			c.Precedence, c.N = cable.Precedence(p), int(n)
			*q.into = append(*q.into, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("traffic counts: %w", err)
		}
	}
	return &tc, nil
}

// PoolStat returns the connection pool's statistics, for the metrics.
func (db *DB) PoolStat() *pgxpool.Stat { return db.pool.Stat() }
