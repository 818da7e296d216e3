package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/cable"
)

// Bulk loads. Maintaining an index row by row costs more than building
// it afterwards. So a bulk load into an empty archive
// (cable ingest, cable bench ingest) drops the indexes that only searches
// and listings read, loads, and builds them again at the end. Searches
// during such a load are answered, slowly; Open builds any index a load
// killed before its end left missing.

// deferredIndexes are the indexes a bulk load into an empty archive
// builds after loading, as 0001_init.sql defines them.
var deferredIndexes = []struct{ name, def string }{
	{"parties_plad", `parties(plad, cable)`},
	{"tags_tag", `tags(tag, cable)`},
	{"refs_target", `refs(target) WHERE target <> ''`},
	{"cables_dtg", `cables(dtg DESC NULLS LAST, id)`},
	{"cables_origin", `cables(origin)`},
}

// ImportBulk imports one batch of a bulk load, as ImportCables does but
// in BulkWorkers transactions at once (see importParallel). The first
// batch into an empty archive drops the deferred indexes;
// OptimizeAfterImport builds them again.
func (db *DB) ImportBulk(ctx context.Context, cs []*cable.Cable) ([]cable.ImportResult, error) {
	db.bulkMu.Lock()
	if !db.bulkSeen {
		db.bulkSeen = true
		var held bool
		err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM cables)`).Scan(&held)
		if err == nil && !held {
			err = db.dropDeferred(ctx)
		}
		if err != nil {
			db.bulkMu.Unlock()
			return nil, err
		}
	}
	db.bulkMu.Unlock()
	return db.importParallel(ctx, cs)
}

// dropDeferred drops the deferred indexes.
func (db *DB) dropDeferred(ctx context.Context) error {
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		for _, ix := range deferredIndexes {
			if _, err := tx.Exec(ctx, `DROP INDEX IF EXISTS `+ix.name); err != nil {
				return fmt.Errorf("bulk load: drop index %s: %w", ix.name, err)
			}
		}
		db.bulkDropped = true
		return nil
	})
}

// OptimizeAfterImport ends a bulk load: it builds the indexes ImportBulk
// dropped, reporting whether it did and how long it took.
func (db *DB) OptimizeAfterImport(ctx context.Context, added int) (bool, time.Duration, error) {
	db.bulkMu.Lock()
	defer db.bulkMu.Unlock()
	db.bulkSeen = false
	if !db.bulkDropped {
		return false, 0, nil
	}
	start := time.Now()
	if err := db.ensureIndexes(ctx); err != nil {
		return false, 0, err
	}
	db.bulkDropped = false
	return true, time.Since(start), nil
}

// ensureIndexes builds the deferred indexes that are missing, with more
// memory than a connection's default for the sort: the first on one
// connection and the others beside it on another, since each build runs
// on one core of the server. It holds the migration lock, so that
// processes opening the store together build each index once.
func (db *DB) ensureIndexes(ctx context.Context) error {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("build indexes: %w", err)
	}
	defer conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1)`, migrationLock)
	var names []string
	for _, ix := range deferredIndexes {
		names = append(names, ix.name)
	}
	have, err := scanStrings(conn.Query(ctx, `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ANY($1)`, names))
	if err != nil {
		return fmt.Errorf("build indexes: %w", err)
	}
	groups := make([][]int, 2) // the first index alone, the others together
	for i, ix := range deferredIndexes {
		if !slices.Contains(have, ix.name) {
			groups[min(i, 1)] = append(groups[min(i, 1)], i)
		}
	}
	if len(groups[0])+len(groups[1]) == 0 {
		return nil
	}
	errs := make([]error, len(groups))
	if db.pool.Config().MaxConns < 3 { // this connection and two builders
		groups = [][]int{append(groups[0], groups[1]...)}
	}
	var wg sync.WaitGroup
	for g, ixs := range groups {
		wg.Go(func() { errs[g] = db.buildIndexes(ctx, ixs) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `ANALYZE cables, portions, parties, tags, refs`); err != nil {
		return fmt.Errorf("analyze after a bulk load: %w", err)
	}
	return nil
}

// buildIndexes builds the deferred indexes at ixs that are missing, on
// one connection.
func (db *DB) buildIndexes(ctx context.Context, ixs []int) error {
	if len(ixs) == 0 {
		return nil
	}
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SET maintenance_work_mem = '256MB'`); err != nil {
		return err
	}
	defer conn.Exec(context.Background(), `RESET maintenance_work_mem`)
	for _, i := range ixs {
		ix := deferredIndexes[i]
		if _, err := conn.Exec(ctx, `CREATE INDEX IF NOT EXISTS `+ix.name+` ON `+ix.def); err != nil {
			return fmt.Errorf("build index %s: %w", ix.name, err)
		}
	}
	return nil
}

// Size returns the bytes the store's tables and indexes take.
func (db *DB) Size(ctx context.Context) (int64, error) {
	var n int64
	err := db.pool.QueryRow(ctx, `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("database size: %w", err)
	}
	return n, nil
}
