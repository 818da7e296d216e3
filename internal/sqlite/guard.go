package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/guard"
)

// The insider-threat controls (package guard) on SQLite. Their budget
// tables are in the audit log's file (guardSchema), so that counting a
// read is one more statement in the transaction that audits it, and never
// writes the archive, whose readers would lose their page cache; the
// account tables (sessions, tokens, throttling, user changes) are in the
// archive (migration 0008).

// guardSchema is version 3 of the audit file: the budget tables.
const guardSchema = `
CREATE TABLE IF NOT EXISTS read_counts (reader TEXT NOT NULL, cable TEXT NOT NULL, at INTEGER NOT NULL,
	PRIMARY KEY (reader, cable)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS read_counts_at ON read_counts (reader, at);
CREATE TABLE IF NOT EXISTS search_hits (reader TEXT NOT NULL, at INTEGER NOT NULL, n INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS search_hits_at ON search_hits (reader, at);
CREATE TABLE IF NOT EXISTS alerts (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, reader TEXT NOT NULL,
	what TEXT NOT NULL, detail TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS alerts_reader ON alerts (reader, what, at);
CREATE TABLE IF NOT EXISTS raises (id INTEGER PRIMARY KEY, reader TEXT NOT NULL, hour INTEGER NOT NULL, day INTEGER NOT NULL,
	why TEXT NOT NULL, status TEXT NOT NULL, requested_at INTEGER NOT NULL, decided_by TEXT NOT NULL,
	decided_at INTEGER NOT NULL, expires INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS raises_reader ON raises (reader, status);
CREATE TABLE IF NOT EXISTS budgets (reader TEXT PRIMARY KEY, hour INTEGER NOT NULL, day INTEGER NOT NULL);
PRAGMA user_version = 3;`

// guardBackend is the DB as package guard's Backend.
type guardBackend struct{ db *DB }

// BudgetTx runs fn as a job of the audit log's group commit
// (audit_append.go): in a transaction on the audit file, shared with the
// reads and counts of other callers waiting at the time.
func (b guardBackend) BudgetTx(ctx context.Context, fn func(guard.Tx) error) error {
	if b.db.appender == nil {
		return errAuditClosed
	}
	return b.db.appender.do("budget", func(bt *batchTx) error {
		return fn(sqlTx{db: b.db, q: bt.x, f: &bt.f})
	})
}

func (b guardBackend) AccountTx(ctx context.Context, fn func(guard.Tx) error) error {
	tx, err := b.db.beginAudited(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(sqlTx{db: b.db, q: tx.Tx}); err != nil {
		return err
	}
	return tx.Commit()
}

func (b guardBackend) ReadTx(ctx context.Context, fn func(guard.Tx) error) error {
	return fn(sqlTx{db: b.db, q: b.db.read})
}

func (b guardBackend) UserByID(ctx context.Context, id int64) (*cable.User, error) {
	us, err := b.db.FindUsers(ctx, cable.UserFilter{ID: &id})
	if err != nil {
		return nil, err
	}
	if len(us) == 0 {
		return nil, cable.Errorf(cable.NotFound, "user %d not found", id)
	}
	return us[0], nil
}

func (b guardBackend) Stamp(t time.Time) any { return t.UTC().Format(time.RFC3339) }

func (b guardBackend) UpdateUser(ctx context.Context, name string, upd cable.UserUpdate) (*cable.User, error) {
	return b.db.UpdateUser(ctx, name, upd)
}

// sqlTx is a transaction, or the read pool, as a guard.Tx. In a batch of
// the group commit, f is the batch's frontier, which numbers its entries.
type sqlTx struct {
	db *DB
	q  execer
	f  *audit.Frontier
}

func (t sqlTx) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	res, err := t.q.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (t sqlTx) QueryRow(ctx context.Context, q string, args ...any) guard.Row {
	return sqlRow{t.q.QueryRowContext(ctx, q, args...)}
}

func (t sqlTx) Query(ctx context.Context, q string, args ...any) (guard.Rows, error) {
	rows, err := t.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (t sqlTx) Append(ctx context.Context, e audit.Entry) error {
	if t.f != nil {
		_, err := appendAt(ctx, t.q, t.f, e)
		return err
	}
	_, _, err := t.db.appendEntry(ctx, t.q, e)
	return err
}

type sqlRow struct{ r *sql.Row }

func (r sqlRow) Scan(dest ...any) error {
	err := r.r.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return guard.ErrNoRows
	}
	return err
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }

// newGuard returns the guard of db, which follows db's clock and NoAudit.
func newGuard(db *DB) *guard.Guard {
	return &guard.Guard{B: guardBackend{db}, Now: func() time.Time { return db.Now() }, NoAudit: func() bool { return db.NoAudit }}
}
