package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/relay"
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

// SealBacklog seals telegrams as released here at at (the release's
// signature) and queues one copy of each for addressee at precedence p,
// routed as a release routes it, in one transaction. It exists for "cable
// bench relay", which needs an outbox of many distinct signed cables
// faster than releases make one: so it does not archive them here (the
// outbox takes a telegram from its envelope, as a relay site's does);
// the destination archives each as always. The node must have a site
// key. It returns the cables' ids.
func (t *Traffic) SealBacklog(ctx context.Context, telegrams []string, addressee string, p cable.Precedence, at time.Time) ([]string, error) {
	if _, err := traffic.RequireAdmin(ctx, "seal a backlog"); err != nil {
		return nil, err
	}
	if t.Site == nil {
		return nil, cable.Errorf(cable.Invalid, "seal a backlog: this node has no site key")
	}
	tx, err := t.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("seal backlog: %w", err)
	}
	defer tx.Rollback()
	site, err := findSite(ctx, tx, addressee)
	if err != nil {
		return nil, err
	}
	hop, err := t.hopOf(ctx, tx, site)
	if err != nil {
		return nil, err
	}
	at = at.UTC()
	ids := make([]string, len(telegrams))
	for i, tg := range telegrams {
		c := cabletext.ParseString(tg)
		d := &cable.Delivery{CableID: c.ID, Site: site.PLAD, Role: cable.RoleTo, Precedence: p}
		if err := storeEnvelope(ctx, tx, relay.Seal(t.Site, tg, c, at, []*cable.Delivery{d}, nil), tg, at); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO deliveries (cable, site, role, precedence, state, queued_at, relay)
			VALUES (?, ?, 'to', ?, 'queued', ?, ?)`, c.ID, site.PLAD, int(p), nanos(at), hop); err != nil {
			return nil, fmt.Errorf("seal backlog: %w", err)
		}
		ids[i] = c.ID
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("seal backlog: %w", err)
	}
	t.notify()
	return ids, nil
}
