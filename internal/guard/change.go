package guard

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
)

// Two-person rule: with it on, an administrator's change to a user's
// access is a request, kept in user_changes, that another administrator
// approves (and so applies) or refuses. Both steps are audited.

// RequestUserChange records a change of user name's access for a second
// administrator.
func (g *Guard) RequestUserChange(ctx context.Context, name string, upd cable.UserUpdate) (int64, error) {
	if err := mustBeAdmin(ctx, "change users"); err != nil {
		return 0, err
	}
	if upd.Password != nil {
		return 0, cable.Errorf(cable.Invalid, "a password is not changed by a second administrator's approval")
	}
	b, err := json.Marshal(upd)
	if err != nil {
		return 0, err
	}
	var id int64
	err = g.B.AccountTx(ctx, func(tx Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM users WHERE name = ?1`, name).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return cable.Errorf(cable.NotFound, "user %s not found", name)
		}
		if err := tx.QueryRow(ctx, `INSERT INTO user_changes (target, change, requested_by, requested_at, status)
			VALUES (?1, ?2, ?3, ?4, 'pending') RETURNING id`, name, string(b), callerName(ctx), micros(g.Now())).Scan(&id); err != nil {
			return err
		}
		return g.record(ctx, tx, g.entry(ctx, audit.KindUserChangeRequest, "", fmt.Sprintf("id=%d user=%q %s", id, name, upd)))
	})
	if err != nil && cable.KindOf(err) == cable.Internal {
		return 0, fmt.Errorf("request change of %s: %w", name, err)
	}
	return id, err
}

// FindUserChanges lists the changes waiting for approval, oldest first.
func (g *Guard) FindUserChanges(ctx context.Context) ([]cable.UserChange, error) {
	if err := mustBeAdmin(ctx, "list user changes"); err != nil {
		return nil, err
	}
	var out []cable.UserChange
	err := g.B.ReadTx(ctx, func(tx Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, target, change, requested_by, requested_at FROM user_changes
			WHERE status = 'pending' ORDER BY id LIMIT 200`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c cable.UserChange
			var b string
			var at int64
			if err := rows.Scan(&c.ID, &c.User, &b, &c.RequestedBy, &at); err != nil {
				return err
			}
			json.Unmarshal([]byte(b), &c.Update)
			c.Change, c.RequestedAt = c.Update.String(), timeOf(at)
			out = append(out, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("find user changes: %w", err)
	}
	return out, nil
}

// DecideUserChange approves (and applies) or refuses a waiting change. Its
// requester may not, nor may the user it changes.
func (g *Guard) DecideUserChange(ctx context.Context, id int64, approve bool) (*cable.User, error) {
	if err := mustBeAdmin(ctx, "approve user changes"); err != nil {
		return nil, err
	}
	var c cable.UserChange
	var b, status string
	err := g.B.ReadTx(ctx, func(tx Tx) error {
		return tx.QueryRow(ctx, `SELECT target, change, requested_by, status FROM user_changes WHERE id = ?1`, id).
			Scan(&c.User, &b, &c.RequestedBy, &status)
	})
	if err == ErrNoRows {
		return nil, cable.Errorf(cable.NotFound, "user change %d not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("decide user change %d: %w", id, err)
	}
	me := callerName(ctx)
	switch {
	case status != "pending":
		return nil, cable.Errorf(cable.Conflict, "user change %d was %s already", id, status)
	case me != "" && (me == c.RequestedBy || me == c.User):
		return nil, cable.Errorf(cable.Forbidden, "two-person rule: another administrator must approve change %d", id)
	}
	json.Unmarshal([]byte(b), &c.Update)
	var u *cable.User
	if approve { // applied first: UpdateUser is audited and idempotent
		if u, err = g.B.UpdateUser(ctx, c.User, c.Update); err != nil {
			return nil, err
		}
	}
	status = map[bool]string{true: "approved", false: "refused"}[approve]
	err = g.B.AccountTx(ctx, func(tx Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE user_changes SET status = ?1, decided_by = ?2, decided_at = ?3 WHERE id = ?4`,
			status, me, micros(g.Now()), id); err != nil {
			return err
		}
		return g.record(ctx, tx, g.entry(ctx, audit.KindUserChangeDecide, "", fmt.Sprintf("id=%d user=%q %s", id, c.User, status)))
	})
	if err != nil {
		return nil, fmt.Errorf("decide user change %d: %w", id, err)
	}
	return u, nil
}
