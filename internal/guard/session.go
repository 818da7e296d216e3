package guard

import (
	"context"
	"fmt"
	"time"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/password"
)

// Sessions are rows (NIST SP 800-63B §7): the cookie holds a random
// secret, the store its hash, so that ending a session ends it wherever
// the cookie was copied. A session ends at its absolute end, after idle
// time without a request, at logout, and when its user's password or
// access changes (the store's UpdateUser deletes the rows).

// touchEvery is how stale last_seen may be before a request rewrites it:
// the idle timeout is kept to this precision, and a busy reader does not
// write the archive on every request.
const touchEvery = time.Minute

// CreateSession starts a session for user id at now (the server's clock,
// which its sessions are timed by) that ends at expires.
func (g *Guard) CreateSession(ctx context.Context, userID int64, at, expires time.Time) (string, error) {
	secret, hash := password.NewToken()
	now := micros(at)
	err := g.B.AccountTx(ctx, func(tx Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE expires <= ?1`, now); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO sessions (hash, user_id, created_at, last_seen, expires) VALUES (?1, ?2, ?3, ?3, ?4)`,
			hash, userID, now, micros(expires))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	return secret, nil
}

// errSessionEnded is the answer to a cookie whose session is over.
var errSessionEnded = cable.Errorf(cable.Unauthenticated, "session expired: log in again")

// UserBySession returns the user of a live session and touches it.
func (g *Guard) UserBySession(ctx context.Context, secret string, now time.Time, idle time.Duration) (*cable.User, error) {
	hash := password.TokenHash(secret)
	var userID, seen, expires int64
	err := g.B.ReadTx(ctx, func(tx Tx) error {
		return tx.QueryRow(ctx, `SELECT user_id, last_seen, expires FROM sessions WHERE hash = ?1`, hash).Scan(&userID, &seen, &expires)
	})
	if err == ErrNoRows {
		return nil, errSessionEnded
	}
	if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	if micros(now) >= expires || now.Sub(timeOf(seen)) > idle {
		return nil, errSessionEnded
	}
	if now.Sub(timeOf(seen)) > touchEvery {
		err := g.B.AccountTx(ctx, func(tx Tx) error {
			_, err := tx.Exec(ctx, `UPDATE sessions SET last_seen = ?1 WHERE hash = ?2`, micros(now), hash)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("session: %w", err)
		}
	}
	u, err := g.B.UserByID(ctx, userID)
	if cable.KindOf(err) == cable.NotFound {
		return nil, errSessionEnded
	}
	return u, err
}

// EndSession ends a session, audited as a logout of its user.
func (g *Guard) EndSession(ctx context.Context, secret string) error {
	hash := password.TokenHash(secret)
	return g.B.AccountTx(ctx, func(tx Tx) error {
		var userID int64
		err := tx.QueryRow(ctx, `SELECT user_id FROM sessions WHERE hash = ?1`, hash).Scan(&userID)
		if err == ErrNoRows {
			return nil
		}
		if err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE hash = ?1`, hash); err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		var name string
		if err := tx.QueryRow(ctx, `SELECT name FROM users WHERE id = ?1`, userID).Scan(&name); err != nil && err != ErrNoRows {
			return fmt.Errorf("end session: %w", err)
		}
		e := g.entry(ctx, audit.KindLogout, "", "")
		e.User = name
		return g.record(ctx, tx, e)
	})
}

// EndOtherSessions ends user id's sessions but the caller's, in tx (the
// store's UpdateUser), audited when there were any.
func (g *Guard) EndOtherSessions(ctx context.Context, tx Tx, userID int64, name, why string) error {
	n, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = ?1 AND hash <> ?2`, userID, cable.SessionFromContext(ctx))
	if err != nil {
		return fmt.Errorf("end sessions of %s: %w", name, err)
	}
	if n == 0 {
		return nil
	}
	return g.record(ctx, tx, g.entry(ctx, audit.KindSessionRevoke, "", fmt.Sprintf("user=%q sessions=%d why=%s", name, n, why)))
}
