package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/relay"
	"github.com/cable/cable/internal/traffic"
)

// AcceptCopies stores copies received from other nodes, in one
// transaction, each once: a copy already held (same cable, version and
// addressee) is answered with the time it was first received and changes
// nothing. A copy for a local site archives its cable (once), joins the
// site to its distribution and queues it for the local dispatcher; the
// first copy of a reply also answers the actions it closes and routes it
// to the offices the cited cable asked replies to be slugged for. A copy
// this node relays is queued for its next hop.
func (t *Traffic) AcceptCopies(ctx context.Context, in []*relay.Inbound) ([]relay.Accepted, error) {
	tx, err := t.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("accept copies: %w", err)
	}
	defer tx.Rollback()
	p := newPreparedTx(tx)
	defer p.close()
	now := t.Now().UTC()
	out := make([]relay.Accepted, len(in))
	fresh, err := heldCopies(ctx, p, in, out)
	if err != nil {
		return nil, err
	}
	imported, job, err := t.archiveInbound(ctx, p, fresh)
	if err != nil {
		return nil, err
	}
	for _, x := range fresh {
		if err := t.acceptOne(ctx, p, x, imported[x.Envelope.CableID], now); err != nil {
			return nil, err
		}
	}
	for i := range out {
		if !out[i].Duplicate {
			out[i].ReceivedAt = now
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("accept copies: %w", err)
	}
	// The dispatcher is woken first: local delivery need not wait for the
	// hand-over to the search index, which blocks while the index is
	// behind.
	t.notify()
	if job != nil {
		// The job is in the archive's queue: the relay's answer need not
		// wait for the search index, which the bulk goroutine brings up.
		if err := t.ix.applyBulk(job); err != nil {
			t.Logger.Error("index received cables", "err", err)
		}
	}
	return out, nil
}

// heldCopies marks in out the copies already held (answered with the
// time they were first received) and returns the others, each once.
func heldCopies(ctx context.Context, tx execer, in []*relay.Inbound, out []relay.Accepted) ([]*relay.Inbound, error) {
	var fresh []*relay.Inbound
	seen := map[string]int{}
	for i, x := range in {
		key := x.Envelope.CableID + "\x00" + x.Envelope.Version + "\x00" + x.Addressee
		if j, ok := seen[key]; ok { // the same copy twice in one request
			out[i] = out[j]
			continue
		}
		seen[key] = i
		var at int64
		err := tx.QueryRowContext(ctx, `SELECT received_at FROM relay_inbound WHERE cable = ? AND version = ? AND addressee = ?`,
			x.Envelope.CableID, x.Envelope.Version, x.Addressee).Scan(&at)
		switch {
		case err == nil:
			out[i] = relay.Accepted{ReceivedAt: fromNanos(at), Duplicate: true}
		case errors.Is(err, sql.ErrNoRows):
			fresh = append(fresh, x)
		default:
			return nil, fmt.Errorf("accept %s for %s: %w", x.Envelope.CableID, x.Addressee, err)
		}
	}
	return fresh, nil
}

