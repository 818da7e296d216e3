package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/relay"
)

// sealRelease signs a release's telegram with the node's key and stores
// the envelope, in the release's transaction: a cable is sealed exactly
// when it is released.
func (p *release) seal(ctx context.Context, tx *sql.Tx, copies []*cable.Delivery) error {
	e := relay.Seal(p.t.Site, p.Telegram, p.Cable, p.Now, copies, p.cited)
	return storeEnvelope(ctx, tx, e, p.Telegram, p.Now)
}

func storeEnvelope(ctx context.Context, x execer, e *relay.Envelope, telegram string, at time.Time) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = x.ExecContext(ctx, `INSERT OR IGNORE INTO envelopes (cable, version, origin, envelope, telegram, stored_at) VALUES (?, ?, ?, ?, ?, ?)`,
		e.CableID, e.Version, e.Origin, string(b), telegram, nanos(at))
	if err != nil {
		return fmt.Errorf("store the envelope of %s: %w", e.CableID, err)
	}
	return nil
}

// hopOf is the next hop recorded on a copy at release: with a site
// identity, the node the route goes to (” for local); without one, the
// relay URL of the directory, as before the network.
func (t *Traffic) hopOf(ctx context.Context, x execer, s *cable.Site) (string, error) {
	if t.Site == nil {
		return s.Relay, nil
	}
	r, err := t.routeIn(ctx, x, s.PLAD)
	if err != nil {
		return "", err
	}
	return r.Hop, nil
}

// Sealed returns the stored envelopes and telegrams of cables.
func (t *Traffic) Sealed(ctx context.Context, ids []string) (map[string]*relay.Sealed, error) {
	out := map[string]*relay.Sealed{}
	var uniq []any
	for _, id := range ids {
		if _, ok := out[id]; !ok {
			out[id] = nil
			uniq = append(uniq, id)
		}
	}
	if len(uniq) == 0 {
		return out, nil
	}
	rows, err := t.read.QueryContext(ctx, `SELECT envelope, telegram FROM envelopes WHERE cable IN (?`+strings.Repeat(",?", len(uniq)-1)+`)`, uniq...)
	if err != nil {
		return nil, fmt.Errorf("envelopes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var env, tel string
		if err := rows.Scan(&env, &tel); err != nil {
			return nil, fmt.Errorf("envelopes: %w", err)
		}
		s := &relay.Sealed{Envelope: &relay.Envelope{}, Telegram: tel}
		if err := json.Unmarshal([]byte(env), s.Envelope); err != nil {
			return nil, fmt.Errorf("envelope: %w", err)
		}
		out[s.Envelope.CableID] = s
	}
	for id, s := range out {
		if s == nil {
			delete(out, id)
		}
	}
	return out, rows.Err()
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
	tx, err := t.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("relay failed: %w", err)
	}
	defer tx.Rollback()
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET state = 'queued', not_before = ?, last_error = ? WHERE id = ? AND state = 'sending'`,
			nanos(at), reason, id); err != nil {
			return fmt.Errorf("relay failed: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET not_before = ? WHERE relay = ? AND state = 'queued' AND not_before < ?`,
		nanos(at), hop, nanos(at)); err != nil {
		return fmt.Errorf("relay failed: %w", err)
	}
	return tx.Commit()
}

// TakeReceipts records verified receipts for this node's copies, once
// each, and moves each copy on.
func (t *Traffic) TakeReceipts(ctx context.Context, rs []*relay.Receipt) (int, error) {
	if len(rs) == 0 {
		return 0, nil
	}
	tx, err := t.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("take receipts: %w", err)
	}
	defer tx.Rollback()
	p := newPreparedTx(tx)
	defer p.close()
	now, n := nanos(t.Now()), 0
	for _, r := range rs {
		fresh, err := insertReceipt(ctx, p, r, now, 0)
		if err != nil {
			return 0, err
		}
		if !fresh {
			continue
		}
		n++
		if err := applyReceipt(ctx, p, r); err != nil {
			return 0, err
		}
	}
	return n, tx.Commit()
}

