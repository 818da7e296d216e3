package sqlite

import (
	"context"
	"fmt"
	"time"
)

// Bulk imports leave the FTS index in many segments, which every search
// term must look up in turn: at 250,000 cables a term lookup cost 110 µs
// before FTS5's 'optimize' merged them into one and 14 µs after, and a
// search's jumps (stream.go) 200 µs before and 40 µs after. Optimizing
// rewrites the whole index (34 s at 250,000 cables), so it pays only
// after an import that added many cables and a good share of the archive.

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
// and reports whether it did and how long it took.
func (db *DB) OptimizeAfterImport(ctx context.Context, added int) (bool, time.Duration, error) {
	least := db.OptimizeMin
	if least <= 0 {
		least = DefaultOptimizeMin
	}
	if added < least {
		return false, 0, nil
	}
	var total int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM cables`).Scan(&total); err != nil {
		return false, 0, fmt.Errorf("optimize index: %w", err)
	}
	if float64(added) < OptimizeShare*float64(total) {
		return false, 0, nil
	}
	start := time.Now()
	if err := db.OptimizeIndex(ctx); err != nil {
		return false, 0, err
	}
	return true, time.Since(start), nil
}

// OptimizeIndex merges the FTS index into one segment. Searches go on
// meanwhile; writers wait.
func (db *DB) OptimizeIndex(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `INSERT INTO portions_fts(portions_fts) VALUES('optimize')`); err != nil {
		return fmt.Errorf("optimize index: %w", err)
	}
	return nil
}