// acceptOne stores one new copy: its envelope, its distribution and
// reply routing when its cable was archived here, its delivery row
// (local or onward) and its idempotency record.
func (t *Traffic) acceptOne(ctx context.Context, tx execer, x *relay.Inbound, imported bool, now time.Time) error {
	if err := storeEnvelope(ctx, tx, x.Envelope, x.Telegram, now); err != nil {
		return err
	}
	if x.Hop == "" {
		if imported {
			if err := t.answerInbound(ctx, tx, x); err != nil {
				return err
			}
		}
		if err := addParty(ctx, tx, x.Cable.ID, x.Addressee); err != nil {
			return err
		}
	}
	id, err := inboundDelivery(ctx, tx, x.Envelope.CableID, x.Addressee, x.Role, x.Precedence, x.AckRequired, x.Envelope.Released, x.Hop)
	if err != nil {
		return err
	}
	transit := x.Hop != "" // owes no receipt of its own
	if _, err := tx.ExecContext(ctx, `INSERT INTO relay_inbound (cable, version, addressee, origin, sender, received_at, delivery,
		delivered_sent, acked_sent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, x.Envelope.CableID, x.Envelope.Version, x.Addressee,
		x.Envelope.Origin, x.From, nanos(now), id, transit, true); err != nil {
		return fmt.Errorf("accept %s for %s: %w", x.Envelope.CableID, x.Addressee, err)
	}
	return nil
}

// inboundDelivery queues a received copy (for the local dispatcher when
// hop is empty, else for the hop) and returns its row; a copy of the same
// cable for the same site already queued is that row.
func inboundDelivery(ctx context.Context, tx execer, id, site string, role cable.AddresseeRole, p cable.Precedence, ack bool,
	released time.Time, hop string) (int64, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO deliveries (cable, site, role, precedence, state, queued_at, ack_required, relay)
		VALUES (?, ?, ?, ?, 'queued', ?, ?, ?) ON CONFLICT (cable, site) DO NOTHING`, id, site, string(role), int(p), nanos(released), ack, hop); err != nil {
		return 0, fmt.Errorf("queue %s for %s: %w", id, site, err)
	}
	var row int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM deliveries WHERE cable = ? AND site = ?`, id, site).Scan(&row); err != nil {
		return 0, fmt.Errorf("queue %s for %s: %w", id, site, err)
	}
	return row, nil
}

// archiveInbound archives, in one batch, the cables of copies for local
// sites that the archive does not hold yet, and reports which it
// imported (the first copy of a reply answers the actions it closes).
func (t *Traffic) archiveInbound(ctx context.Context, p *preparedTx, in []*relay.Inbound) (map[string]bool, *indexJob, error) {
	var cs []*cable.Cable
	seen := map[string]bool{}
	for _, x := range in {
		if x.Hop != "" || seen[x.Cable.ID] {
			continue
		}
		seen[x.Cable.ID] = true
		var n int
		if err := p.QueryRowContext(ctx, `SELECT count(*) FROM cables WHERE id = ?`, x.Cable.ID).Scan(&n); err != nil {
			return nil, nil, fmt.Errorf("archive %s: %w", x.Cable.ID, err)
		}
		if n == 0 {
			cs = append(cs, x.Cable)
		}
	}
	if len(cs) == 0 {
		return nil, nil, nil
	}
	res, job, refused, err := t.importInTx(ctx, p.tx, cs)
	if err == nil {
		err = refused.Err()
	}
	if err != nil {
		return nil, nil, fmt.Errorf("archive received cables: %w", err)
	}
	imported := map[string]bool{}
	for i, c := range cs {
		imported[c.ID] = res[i] == cable.Imported
	}
	return imported, job, nil
}

// addParty adds a site to a cable's distribution (role slug) unless it is
// a party already.
func addParty(ctx context.Context, tx execer, id, plad string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO parties (cable, plad, role)
		SELECT c.rowid, ?, 'slug' FROM cables c WHERE c.id = ? AND NOT EXISTS (SELECT 1 FROM parties p WHERE p.cable = c.rowid AND p.plad = ?)`,
		plad, id, plad); err != nil {
		return fmt.Errorf("distribute %s to %s: %w", id, plad, err)
	}
	return nil
}

// answerInbound does for a received reply what its release did at its
// origin, with this node's records: it closes the open actions of the
// cables it cites that its origin owns, and routes it to the local offices
// those cables asked replies to be slugged for; but only for the cited
// cables its origin's releaser may know of (the envelope's Answers): any
// other reference is dangling here as it was there.
func (t *Traffic) answerInbound(ctx context.Context, tx execer, x *relay.Inbound) error {
	e, c := x.Envelope, x.Cable
	for _, cited := range e.AnswersOf(traffic.CitedCables(c)) {
		rows, err := tx.QueryContext(ctx, `UPDATE actions SET state = 'answered', answered_by = ?, answered_at = ?
			WHERE cable = ? AND state = 'open' AND owner = ? RETURNING id, owner`, c.ID, nanos(e.Released), cited, e.Origin)
		if err != nil {
			return fmt.Errorf("answer %s: %w", cited, err)
		}
		type answered struct {
			id    int64
			owner string
		}
		var as []answered
		for rows.Next() {
			var a answered
			if err := rows.Scan(&a.id, &a.owner); err != nil {
				rows.Close()
				return err
			}
			as = append(as, a)
		}
		rows.Close()
		for _, a := range as {
			if err := addEvent(ctx, tx, cable.Event{At: e.Released, Kind: cable.EventAnswered, CableID: cited, Site: a.owner, By: e.Origin,
				Detail: fmt.Sprintf("action %d answered by %s", a.id, c.ID)}); err != nil {
				return err
			}
		}
		if err := t.routeInbound(ctx, tx, x, cited); err != nil {
			return err
		}
	}
	return nil
}

// routeInbound gives a local copy of a received reply to each office the
// cited cable asked replies to be slugged for, when the reply's origin
// was one of the cited cable's addressees.
func (t *Traffic) routeInbound(ctx context.Context, tx execer, x *relay.Inbound, cited string) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT s.office FROM slug_requests s
		JOIN cables c ON c.id = s.cable JOIN parties pa ON pa.cable = c.rowid
		WHERE s.cable = ? AND pa.role IN ('to', 'info') AND pa.plad = ? ORDER BY s.rowid`, cited, x.Envelope.Origin)
	if err != nil {
		return fmt.Errorf("route reply to %s: %w", cited, err)
	}
	offices, err := scanStrings(rows)
	if err != nil {
		return err
	}
	for _, o := range offices {
		r, err := t.routeIn(ctx, tx, o)
		if err != nil || r.Kind != relay.Local {
			continue // gone from the directory, or served elsewhere: the origin routes it
		}
		if _, err := inboundDelivery(ctx, tx, x.Cable.ID, o, cable.RoleSlug, x.Precedence, false, x.Envelope.Released, ""); err != nil {
			return err
		}
		if err := addParty(ctx, tx, x.Cable.ID, o); err != nil {
			return err
		}
	}
	return nil
}
