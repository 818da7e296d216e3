package guard

import (
	"context"
	"fmt"
	"net"
	"strings"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
)

// Login throttling: failures in a row are counted per account (the name
// tried, whether or not it exists, so that throttling tells nothing of
// which names exist) and per client address. Each key waits
// cable.LoginDelay after its last failure; at cable.LoginLockFailures it
// is locked for cable.LoginLock, or until an administrator unlocks the
// account. A login refused by throttling checks no password.

// throttleKeys are the keys of a login of name from addr.
func throttleKeys(name, addr string) []string {
	// As text both stores keep: PostgreSQL refuses invalid UTF-8 and NUL.
	name = strings.ReplaceAll(strings.ToValidUTF8(name, "\uFFFD"), "\x00", "\uFFFD")
	keys := []string{"user:" + strings.ToLower(name)}
	if addr = hostOf(addr); addr != "" {
		keys = append(keys, "addr:"+addr)
	}
	return keys
}

// LoginAllowed returns an Exhausted error when a login of name from the
// caller's address must wait.
func (g *Guard) LoginAllowed(ctx context.Context, name string) error {
	now := g.Now()
	var worst int64
	err := g.B.ReadTx(ctx, func(tx Tx) error {
		for _, k := range throttleKeys(name, cable.ClientFromContext(ctx)) {
			var n int
			var last int64
			err := tx.QueryRow(ctx, `SELECT failures, last_at FROM login_failures WHERE key = ?1`, k).Scan(&n, &last)
			if err == ErrNoRows {
				continue
			}
			if err != nil {
				return err
			}
			if until := micros(timeOf(last).Add(cable.LoginDelay(n))); until > micros(now) && until > worst {
				worst = until
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("login throttle: %w", err)
	}
	if worst > 0 {
		return cable.ErrLoginThrottled(timeOf(worst))
	}
	return nil
}

// LoginFailed counts a failed login of name; the key that reaches the
// lock is audited (login-locked) and alerts: the alert is returned.
func (g *Guard) LoginFailed(ctx context.Context, name string) (*cable.Alert, error) {
	now := g.Now()
	var raised *cable.Alert
	err := g.B.AccountTx(context.WithoutCancel(ctx), func(tx Tx) error {
		for _, k := range throttleKeys(name, cable.ClientFromContext(ctx)) {
			var n int
			err := tx.QueryRow(ctx, `INSERT INTO login_failures (key, failures, last_at) VALUES (?1, 1, ?2)
				ON CONFLICT (key) DO UPDATE SET failures = CASE WHEN login_failures.last_at <= ?3 THEN 1 ELSE login_failures.failures + 1 END,
				last_at = excluded.last_at RETURNING failures`, k, micros(now), micros(now.Add(-cable.LoginLock))).Scan(&n)
			if err != nil {
				return fmt.Errorf("login throttle: %w", err)
			}
			if n != cable.LoginLockFailures {
				continue
			}
			e := g.entry(ctx, audit.KindLoginLocked, "", fmt.Sprintf("%s failures=%d", k, n))
			e.User = name
			if err := g.record(ctx, tx, e); err != nil {
				return err
			}
			a, err := g.alert(ctx, tx, name, "login-locked", fmt.Sprintf("%s locked after %d failed logins", k, n))
			if err != nil {
				return err
			}
			raised = a
		}
		return nil
	})
	return raised, err
}

// LoginSucceeded clears the failures of name and of the address.
func (g *Guard) LoginSucceeded(ctx context.Context, name string) error {
	return g.B.AccountTx(context.WithoutCancel(ctx), func(tx Tx) error {
		for _, k := range throttleKeys(name, cable.ClientFromContext(ctx)) {
			if _, err := tx.Exec(ctx, `DELETE FROM login_failures WHERE key = ?1`, k); err != nil {
				return fmt.Errorf("login throttle: %w", err)
			}
		}
		return nil
	})
}

// UnlockLogin clears an account's failures, audited; administrators
// only.
func (g *Guard) UnlockLogin(ctx context.Context, name string) error {
	if err := mustBeAdmin(ctx, "unlock accounts"); err != nil {
		return err
	}
	return g.B.AccountTx(ctx, func(tx Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM login_failures WHERE key = ?1`, throttleKeys(name, "")[0]); err != nil {
			return fmt.Errorf("unlock %s: %w", name, err)
		}
		return g.record(ctx, tx, g.entry(ctx, audit.KindLoginUnlock, "", fmt.Sprintf("user=%q", name)))
	})
}

// hostOf is the host of a client address: its port changes with each
// connection.
func hostOf(addr string) string {
	if host, _, err := net.SplitHostPort(addr); err == nil {
		return host
	}
	return addr
}
