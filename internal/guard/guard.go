// Package guard holds the insider-threat controls of docs/security.md
// once, for both stores: read budgets and their raises, alerts, search
// paging, server-side sessions, API tokens that expire and can be
// revoked, login throttling, and changes to a user's access that a
// second administrator approves.
//
// A store gives it a Backend: transactions in which it runs its SQL (the
// same text on SQLite and PostgreSQL: parameters are ?1, ?2…, which the
// PostgreSQL backend writes $1, $2…; times are microseconds since 1970 in
// BIGINT columns) and appends audit entries. Every change and every
// counted read is audited in the transaction that makes it: if the entry
// cannot be written, nothing happens (fail closed).
package guard

import (
	"context"
	"errors"
	"time"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
)

// Tx is a transaction of a store.
type Tx interface {
	// Exec runs a statement and returns the rows it changed.
	Exec(ctx context.Context, q string, args ...any) (int64, error)
	// QueryRow runs a query of one row; Scan returns ErrNoRows when it
	// has none.
	QueryRow(ctx context.Context, q string, args ...any) Row
	// Query runs a query; the caller closes the rows.
	Query(ctx context.Context, q string, args ...any) (Rows, error)
	// Append appends an entry to the audit log in the transaction.
	Append(ctx context.Context, e audit.Entry) error
}

// Row is one row of a query.
type Row interface{ Scan(dest ...any) error }

// Rows are the rows of a query.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// ErrNoRows is what Row.Scan returns for no row.
var ErrNoRows = errors.New("no rows")

// Backend is what a store gives the guard.
type Backend interface {
	// BudgetTx runs fn in a write transaction where the budget tables
	// (read_counts, search_hits, alerts, raises, budgets) and the audit
	// log are.
	BudgetTx(ctx context.Context, fn func(Tx) error) error
	// AccountTx runs fn in a write transaction where the account tables
	// (users, tokens, token_addrs, sessions, login_failures,
	// user_changes), the alerts and the audit log are.
	AccountTx(ctx context.Context, fn func(Tx) error) error
	// ReadTx runs fn on the account tables without writing.
	ReadTx(ctx context.Context, fn func(Tx) error) error
	// UserByID returns a user, or NotFound.
	UserByID(ctx context.Context, id int64) (*cable.User, error)
	// Stamp is t as the store keeps a created_at column.
	Stamp(t time.Time) any
	// UpdateUser changes a user, audited (the store's UpdateUser).
	UpdateUser(ctx context.Context, name string, upd cable.UserUpdate) (*cable.User, error)
}

// Guard implements cable.GuardService on a Backend.
type Guard struct {
	B Backend
	// Now is the store's clock.
	Now func() time.Time
	// NoAudit reports the store's NoAudit: entries are not written
	// (cable bench).
	NoAudit func() bool
}

// micros is t as stored.
func micros(t time.Time) int64 { return t.UnixMicro() }

// timeOf is a stored time; 0 is the zero time.
func timeOf(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

// entry returns the audit entry of an action of ctx's caller.
func (g *Guard) entry(ctx context.Context, kind, id, detail string) audit.Entry {
	name := ""
	if u := cable.UserFromContext(ctx); u != nil {
		name = u.Name
	}
	return audit.Entry{At: g.Now(), User: name, Kind: kind, Cable: id, Detail: detail, Client: cable.ClientFromContext(ctx)}
}

// record appends e in tx unless the store runs without the log.
func (g *Guard) record(ctx context.Context, tx Tx, e audit.Entry) error {
	if g.NoAudit != nil && g.NoAudit() {
		return nil
	}
	return tx.Append(ctx, e)
}

// callerName returns the caller's name, or "" on the command line.
func callerName(ctx context.Context) string {
	if u := cable.UserFromContext(ctx); u != nil {
		return u.Name
	}
	return ""
}

// mustBeAdmin refuses a caller who is not an administrator; the command
// line (no caller) is the operator, who may.
func mustBeAdmin(ctx context.Context, what string) error {
	if u := cable.UserFromContext(ctx); u != nil && !u.Admin {
		return cable.Errorf(cable.Forbidden, "only security officers (administrators) may %s", what)
	}
	return nil
}
