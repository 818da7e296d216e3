package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// commit archives the rendered cable and writes everything its release
// decides, in tx: the archive's index, distribution (slugged offices),
// the offices replies are slugged for, action requests, the requests it
// answers, the outbox, the draft's new state and the events.
func (p *release) commit(ctx context.Context, db *DB, tx *sql.Tx) (*cable.Release, error) {
	c := p.Cable
	res, job, refused, err := db.importInTx(ctx, tx, []*cable.Cable{c})
	if err == nil {
		err = refused.Err()
	}
	if err != nil {
		return nil, err
	}
	p.job = job
	if res[0] != cable.Imported {
		return nil, fmt.Errorf("release %s: the archive already holds it (%s)", c.ID, res[0])
	}
	rel := &cable.Release{CableID: c.ID, DTG: c.Header.DTG, Telegram: p.Telegram}
	if p.cited, err = citedKnown(ctx, tx, db.scopeOf(ctx), c); err != nil {
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
	if _, err := tx.ExecContext(ctx, `UPDATE drafts SET state = ?, cable_id = ?, updated_at = ? WHERE id = ?`,
		string(cable.DraftReleased), c.ID, nanos(p.Now), p.Draft.ID); err != nil {
		return nil, fmt.Errorf("release %s: %w", c.ID, err)
	}
	for _, e := range p.ReleaseEvents(rel.Deliveries) {
		if err := addEvent(ctx, tx, e); err != nil {
			return nil, err
		}
	}
	return rel, nil
}

// citedKnown returns the cables c's REF line cites that the releasing
// officer, whose scope is s, may know of. A reference to a cable they may
// not know of is a dangling reference, exactly as if the cable were not
// archived (MARKINGS.md §5): releasing the reply answers none of its
// actions, sends no slug copies to its offices and writes no event on
// it, so that nothing of it reaches the releaser or the reply's readers.
func citedKnown(ctx context.Context, tx *sql.Tx, s *scope, c *cable.Cable) ([]string, error) {
	var known []string
	for _, id := range traffic.CitedCables(c) {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM cables c WHERE c.id = :id AND `+s.knows("c"),
			append(append([]any{}, s.args...), sql.Named("id", id))...).Scan(&n)
		if err != nil {
			return nil, fmt.Errorf("release %s: reference %s: %w", c.ID, id, err)
		}
		if n > 0 {
			known = append(known, id)
		}
	}
	return known, nil
}

// answer closes the open action requests of the cited cables that the
// replying post (or drafting office) owns.
func (p *release) answer(ctx context.Context, tx *sql.Tx) ([]*cable.Action, error) {
	var out []*cable.Action
	for _, id := range p.cited {
		rows, err := tx.QueryContext(ctx, `UPDATE actions SET state = 'answered', answered_by = ?, answered_at = ?
			WHERE cable = ? AND state = 'open' AND owner IN (?, ?) RETURNING `+actionCols,
			p.Cable.ID, nanos(p.Now), id, p.Post.PLAD, p.Draft.Origin)
		if err != nil {
			return nil, fmt.Errorf("answer %s: %w", id, err)
		}
		as, err := scanActions(rows)
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

// slugsShown returns the offices of cited cable id's slug requests that
// the releasing officer may know of: all of them when they read the
// whole cable, else those a paragraph they may see asks for. A slug
// request in a withheld paragraph routes nothing, so that the reply's
// copies do not tell the releaser what that paragraph says.
func (p *release) slugsShown(ctx context.Context, tx *sql.Tx, id string, offices []string) ([]string, error) {
	if len(offices) == 0 {
		return nil, nil
	}
	hv, err := viewOf(ctx, tx, p.reader, id, p.Now)
	if err != nil {
		return nil, fmt.Errorf("route reply to %s: %w", id, err)
	}
	return hv.SlugsShown(offices, p.Now), nil
}

// shownAnswered returns the actions of as that the releasing officer may
// know of: releasing a reply answers the requests of the cables it cites
// that the replying post owns, but tells the releaser only of those they
// may see (an action in a withheld paragraph keeps its text and due date).
func (p *release) shownAnswered(ctx context.Context, tx *sql.Tx, as []*cable.Action) ([]*cable.Action, error) {
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
func (p *release) routeReply(ctx context.Context, tx *sql.Tx) error {
	for _, id := range p.cited {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT s.office FROM slug_requests s
			JOIN cables c ON c.id = s.cable JOIN parties pa ON pa.cable = c.rowid
			WHERE s.cable = ? AND pa.role IN ('to', 'info') AND pa.plad IN (?, ?) ORDER BY s.rowid`, id, p.Post.PLAD, p.Draft.Origin)
		if err != nil {
			return fmt.Errorf("route reply to %s: %w", id, err)
		}
		offices, err := scanStrings(rows)
		if err != nil {
			return err
		}
		if offices, err = p.slugsShown(ctx, tx, id, offices); err != nil {
			return err
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

func scanStrings(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// distribute adds to the cable's distribution (parties, role slug) the
// sites that hold it without a header line of their own: the drafting and
// clearing offices, the releasing officer's offices, offices and
// collective members that get copies. It
// records the offices replies are to be slugged for.
func (p *release) distribute(ctx context.Context, tx *sql.Tx) error {
	var row int64
	if err := tx.QueryRowContext(ctx, `SELECT rowid FROM cables WHERE id = ?`, p.Cable.ID).Scan(&row); err != nil {
		return fmt.Errorf("distribute %s: %w", p.Cable.ID, err)
	}
	slugged := p.Slugged()
	for _, s := range slugged {
		if _, err := tx.ExecContext(ctx, `INSERT INTO parties (cable, plad, role)
			SELECT ?, ?, 'slug' WHERE NOT EXISTS (SELECT 1 FROM parties WHERE cable = ? AND plad = ?)`, row, s, row, s); err != nil {
			return fmt.Errorf("distribute %s: %w", p.Cable.ID, err)
		}
	}
	for _, o := range p.SlugReq {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO slug_requests (cable, office) VALUES (?, ?)`, p.Cable.ID, o); err != nil {
			return fmt.Errorf("distribute %s: %w", p.Cable.ID, err)
		}
	}
	return nil
}

// recordActions stores the drafter's action requests and those recognised
// in the text.
func (p *release) recordActions(ctx context.Context, tx *sql.Tx) ([]*cable.Action, error) {
	out := p.ActionsToRecord()
	for _, a := range out {
		res, err := tx.ExecContext(ctx, `INSERT INTO actions (cable, owner, due_day, text, source, state, created_at) VALUES (?,?,?,?,?,?,?)`,
			a.CableID, traffic.Norm(a.Owner), traffic.DueDay(a.Due), a.Text, a.Source, string(a.State), nanos(p.Now))
		if err != nil {
			return nil, fmt.Errorf("record actions of %s: %w", p.Cable.ID, err)
		}
		a.ID, _ = res.LastInsertId()
	}
	return out, nil
}

// queue writes the outbox: one queued delivery per copy.
func (p *release) queue(ctx context.Context, tx *sql.Tx) ([]*cable.Delivery, error) {
	st, err := tx.PrepareContext(ctx, `INSERT INTO deliveries (cable, site, role, precedence, state, queued_at, ack_required, relay)
		VALUES (?, ?, ?, ?, 'queued', ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	var out []*cable.Delivery
	for _, c := range p.Copies {
		hop, err := p.t.hopOf(ctx, tx, c.Site)
		if err != nil {
			return nil, err
		}
		d := p.Delivery(c, hop)
		res, err := st.ExecContext(ctx, d.CableID, d.Site, string(d.Role), int(d.Precedence), nanos(d.QueuedAt), d.AckRequired, d.Relay)
		if err != nil {
			return nil, fmt.Errorf("queue %s for %s: %w", d.CableID, d.Site, err)
		}
		d.ID, _ = res.LastInsertId()
		out = append(out, d)
	}
	return out, nil
}
