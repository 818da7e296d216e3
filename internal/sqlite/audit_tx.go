package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
)

// auditTx is a write transaction on the archive that also writes audit
// entries, atomically with its changes: the audit database is attached to
// the writer's connection for the transaction's length, and the
// transaction (immediate) holds the write locks of both files.
//
// The file is attached only while such a transaction runs, not for good:
// an immediate transaction locks every attached file, and an import
// holding the log's lock for seconds would stall every read's audit.
type auditTx struct {
	*sql.Tx
	db   *DB
	ctx  context.Context
	conn *sql.Conn
}

// beginAudited begins an audited write transaction.
func (db *DB) beginAudited(ctx context.Context) (*auditTx, error) {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS audit`, db.auditPath()); err != nil {
		conn.Close()
		return nil, fmt.Errorf("attach audit database: %w", err)
	}
	t := &auditTx{db: db, ctx: ctx, conn: conn}
	if t.Tx, err = conn.BeginTx(ctx, nil); err != nil {
		t.release()
		return nil, err
	}
	return t, nil
}

// audit appends an entry for an action of the caller, in the transaction.
func (t *auditTx) audit(kind, id, detail string) error {
	if t.db.NoAudit {
		return nil
	}
	// The frontier is left to the next append to catch up with: this
	// transaction may yet roll back.
	_, _, err := t.db.appendEntry(t.ctx, t.Tx, t.db.entryOf(t.ctx, kind, id, detail))
	return err
}

// Commit commits the changes and their entries together.
func (t *auditTx) Commit() error {
	defer t.release()
	return t.Tx.Commit()
}

// Rollback undoes the changes and their entries; after Commit it does
// nothing.
func (t *auditTx) Rollback() error {
	defer t.release()
	return t.Tx.Rollback()
}

// release detaches the audit database and gives the connection back. A
// connection that cannot detach is closed rather than reused with the
// file attached.
func (t *auditTx) release() {
	if t.conn == nil {
		return
	}
	if _, err := t.conn.ExecContext(context.Background(), `DETACH DATABASE audit`); err != nil {
		t.conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	t.conn.Close()
	t.conn = nil
}
