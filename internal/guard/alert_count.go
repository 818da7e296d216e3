package guard

import (
	"context"
	"fmt"
	"time"

	"github.com/cable/cable/internal/cable"
)

// CountAlertsByUser counts the alerts raised in [since, until) about each
// user, the most alerted first; the reports page draws the top of it. The
// alerts table is the one that names whom an alert is about (its audit
// entry names who acted, which for a locked login is nobody).
func (g *Guard) CountAlertsByUser(ctx context.Context, since, until time.Time, limit int) ([]cable.AlertCount, error) {
	if err := mustBeAdmin(ctx, "count alerts"); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 1000 {
		limit = 10
	}
	var out []cable.AlertCount
	err := g.B.BudgetTx(ctx, func(tx Tx) error {
		rows, err := tx.Query(ctx, `SELECT reader, count(*), max(at) FROM alerts WHERE at >= ?1 AND at < ?2
			GROUP BY reader ORDER BY count(*) DESC, reader LIMIT ?3`, micros(since), micros(until), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c cable.AlertCount
			var last int64
			if err := rows.Scan(&c.User, &c.N, &last); err != nil {
				return err
			}
			c.Last = timeOf(last)
			out = append(out, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("count alerts: %w", err)
	}
	return out, nil
}
