package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/cable/cable/internal/relay"
)

// PendingReceipts returns up to n receipts this node owes: for each copy
// it received for a local site, a delivered receipt once the dispatcher
// delivered it and an acknowledged one once a member acknowledged it,
// unsigned; then receipts it forwards, signed.
// They are derived from the copies' state rather than queued, so a crash
// loses none.
func (t *Traffic) PendingReceipts(ctx context.Context, n int) ([]*relay.Receipt, error) {
	out, err := t.owed(ctx, relay.Delivered, `i.delivered_sent = 0 AND d.state = 'delivered'`, n)
	if err != nil {
		return nil, err
	}
	acks, err := t.owed(ctx, relay.Acknowledged, `i.acked_sent = 0 AND d.acked_at IS NOT NULL`, n-len(out))
	if err != nil {
		return nil, err
	}
	out = append(out, acks...)
	if len(out) >= n {
		return out, nil
	}
	fw, err := t.read.QueryContext(ctx, `SELECT receipt FROM receipts WHERE forward = 1 ORDER BY taken_at LIMIT ?`, n-len(out))
	if err != nil {
		return nil, fmt.Errorf("receipts to forward: %w", err)
	}
	defer fw.Close()
	for fw.Next() {
		var b string
		if err := fw.Scan(&b); err != nil {
			return nil, err
		}
		r := &relay.Receipt{}
		if err := json.Unmarshal([]byte(b), r); err != nil {
			return nil, fmt.Errorf("receipt to forward: %w", err)
		}
		out = append(out, r)
	}
	return out, fw.Err()
}

// owed returns up to n unsigned receipts of one kind for received copies
// that match where.
func (t *Traffic) owed(ctx context.Context, kind relay.ReceiptKind, where string, n int) ([]*relay.Receipt, error) {
	if n <= 0 {
		return nil, nil
	}
	rows, err := t.read.QueryContext(ctx, `SELECT i.cable, i.version, i.addressee, i.origin, coalesce(d.delivered_at, 0), d.acked_by,
			coalesce(d.acked_at, 0)
		FROM relay_inbound i JOIN deliveries d ON d.id = i.delivery WHERE d.relay = '' AND `+where+` LIMIT ?`, n)
	if err != nil {
		return nil, fmt.Errorf("owed receipts: %w", err)
	}
	defer rows.Close()
	var out []*relay.Receipt
	for rows.Next() {
		r := &relay.Receipt{Kind: kind}
		var delivered, acked int64
		var by string
		if err := rows.Scan(&r.CableID, &r.Version, &r.Addressee, &r.Origin, &delivered, &by, &acked); err != nil {
			return nil, fmt.Errorf("owed receipts: %w", err)
		}
		r.At = fromNanos(delivered)
		if kind == relay.Acknowledged {
			r.At, r.By = fromNanos(acked), by
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReceiptsSent records that receipts reached their next hop.
func (t *Traffic) ReceiptsSent(ctx context.Context, rs []*relay.Receipt) error {
	tx, err := t.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("receipts sent: %w", err)
	}
	defer tx.Rollback()
	p := newPreparedTx(tx)
	defer p.close()
	for _, r := range rs {
		var q string
		switch {
		case t.Site == nil || r.Signer != t.Site.PLAD:
			q = `UPDATE receipts SET forward = 2 WHERE cable = ? AND addressee = ? AND kind = '` + string(r.Kind) + `' AND ? <> ''`
		case r.Kind == relay.Delivered:
			q = `UPDATE relay_inbound SET delivered_sent = 1 WHERE cable = ? AND addressee = ? AND version = ?`
		case r.Kind == relay.Acknowledged:
			q = `UPDATE relay_inbound SET acked_sent = 1 WHERE cable = ? AND addressee = ? AND version = ?`
		default:
			continue
		}
		if _, err := p.ExecContext(ctx, q, r.CableID, r.Addressee, r.Version); err != nil {
			return fmt.Errorf("receipt sent for %s at %s: %w", r.CableID, r.Addressee, err)
		}
	}
	return tx.Commit()
}

// Receipts returns the receipts this node took for a cable's copies,
// signatures included, by addressee and kind.
func (t *Traffic) Receipts(ctx context.Context, cableID string) ([]*relay.Receipt, error) {
	rows, err := t.read.QueryContext(ctx, `SELECT receipt FROM receipts WHERE cable = ? AND forward = 0 ORDER BY addressee, at`, cableID)
	if err != nil {
		return nil, fmt.Errorf("receipts of %s: %w", cableID, err)
	}
	defer rows.Close()
	var out []*relay.Receipt
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		r := &relay.Receipt{}
		if err := json.Unmarshal([]byte(b), r); err != nil {
			return nil, fmt.Errorf("receipt of %s: %w", cableID, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CableSignature says who signed a cable and whether it verifies; a cable
// the caller may not know of is NotFound, as everywhere.
func (t *Traffic) CableSignature(ctx context.Context, id string) (*relay.Signature, error) {
	c, err := t.FindCableByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return relay.VerifyCable(ctx, t, t.Site, c.ID)
}
