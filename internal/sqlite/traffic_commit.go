package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// commit archives the rendered cable and writes everything its release
// decides, in tx: the archive's index, distribution (slugged offices),
// the offices replies are slugged for, action requests, the requests it
// answers, the outbox, the draft's new state and the events.
func (p *release) commit(ctx context.Context, db *DB, tx *sql.Tx) (*cable.Release, error) {
	c := p.c
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
	rel := &cable.Release{CableID: c.ID, DTG: c.Header.DTG, Telegram: p.telegram}
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
		string(cable.DraftReleased), c.ID, nanos(p.now), p.d.ID); err != nil {
		return nil, fmt.Errorf("release %s: %w", c.ID, err)
	}
	var sites []string
	for _, d := range rel.Deliveries {
		sites = append(sites, d.Site)
	}
	for _, e := range []cable.Event{
		{At: p.now, Kind: cable.EventReleased, DraftID: p.d.ID, CableID: c.ID, Site: p.post.PLAD, By: p.by,
			Detail: fmt.Sprintf("%s %s %s", c.ID, c.Header.DTG, c.Header.Precedence)},
		{At: p.now, Kind: cable.EventTransmitted, DraftID: p.d.ID, CableID: c.ID, Site: p.post.PLAD, By: system,
			Detail: fmt.Sprintf("%d %s queued: %s", len(sites), plural(len(sites), "copy", "copies"), strings.Join(sites, ", "))},
	} {
		if err := addEvent(ctx, tx, e); err != nil {
			return nil, err
		}
	}
	return rel, nil
}

