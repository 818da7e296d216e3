package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

const actionCols = `id, cable, owner, due_day, text, source, state, answered_by, answered_at, created_at`

func scanActions(rows *sql.Rows) ([]*cable.Action, error) {
	defer rows.Close()
	var out []*cable.Action
	for rows.Next() {
		var a cable.Action
		var due, state string
		var answered sql.NullInt64
		var created int64
		if err := rows.Scan(&a.ID, &a.CableID, &a.Owner, &due, &a.Text, &a.Source, &state, &a.AnsweredBy, &answered, &created); err != nil {
			return nil, err
		}
		a.State, a.AnsweredAt, a.CreatedAt = cable.ActionState(state), fromNull(answered), fromNanos(created)
		if due != "" {
			a.Due, _ = time.Parse(time.DateOnly, due)
		}
		out = append(out, &a)
	}
	return out, rows.Err()
}

// FindActions lists the action requests of the cables the caller may know
// of, soonest due first. An open request past the end of its due day is
// reported as overdue. A request is as visible as where it came from
// (access.ActionVisible): one found in a paragraph the caller may not see,
// or written by the drafter in a cable whose banner they may not see,
// does not exist for them.
func (t *Traffic) FindActions(ctx context.Context, f cable.ActionFilter) ([]*cable.Action, error) {
	limit := f.Limit
	f.Limit = 0
	as, err := t.findActions(ctx, f)
	if err != nil {
		return nil, err
	}
	if as, err = t.visibleActions(ctx, as); err != nil {
		return nil, err
	}
	if limit > 0 && len(as) > limit {
		as = as[:limit]
	}
	return as, nil
}

