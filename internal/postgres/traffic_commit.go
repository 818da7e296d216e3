package postgres

import (
	"context"
	"fmt"
	"time"

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
	rel.Actions = p.ActionsToRecord()
	if rel.Deliveries, err = p.deliveries(ctx, tx); err != nil {
		return nil, err
	}
	if err := p.write(ctx, tx, rel); err != nil {
		return nil, fmt.Errorf("release %s: %w", c.ID, err)
	}
	if p.t.Site != nil {
		if err := p.seal(ctx, tx, rel.Deliveries); err != nil {
			return nil, err
		}
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
			s, err := p.find(ctx, o)
			if err != nil {
				return err
			}
			p.AddCopy(s, cable.RoleSlug, p.SlugPrecedence(s))
		}
	}
	return nil
}

// deliveries returns the release's copies, one per addressee, as the
// outbox will hold them: a copy for a site another node serves carries
// its next hop (hopOf).
func (p *release) deliveries(ctx context.Context, tx pgx.Tx) ([]*cable.Delivery, error) {
	var out []*cable.Delivery
	for _, c := range p.Copies {
		hop, err := p.t.hopOf(ctx, tx, c.Site)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Delivery(c, hop))
	}
	return out, nil
}

// write writes what the release decided, in one round trip: the sites
// that hold the cable without a header line of their own (parties, role
// slug: traffic.Plan.Slugged), the offices replies are to be slugged
// for, the action requests, the outbox (one queued delivery per copy),
// the draft's new state, the events, and the notification to every
// process's dispatcher (sent by PostgreSQL at the commit). It sets the
// ids of rel's actions and deliveries.
func (p *release) write(ctx context.Context, tx pgx.Tx, rel *cable.Release) error {
	c := p.Cable
	b := &pgx.Batch{}
	slugged := p.Slugged()
	if len(slugged) > 0 {
		b.Queue(`INSERT INTO parties (cable, plad, role)
			SELECT DISTINCT c.rowid, s.plad, 'slug' FROM cables c, unnest($2::text[]) AS s(plad)
			WHERE c.id = $1 AND NOT EXISTS (SELECT 1 FROM parties pa WHERE pa.cable = c.rowid AND pa.plad = s.plad)`, c.ID, slugged)
	}
	if len(p.SlugReq) > 0 {
		// In the drafter's order: slug_requests.seq is that order.
		b.Queue(`INSERT INTO slug_requests (cable, office) SELECT $1, o FROM unnest($2::text[]) WITH ORDINALITY AS x(o, n)
			ORDER BY n ON CONFLICT DO NOTHING`, c.ID, p.SlugReq)
	}
	for _, a := range rel.Actions {
		b.Queue(`INSERT INTO actions (cable, owner, due_day, text, source, state, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)
			RETURNING id`, a.CableID, traffic.Norm(a.Owner), traffic.DueDay(a.Due), a.Text, a.Source, string(a.State), nanos(p.Now))
	}
	if len(rel.Deliveries) > 0 {
		queueDeliveries(b, c.ID, p.Now, rel.Deliveries)
	}
	b.Queue(`UPDATE drafts SET state = $1, cable_id = $2, updated_at = $3 WHERE id = $4`, string(cable.DraftReleased), c.ID, nanos(p.Now), p.Draft.ID)
	for _, e := range p.ReleaseEvents(rel.Deliveries) {
		b.Queue(`INSERT INTO events (at, kind, draft, cable, site, actor, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			nanos(e.At), string(e.Kind), e.DraftID, e.CableID, e.Site, e.By, e.Detail)
	}
	b.Queue(`SELECT pg_notify($1, '')`, p.t.channel())
	br := tx.SendBatch(ctx, b)
	defer br.Close()
	if len(slugged) > 0 {
		if _, err := br.Exec(); err != nil {
			return fmt.Errorf("distribute: %w", err)
		}
	}
	if len(p.SlugReq) > 0 {
		if _, err := br.Exec(); err != nil {
			return fmt.Errorf("distribute: %w", err)
		}
	}
	for _, a := range rel.Actions {
		if err := br.QueryRow().Scan(&a.ID); err != nil {
			return fmt.Errorf("record actions: %w", err)
		}
	}
	if len(rel.Deliveries) > 0 {
		if err := queuedIDs(br, rel.Deliveries); err != nil {
			return fmt.Errorf("queue: %w", err)
		}
	}
	return br.Close()
}

// queueDeliveries queues in b the statement that writes the outbox: one
// queued delivery per copy, whatever their number.
func queueDeliveries(b *pgx.Batch, id string, now time.Time, ds []*cable.Delivery) {
	var sites, roles, hops []string
	var precs []int
	var acks []bool
	for _, d := range ds {
		sites, roles, hops = append(sites, d.Site), append(roles, string(d.Role)), append(hops, d.Relay)
		precs, acks = append(precs, int(d.Precedence)), append(acks, d.AckRequired)
	}
	b.Queue(`INSERT INTO deliveries (cable, site, role, precedence, state, queued_at, ack_required, relay)
		SELECT $1, site, role, prec, 'queued', $2, ack, hop
		FROM unnest($3::text[], $4::text[], $5::int[], $6::bool[], $7::text[]) WITH ORDINALITY AS x(site, role, prec, ack, hop, n)
		ORDER BY n RETURNING site, id`, id, nanos(now), sites, roles, precs, acks, hops)
}

// queuedIDs reads the ids queueDeliveries' statement returns into ds.
func queuedIDs(br pgx.BatchResults, ds []*cable.Delivery) error {
	rows, err := br.Query()
	if err != nil {
		return err
	}
	ids := map[string]int64{} // RETURNING promises no order: match by site, unique per cable
	var site string
	var id int64
	if _, err := pgx.ForEachRow(rows, []any{&site, &id}, func() error {
		ids[site] = id
		return nil
	}); err != nil {
		return err
	}
	for _, d := range ds {
		if d.ID = ids[d.Site]; d.ID == 0 {
			return fmt.Errorf("the copy for %s was not stored", d.Site)
		}
	}
	return nil
}
