package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
)

// The audit log (docs/security.md) lives in a file of its own beside the
// archive, cable-audit.db: entries are written on every read, and written
// into the archive they would change its WAL on every search, and every
// reader connection would then drop its page cache (cable bench search
// measured reads 3x slower). Changes to the archive (users, tokens, the
// directory, releases) attach the file and write their entry in their own
// transaction (auditTx).

// auditSchema is the log's schema, version 2 of the file (user_version).
// Version 1, the table audit of plain rows, is folded into the tree by
// migrateAuditRows.
const auditSchema = `
CREATE TABLE audit_log (
	seq    INTEGER PRIMARY KEY,
	at     TEXT NOT NULL,
	user   TEXT NOT NULL,
	action TEXT NOT NULL,
	cable  TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	client TEXT NOT NULL DEFAULT '',
	leaf   BLOB NOT NULL
);
CREATE INDEX audit_log_cable ON audit_log(cable, seq);
-- audit_head's one row is the tree's frontier (audit.Frontier): its size
-- and right edge. Appending reads and rewrites it under the write lock.
CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), frontier BLOB NOT NULL);
INSERT INTO audit_head VALUES (1, zeroblob(8));
CREATE TABLE audit_tree_heads (
	id        INTEGER PRIMARY KEY,
	size      INTEGER NOT NULL,
	root      BLOB NOT NULL,
	at_ms     INTEGER NOT NULL,
	key_id    TEXT NOT NULL,
	signature BLOB NOT NULL
);
PRAGMA user_version = 2;`

// auditTimeFormat is how at is stored: UTC to the microsecond, fixed
// width, so that it sorts and reads back to what was hashed.
const auditTimeFormat = "2006-01-02T15:04:05.000000Z"

// auditPath is the audit database's file: cable.db's is cable-audit.db.
func (db *DB) auditPath() string {
	ext := filepath.Ext(db.Path)
	return strings.TrimSuffix(db.Path, ext) + "-audit" + ext
}

// openAudit opens (creating or migrating) the audit database.
func (db *DB) openAudit(ctx context.Context) error {
	dsn := "file:" + filepath.ToSlash(db.auditPath()) +
		"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(10000)&_pragma=wal_autocheckpoint(0)&_txlock=immediate"
	var err error
	if db.auditDB, err = sql.Open("sqlite", dsn); err != nil {
		return fmt.Errorf("open audit database: %w", err)
	}
	db.auditDB.SetMaxOpenConns(1)
	tx, err := db.auditDB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("open audit database %s: %w", db.auditPath(), err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return fmt.Errorf("open audit database %s: %w", db.auditPath(), err)
	}
	if version >= 3 {
		return nil
	}
	if version < 2 {
		if _, err := tx.ExecContext(ctx, auditSchema); err != nil {
			return fmt.Errorf("create audit log in %s: %w", db.auditPath(), err)
		}
		if err := db.migrateAuditRows(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, guardSchema); err != nil {
		return fmt.Errorf("create budget tables in %s: %w", db.auditPath(), err)
	}
	return tx.Commit()
}

// migrateAuditRows appends the rows of the version 1 table audit, if any,
// to the tree in their order, then drops the table: the old rows become
// entries 1 to n, vouched for from the first signed head on.
func (db *DB) migrateAuditRows(ctx context.Context, tx *sql.Tx) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit'`).Scan(&n); err != nil || n == 0 {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT at, user, action, cable, detail FROM audit ORDER BY id`)
	if err != nil {
		return fmt.Errorf("migrate audit rows: %w", err)
	}
	var old []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var at string
		if err := rows.Scan(&at, &e.User, &e.Kind, &e.Cable, &e.Detail); err != nil {
			rows.Close()
			return fmt.Errorf("migrate audit rows: %w", err)
		}
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		old = append(old, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("migrate audit rows: %w", err)
	}
	for _, e := range old {
		_, f, err := db.appendEntry(ctx, tx, e)
		if err != nil {
			return err
		}
		// Uncommitted: a failed migration leaves nothing, and the
		// next append catches up from the log.
		db.front.advance(f)
	}
	if f := db.front.get(); f.Size() > 0 {
		b, _ := f.MarshalBinary()
		if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET frontier = ? WHERE id = 1`, b); err != nil {
			return fmt.Errorf("migrate audit rows: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DROP TABLE audit`); err != nil {
		return fmt.Errorf("migrate audit rows: %w", err)
	}
	db.Logger.Info("audit log: old rows appended to the tree", "entries", len(old))
	return nil
}

// The tree's frontier (its size and right edge, audit.Frontier) is kept
// in memory (DB.front), so that an append is one statement: the entry
// with its leaf hash, numbered after the frontier. The log is the truth:
// when the number is taken (another process, or another transaction of
// this one, appended meanwhile), the append reads the entries after the
// frontier from the log, under the log's write lock, and tries again.
// audit_head keeps a checkpoint of the frontier, which Open starts from
// and AuditRoot moves on, so that opening a long log does not rehash it.

// frontier is a handle's frontier of the tree.
type frontier struct {
	mu sync.Mutex
	f  audit.Frontier
}

// get returns a copy of the frontier.
func (fr *frontier) get() audit.Frontier {
	fr.mu.Lock()
	defer fr.mu.Unlock()
	return fr.f.Clone()
}

// advance installs f, a frontier of committed entries, unless the one
// held is as far.
func (fr *frontier) advance(f audit.Frontier) {
	fr.mu.Lock()
	defer fr.mu.Unlock()
	if f.Size() > fr.f.Size() {
		fr.f = f
	}
}

