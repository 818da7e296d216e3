package postgres

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// deliveryCols are the columns scanDelivery reads, in order.
const deliveryCols = `id, cable, site, role, precedence, state, queued_at, delivered_at, ack_required, acked_by, acked_at, escalated_at, relay, attempts, relayed_at, relayed_by, delivered_by, last_error, escalated2_at`

func scanDelivery(row pgx.Row, extra ...any) (*cable.Delivery, error) {
	var d cable.Delivery
	var role, state string
	var prec int
	var queued int64
	var delivered, acked, escalated, relayed, escalated2 *int64
	dest := append([]any{&d.ID, &d.CableID, &d.Site, &role, &prec, &state, &queued, &delivered, &d.AckRequired, &d.AckedBy,
		&acked, &escalated, &d.Relay, &d.Attempts, &relayed, &d.RelayedBy, &d.DeliveredBy, &d.LastError, &escalated2}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	d.Role, d.State, d.Precedence = cable.AddresseeRole(role), cable.DeliveryState(state), cable.Precedence(prec)
	d.QueuedAt, d.DeliveredAt, d.AckedAt, d.EscalatedAt = fromNanos(queued), fromNull(delivered), fromNull(acked), fromNull(escalated)
	d.RelayedAt, d.Escalated2At = fromNull(relayed), fromNull(escalated2)
	return &d, nil
}

func scanDeliveries(rows pgx.Rows, err error) ([]*cable.Delivery, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*cable.Delivery, error) { return scanDelivery(r) })
}

// byUrgency sorts deliveries as the queue takes them: precedence, then
// queue time, then id. (RETURNING gives rows in no promised order.)
func byUrgency(ds []*cable.Delivery) {
	slices.SortFunc(ds, func(a, b *cable.Delivery) int {
		switch {
		case a.Precedence != b.Precedence:
			return int(b.Precedence) - int(a.Precedence)
		case !a.QueuedAt.Equal(b.QueuedAt):
			return a.QueuedAt.Compare(b.QueuedAt)
		}
		return int(a.ID - b.ID)
	})
}

// DeliverQueued delivers up to n queued copies for local sites, the most
// urgent first (precedence, then release time, then id), and returns them.
//
// The batch is chosen FOR UPDATE SKIP LOCKED: dispatchers in several
// processes take disjoint batches, none waiting for another's, and the
// single UPDATE is the delivery, so a copy moves from the outbox to its
// site's inbox exactly once; a process killed mid-statement leaves its
// batch queued (its transaction never commits) for the others to take.
// The time is read before the statement runs, which may be after a
// release queued more copies: no copy is delivered before it was queued.
func (t *Traffic) DeliverQueued(ctx context.Context, n int) ([]*cable.Delivery, error) {
	return t.DeliverUrgent(ctx, n, cable.PrecedenceNone)
}

// DeliverUrgent delivers, as DeliverQueued does, up to n queued copies for
// local sites of precedence atLeast or higher (delivery.UrgentDeliverer):
// the dispatcher's urgent lane takes a FLASH with it while its batch of
// ROUTINE copies is in hand, on a connection of its own.
func (t *Traffic) DeliverUrgent(ctx context.Context, n int, atLeast cable.Precedence) ([]*cable.Delivery, error) {
	rows, err := t.pool.Query(ctx, `UPDATE deliveries d SET state = 'delivered', delivered_at = GREATEST($1, d.queued_at)
		FROM (SELECT id FROM deliveries WHERE state = 'queued' AND relay = '' AND precedence >= $3
			ORDER BY precedence DESC, queued_at, id LIMIT $2 FOR UPDATE SKIP LOCKED) q
		WHERE d.id = q.id
		RETURNING `+prefixed("d", deliveryCols), nanos(t.Now()), n, int(atLeast))
	ds, err := scanDeliveries(rows, err)
	if err != nil {
		return nil, fmt.Errorf("deliver: %w", err)
	}
	byUrgency(ds)
	return ds, nil
}

// ClaimRelay leases up to n copies for remote sites to a relay until
// now+lease, the most urgent first: queued copies whose retry time has
// come, and copies whose previous lease ran out (their relay died). It
// returns them with their telegrams. Relaying is at least once.
func (t *Traffic) ClaimRelay(ctx context.Context, n int, lease time.Duration) ([]*cable.Delivery, error) {
	ds, err := t.ClaimRelayCopies(ctx, n, lease, cable.PrecedenceNone)
	if err != nil {
		return nil, err
	}
	if err := t.telegrams(ctx, ds); err != nil {
		return nil, fmt.Errorf("claim relay: %w", err)
	}
	return ds, nil
}

// ClaimRelayCopies leases, most urgent first, up to n copies for remote
// sites of precedence atLeast or higher, without their telegrams: the
// relay reads the signed envelope's text itself (delivery.LaneClaimer).
func (t *Traffic) ClaimRelayCopies(ctx context.Context, n int, lease time.Duration, atLeast cable.Precedence) ([]*cable.Delivery, error) {
	now := nanos(t.Now())
	rows, err := t.pool.Query(ctx, `UPDATE deliveries d SET state = 'sending', attempts = d.attempts + 1, not_before = $1
		FROM (SELECT id FROM deliveries WHERE state IN ('queued', 'sending') AND relay <> '' AND not_before <= $2
			AND precedence >= $4 ORDER BY precedence DESC, queued_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) q
		WHERE d.id = q.id
		RETURNING `+prefixed("d", deliveryCols), now+int64(lease), now, n, int(atLeast))
	ds, err := scanDeliveries(rows, err)
	if err != nil {
		return nil, fmt.Errorf("claim relay: %w", err)
	}
	byUrgency(ds)
	return ds, nil
}

