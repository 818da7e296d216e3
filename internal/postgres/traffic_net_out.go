package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/relay"
	"github.com/cable/cable/internal/traffic"
)

// seal signs a release's telegram with the node's key and stores the
// envelope, in the release's transaction: a cable is sealed exactly when
// it is released.
func (p *release) seal(ctx context.Context, tx pgx.Tx, copies []*cable.Delivery) error {
	e := relay.Seal(p.t.Site, p.Telegram, p.Cable, p.Now, copies, p.cited)
	return storeEnvelope(ctx, tx, e, p.Telegram, p.Now)
}

func storeEnvelope(ctx context.Context, q querier, e *relay.Envelope, telegram string, at time.Time) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = q.Exec(ctx, `INSERT INTO envelopes (cable, version, origin, envelope, telegram, stored_at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT DO NOTHING`, e.CableID, e.Version, e.Origin, string(b), validText(telegram), nanos(at))
	if err != nil {
		return fmt.Errorf("store the envelope of %s: %w", e.CableID, err)
	}
	return nil
}

// Sealed returns the stored envelopes and telegrams of cables.
func (t *Traffic) Sealed(ctx context.Context, ids []string) (map[string]*relay.Sealed, error) {
	out := map[string]*relay.Sealed{}
	if len(ids) == 0 {
		return out, nil
	}
	var valid []string
	for _, id := range ids {
		if isText(id) {
			valid = append(valid, id)
		}
	}
	rows, err := t.pool.Query(ctx, `SELECT envelope, telegram FROM envelopes WHERE cable = ANY($1)`, valid)
	if err != nil {
		return nil, fmt.Errorf("envelopes: %w", err)
	}
	var env, tel string
	_, err = pgx.ForEachRow(rows, []any{&env, &tel}, func() error {
		s := &relay.Sealed{Envelope: &relay.Envelope{}, Telegram: tel}
		if err := json.Unmarshal([]byte(env), s.Envelope); err != nil {
			return fmt.Errorf("envelope: %w", err)
		}
		out[s.Envelope.CableID] = s
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("envelopes: %w", err)
	}
	return out, nil
}

// Envelope returns the stored envelope and telegram of one cable, nil
// when it has none (released before the node had a key, or imported).
func (t *Traffic) Envelope(ctx context.Context, id string) (*relay.Sealed, error) {
	m, err := t.Sealed(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	return m[id], nil
}

// RelayFailed puts the copies of a failed post back, and holds every
// other copy for the hop until at, so that a link that comes back is
// drained in precedence order.
func (t *Traffic) RelayFailed(ctx context.Context, hop string, ids []int64, at time.Time, reason string) error {
	err := t.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE deliveries SET state = 'queued', not_before = $1, last_error = $2 WHERE id = ANY($3) AND state = 'sending'`,
			nanos(at), validText(reason), ids); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE deliveries SET not_before = $1 WHERE relay = $2 AND state = 'queued' AND not_before < $1`, nanos(at), hop)
		return err
	})
	if err != nil {
		return fmt.Errorf("relay failed: %w", err)
	}
	return nil
}

// TakeReceipts records verified receipts for this node's copies, once
// each, and moves each copy on.
func (t *Traffic) TakeReceipts(ctx context.Context, rs []*relay.Receipt) (int, error) {
	if len(rs) == 0 {
		return 0, nil
	}
	now, n := nanos(t.Now()), 0
	err := t.inTx(ctx, func(tx pgx.Tx) error {
		n = 0
		for _, r := range rs {
			fresh, err := insertReceipt(ctx, tx, r, now, 0)
			if err != nil {
				return err
			}
			if !fresh {
				continue
			}
			n++
			if err := applyReceipt(ctx, tx, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("take receipts: %w", err)
	}
	return n, nil
}

func insertReceipt(ctx context.Context, tx pgx.Tx, r *relay.Receipt, now int64, forward int) (bool, error) {
	b, _ := json.Marshal(r)
	tag, err := tx.Exec(ctx, `INSERT INTO receipts (cable, addressee, kind, signer, at, by_name, receipt, taken_at, forward)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`, validText(r.CableID), validText(r.Addressee), string(r.Kind),
		validText(r.Signer), nanos(r.At), validText(r.By), validText(string(b)), now, forward)
	if err != nil {
		return false, fmt.Errorf("receipt for %s at %s: %w", r.CableID, r.Addressee, err)
	}
	return tag.RowsAffected() == 1, nil
}

// applyReceipt moves a copy on: received → relayed, delivered, and
// acknowledged (which implies delivered).
func applyReceipt(ctx context.Context, tx pgx.Tx, r *relay.Receipt) error {
	var q string
	args := []any{nanos(r.At), r.Signer}
	switch r.Kind {
	case relay.Received:
		q = `UPDATE deliveries SET state = 'relayed', relayed_at = $1, relayed_by = $2, last_error = '' WHERE cable = $3 AND site = $4 AND state IN ('queued', 'sending')`
	case relay.Delivered:
		q = `UPDATE deliveries SET state = 'delivered', delivered_at = $1, delivered_by = $2, last_error = '' WHERE cable = $3 AND site = $4 AND state <> 'delivered'`
	case relay.Acknowledged:
		q = `UPDATE deliveries SET acked_at = $1, acked_by = $2 WHERE cable = $3 AND site = $4 AND acked_at IS NULL`
		args = []any{nanos(r.At), r.By + "@" + r.Signer}
	default:
		return nil
	}
	if _, err := tx.Exec(ctx, q, append(args, r.CableID, r.Addressee)...); err != nil {
		return fmt.Errorf("%s receipt for %s at %s: %w", r.Kind, r.CableID, r.Addressee, err)
	}
	if r.Kind != relay.Acknowledged {
		return nil
	}
	_, err := tx.Exec(ctx, `UPDATE deliveries SET state = 'delivered', delivered_at = $1, delivered_by = $2 WHERE cable = $3 AND site = $4 AND state <> 'delivered'`,
		nanos(r.At), r.Signer, r.CableID, r.Addressee)
	if err == nil {
		err = addEvent(ctx, tx, cable.Event{At: r.At, Kind: cable.EventAcknowledged, CableID: r.CableID, Site: r.Addressee,
			By: r.By + "@" + r.Signer, Detail: "signed receipt of " + r.Signer})
	}
	return err
}

// ForwardReceipts keeps receipts for another node, to pass on.
func (t *Traffic) ForwardReceipts(ctx context.Context, rs []*relay.Receipt) error {
	now := nanos(t.Now())
	err := t.inTx(ctx, func(tx pgx.Tx) error {
		for _, r := range rs {
			if _, err := insertReceipt(ctx, tx, r, now, 1); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("forward receipts: %w", err)
	}
	return nil
}

// FailRelay gives up a claimed copy: state failed, with the reason, and an
// event in the cable's history.
func (t *Traffic) FailRelay(ctx context.Context, id int64, reason string) error {
	tx, err := t.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("give up delivery %d: %w", id, err)
	}
	defer tx.Rollback(ctx)
	var cableID, site string
	err = tx.QueryRow(ctx, `UPDATE deliveries SET state = 'failed', last_error = $1 WHERE id = $2 AND state = 'sending'
		RETURNING cable, site`, validText(reason), id).Scan(&cableID, &site)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil // a receipt moved it on meanwhile
	}
	if err != nil {
		return fmt.Errorf("give up delivery %d: %w", id, err)
	}
	if err := addEvent(ctx, tx, cable.Event{At: t.Now().UTC(), Kind: cable.EventFailed, CableID: cableID, Site: site, By: traffic.System,
		Detail: "copy given up: " + validText(reason)}); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