// auditInsert appends an entry. appendOwn runs it prepared (auditInsertTx).
const auditInsert = `INSERT INTO audit_log (seq, at, user, action, cable, detail, client, leaf) VALUES (?,?,?,?,?,?,?,?)`

// auditInsertTx is a transaction on the audit database that runs
// auditInsert as a statement prepared once for the handle: parsing it
// was a sixth of an append.
type auditInsertTx struct {
	*sql.Tx
	insert *sql.Stmt
}

func (t auditInsertTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if q == auditInsert && t.insert != nil {
		return t.insert.ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, q, args...)
}

// appendEntry appends e to the log in tx, which must hold the log's write
// lock (an immediate transaction): it numbers the entry after the last,
// stores it with its leaf hash, and returns the frontier with it, which
// the caller may install (front.advance) once tx has committed.
func (db *DB) appendEntry(ctx context.Context, tx execer, e audit.Entry) (audit.Entry, audit.Frontier, error) {
	f := db.front.get()
	e, err := appendAt(ctx, tx, &f, e)
	return e, f, err
}

// appendAt appends e to the log in tx as appendEntry does, after the
// entries of frontier f, which it moves on past e: a batch of entries in
// one transaction chains them through f.
func appendAt(ctx context.Context, tx execer, f *audit.Frontier, e audit.Entry) (audit.Entry, error) {
	for caughtUp := false; ; caughtUp = true {
		e.Seq = f.Size() + 1
		e = audit.Normalize(e)
		leaf := e.Leaf()
		_, err := tx.ExecContext(ctx, auditInsert,
			e.Seq, e.At.Format(auditTimeFormat), e.User, e.Kind, e.Cable, e.Detail, e.Client, leaf[:])
		if err == nil {
			f.Append(leaf)
			return e, nil
		}
		if caughtUp || !strings.Contains(err.Error(), "constraint failed") {
			return e, fmt.Errorf("audit %s: %w", e.Kind, err)
		}
		if err := catchUpFrontier(ctx, tx, f); err != nil {
			return e, fmt.Errorf("audit %s: %w", e.Kind, err)
		}
	}
}

// catchUpFrontier appends to f the leaves of the entries the log holds
// after it, which must follow it without a gap.
func catchUpFrontier(ctx context.Context, q execer, f *audit.Frontier) error {
	rows, err := q.QueryContext(ctx, `SELECT seq, leaf FROM audit_log WHERE seq > ? ORDER BY seq`, f.Size())
	if err != nil {
		return fmt.Errorf("read the log after entry %d: %w", f.Size(), err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq uint64
		var b []byte
		if err := rows.Scan(&seq, &b); err != nil {
			return err
		}
		if seq != f.Size()+1 || len(b) != len(audit.Hash{}) {
			return fmt.Errorf("the log holds entry %d after entry %d", seq, f.Size())
		}
		f.Append(audit.Hash(b))
	}
	return rows.Err()
}

// loadFrontier starts the handle's frontier from the checkpoint in
// audit_head and the entries after it.
func (db *DB) loadFrontier(ctx context.Context) error {
	var b []byte
	if err := db.auditDB.QueryRowContext(ctx, `SELECT frontier FROM audit_head WHERE id = 1`).Scan(&b); err != nil {
		return fmt.Errorf("audit frontier: %w", err)
	}
	var f audit.Frontier
	if err := f.UnmarshalBinary(b); err != nil {
		return fmt.Errorf("audit frontier: %w", err)
	}
	if err := catchUpFrontier(ctx, db.auditDB, &f); err != nil {
		return fmt.Errorf("audit frontier: %w", err)
	}
	db.front.advance(f)
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

// Audit appends an entry for an action of ctx's caller (the user in ctx,
// the client address in ctx) in a transaction of its own, and returns an
// error when it cannot: the caller must then not act (fail closed). Kinds
// are audit.Kind*; a later feature may add its own.
func (db *DB) Audit(ctx context.Context, kind, id, detail string) error {
	return db.appendOwn(ctx, db.entryOf(ctx, kind, id, detail))
}

// appendOwn appends e in a transaction of its own on the audit database,
// shared with the entries of other actions waiting at the time (group
// commit, audit_append.go), and returns once it is committed.
func (db *DB) appendOwn(ctx context.Context, e audit.Entry) error {
	if db.NoAudit {
		return nil
	}
	// The entry is written even when ctx has ended: the read it records
	// may already have happened.
	return db.appender.append(e)
}

// audit records a read by the caller of scope s. The caller must return
// its error, and not the data: a read that is not recorded does not
// happen.
func (db *DB) audit(ctx context.Context, s *scope, action, id, detail string) error {
	e := db.entryOf(ctx, action, id, detail)
	if s.user != nil {
		e.User = s.user.Name
	}
	return db.appendOwn(ctx, e)
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
	rows, err := db.auditDB.QueryContext(ctx, `SELECT seq, at, user, action, cable, detail, client FROM audit_log
		WHERE (? = '' OR cable = ?) ORDER BY seq DESC LIMIT ?`, id, id, limit)
	if err != nil {
		return nil, fmt.Errorf("find audit: %w", err)
	}
	defer rows.Close()
	var out []cable.AuditEntry
	for rows.Next() {
		var e cable.AuditEntry
		var at string
		if err := rows.Scan(&e.Seq, &at, &e.User, &e.Action, &e.Cable, &e.Detail, &e.Client); err != nil {
			return nil, fmt.Errorf("find audit: %w", err)
		}
		e.At, _ = time.Parse(auditTimeFormat, at)
		out = append(out, e)
	}
	return out, rows.Err()
}
