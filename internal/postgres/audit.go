package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
)

// The audit log works as in sqlite/audit.go, in the archive's database:
// entries appended under audit_head's row lock, in the transaction of the
// change they record, or in one of their own before a read returns.

// appendEntry appends e in tx: it locks the frontier's row, which orders
// every append of every process, numbers e after the last entry, and
// stores it with its leaf hash and the new frontier.
func appendEntry(ctx context.Context, tx pgx.Tx, e audit.Entry) error {
	var b []byte
	if err := tx.QueryRow(ctx, `SELECT frontier FROM audit_head WHERE id = 1 FOR UPDATE`).Scan(&b); err != nil {
		return fmt.Errorf("audit %s: %w", e.Kind, err)
	}
	var f audit.Frontier
	if err := f.UnmarshalBinary(b); err != nil {
		return fmt.Errorf("audit %s: %w", e.Kind, err)
	}
	e.Seq = f.Size() + 1
	e = audit.Normalize(e)
	leaf := e.Leaf()
	f.Append(leaf)
	b, _ = f.MarshalBinary()
	_, err := tx.Exec(ctx, `WITH entry AS (
			INSERT INTO audit_log (seq, at, user_name, action, cable, detail, client, leaf) VALUES ($1, $2, $3, $4, $5, $6, $7, $8))
		UPDATE audit_head SET frontier = $9 WHERE id = 1`,
		int64(e.Seq), e.At, e.User, e.Kind, e.Cable, e.Detail, e.Client, leaf[:], b)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Kind, err)
	}
	return nil
}

// entryOf returns the entry of an action of ctx's caller.
func (db *DB) entryOf(ctx context.Context, kind, id, detail string) audit.Entry {
	name := ""
	if u := cable.UserFromContext(ctx); u != nil {
		name = u.Name
	}
	return audit.Entry{At: db.Now(), User: name, Kind: kind, Cable: id, Detail: detail, Client: cable.ClientFromContext(ctx)}.Bounded()
}

// Audit appends an entry for an action of ctx's caller (the user and the
// client address in ctx) in a transaction of its own, and returns an
// error when it cannot: the caller must then not act (fail closed).
func (db *DB) Audit(ctx context.Context, kind, id, detail string) error {
	return db.appendOwn(ctx, db.entryOf(ctx, kind, id, detail))
}

// appendOwn appends e in a transaction of its own. It is written even when
// ctx has ended: the read it records may already have happened.
func (db *DB) appendOwn(ctx context.Context, e audit.Entry) error {
	if db.NoAudit {
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error { return appendEntry(ctx, tx, e) })
}

// inAuditedTx runs fn in a transaction, with a function that appends an
// entry for an action of ctx's caller in the same transaction.
func (db *DB) inAuditedTx(ctx context.Context, fn func(tx pgx.Tx, record func(kind, id, detail string) error) error) error {
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		return fn(tx, func(kind, id, detail string) error {
			if db.NoAudit {
				return nil
			}
			return appendEntry(ctx, tx, db.entryOf(ctx, kind, id, detail))
		})
	})
}

// audit records a read by the caller of scope s. The caller must return
// its error, and not the data.
func (db *DB) audit(ctx context.Context, s *scope, action, id, detail string) error {
	e := db.entryOf(ctx, action, id, detail)
	if s.user != nil {
		e.User = s.user.Name
	}
	return db.appendOwn(ctx, e)
}

// migrateAuditRows appends the rows of the table audit that migration
// 0004 replaced, in their order, then drops it. Two processes starting
// together are ordered by the frontier's row lock; the second finds no
// table.
func (db *DB) migrateAuditRows(ctx context.Context) error {
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE`); err != nil {
			return fmt.Errorf("migrate audit rows: %w", err)
		}
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT to_regclass('audit') IS NOT NULL`).Scan(&exists); err != nil || !exists {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT at, user_name, action, cable, detail FROM audit ORDER BY id`)
		if err != nil {
			return fmt.Errorf("migrate audit rows: %w", err)
		}
		old, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (audit.Entry, error) {
			var e audit.Entry
			return e, row.Scan(&e.At, &e.User, &e.Kind, &e.Cable, &e.Detail)
		})
		if err != nil {
			return fmt.Errorf("migrate audit rows: %w", err)
		}
		for _, e := range old {
			if err := appendEntry(ctx, tx, e); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `DROP TABLE audit`); err != nil {
			return fmt.Errorf("migrate audit rows: %w", err)
		}
		if len(old) > 0 {
			db.Logger.Info("audit log: old rows appended to the tree", "entries", len(old))
		}
		return nil
	})
}

// FindAudit returns the audit entries of a cable, newest first; an empty
// id returns all. Only administrators may call it.
func (db *DB) FindAudit(ctx context.Context, id string, limit int) ([]cable.AuditEntry, error) {
	if u := cable.UserFromContext(ctx); u == nil || !u.Admin {
		return nil, cable.Errorf(cable.Forbidden, "only administrators may read the audit log")
	}
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	if !isText(id) {
		return nil, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT seq, at, user_name, action, cable, detail, client FROM audit_log
		WHERE ($1 = '' OR cable = $1) ORDER BY seq DESC LIMIT $2`, id, limit)
	if err != nil {
		return nil, fmt.Errorf("find audit: %w", err)
	}
	out, err := collect(rows, func(row pgx.CollectableRow) (cable.AuditEntry, error) {
		var e cable.AuditEntry
		var seq int64
		err := row.Scan(&seq, &e.At, &e.User, &e.Action, &e.Cable, &e.Detail, &e.Client)
		e.Seq, e.At = uint64(seq), e.At.UTC()
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("find audit: %w", err)
	}
	return out, nil
}
