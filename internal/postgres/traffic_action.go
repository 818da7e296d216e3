package postgres

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

const actionCols = `id, cable, owner, due_day, text, source, state, answered_by, answered_at, created_at`

func scanActions(rows pgx.Rows, err error) ([]*cable.Action, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*cable.Action, error) {
		var a cable.Action
		var due, state string
		var answered *int64
		var created int64
		if err := r.Scan(&a.ID, &a.CableID, &a.Owner, &due, &a.Text, &a.Source, &state, &a.AnsweredBy, &answered, &created); err != nil {
			return nil, err
		}
		a.State, a.AnsweredAt, a.CreatedAt = cable.ActionState(state), fromNull(answered), fromNanos(created)
		if due != "" {
			a.Due, _ = time.Parse(time.DateOnly, due)
		}
		return &a, nil
	})
}

// FindActions lists the action requests of the cables the caller may know
// of, soonest due first. An open request past the end of its due day is
// reported as overdue. A request is as visible as where it came from
// (access.ActionVisible).
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
	r := access.ReaderOf(cable.UserFromContext(ctx))
	now := t.Now()
	views := map[string]*traffic.HeldView{}
	out := as[:0]
	for _, a := range as {
		hv, ok := views[a.CableID]
		if !ok {
			var err error
			if hv, err = viewOf(ctx, t.pool, r, a.CableID, now); err != nil {
				return nil, fmt.Errorf("find actions: %w", err)
			}
			views[a.CableID] = hv
		}
		if !hv.Shows(a, now) {
			continue
		}
		if !hv.ReadsAll(now) {
			a.Slug = nil // the request may be in a paragraph the reader may not see
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
	q := `SELECT ` + prefixed("a", actionCols) + ` FROM actions a JOIN cables c ON c.id = a.cable WHERE ` + s.knows("c")
	args := s.with(pgx.NamedArgs{"today": today})
	if f.Site != "" {
		q += ` AND a.owner = @site`
		args["site"] = validText(traffic.Norm(f.Site))
	}
	if len(f.Sites) > 0 {
		q += ` AND a.owner = ANY(@sites)`
		sites := make([]string, len(f.Sites))
		for i, s := range f.Sites {
			sites[i] = validText(traffic.Norm(s))
		}
		args["sites"] = sites
	}
	if f.CableID != "" {
		q += ` AND a.cable = @cable`
		args["cable"] = validText(f.CableID)
	}
	if f.Open || f.Overdue {
		q += ` AND a.state = 'open'`
	}
	if f.Overdue {
		q += ` AND a.due_day <> '' AND a.due_day < @today`
	}
	q += ` ORDER BY a.due_day = '', a.due_day, a.id`
	if f.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	as, err := scanActions(t.pool.Query(ctx, q, args))
	if err != nil {
		return nil, fmt.Errorf("find actions: %w", err)
	}
	slugs := map[string][]string{}
	for _, a := range as {
		traffic.MarkOverdue(a, today)
		if _, ok := slugs[a.CableID]; !ok {
			if slugs[a.CableID], err = scanStrings(t.pool.Query(ctx, `SELECT office FROM slug_requests WHERE cable = $1 ORDER BY seq`, a.CableID)); err != nil {
				return nil, fmt.Errorf("find actions: %w", err)
			}
		}
		a.Slug = slugs[a.CableID]
	}
	return as, nil
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
// origin's). Administrators only: counts of copies would tell others of
// cables they may not know of.
func (t *Traffic) SpeedOfService(ctx context.Context, from, to time.Time) ([]cable.SpeedOfService, error) {
	return t.speedOfService(ctx, from, to, `NOT (relay <> '' AND `+inbound+`)`)
}

// inbound says that a deliveries row is a copy received from another node.
const inbound = `id IN (SELECT delivery FROM relay_inbound)`

// NetworkSpeedOfService measures speed of service end to end, release at
// the origin to delivery at the destination: sent, the copies released
// here for other nodes' sites (delivered by their signed delivered
// receipts); received, the copies other nodes released for this node's
// sites. Administrators only.
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
	rows, err := t.pool.Query(ctx, `SELECT precedence, queued_at, delivered_at FROM deliveries WHERE queued_at >= $1 AND queued_at < $2
		AND `+where,
		nanos(from), end)
	if err != nil {
		return nil, fmt.Errorf("speed of service: %w", err)
	}
	samples, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (traffic.Sample, error) {
		var p int
		var queued int64
		var delivered *int64
		err := r.Scan(&p, &queued, &delivered)
		return traffic.Sample{Precedence: cable.Precedence(p), Queued: fromNanos(queued), DeliveredAt: fromNull(delivered)}, err
	})
	if err != nil {
		return nil, fmt.Errorf("speed of service: %w", err)
	}
	return traffic.Measure(samples, t.Now().UTC()), nil
}
