package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"time"

	"github.com/cable/cable/internal/audit"
)

// The methods of audit.Log, for the signer, cable audit verify and the
// proofs.
var _ audit.Log = (*DB)(nil)

// AuditRoot returns the size and root of the tree: the handle's frontier,
// caught up with the log. It also moves the checkpoint in audit_head on
// (audit.go), as the signer calls it every minute.
func (db *DB) AuditRoot(ctx context.Context) (uint64, audit.Hash, error) {
	f := db.front.get()
	if err := catchUpFrontier(ctx, db.auditDB, &f); err != nil {
		return 0, audit.Hash{}, fmt.Errorf("audit root: %w", err)
	}
	db.front.advance(f)
	if err := db.checkpoint(ctx, f); err != nil {
		return 0, audit.Hash{}, err
	}
	return f.Size(), f.Root(), nil
}

// checkpoint stores f in audit_head unless the checkpoint there is as
// far: it never moves back.
func (db *DB) checkpoint(ctx context.Context, f audit.Frontier) error {
	tx, err := db.auditDB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("audit checkpoint: %w", err)
	}
	defer tx.Rollback()
	var b []byte
	if err := tx.QueryRowContext(ctx, `SELECT frontier FROM audit_head WHERE id = 1`).Scan(&b); err != nil {
		return fmt.Errorf("audit checkpoint: %w", err)
	}
	var old audit.Frontier
	if err := old.UnmarshalBinary(b); err == nil && old.Size() >= f.Size() {
		return nil
	}
	b, _ = f.MarshalBinary()
	if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET frontier = ? WHERE id = 1`, b); err != nil {
		return fmt.Errorf("audit checkpoint: %w", err)
	}
	return tx.Commit()
}

// AddTreeHead stores a signed tree head.
func (db *DB) AddTreeHead(ctx context.Context, h audit.TreeHead) error {
	_, err := db.auditDB.ExecContext(ctx, `INSERT INTO audit_tree_heads (size, root, at_ms, key_id, signature) VALUES (?,?,?,?,?)`,
		int64(h.Size), h.Root[:], h.Time.UnixMilli(), h.KeyID, h.Signature)
	if err != nil {
		return fmt.Errorf("add tree head: %w", err)
	}
	return nil
}

// TreeHeads returns the stored tree heads, smallest first.
func (db *DB) TreeHeads(ctx context.Context) ([]audit.TreeHead, error) {
	rows, err := db.auditDB.QueryContext(ctx, `SELECT size, root, at_ms, key_id, signature FROM audit_tree_heads ORDER BY size, id`)
	if err != nil {
		return nil, fmt.Errorf("tree heads: %w", err)
	}
	defer rows.Close()
	var out []audit.TreeHead
	for rows.Next() {
		var h audit.TreeHead
		var root []byte
		var ms int64
		if err := rows.Scan(&h.Size, &root, &ms, &h.KeyID, &h.Signature); err != nil {
			return nil, fmt.Errorf("tree heads: %w", err)
		}
		copy(h.Root[:], root)
		h.Time = time.UnixMilli(ms).UTC()
		out = append(out, h)
	}
	return out, rows.Err()
}

// ScanAudit calls fn on every entry in order. It reads on a connection of
// its own, so that appends go on while a long verification runs.
func (db *DB) ScanAudit(ctx context.Context, fn func(audit.Stored) error) error {
	r, err := sql.Open("sqlite", "file:"+filepath.ToSlash(db.auditPath())+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("scan audit: %w", err)
	}
	defer r.Close()
	rows, err := r.QueryContext(ctx, `SELECT seq, at, user, action, cable, detail, client, leaf FROM audit_log ORDER BY seq`)
	if err != nil {
		return fmt.Errorf("scan audit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanStored(rows)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

func scanStored(rows *sql.Rows) (audit.Stored, error) {
	var e audit.Stored
	var at string
	var leaf []byte
	if err := rows.Scan(&e.Seq, &at, &e.User, &e.Kind, &e.Cable, &e.Detail, &e.Client, &leaf); err != nil {
		return e, fmt.Errorf("scan audit: %w", err)
	}
	t, err := time.Parse(auditTimeFormat, at)
	if err != nil {
		// An edited time is a changed entry, which the leaf hash shows:
		// keep reading.
		t = time.Time{}
	}
	e.At = t
	copy(e.Leaf[:], leaf)
	return e, nil
}

// AuditFile returns the audit log's file, cable-audit.db beside the
// archive.
func (db *DB) AuditFile() string { return db.auditPath() }
