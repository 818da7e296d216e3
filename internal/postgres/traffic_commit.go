package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// commit archives the rendered cable and writes everything its release
// decides, in tx: the archive's rows, distribution (slugged offices),
// the offices replies are slugged for, action requests, the requests it
// answers, the outbox, the draft's new state and the events.
func (p *release) commit(ctx context.Context, tx pgx.Tx) (*cable.Release, error) {
	c := p.Cable
	if err := refusal(c); err != nil {
		return nil, fmt.Errorf("release %s: %w", c.ID, err)
	}
	res, err := p.t.importInTx(ctx, tx, []*cable.Cable{c})
	if err != nil {
		return nil, err
	}
	if res[0] != cable.Imported {
		return nil, fmt.Errorf("release %s: the archive already holds it (%s)", c.ID, res[0])
	}
	rel := &cable.Release{CableID: c.ID, DTG: c.Header.DTG, Telegram: p.Telegram}
	if p.cited, err = p.t.citedKnown(ctx, tx, c); err != nil {
		return nil, err
	}
	if rel.Answered, err = p.answer(ctx, tx); err != nil {
		return nil, err
	}
	if rel.Answered, err = p.shownAnswered(ctx, tx, rel.Answered); err != nil {
		return nil, err
	}
	if err := p.routeReply(ctx, tx); err != nil {
		return nil, err
	}
	if err := p.distribute(ctx, tx); err != nil {
		return nil, err
	}
	if rel.Actions, err = p.recordActions(ctx, tx); err != nil {
		return nil, err
	}
	if rel.Deliveries, err = p.queue(ctx, tx); err != nil {
		return nil, err
	}
	if p.t.Site != nil {
		if err := p.seal(ctx, tx, rel.Deliveries); err != nil {
			return nil, err
		}
	}
	// The draft's new state, the events and the notification to every
	// process's dispatcher (sent by PostgreSQL at the commit) go in one
	// round trip.
	b := &pgx.Batch{}
	b.Queue(`UPDATE drafts SET state = $1, cable_id = $2, updated_at = $3 WHERE id = $4`, string(cable.DraftReleased), c.ID, nanos(p.Now), p.Draft.ID)
	for _, e := range p.ReleaseEvents(rel.Deliveries) {
		b.Queue(`INSERT INTO events (at, kind, draft, cable, site, actor, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			nanos(e.At), string(e.Kind), e.DraftID, e.CableID, e.Site, e.By, e.Detail)
	}
	b.Queue(`SELECT pg_notify($1, '')`, p.t.channel())
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("release %s: %w", c.ID, err)
	}
	return rel, nil
}

// citedKnown returns the cables c's REF line cites that the releasing
// officer may know of. A reference to a cable they may not know of is a
// dangling reference, exactly as if the cable were not archived
// (MARKINGS.md §5): the release answers none of its actions, sends no
// slug copies to its offices and writes no event on it.
func (t *Traffic) citedKnown(ctx context.Context, tx pgx.Tx, c *cable.Cable) ([]string, error) {
	s := t.scopeOf(ctx)
	var known []string
	for _, id := range traffic.CitedCables(c) {
		if !isText(id) {
			continue
		}
		var ok bool
		err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM cables c WHERE c.id = @id AND `+s.knows("c")+`)`,
			s.with(pgx.NamedArgs{"id": id})).Scan(&ok)
		if err != nil {
			return nil, fmt.Errorf("release %s: reference %s: %w", c.ID, id, err)
		}
		if ok {
			known = append(known, id)
		}
	}
	return known, nil
}

// answer closes the open action requests of the cited cables that the
// replying post (or drafting office) owns.
func (p *release) answer(ctx context.Context, tx pgx.Tx) ([]*cable.Action, error) {
	var out []*cable.Action
	for _, id := range p.cited {
		rows, err := tx.Query(ctx, `UPDATE actions SET state = 'answered', answered_by = $1, answered_at = $2
			WHERE cable = $3 AND state = 'open' AND owner IN ($4, $5) RETURNING `+actionCols,
			p.Cable.ID, nanos(p.Now), id, p.Post.PLAD, p.Draft.Origin)
		as, err := scanActions(rows, err)
		if err != nil {
			return nil, fmt.Errorf("answer %s: %w", id, err)
		}
		for _, a := range as {
			if err := addEvent(ctx, tx, cable.Event{At: p.Now, Kind: cable.EventAnswered, CableID: a.CableID, Site: a.Owner,
				By: p.By, Detail: traffic.AnsweredDetail(a.ID, p.Cable.ID)}); err != nil {
				return nil, err
			}
		}
		out = append(out, as...)
	}
	return out, nil
}

// shownAnswered returns the actions of as that the releasing officer may
// know of: releasing a reply answers the requests of the cables it cites
// that the replying post owns, but tells the releaser only of those they
// may see.
func (p *release) shownAnswered(ctx context.Context, tx pgx.Tx, as []*cable.Action) ([]*cable.Action, error) {
	views := map[string]*traffic.HeldView{}
	var out []*cable.Action
	for _, a := range as {
		hv, ok := views[a.CableID]
		if !ok {
			var err error
			if hv, err = viewOf(ctx, tx, p.reader, a.CableID, p.Now); err != nil {
				return nil, fmt.Errorf("release %s: %w", p.Cable.ID, err)
			}
			views[a.CableID] = hv
		}
		if hv.Shows(a, p.Now) {
			out = append(out, a)
		}
	}
	return out, nil
}

