package guard

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/password"
)

// IssueToken issues an API token for user u that expires after ttl
// (cable.DefaultTokenTTL when 0), audited.
func (g *Guard) IssueToken(ctx context.Context, u *cable.User, label string, ttl time.Duration) (string, error) {
	if ttl <= 0 {
		ttl = cable.DefaultTokenTTL
	}
	token, hash := password.NewToken()
	now := g.Now()
	err := g.B.AccountTx(ctx, func(tx Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO tokens (hash, user_id, label, created_at, expires, last_used, revoked)
			VALUES (?1, ?2, ?3, ?4, ?5, 0, 0)`,
			hash, u.ID, label, g.B.Stamp(now), micros(now.Add(ttl))); err != nil {
			return err
		}
		return g.record(ctx, tx, g.entry(ctx, audit.KindTokenIssue, "", "user="+strconv.Quote(u.Name)+" label="+strconv.Quote(label)+
			" expires="+now.Add(ttl).UTC().Format(time.RFC3339)))
	})
	if err != nil {
		return "", fmt.Errorf("create token: %w", err)
	}
	return token, nil
}

// errBadToken is the one answer to a token that does not let one in.
var errBadToken = cable.Errorf(cable.Unauthenticated, "unknown, expired or revoked token")

// TokenUser returns the id of the user of a live token. The first use
// from an address is audited (token-new-address), so that a token copied
// elsewhere shows; the last use is kept to the minute.
func (g *Guard) TokenUser(ctx context.Context, token string) (int64, error) {
	hash := password.TokenHash(token)
	now := g.Now()
	addr := hostOf(cable.ClientFromContext(ctx))
	var userID, id, expires, last, revoked int64
	var seen int
	err := g.B.ReadTx(ctx, func(tx Tx) error {
		return tx.QueryRow(ctx, `SELECT user_id, id, expires, last_used, revoked,
			(SELECT count(*) FROM token_addrs WHERE token_hash = ?1 AND addr = ?2) FROM tokens WHERE hash = ?1`, hash, addr).
			Scan(&userID, &id, &expires, &last, &revoked, &seen)
	})
	if err == ErrNoRows {
		return 0, errBadToken
	}
	if err != nil {
		return 0, fmt.Errorf("token: %w", err)
	}
	if revoked != 0 || (expires != 0 && micros(now) >= expires) {
		return 0, errBadToken
	}
	if seen > 0 && now.Sub(timeOf(last)) < touchEvery {
		return userID, nil
	}
	err = g.B.AccountTx(ctx, func(tx Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE tokens SET last_used = ?1 WHERE hash = ?2`, micros(now), hash); err != nil {
			return err
		}
		if seen > 0 {
			return nil
		}
		if _, err := tx.Exec(ctx, `INSERT INTO token_addrs (token_hash, addr, first_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING`,
			hash, addr, micros(now)); err != nil {
			return err
		}
		var name string
		if err := tx.QueryRow(ctx, `SELECT name FROM users WHERE id = ?1`, userID).Scan(&name); err != nil {
			return err
		}
		e := g.entry(ctx, audit.KindTokenNewAddress, "", fmt.Sprintf("token=%d address=%q", id, addr))
		e.User = name
		return g.record(ctx, tx, e)
	})
	if err != nil {
		return 0, fmt.Errorf("token: %w", err)
	}
	return userID, nil
}

// FindTokens lists user name's tokens, newest first.
func (g *Guard) FindTokens(ctx context.Context, name string) ([]cable.TokenInfo, error) {
	var out []cable.TokenInfo
	err := g.B.ReadTx(ctx, func(tx Tx) error {
		rows, err := tx.Query(ctx, `SELECT t.id, t.label, t.expires, t.last_used, t.revoked FROM tokens t JOIN users u ON u.id = t.user_id
			WHERE u.name = ?1 ORDER BY t.id DESC`, name)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t cable.TokenInfo
			var exp, last, rev int64
			if err := rows.Scan(&t.ID, &t.Label, &exp, &last, &rev); err != nil {
				return err
			}
			t.Expires, t.LastUsed, t.Revoked = timeOf(exp), timeOf(last), rev != 0
			out = append(out, t)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("find tokens of %s: %w", name, err)
	}
	return out, nil
}

// RevokeToken revokes token id of user name, audited.
func (g *Guard) RevokeToken(ctx context.Context, name string, id int64) error {
	return g.B.AccountTx(ctx, func(tx Tx) error {
		n, err := tx.Exec(ctx, `UPDATE tokens SET revoked = ?1 WHERE id = ?2 AND revoked = 0
			AND user_id = (SELECT id FROM users WHERE name = ?3)`, micros(g.Now()), id, name)
		if err != nil {
			return fmt.Errorf("revoke token %d: %w", id, err)
		}
		if n == 0 {
			return cable.Errorf(cable.NotFound, "token %d of %s not found", id, name)
		}
		return g.record(ctx, tx, g.entry(ctx, audit.KindTokenRevoke, "", fmt.Sprintf("user=%q token=%d", name, id)))
	})
}
