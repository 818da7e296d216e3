package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// These methods serve the scale benchmarks (cable bench): they measure the
// store without its access rules and must never back a user-facing
// feature, since nothing they return is filtered by clearance.

// BareSearch runs an FTS5 match expression against the portion index alone,
// with no join and no access filter, and returns the number of portions it
// read: the newest limit matches by rowid, or, when limit is 0 or less,
// the count of every match. It is the floor that Search's latency is
// measured against.
func (db *DB) BareSearch(ctx context.Context, match string, limit int) (int, error) {
	if limit <= 0 {
		var n int
		err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM portions_fts WHERE portions_fts MATCH ?`, match).Scan(&n)
		if err != nil {
			return 0, fmt.Errorf("bare search %q: %w", match, err)
		}
		return n, nil
	}
	rows, err := db.read.QueryContext(ctx, `SELECT rowid FROM portions_fts WHERE portions_fts MATCH ? ORDER BY rowid DESC LIMIT ?`, match, limit)
	if err != nil {
		return 0, fmt.Errorf("bare search %q: %w", match, err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("bare search %q: %w", match, err)
	}
	return n, nil
}

// Stats counts what the database holds, regardless of who may see it.
type Stats struct {
	Cables, Versions, Portions, Refs int
}

// Stats returns the row counts of the main tables.
func (db *DB) Stats(ctx context.Context) (Stats, error) {
	var s Stats
	err := db.read.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM cables), (SELECT count(*) FROM cable_versions),
		(SELECT count(*) FROM portions), (SELECT count(*) FROM refs)`).Scan(&s.Cables, &s.Versions, &s.Portions, &s.Refs)
	if err != nil {
		return Stats{}, fmt.Errorf("stats: %w", err)
	}
	return s, nil
}

// Checkpoint copies the write-ahead log into the database file and
// truncates it, so that the file's size is the database's.
func (db *DB) Checkpoint(ctx context.Context) error {
	if err := db.ix.flush(); err != nil {
		return err
	}
	for _, w := range []*sql.DB{db.write, db.ix.w} {
		if _, err := w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			return fmt.Errorf("checkpoint: %w", err)
		}
	}
	return nil
}

// Files returns the database's files: the archive's, then the search
// index's.
func (db *DB) Files() []string { return []string{db.Path, indexPath(db.Path)} }
