package guard

import (
	"context"
	"fmt"
	"strings"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
)

// RequestRaise asks, for the caller, to raise their budget by r for a
// day (cable.RaiseTTL from the grant), with a justification.
func (g *Guard) RequestRaise(ctx context.Context, r cable.ReadBudget, why string) (int64, error) {
	name := callerName(ctx)
	why = strings.ReplaceAll(strings.ToValidUTF8(strings.TrimSpace(why), "\uFFFD"), "\x00", "\uFFFD")
	switch {
	case name == "":
		return 0, cable.Errorf(cable.Invalid, "raise: only a signed-in reader may ask for one")
	case why == "":
		return 0, cable.Errorf(cable.Invalid, "raise: justification: required")
	case r.Hour < 0 || r.Day < 0 || r.Hour+r.Day == 0:
		return 0, cable.Errorf(cable.Invalid, "raise: want a positive number of cables an hour or a day")
	}
	var id int64
	err := g.B.BudgetTx(ctx, func(tx Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO raises (reader, hour, day, why, status, requested_at, decided_by, decided_at, expires)
			VALUES (?1, ?2, ?3, ?4, 'pending', ?5, '', 0, 0) RETURNING id`, name, r.Hour, r.Day, why, micros(g.Now())).Scan(&id); err != nil {
			return fmt.Errorf("request raise: %w", err)
		}
		return g.record(ctx, tx, g.entry(ctx, audit.KindBudgetRequest, "",
			fmt.Sprintf("id=%d hour=+%d day=+%d why=%q", id, r.Hour, r.Day, why)))
	})
	return id, err
}

// FindRaises lists raise requests, newest first: the caller's own, or
// everyone's for an administrator or the command line.
func (g *Guard) FindRaises(ctx context.Context) ([]cable.Raise, error) {
	who := ""
	if u := cable.UserFromContext(ctx); u != nil && !u.Admin {
		who = u.Name
	}
	var out []cable.Raise
	err := g.B.BudgetTx(ctx, func(tx Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, reader, hour, day, why, status, requested_at, decided_by, decided_at, expires
			FROM raises WHERE (?1 = '' OR reader = ?1) ORDER BY id DESC LIMIT 200`, who)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r cable.Raise
			var req, dec, exp int64
			if err := rows.Scan(&r.ID, &r.User, &r.By.Hour, &r.By.Day, &r.Justification, &r.Status, &req, &r.DecidedBy, &dec, &exp); err != nil {
				return err
			}
			r.RequestedAt, r.DecidedAt, r.Expires = timeOf(req), timeOf(dec), timeOf(exp)
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("find raises: %w", err)
	}
	return out, nil
}

// DecideRaise grants or refuses a pending raise; a security officer may
// not decide their own.
func (g *Guard) DecideRaise(ctx context.Context, id int64, grant bool) error {
	if err := mustBeAdmin(ctx, "decide raises"); err != nil {
		return err
	}
	me := callerName(ctx)
	now := g.Now()
	return g.B.BudgetTx(ctx, func(tx Tx) error {
		var reader, status string
		err := tx.QueryRow(ctx, `SELECT reader, status FROM raises WHERE id = ?1`, id).Scan(&reader, &status)
		if err == ErrNoRows {
			return cable.Errorf(cable.NotFound, "raise %d not found", id)
		}
		if err != nil {
			return fmt.Errorf("decide raise %d: %w", id, err)
		}
		if status != "pending" {
			return cable.Errorf(cable.Conflict, "raise %d was %s already", id, status)
		}
		if reader == me {
			return cable.Errorf(cable.Forbidden, "separation of duties: another security officer must decide your raise")
		}
		status, exp := "refused", int64(0)
		if grant {
			status, exp = "granted", micros(now.Add(cable.RaiseTTL))
		}
		if _, err := tx.Exec(ctx, `UPDATE raises SET status = ?1, decided_by = ?2, decided_at = ?3, expires = ?4 WHERE id = ?5`,
			status, me, micros(now), exp, id); err != nil {
			return fmt.Errorf("decide raise %d: %w", id, err)
		}
		return g.record(ctx, tx, g.entry(ctx, audit.KindBudgetRaise, "", fmt.Sprintf("id=%d user=%q %s", id, reader, status)))
	})
}
