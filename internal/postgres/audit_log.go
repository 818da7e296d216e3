package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/audit"
)

// The methods of audit.Log, for the signer, cable audit verify and the
// proofs.
var _ audit.Log = (*DB)(nil)

// AuditRoot returns the size and root of the tree, from its frontier.
func (db *DB) AuditRoot(ctx context.Context) (uint64, audit.Hash, error) {
	var b []byte
	if err := db.pool.QueryRow(ctx, `SELECT frontier FROM audit_head WHERE id = 1`).Scan(&b); err != nil {
		return 0, audit.Hash{}, fmt.Errorf("audit root: %w", err)
	}
	var f audit.Frontier
	if err := f.UnmarshalBinary(b); err != nil {
		return 0, audit.Hash{}, err
	}
	return f.Size(), f.Root(), nil
}

// AddTreeHead stores a signed tree head.
func (db *DB) AddTreeHead(ctx context.Context, h audit.TreeHead) error {
	_, err := db.pool.Exec(ctx, `INSERT INTO audit_tree_heads (size, root, at_ms, key_id, signature) VALUES ($1, $2, $3, $4, $5)`,
		int64(h.Size), h.Root[:], h.Time.UnixMilli(), h.KeyID, h.Signature)
	if err != nil {
		return fmt.Errorf("add tree head: %w", err)
	}
	return nil
}

// TreeHeads returns the stored tree heads, smallest first.
func (db *DB) TreeHeads(ctx context.Context) ([]audit.TreeHead, error) {
	rows, err := db.pool.Query(ctx, `SELECT size, root, at_ms, key_id, signature FROM audit_tree_heads ORDER BY size, id`)
	if err != nil {
		return nil, fmt.Errorf("tree heads: %w", err)
	}
	out, err := collect(rows, func(row pgx.CollectableRow) (audit.TreeHead, error) {
		var h audit.TreeHead
		var size, ms int64
		var root []byte
		err := row.Scan(&size, &root, &ms, &h.KeyID, &h.Signature)
		h.Size, h.Time = uint64(size), time.UnixMilli(ms).UTC()
		copy(h.Root[:], root)
		return h, err
	})
	if err != nil {
		return nil, fmt.Errorf("tree heads: %w", err)
	}
	return out, nil
}

// ScanAudit calls fn on every entry in order.
func (db *DB) ScanAudit(ctx context.Context, fn func(audit.Stored) error) error {
	rows, err := db.pool.Query(ctx, `SELECT seq, at, user_name, action, cable, detail, client, leaf FROM audit_log ORDER BY seq`)
	if err != nil {
		return fmt.Errorf("scan audit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e audit.Stored
		var seq int64
		var leaf []byte
		if err := rows.Scan(&seq, &e.At, &e.User, &e.Kind, &e.Cable, &e.Detail, &e.Client, &leaf); err != nil {
			return fmt.Errorf("scan audit: %w", err)
		}
		e.Seq, e.At = uint64(seq), e.At.UTC()
		copy(e.Leaf[:], leaf)
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}
