package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// QueueBacklog queues n copies of cable id at precedence p, released at
// at, for the sites "BACKLOG 1" to "BACKLOG n", in one transaction. It
// exists for benchmarks and load tests, which need a large outbox faster
// than releases make one; the copies are delivered like any other.
func (t *Traffic) QueueBacklog(ctx context.Context, id string, n int, p cable.Precedence, at time.Time) error {
	if _, err := traffic.RequireAdmin(ctx, "queue a backlog"); err != nil {
		return err
	}
	tx, err := t.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("queue backlog: %w", err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `INSERT INTO deliveries (cable, site, role, precedence, state, queued_at) VALUES (?, ?, 'to', ?, 'queued', ?)`)
	if err != nil {
		return fmt.Errorf("queue backlog: %w", err)
	}
	defer st.Close()
	for i := 1; i <= n; i++ {
		if _, err := st.ExecContext(ctx, id, fmt.Sprintf("BACKLOG %d", i), int(p), nanos(at)); err != nil {
			return fmt.Errorf("queue backlog: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("queue backlog: %w", err)
	}
	t.notify()
	return nil
}