// citedCables returns the archive ids c's REF line cites.
func citedCables(c *cable.Cable) []string {
	var ids []string
	for _, r := range c.Text.References {
		if r.Kind == cable.RefCable && r.ID != "" && r.ID != c.ID && !slices.Contains(ids, r.ID) {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// citedKnown returns the cables c's REF line cites that the releasing
// officer, whose scope is s, may know of. A reference to a cable they may
// not know of is a dangling reference, exactly as if the cable were not
// archived (MARKINGS.md §5): releasing the reply answers none of its
// actions, sends no slug copies to its offices and writes no event on
// it, so that nothing of it reaches the releaser or the reply's readers.
func citedKnown(ctx context.Context, tx *sql.Tx, s *scope, c *cable.Cable) ([]string, error) {
	var known []string
	for _, id := range citedCables(c) {
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
			p.c.ID, nanos(p.now), id, p.post.PLAD, p.d.Origin)
		if err != nil {
			return nil, fmt.Errorf("answer %s: %w", id, err)
		}
		as, err := scanActions(rows)
		if err != nil {
			return nil, fmt.Errorf("answer %s: %w", id, err)
		}
		for _, a := range as {
			if err := addEvent(ctx, tx, cable.Event{At: p.now, Kind: cable.EventAnswered, CableID: a.CableID, Site: a.Owner,
				By: p.by, Detail: fmt.Sprintf("action %d answered by %s", a.ID, p.c.ID)}); err != nil {
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
	hv, err := viewOf(ctx, tx, p.reader, id, p.now)
	if err != nil {
		return nil, fmt.Errorf("route reply to %s: %w", id, err)
	}
	if hv.readsAll(p.now) {
		return offices, nil
	}
	if hv.v == nil {
		return nil, nil
	}
	seen := traffic.Recognize(hv.v.Cable, p.now).Slug
	var out []string
	for _, o := range offices {
		if slices.ContainsFunc(seen, func(s string) bool { return traffic.Norm(s) == traffic.Norm(o) }) {
			out = append(out, o)
		}
	}
	return out, nil
}

// shownAnswered returns the actions of as that the releasing officer may
// know of: releasing a reply answers the requests of the cables it cites
// that the replying post owns, but tells the releaser only of those they
// may see (an action in a withheld paragraph keeps its text and due date).
func (p *release) shownAnswered(ctx context.Context, tx *sql.Tx, as []*cable.Action) ([]*cable.Action, error) {
	views := map[string]*heldView{}
	var out []*cable.Action
	for _, a := range as {
		hv, ok := views[a.CableID]
		if !ok {
			var err error
			if hv, err = viewOf(ctx, tx, p.reader, a.CableID, p.now); err != nil {
				return nil, fmt.Errorf("release %s: %w", p.c.ID, err)
			}
			views[a.CableID] = hv
		}
		if hv.shows(a, p.now) {
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
			WHERE s.cable = ? AND pa.role IN ('to', 'info') AND pa.plad IN (?, ?) ORDER BY s.rowid`, id, p.post.PLAD, p.d.Origin)
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
			p.addCopy(s, cable.RoleSlug, p.slugPrecedence(s))
		}
	}
	return nil
}

// slugPrecedence is the precedence of a slugged office's copy: that of its
// post's header line, else the cable's highest.
func (p *release) slugPrecedence(s *cable.Site) cable.Precedence {
	top := cable.PrecedenceNone
	for _, l := range p.lines {
		if l.site.PLAD == s.Parent || l.site.PLAD == s.PLAD {
			return l.precedence
		}
		top = max(top, l.precedence)
	}
	return top
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
	if err := tx.QueryRowContext(ctx, `SELECT rowid FROM cables WHERE id = ?`, p.c.ID).Scan(&row); err != nil {
		return fmt.Errorf("distribute %s: %w", p.c.ID, err)
	}
	slugged := []string{p.d.Origin}
	for _, cl := range p.d.Clearances {
		slugged = append(slugged, cl.Office)
	}
	for _, o := range p.releaserPosts {
		slugged = append(slugged, traffic.Norm(o))
	}
	for _, c := range p.copies {
		slugged = append(slugged, c.site.PLAD)
	}
	for _, s := range slugged {
		if _, err := tx.ExecContext(ctx, `INSERT INTO parties (cable, plad, role)
			SELECT ?, ?, 'slug' WHERE NOT EXISTS (SELECT 1 FROM parties WHERE cable = ? AND plad = ?)`, row, s, row, s); err != nil {
			return fmt.Errorf("distribute %s: %w", p.c.ID, err)
		}
	}
	for _, o := range p.slugReq {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO slug_requests (cable, office) VALUES (?, ?)`, p.c.ID, o); err != nil {
			return fmt.Errorf("distribute %s: %w", p.c.ID, err)
		}
	}
	return nil
}

// recordActions stores the drafter's action requests and those recognised
// in the text.
func (p *release) recordActions(ctx context.Context, tx *sql.Tx) ([]*cable.Action, error) {
	reqs, sources := traffic.Actions(p.d.Actions, p.rec, p.owners)
	var out []*cable.Action
	for i, r := range reqs {
		a := &cable.Action{CableID: p.c.ID, ActionRequest: r, Source: sources[i], State: cable.ActionOpen, Slug: p.slugReq, CreatedAt: p.now}
		res, err := tx.ExecContext(ctx, `INSERT INTO actions (cable, owner, due_day, text, source, state, created_at) VALUES (?,?,?,?,?,?,?)`,
			a.CableID, traffic.Norm(a.Owner), dueDay(a.Due), a.Text, a.Source, string(a.State), nanos(p.now))
		if err != nil {
			return nil, fmt.Errorf("record actions of %s: %w", p.c.ID, err)
		}
		a.ID, _ = res.LastInsertId()
		out = append(out, a)
	}
	return out, nil
}

func dueDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
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
	for _, c := range p.copies {
		hop, err := p.t.hopOf(ctx, tx, c.site)
		if err != nil {
			return nil, err
		}
		d := &cable.Delivery{CableID: p.c.ID, Site: c.site.PLAD, Role: c.role, Precedence: c.precedence, State: cable.DeliveryQueued,
			QueuedAt: p.now, AckRequired: traffic.AckRequired(c.precedence, c.role), Relay: hop}
		res, err := st.ExecContext(ctx, d.CableID, d.Site, string(d.Role), int(d.Precedence), nanos(d.QueuedAt), d.AckRequired, d.Relay)
		if err != nil {
			return nil, fmt.Errorf("queue %s for %s: %w", d.CableID, d.Site, err)
		}
		d.ID, _ = res.LastInsertId()
		out = append(out, d)
	}
	return out, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
