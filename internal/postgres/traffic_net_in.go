package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/relay"
	"github.com/cable/cable/internal/traffic"
)

// AcceptCopies stores copies received from other nodes, in one
// transaction, each once: a copy already held (same cable, version and
// addressee) is answered with the time it was first received and changes
// nothing. A copy for a local site archives its cable (once), joins the
// site to its distribution and queues it for the local dispatchers; the
// first copy of a reply also answers the actions it closes and routes it
// to the offices the cited cable asked replies to be slugged for. A copy
// this node relays is queued for its next hop. The transaction holds the
// import lock, as a release does, and wakes every process's dispatcher.
func (t *Traffic) AcceptCopies(ctx context.Context, in []*relay.Inbound) ([]relay.Accepted, error) {
	now := t.Now().UTC()
	out := make([]relay.Accepted, len(in))
	err := t.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, importLock); err != nil {
			return err
		}
		for i, x := range in {
			a, err := t.acceptOne(ctx, tx, x, now)
			if err != nil {
				return err
			}
			out[i] = a
		}
		_, err := tx.Exec(ctx, `SELECT pg_notify($1, '')`, t.channel())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("accept copies: %w", err)
	}
	t.notify()
	return out, nil
}

// acceptOne stores one inbound copy in tx.
func (t *Traffic) acceptOne(ctx context.Context, tx pgx.Tx, x *relay.Inbound, now time.Time) (relay.Accepted, error) {
	var at int64
	err := tx.QueryRow(ctx, `SELECT received_at FROM relay_inbound WHERE cable = $1 AND version = $2 AND addressee = $3`,
		x.Envelope.CableID, x.Envelope.Version, x.Addressee).Scan(&at)
	if err == nil {
		return relay.Accepted{ReceivedAt: fromNanos(at), Duplicate: true}, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return relay.Accepted{}, fmt.Errorf("accept %s for %s: %w", x.Envelope.CableID, x.Addressee, err)
	}
	if err := storeEnvelope(ctx, tx, x.Envelope, x.Telegram, now); err != nil {
		return relay.Accepted{}, err
	}
	if x.Hop == "" {
		if err := t.archiveInbound(ctx, tx, x); err != nil {
			return relay.Accepted{}, err
		}
	}
	id, err := inboundDelivery(ctx, tx, x.Envelope.CableID, x.Addressee, x.Role, x.Precedence, x.AckRequired, x.Envelope.Released, x.Hop)
	if err != nil {
		return relay.Accepted{}, err
	}
	transit := x.Hop != "" // owes no receipt of its own
	if _, err := tx.Exec(ctx, `INSERT INTO relay_inbound (cable, version, addressee, origin, sender, received_at, delivery,
		delivered_sent, acked_sent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true)`, x.Envelope.CableID, x.Envelope.Version, x.Addressee,
		x.Envelope.Origin, x.From, nanos(now), id, transit); err != nil {
		return relay.Accepted{}, fmt.Errorf("accept %s for %s: %w", x.Envelope.CableID, x.Addressee, err)
	}
	return relay.Accepted{ReceivedAt: now}, nil
}

// inboundDelivery queues a received copy (for the local dispatchers when
// hop is empty, else for the hop) and returns its row; a copy of the same
// cable for the same site already queued is that row.
func inboundDelivery(ctx context.Context, tx pgx.Tx, id, site string, role cable.AddresseeRole, p cable.Precedence, ack bool,
	released time.Time, hop string) (int64, error) {
	if _, err := tx.Exec(ctx, `INSERT INTO deliveries (cable, site, role, precedence, state, queued_at, ack_required, relay)
		VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7) ON CONFLICT (cable, site) DO NOTHING`, id, site, string(role), int(p), nanos(released), ack, hop); err != nil {
		return 0, fmt.Errorf("queue %s for %s: %w", id, site, err)
	}
	var row int64
	if err := tx.QueryRow(ctx, `SELECT id FROM deliveries WHERE cable = $1 AND site = $2`, id, site).Scan(&row); err != nil {
		return 0, fmt.Errorf("queue %s for %s: %w", id, site, err)
	}
	return row, nil
}

// archiveInbound archives a received cable the first time one of its
// copies arrives, and adds the copy's site to its distribution.
func (t *Traffic) archiveInbound(ctx context.Context, tx pgx.Tx, x *relay.Inbound) error {
	var held bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM cables WHERE id = $1)`, x.Cable.ID).Scan(&held); err != nil {
		return fmt.Errorf("archive %s: %w", x.Cable.ID, err)
	}
	if !held {
		if err := refusal(x.Cable); err != nil {
			return fmt.Errorf("archive %s: %w", x.Cable.ID, err)
		}
		res, err := t.importInTx(ctx, tx, []*cable.Cable{x.Cable})
		if err != nil {
			return fmt.Errorf("archive %s: %w", x.Cable.ID, err)
		}
		if res[0] == cable.Imported {
			if err := t.answerInbound(ctx, tx, x); err != nil {
				return err
			}
		}
	}
	return addParty(ctx, tx, x.Cable.ID, x.Addressee)
}

// addParty adds a site to a cable's distribution (role slug) unless it is
// a party already.
func addParty(ctx context.Context, tx pgx.Tx, id, plad string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO parties (cable, plad, role)
		SELECT c.rowid, $1, 'slug' FROM cables c WHERE c.id = $2 AND NOT EXISTS (SELECT 1 FROM parties p WHERE p.cable = c.rowid AND p.plad = $1)`,
		plad, id); err != nil {
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
func (t *Traffic) answerInbound(ctx context.Context, tx pgx.Tx, x *relay.Inbound) error {
	e, c := x.Envelope, x.Cable
	for _, cited := range e.AnswersOf(traffic.CitedCables(c)) {
		rows, err := tx.Query(ctx, `UPDATE actions SET state = 'answered', answered_by = $1, answered_at = $2
			WHERE cable = $3 AND state = 'open' AND owner = $4 RETURNING id, owner`, c.ID, nanos(e.Released), validText(cited), e.Origin)
		if err != nil {
			return fmt.Errorf("answer %s: %w", cited, err)
		}
		type answered struct {
			id    int64
			owner string
		}
		as, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (answered, error) {
			var a answered
			return a, r.Scan(&a.id, &a.owner)
		})
		if err != nil {
			return fmt.Errorf("answer %s: %w", cited, err)
		}
		for _, a := range as {
			if err := addEvent(ctx, tx, cable.Event{At: e.Released, Kind: cable.EventAnswered, CableID: cited, Site: a.owner, By: e.Origin,
				Detail: traffic.AnsweredDetail(a.id, c.ID)}); err != nil {
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
func (t *Traffic) routeInbound(ctx context.Context, tx pgx.Tx, x *relay.Inbound, cited string) error {
	offices, err := scanStrings(tx.Query(ctx, `SELECT s.office FROM slug_requests s WHERE s.cable = $1 AND EXISTS (
			SELECT 1 FROM cables c JOIN parties pa ON pa.cable = c.rowid
			WHERE c.id = s.cable AND pa.role IN ('to', 'info') AND pa.plad = $2)
		ORDER BY s.seq`, validText(cited), x.Envelope.Origin))
	if err != nil {
		return fmt.Errorf("route reply to %s: %w", cited, err)
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