// visibleActions returns the actions of as the caller may know of, with
// what they may be told of each: the offices replies are slugged for
// only to readers of the whole cable, the reply that answered it only
// when they may know of that reply. Reading the cables to decide is not a
// read of them by the caller, and is not audited.
func (t *Traffic) visibleActions(ctx context.Context, as []*cable.Action) ([]*cable.Action, error) {
	r := readerOf(cable.UserFromContext(ctx))
	now := t.Now()
	views := map[string]*traffic.HeldView{}
	out := as[:0]
	for _, a := range as {
		hv, ok := views[a.CableID]
		if !ok {
			var err error
			if hv, err = viewOf(ctx, t.read, r, a.CableID, now); err != nil {
				return nil, fmt.Errorf("find actions: %w", err)
			}
			views[a.CableID] = hv
		}
		if !hv.Shows(a, now) {
			continue
		}
		if !hv.ReadsAll(now) {
			// The offices replies are slugged for may come from a
			// paragraph the reader may not see.
			a.Slug = nil
		}
		if a.AnsweredBy != "" {
			if _, err := t.knownCable(ctx, a.AnsweredBy); cable.KindOf(err) == cable.NotFound {
				a.AnsweredBy = "" // a reply the reader may not know of
			} else if err != nil {
				return nil, fmt.Errorf("find actions: %w", err)
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// findActions is FindActions before the actions the caller may not know
// of are dropped.
func (t *Traffic) findActions(ctx context.Context, f cable.ActionFilter) ([]*cable.Action, error) {
	if _, err := traffic.Caller(ctx); err != nil {
		return nil, err
	}
	s := t.scopeOf(ctx)
	today := t.Now().UTC().Format(time.DateOnly)
	q := `SELECT a.` + strings.ReplaceAll(actionCols, ", ", ", a.") + ` FROM actions a JOIN cables c ON c.id = a.cable WHERE ` + s.knows("c")
	args := append([]any{}, s.args...)
	if f.Site != "" {
		q += ` AND a.owner = :site`
		args = append(args, sql.Named("site", traffic.Norm(f.Site)))
	}
	if len(f.Sites) > 0 {
		// One JSON array bound once, not a placeholder per site: a
		// user may serve more sites than SQLite allows variables.
		q += ` AND a.owner IN (SELECT value FROM json_each(:sites))`
		args = append(args, sql.Named("sites", sitesJSON(f.Sites)))
	}
	if f.CableID != "" {
		q += ` AND a.cable = :cable`
		args = append(args, sql.Named("cable", f.CableID))
	}
	if f.Open || f.Overdue {
		q += ` AND a.state = 'open'`
	}
	if f.Overdue {
		q += ` AND a.due_day <> '' AND a.due_day < :today`
		args = append(args, sql.Named("today", today))
	}
	q += ` ORDER BY a.due_day = '', a.due_day, a.id`
	if f.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	rows, err := t.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find actions: %w", err)
	}
	as, err := scanActions(rows)
	if err != nil {
		return nil, fmt.Errorf("find actions: %w", err)
	}
	slugs := map[string][]string{}
	for _, a := range as {
		traffic.MarkOverdue(a, today)
		if _, ok := slugs[a.CableID]; !ok {
			rows, err := t.read.QueryContext(ctx, `SELECT office FROM slug_requests WHERE cable = ? ORDER BY rowid`, a.CableID)
			if err != nil {
				return nil, fmt.Errorf("find actions: %w", err)
			}
			if slugs[a.CableID], err = scanStrings(rows); err != nil {
				return nil, err
			}
		}
		a.Slug = slugs[a.CableID]
	}
	return as, nil
}

// sitesJSON is sites, normalised, as a JSON array of strings.
func sitesJSON(sites []string) string {
	norm := make([]string, len(sites))
	for i, s := range sites {
		norm[i] = traffic.Norm(s)
	}
	b, _ := json.Marshal(norm) // a []string always marshals
	return string(b)
}

// Tasking reports, per owner, the requests answered on time and late, and
// those open and overdue.
func (t *Traffic) Tasking(ctx context.Context, f cable.ActionFilter) (*cable.TaskingReport, error) {
	f.Limit = 0
	as, err := t.FindActions(ctx, f)
	if err != nil {
		return nil, err
	}
	return traffic.Tally(as), nil
}

// SpeedOfService measures the copies queued in [from, to) against their
// objectives: every copy released here or received for a local site, but
// not the copies a relay site only passes on (their speed is their
// origin's). A relayed copy is delivered when its delivered receipt says
// so; a received one was queued when it was released at its origin.
// Administrators only: counts of copies would tell others of cables they
// may not know of.
func (t *Traffic) SpeedOfService(ctx context.Context, from, to time.Time) ([]cable.SpeedOfService, error) {
	return t.speedOfService(ctx, from, to, `NOT (relay <> '' AND `+inbound+`)`)
}

// inbound says that a deliveries row is a copy received from another node.
const inbound = `id IN (SELECT delivery FROM relay_inbound)`

// NetworkSpeedOfService measures speed of service end to end, release at
// the origin to delivery at the destination, on each side of the network:
// sent, the copies released here for other nodes' sites (delivered by
// their signed delivered receipts); received, the copies other nodes
// released for this node's sites. Administrators only.
func (t *Traffic) NetworkSpeedOfService(ctx context.Context, from, to time.Time) (sent, received []cable.SpeedOfService, err error) {
	if sent, err = t.speedOfService(ctx, from, to, `relay <> '' AND NOT `+inbound); err != nil {
		return nil, nil, err
	}
	received, err = t.speedOfService(ctx, from, to, `relay = '' AND `+inbound)
	return sent, received, err
}

// speedOfService measures the copies queued in [from, to) that match where.
func (t *Traffic) speedOfService(ctx context.Context, from, to time.Time, where string) ([]cable.SpeedOfService, error) {
	if _, err := traffic.RequireAdmin(ctx, "measure speed of service"); err != nil {
		return nil, err
	}
	end := int64(1<<63 - 1)
	if !to.IsZero() {
		end = nanos(to)
	}
	rows, err := t.read.QueryContext(ctx, `SELECT precedence, queued_at, delivered_at FROM deliveries WHERE queued_at >= ? AND queued_at < ?
		AND `+where, nanos(from), end)
	if err != nil {
		return nil, fmt.Errorf("speed of service: %w", err)
	}
	defer rows.Close()
	var samples []traffic.Sample
	for rows.Next() {
		var p int
		var queued int64
		var delivered sql.NullInt64
		if err := rows.Scan(&p, &queued, &delivered); err != nil {
			return nil, err
		}
		samples = append(samples, traffic.Sample{Precedence: cable.Precedence(p), Queued: fromNanos(queued), DeliveredAt: fromNull(delivered)})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return traffic.Measure(samples, t.Now().UTC()), nil
}