// telegrams sets the telegram of each copy, in one query: the archived
// text, or for a cable this node only passes on (a relay site's) or did
// not archive, its envelope's.
func (t *Traffic) telegrams(ctx context.Context, ds []*cable.Delivery) error {
	if len(ds) == 0 {
		return nil
	}
	ids := make([]string, 0, len(ds))
	for _, d := range ds {
		ids = append(ids, d.CableID)
	}
	rows, err := t.pool.Query(ctx, `SELECT c.id, v.raw FROM cables c
		JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version WHERE c.id = ANY($1)`, ids)
	if err != nil {
		return err
	}
	text := map[string]string{}
	var id string
	var raw []byte
	if _, err := pgx.ForEachRow(rows, []any{&id, &raw}, func() error {
		text[id] = string(raw)
		return nil
	}); err != nil {
		return err
	}
	rows, err = t.pool.Query(ctx, `SELECT e.cable, e.telegram FROM envelopes e
		WHERE e.cable = ANY($1) AND NOT EXISTS (SELECT 1 FROM cables c WHERE c.id = e.cable)`, ids)
	if err != nil {
		return err
	}
	var telegram string
	if _, err := pgx.ForEachRow(rows, []any{&id, &telegram}, func() error {
		text[id] = telegram
		return nil
	}); err != nil {
		return err
	}
	for _, d := range ds {
		var ok bool
		if d.Telegram, ok = text[d.CableID]; !ok {
			return fmt.Errorf("no telegram for %s", d.CableID)
		}
	}
	return nil
}

// MarkRelayed records that the remote system took a claimed copy.
func (t *Traffic) MarkRelayed(ctx context.Context, id int64) error {
	_, err := t.pool.Exec(ctx, `UPDATE deliveries SET state = 'delivered', delivered_at = $1, last_error = ''
		WHERE id = $2 AND state = 'sending'`, nanos(t.Now()), id)
	if err != nil {
		return fmt.Errorf("mark delivery %d relayed: %w", id, err)
	}
	return nil
}

// RetryRelay puts a claimed copy back in the queue, to be tried again from
// at, with the reason the relay failed.
func (t *Traffic) RetryRelay(ctx context.Context, id int64, at time.Time, reason string) error {
	_, err := t.pool.Exec(ctx, `UPDATE deliveries SET state = 'queued', not_before = $1, last_error = $2
		WHERE id = $3 AND state = 'sending'`, nanos(at), validText(reason), id)
	if err != nil {
		return fmt.Errorf("retry delivery %d: %w", id, err)
	}
	return nil
}

// EscalateUnacknowledged escalates the delivered copies that need an
// acknowledgement and have waited longer than timeout(precedence) for it:
// it marks each once (the conditional UPDATE decides between processes
// escalating together) and records an event naming the site's duty
// officers.
func (t *Traffic) EscalateUnacknowledged(ctx context.Context, timeout func(cable.Precedence) time.Duration) ([]*cable.Delivery, error) {
	now := t.Now().UTC()
	due, err := scanDeliveries(t.pool.Query(ctx, `SELECT `+deliveryCols+` FROM deliveries
		WHERE ack_required AND acked_at IS NULL AND escalated_at IS NULL AND state = 'delivered' ORDER BY delivered_at`))
	if err != nil {
		return nil, fmt.Errorf("escalate: %w", err)
	}
	var out []*cable.Delivery
	for _, d := range due {
		limit, ok := traffic.DueForEscalation(d, timeout, now)
		if !ok {
			continue
		}
		officers, err := t.dutyOfficers(ctx, d.Site)
		if err != nil {
			return nil, err
		}
		escalated := false
		err = t.inTx(ctx, func(tx pgx.Tx) error {
			tag, err := tx.Exec(ctx, `UPDATE deliveries SET escalated_at = $1 WHERE id = $2 AND escalated_at IS NULL AND acked_at IS NULL`,
				nanos(now), d.ID)
			if err != nil || tag.RowsAffected() == 0 {
				return err // acknowledged meanwhile, or escalated by another process
			}
			escalated = true
			return addEvent(ctx, tx, traffic.Escalation(d, limit, officers, now))
		})
		if err != nil {
			return nil, fmt.Errorf("escalate %d: %w", d.ID, err)
		}
		if escalated {
			d.EscalatedAt = now
			out = append(out, d)
		}
	}
	return out, nil
}

// dutyOfficers names the users who are duty officers at site.
func (t *Traffic) dutyOfficers(ctx context.Context, site string) ([]string, error) {
	us, err := t.FindUsers(ctx, cable.UserFilter{})
	if err != nil {
		return nil, err
	}
	return traffic.DutyOfficers(us, site), nil
}
