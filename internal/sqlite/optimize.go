package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Bulk imports leave the FTS index in many segments, which every search
// term must look up in turn: at 250,000 cables a term lookup cost 110 µs
// before FTS5's 'optimize' merged them into one and 14 µs after, and a
// search's jumps (stream.go) 200 µs before and 40 µs after. Optimizing
// rewrites the whole index (34 s at 250,000 cables), so it pays only
// after an import that added many cables and a good share of the archive.
//
// FTS5 also merges as it goes: each batch's flush writes a segment, and
// once four segments share a level they are merged into one on the next
// level. A bulk import rewrites its text that way once per level, which
// was 27% of the CPU time of importing 25,000 cables. ImportBulk writes its segments and merges nothing (up to
// deferredCrisisMerge of them on a level); OptimizeAfterImport then
// either optimizes or does the merges the import skipped, once each:
// 25,000 cables imported 18% faster, the final optimize included.

// FTS5's merge settings: its defaults, and the crisis threshold of a
// deferred-merge import, below FTS5's limit of 2,000 segments.
const (
	defaultAutoMerge    = 4
	defaultCrisisMerge  = 16
	deferredCrisisMerge = 1000
)

// setMerge sets the index's automerge and crisismerge, in tx.
func setMerge(ctx context.Context, tx *sql.Tx, auto, crisis int) error {
	for _, kv := range []struct {
		key string
		n   int
	}{{"automerge", auto}, {"crisismerge", crisis}} {
		if _, err := tx.ExecContext(ctx, `INSERT INTO portions_fts(portions_fts, rank) VALUES(?, ?)`, kv.key, kv.n); err != nil {
			return fmt.Errorf("set %s: %w", kv.key, err)
		}
	}
	return nil
}

// OptimizeShare is the share of the archive an import must add for
// OptimizeAfterImport to optimize the index.
const OptimizeShare = 0.2

// DefaultOptimizeMin is how many cables an import must add for
// OptimizeAfterImport to optimize the index, unless DB.OptimizeMin says
// otherwise: below it searches are fast in any case, and the corpus's
// 6,712 cables would spend 1.2 s of a 12 s ingest on it.
const DefaultOptimizeMin = 20000

// OptimizeAfterImport merges the FTS index into one segment when added
// cables are at least DB.OptimizeMin and OptimizeShare of the archive,
// and reports whether it did and how long it took. Otherwise it does the
// merges that ImportBulk deferred, if any are due.
func (db *DB) OptimizeAfterImport(ctx context.Context, added int) (bool, time.Duration, error) {
	if err := db.ix.flush(); err != nil {
		return false, 0, err
	}
	optimize, err := db.wantOptimize(ctx, added)
	if err != nil {
		return false, 0, fmt.Errorf("optimize index: %w", err)
	}
	if !optimize {
		return false, 0, db.MergeIndex(ctx)
	}
	start := time.Now()
	if err := db.OptimizeIndex(ctx); err != nil {
		return false, 0, err
	}
	return true, time.Since(start), nil
}

func (db *DB) wantOptimize(ctx context.Context, added int) (bool, error) {
	least := db.OptimizeMin
	if least <= 0 {
		least = DefaultOptimizeMin
	}
	if added < least {
		return false, nil
	}
	var total int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM cables`).Scan(&total); err != nil {
		return false, err
	}
	return float64(added) >= OptimizeShare*float64(total), nil
}

// OptimizeIndex merges the FTS index into one segment. Searches go on
// meanwhile; writers wait.
func (db *DB) OptimizeIndex(ctx context.Context) error {
	if err := db.ix.flush(); err != nil {
		return err
	}
	if _, err := db.ix.w.ExecContext(ctx, `INSERT INTO portions_fts(portions_fts) VALUES('optimize')`); err != nil {
		return fmt.Errorf("optimize index: %w", err)
	}
	return nil
}

// mergeStep is how many pages of the index one 'merge' command writes at
// most: each step is a transaction of its own, so writers wait at most
// for one.
const mergeStep = 2000

// MergeIndex merges the index's segments the way FTS5's automerge would
// have: wherever four or more share a level. It works in steps until
// FTS5 reports that nothing is left, which it does by changing fewer
// than two rows (https://sqlite.org/fts5.html#the_merge_command).
func (db *DB) MergeIndex(ctx context.Context) error {
	if err := db.ix.flush(); err != nil {
		return err
	}
	conn, err := db.ix.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("merge index: %w", err)
	}
	defer conn.Close()
	for {
		var before, after int64
		err := conn.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&before)
		if err == nil {
			_, err = conn.ExecContext(ctx, `INSERT INTO portions_fts(portions_fts, rank) VALUES('merge', ?)`, mergeStep)
		}
		if err == nil {
			err = conn.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&after)
		}
		if err != nil {
			return fmt.Errorf("merge index: %w", err)
		}
		if after-before < 2 {
			return nil
		}
	}
}
