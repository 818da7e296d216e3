package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// IndexCheck is what Check found.
type IndexCheck struct {
	Cables, Portions int // in the archive
	Indexed          int // portions in the search index
	Words            int // in the vocabulary
	Behind           int // changes queued for the index and not yet applied
	// Problems are the damage found, each a sentence; none when the
	// archive and its index are whole.
	Problems []string
}

// Check checks the archive file's pages (SQLite's quick_check), the
// search index's structure (FTS5's integrity-check), and that the index
// holds each current portion once: it reads both files whole.
func (db *DB) Check(ctx context.Context) (*IndexCheck, error) {
	if err := db.ix.flush(); err != nil {
		return nil, err
	}
	c := &IndexCheck{}
	for _, f := range []struct {
		name string
		db   *sql.DB
	}{{"archive", db.read}, {"search index", db.ix.w}} {
		msgs, err := quickCheck(ctx, f.db)
		if err != nil {
			return nil, fmt.Errorf("check %s: %w", f.name, err)
		}
		for _, m := range msgs {
			c.Problems = append(c.Problems, fmt.Sprintf("%s file: %s", f.name, m))
		}
	}
	if _, err := db.ix.w.ExecContext(ctx, `INSERT INTO portions_fts(portions_fts, rank) VALUES('integrity-check', 0)`); err != nil {
		c.Problems = append(c.Problems, fmt.Sprintf("search index: %v", err))
	}
	err := db.read.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM cables), (SELECT count(*) FROM portions),
		(SELECT count(*) FROM ix.portions_fts), (SELECT count(*) FROM ix.words),
		(SELECT count(*) FROM index_queue WHERE seq > (SELECT applied FROM ix.index_state))`).Scan(&c.Cables, &c.Portions, &c.Indexed, &c.Words, &c.Behind)
	if err != nil {
		return nil, fmt.Errorf("check search index: %w", err)
	}
	if c.Behind == 0 && c.Indexed != c.Portions {
		c.Problems = append(c.Problems, fmt.Sprintf("search index: holds %d portions, the archive %d", c.Indexed, c.Portions))
	}
	return c, nil
}

// quickCheck returns what SQLite's quick_check finds wrong with a file.
func quickCheck(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `PRAGMA quick_check`)
	if err != nil {
		return nil, err
	}
	msgs, err := scanStrings(rows)
	if len(msgs) == 1 && msgs[0] == "ok" {
		msgs = nil
	}
	return msgs, err
}
