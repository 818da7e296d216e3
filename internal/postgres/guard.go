package postgres

import (
	"context"
	"errors"
	"regexp"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/guard"
)

// The insider-threat controls (package guard) on PostgreSQL: every table
// is in the archive's database (migration 0006_guard), and package guard's SQL
// runs here with its ?N parameters written $N.

// guardBackend is the DB as package guard's Backend.
type guardBackend struct{ db *DB }

// BudgetTx takes the audit log's lock first (the row every append locks
// anyway), so that two reads of one reader cannot both count the last
// read of a budget: their counts are serialized, as SQLite's write lock
// serializes them there.
func (b guardBackend) BudgetTx(ctx context.Context, fn func(guard.Tx) error) error {
	return pgx.BeginFunc(ctx, b.db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE`); err != nil {
			return err
		}
		return fn(pgTx{tx})
	})
}

func (b guardBackend) AccountTx(ctx context.Context, fn func(guard.Tx) error) error {
	return b.BudgetTx(ctx, fn)
}

func (b guardBackend) ReadTx(ctx context.Context, fn func(guard.Tx) error) error {
	return fn(pgTx{b.db.pool})
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

func (b guardBackend) Stamp(t time.Time) any { return t.UTC() }

func (b guardBackend) UpdateUser(ctx context.Context, name string, upd cable.UserUpdate) (*cable.User, error) {
	return b.db.UpdateUser(ctx, name, upd)
}

// pgTx is a transaction, or the pool, as a guard.Tx.
type pgTx struct{ q querier }

// numbered matches guard's ?N parameters.
var numbered = regexp.MustCompile(`\?(\d+)`)

func dollar(q string) string { return numbered.ReplaceAllString(q, `$$$1`) }

func (t pgTx) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	tag, err := t.q.Exec(ctx, dollar(q), args...)
	return tag.RowsAffected(), err
}

func (t pgTx) QueryRow(ctx context.Context, q string, args ...any) guard.Row {
	return pgRow{t.q.QueryRow(ctx, dollar(q), args...)}
}

func (t pgTx) Query(ctx context.Context, q string, args ...any) (guard.Rows, error) {
	return t.q.Query(ctx, dollar(q), args...)
}

func (t pgTx) Append(ctx context.Context, e audit.Entry) error {
	tx, ok := t.q.(pgx.Tx)
	if !ok {
		return errors.New("audit " + e.Kind + ": not in a transaction")
	}
	return appendEntry(ctx, tx, e)
}

type pgRow struct{ r pgx.Row }

func (r pgRow) Scan(dest ...any) error {
	err := r.r.Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return guard.ErrNoRows
	}
	return err
}

// newGuard returns the guard of db, which follows db's clock and NoAudit.
func newGuard(db *DB) *guard.Guard {
	return &guard.Guard{B: guardBackend{db}, Now: func() time.Time { return db.Now() }, NoAudit: func() bool { return db.NoAudit }}
}
