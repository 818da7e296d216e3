package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// QueueBacklog queues n copies of cable id at precedence p, released at
// at, for the sites "BACKLOG 1" to "BACKLOG n", in one statement, and
// wakes every dispatcher. It exists for benchmarks and load tests, which
// need a large outbox faster than releases make one; the copies are
// delivered like any other.
func (t *Traffic) QueueBacklog(ctx context.Context, id string, n int, p cable.Precedence, at time.Time) error {
	if _, err := traffic.RequireAdmin(ctx, "queue a backlog"); err != nil {
		return err
	}
	_, err := t.pool.Exec(ctx, `WITH q AS (
			INSERT INTO deliveries (cable, site, role, precedence, state, queued_at)
			SELECT $1, 'BACKLOG ' || i, 'to', $2, 'queued', $3 FROM generate_series(1, $4::int) AS i)
		SELECT pg_notify($5, '')`, id, int(p), nanos(at), n, t.channel())
	if err != nil {
		return fmt.Errorf("queue backlog: %w", err)
	}
	t.notify()
	return nil
}
