package postgres

import (
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"sync"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/cable"
)

// A bulk batch is split by cable id into BulkWorkers parts, each imported in a
// transaction of its own at the same time. A part holds the import lock
// shared, so that no ImportCables or release (which hold it exclusively)
// runs beside it, and a lock of its own part exclusively; a cable id
// always falls in the same part, so two transactions never number the
// versions of one id. Each part is atomic; the batch as a whole is not,
// which a bulk load run again after a crash does not need (it gives the
// same archive).

// partLock is the first key of the parts' advisory locks ("cbl").
const partLock = 0x63626c

// DefaultBulkWorkers is the number of parts of a bulk batch.
const DefaultBulkWorkers = 2

// minPart is the smallest part worth a transaction of its own.
const minPart = 50

// importParallel imports cs in parts, at once.
func (db *DB) importParallel(ctx context.Context, cs []*cable.Cable) ([]cable.ImportResult, error) {
	workers := db.BulkWorkers
	if workers <= 0 {
		workers = DefaultBulkWorkers
	}
	workers = min(workers, len(cs)/minPart)
	if workers <= 1 {
		return db.ImportCables(ctx, cs)
	}
	results := make([]cable.ImportResult, len(cs))
	parts := make([][]int, workers)
	var refused cable.ImportErrors
	for i, c := range cs {
		if err := refusal(c); err != nil {
			results[i] = cable.Refused
			refused = append(refused, &cable.ImportError{Index: i, ID: c.ID, Err: err})
			continue
		}
		h := fnv.New32a()
		h.Write([]byte(c.ID))
		k := int(h.Sum32() % uint32(workers))
		parts[k] = append(parts[k], i)
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for k, take := range parts {
		if len(take) == 0 {
			continue
		}
		wg.Go(func() {
			errs[k] = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
				if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock_shared($1), pg_advisory_xact_lock($2::int, $3::int)`,
					importLock, partLock, k); err != nil {
					return err
				}
				more, err := db.importBatch(ctx, tx, cs, take, results)
				mu.Lock()
				refused = append(refused, more...)
				mu.Unlock()
				return err
			})
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("import cables: %w", err)
		}
	}
	slices.SortFunc(refused, func(a, b *cable.ImportError) int { return a.Index - b.Index })
	return results, refused.Err()
}