func insertReceipt(ctx context.Context, tx execer, r *relay.Receipt, now int64, forward int) (bool, error) {
	b, _ := json.Marshal(r)
	res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO receipts (cable, addressee, kind, signer, at, by, receipt, taken_at, forward)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.CableID, r.Addressee, string(r.Kind), r.Signer, nanos(r.At), r.By, string(b), now, forward)
	if err != nil {
		return false, fmt.Errorf("receipt for %s at %s: %w", r.CableID, r.Addressee, err)
	}
	k, _ := res.RowsAffected()
	return k == 1, nil
}

// applyReceipt moves a copy on: received → relayed, delivered, and
// acknowledged (which implies delivered).
func applyReceipt(ctx context.Context, tx execer, r *relay.Receipt) error {
	var q string
	args := []any{nanos(r.At), r.Signer}
	switch r.Kind {
	case relay.Received:
		q = `UPDATE deliveries SET state = 'relayed', relayed_at = ?, relayed_by = ?, last_error = '' WHERE cable = ? AND site = ? AND state IN ('queued', 'sending')`
	case relay.Delivered:
		q = `UPDATE deliveries SET state = 'delivered', delivered_at = ?, delivered_by = ?, last_error = '' WHERE cable = ? AND site = ? AND state <> 'delivered'`
	case relay.Acknowledged:
		q = `UPDATE deliveries SET acked_at = ?, acked_by = ? WHERE cable = ? AND site = ? AND acked_at IS NULL`
		args = []any{nanos(r.At), r.By + "@" + r.Signer}
	}
	if _, err := tx.ExecContext(ctx, q, append(args, r.CableID, r.Addressee)...); err != nil {
		return fmt.Errorf("%s receipt for %s at %s: %w", r.Kind, r.CableID, r.Addressee, err)
	}
	if r.Kind != relay.Acknowledged {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE deliveries SET state = 'delivered', delivered_at = ?, delivered_by = ? WHERE cable = ? AND site = ? AND state <> 'delivered'`,
		nanos(r.At), r.Signer, r.CableID, r.Addressee)
	if err == nil {
		err = addEvent(ctx, tx, cable.Event{At: r.At, Kind: cable.EventAcknowledged, CableID: r.CableID, Site: r.Addressee,
			By: r.By + "@" + r.Signer, Detail: "signed receipt of " + r.Signer})
	}
	return err
}

// ForwardReceipts keeps receipts for another node, to pass on.
func (t *Traffic) ForwardReceipts(ctx context.Context, rs []*relay.Receipt) error {
	tx, err := t.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("forward receipts: %w", err)
	}
	defer tx.Rollback()
	now := nanos(t.Now())
	for _, r := range rs {
		if _, err := insertReceipt(ctx, tx, r, now, 1); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// FailRelay gives up a claimed copy: state failed, with the reason, and an
// event in the cable's history.
func (t *Traffic) FailRelay(ctx context.Context, id int64, reason string) error {
	tx, err := t.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("give up delivery %d: %w", id, err)
	}
	defer tx.Rollback()
	var cableID, site string
	err = tx.QueryRowContext(ctx, `UPDATE deliveries SET state = 'failed', last_error = ? WHERE id = ? AND state = 'sending'
		RETURNING cable, site`, reason, id).Scan(&cableID, &site)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // a receipt moved it on meanwhile
	}
	if err != nil {
		return fmt.Errorf("give up delivery %d: %w", id, err)
	}
	if err := addEvent(ctx, tx, cable.Event{At: t.Now().UTC(), Kind: cable.EventFailed, CableID: cableID, Site: site, By: system,
		Detail: "copy given up: " + reason}); err != nil {
		return err
	}
	return tx.Commit()
}