// routeReply gives a copy to each office that a cited cable asks replies
// to be slugged for, when this cable is a reply to it: its post was one of
// the cited cable's addressees.
func (p *release) routeReply(ctx context.Context, tx pgx.Tx) error {
	for _, id := range p.cited {
		offices, err := scanStrings(tx.Query(ctx, `SELECT s.office FROM slug_requests s WHERE s.cable = $1 AND EXISTS (
				SELECT 1 FROM cables c JOIN parties pa ON pa.cable = c.rowid
				WHERE c.id = s.cable AND pa.role IN ('to', 'info') AND pa.plad IN ($2, $3))
			ORDER BY s.seq`, id, p.Post.PLAD, p.Draft.Origin))
		if err != nil {
			return fmt.Errorf("route reply to %s: %w", id, err)
		}
		if len(offices) > 0 {
			hv, err := viewOf(ctx, tx, p.reader, id, p.Now)
			if err != nil {
				return fmt.Errorf("route reply to %s: %w", id, err)
			}
			offices = hv.SlugsShown(offices, p.Now)
		}
		for _, o := range offices {
			s, err := findSite(ctx, tx, o)
			if err != nil {
				return err
			}
			p.AddCopy(s, cable.RoleSlug, p.SlugPrecedence(s))
		}
	}
	return nil
}

// distribute adds to the cable's distribution (parties, role slug) the
// sites that hold it without a header line of their own
// (traffic.Plan.Slugged), and records the offices replies are to be
// slugged for.
func (p *release) distribute(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `INSERT INTO parties (cable, plad, role)
		SELECT DISTINCT c.rowid, s.plad, 'slug' FROM cables c, unnest($2::text[]) AS s(plad)
		WHERE c.id = $1 AND NOT EXISTS (SELECT 1 FROM parties pa WHERE pa.cable = c.rowid AND pa.plad = s.plad)`,
		p.Cable.ID, p.Slugged())
	if err != nil {
		return fmt.Errorf("distribute %s: %w", p.Cable.ID, err)
	}
	for _, o := range p.SlugReq {
		if _, err := tx.Exec(ctx, `INSERT INTO slug_requests (cable, office) VALUES ($1, $2) ON CONFLICT DO NOTHING`, p.Cable.ID, o); err != nil {
			return fmt.Errorf("distribute %s: %w", p.Cable.ID, err)
		}
	}
	return nil
}

// recordActions stores the drafter's action requests and those recognised
// in the text.
func (p *release) recordActions(ctx context.Context, tx pgx.Tx) ([]*cable.Action, error) {
	out := p.ActionsToRecord()
	for _, a := range out {
		err := tx.QueryRow(ctx, `INSERT INTO actions (cable, owner, due_day, text, source, state, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)
			RETURNING id`, a.CableID, traffic.Norm(a.Owner), traffic.DueDay(a.Due), a.Text, a.Source, string(a.State), nanos(p.Now)).Scan(&a.ID)
		if err != nil {
			return nil, fmt.Errorf("record actions of %s: %w", p.Cable.ID, err)
		}
	}
	return out, nil
}

// queue writes the outbox: one queued delivery per copy, in one
// statement whatever the number of copies. A copy for a site another
// node serves carries its next hop (hopOf).
func (p *release) queue(ctx context.Context, tx pgx.Tx) ([]*cable.Delivery, error) {
	var out []*cable.Delivery
	var sites, roles, hops []string
	var precs []int
	var acks []bool
	for _, c := range p.Copies {
		hop, err := p.t.hopOf(ctx, tx, c.Site)
		if err != nil {
			return nil, err
		}
		d := p.Delivery(c, hop)
		out = append(out, d)
		sites, roles, hops = append(sites, d.Site), append(roles, string(d.Role)), append(hops, d.Relay)
		precs, acks = append(precs, int(d.Precedence)), append(acks, d.AckRequired)
	}
	if len(out) == 0 {
		return nil, nil
	}
	rows, err := tx.Query(ctx, `INSERT INTO deliveries (cable, site, role, precedence, state, queued_at, ack_required, relay)
		SELECT $1, site, role, prec, 'queued', $2, ack, hop
		FROM unnest($3::text[], $4::text[], $5::int[], $6::bool[], $7::text[]) WITH ORDINALITY AS x(site, role, prec, ack, hop, n)
		ORDER BY n RETURNING site, id`, p.Cable.ID, nanos(p.Now), sites, roles, precs, acks, hops)
	if err != nil {
		return nil, fmt.Errorf("queue %s: %w", p.Cable.ID, err)
	}
	ids := map[string]int64{} // RETURNING promises no order: match by site, unique per cable
	for rows.Next() {
		var site string
		var id int64
		if err := rows.Scan(&site, &id); err != nil {
			return nil, fmt.Errorf("queue %s: %w", p.Cable.ID, err)
		}
		ids[site] = id
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("queue %s: %w", p.Cable.ID, err)
	}
	for _, d := range out {
		if d.ID = ids[d.Site]; d.ID == 0 {
			return nil, fmt.Errorf("queue %s: the copy for %s was not stored", p.Cable.ID, d.Site)
		}
	}
	return out, nil
}
