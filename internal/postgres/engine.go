package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/engine"
)

// Each `cable serve` process keeps its own copy of the search engine
// (package engine, docs/search.md), built from the portions' text, which
// PostgreSQL keeps, and fed from the change log the database's triggers
// write (migration 0014, index_log). Before each search the process reads
// the log's new rows (one indexed query, usually empty) and applies them,
// so that a search sees every change committed before it began, as the
// SQL path does. While the engine is built, or when another search is
// catching it up, a search takes the SQL path (search.go).

// searchEngine is the process's engine and where it is in the log.
type searchEngine struct {
	db *DB
	*engine.Engine
	// id names the process among the log's followers.
	id string
	// horizon is pg_snapshot_xmin at the last read of the log: every
	// transaction older than it had ended then, and its rows were read.
	// applied holds the rows read at or after the horizon, by seq, with
	// their transaction: rows of transactions still running at a read
	// are read again by the next, and skipped. Mu guards both.
	horizon uint64
	applied map[int64]uint64
	stopped chan struct{} // closed when follow returns
	// answered counts the searches the engine answered (the tests ask).
	answered atomic.Int64
}

// StartSearchEngine builds the process's engine from the archive, or
// waits for the build another call started, and from then on every
// search is answered by it (a search made meanwhile waits for it too).
// cable serve calls it at start, so that the first search finds it
// built; it logs its progress at the size of a large archive.
func (db *DB) StartSearchEngine(ctx context.Context) error {
	_, err := db.searchEngine(ctx)
	return err
}

// searchEngine returns the process's engine, building it first if need
// be. A caller whose ctx ends while it is built gets an Unavailable
// error that says how far the build is; the build goes on.
func (db *DB) searchEngine(ctx context.Context) (*searchEngine, error) {
	if e := db.engine.Load(); e != nil {
		return e, nil
	}
	db.engineMu.Lock()
	if db.closed {
		db.engineMu.Unlock()
		return nil, cable.Errorf(cable.Unavailable, "the archive is closed")
	}
	if db.building == nil {
		db.building = make(chan struct{})
		bctx, cancel := context.WithCancel(context.Background())
		db.cancelBuild = cancel
		go db.build(bctx, db.building)
	}
	done := db.building
	db.engineMu.Unlock()
	select {
	case <-done:
	case <-ctx.Done():
		return nil, &cable.Error{Kind: cable.Unavailable, Err: ctx.Err(), Message: fmt.Sprintf(
			"the search engine is being built (%d of %d cables); search again shortly", db.buildDone.Load(), db.buildTotal.Load())}
	}
	if e := db.engine.Load(); e != nil {
		return e, nil
	}
	db.engineMu.Lock()
	err := db.buildErr
	db.engineMu.Unlock()
	return nil, fmt.Errorf("search engine: %w", err)
}

// build builds the engine, installs it and starts its follower, then
// closes done; a failed build is retried by the next search.
func (db *DB) build(ctx context.Context, done chan struct{}) {
	defer close(done)
	id := make([]byte, 8)
	rand.Read(id)
	e := &searchEngine{db: db, Engine: engine.New(dateOf(db.Now())), id: hex.EncodeToString(id)}
	e.ByDate = true // rowids are not in time order; searches list by DTG
	e.Mu.Lock()
	err := e.rebuildLocked(ctx, dateOf(db.Now()))
	e.Mu.Unlock()
	db.engineMu.Lock()
	defer db.engineMu.Unlock()
	db.building, db.buildErr = nil, err
	if err != nil {
		db.Logger.Warn("search engine: build", "err", err)
		return
	}
	if db.closed {
		return // closed while building: nothing to follow
	}
	db.stopEngine, e.stopped = make(chan struct{}), make(chan struct{})
	db.engine.Store(e)
	go func() {
		defer close(e.stopped)
		e.follow(db.stopEngine)
	}()
}

// engineBatch is how many cables a build reads at once.
var engineBatch = 2000

// rebuildLocked builds the engine afresh with the classes of day: the
// log's horizon first, then every cable's portions and facts, then the
// rows logged since. Mu is held.
func (e *searchEngine) rebuildLocked(ctx context.Context, day string) error {
	start, last := time.Now(), time.Now()
	idx := e.Rebuild(day)
	horizon, err := e.db.logHorizon(ctx)
	if err != nil {
		return err
	}
	// Followers hold back the log's pruning from now on: the rows of a
	// transaction that commits while the build reads stay in the log.
	if err := e.beat(ctx, horizon); err != nil {
		return err
	}
	var total int64
	if err := e.db.pool.QueryRow(ctx, `SELECT count(*) FROM cables`).Scan(&total); err != nil {
		return err
	}
	e.db.buildTotal.Store(total)
	e.db.buildDone.Store(0)
	// The next batch is read while this one is added: reading (the
	// database's work) and indexing (this process's) overlap.
	batches := make(chan buildBatch, 1)
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go e.readBatches(rctx, batches)
	done := 0
	for b := range batches {
		if b.err != nil {
			return b.err
		}
		e.Add(idx, b.texts, b.keys, b.facts)
		done += b.cables
		e.db.buildDone.Store(int64(done))
		if time.Since(last) >= 5*time.Second {
			last = time.Now()
			e.db.Logger.Info("search engine: building", "done", done, "of", total)
		}
	}
	idx.Compact() // give back the room that growing left (−17% of the heap)
	e.Install(idx)
	e.horizon, e.applied = horizon, map[int64]uint64{}
	st := idx.Stats()
	e.db.Logger.Info("search engine: built", "cables", done, "portions", st.Portions, "tokens", st.Tokens,
		"classes", len(e.Keys()), "took", time.Since(start).Round(time.Millisecond))
	return e.catchUpLocked(ctx)
}

// buildBatch is one batch of cables a build reads: their portions'
// texts and keys and their facts, or the error that ended the reading.
type buildBatch struct {
	cables int
	texts  []engine.Text
	keys   map[uint64]engine.Dated
	facts  []engine.Fact
	err    error
}

// readBatches reads every cable in batches of engineBatch, in rowid
// order, into out, and closes it; an error is the last batch.
func (e *searchEngine) readBatches(ctx context.Context, out chan<- buildBatch) {
	defer close(out)
	send := func(b buildBatch) bool {
		select {
		case out <- b:
			return b.err == nil
		case <-ctx.Done():
			return false
		}
	}
	after := int64(0)
	for {
		q, err := e.db.pool.Query(ctx, `SELECT rowid FROM cables WHERE rowid > $1 ORDER BY rowid LIMIT $2`, after, engineBatch)
		if err != nil {
			send(buildBatch{err: err})
			return
		}
		rows, err := pgx.CollectRows(q, pgx.RowTo[int64])
		if err != nil || len(rows) == 0 {
			if err != nil {
				send(buildBatch{err: err})
			}
			return
		}
		after = rows[len(rows)-1]
		b := buildBatch{cables: len(rows)}
		if b.texts, b.keys, b.err = e.portions(ctx, rows, nil); b.err == nil {
			b.facts, b.err = e.cableFacts(ctx, rows)
		}
		if !send(b) {
			return
		}
	}
}

// logHorizon returns the oldest transaction still running: every one
// before it has ended, and what it wrote is visible to a read after.
func (db *DB) logHorizon(ctx context.Context) (uint64, error) {
	var h string
	if err := db.pool.QueryRow(ctx, `SELECT pg_snapshot_xmin(pg_current_snapshot())::text`).Scan(&h); err != nil {
		return 0, fmt.Errorf("search engine: log horizon: %w", err)
	}
	return strconv.ParseUint(h, 10, 64)
}

// portions reads the text and class key of the portions of the cables at
// rows, or of the portions ids when ids is not nil.
func (e *searchEngine) portions(ctx context.Context, rows, ids []int64) ([]engine.Text, map[uint64]engine.Dated, error) {
	where, arg := "p.cable = ANY($1)", rows
	if ids != nil {
		where, arg = "p.id = ANY($1)", ids
	}
	q, err := e.db.pool.Query(ctx, `SELECT p.id, p.cable, p.text, p.level, p.noforn, p.plain, p.rel,
		coalesce(c.declassified::text, ''), p.held, c.need_nodis, c.need_exdis, c.need_cherokee,
		c.sipdis AND NOT c.restrictive, p.kind = 'unmarked'
		FROM portions p JOIN cables c ON c.rowid = p.cable WHERE `+where+` ORDER BY p.id`, arg)
	if err != nil {
		return nil, nil, err
	}
	defer q.Close()
	var texts []engine.Text
	keys := map[uint64]engine.Dated{}
	for q.Next() {
		var t engine.Text
		var k engine.Dated
		if err := q.Scan(&t.ID, &t.Cable, &t.Text, &k.Level, &k.NoForn, &k.Plain, &k.Rel, &k.Date, &k.Held,
			&k.NoDis, &k.ExDis, &k.Cherokee, &k.Open, &k.Unmarked); err != nil {
			return nil, nil, err
		}
		texts = append(texts, t)
		keys[t.ID] = k
	}
	return texts, keys, q.Err()
}

// classes reads the class key of every portion of the cables at rows.
func (e *searchEngine) classes(ctx context.Context, rows []int64) (map[uint64]engine.Dated, error) {
	q, err := e.db.pool.Query(ctx, `SELECT p.id, p.level, p.noforn, p.plain, p.rel,
		coalesce(c.declassified::text, ''), p.held, c.need_nodis, c.need_exdis, c.need_cherokee,
		c.sipdis AND NOT c.restrictive, p.kind = 'unmarked'
		FROM portions p JOIN cables c ON c.rowid = p.cable WHERE p.cable = ANY($1)`, rows)
	if err != nil {
		return nil, err
	}
	defer q.Close()
	keys := map[uint64]engine.Dated{}
	for q.Next() {
		var id uint64
		var k engine.Dated
		if err := q.Scan(&id, &k.Level, &k.NoForn, &k.Plain, &k.Rel, &k.Date, &k.Held,
			&k.NoDis, &k.ExDis, &k.Cherokee, &k.Open, &k.Unmarked); err != nil {
			return nil, err
		}
		keys[id] = k
	}
	return keys, q.Err()
}

// cableFacts reads the facts of the cables at rows.
func (e *searchEngine) cableFacts(ctx context.Context, rows []int64) ([]engine.Fact, error) {
	q, err := e.db.pool.Query(ctx, `SELECT c.rowid, floor(extract(epoch FROM c.dtg))::bigint, coalesce(c.year, 0), c.origin, upper(c.origin_name),
		c.b_level, c.b_noforn, c.b_plain, c.b_rel, coalesce(c.declassified::text, ''),
		c.need_nodis, c.need_exdis, c.need_cherokee, c.sipdis AND NOT c.restrictive,
		coalesce((SELECT array_agg(t.tag::text) FROM tags t WHERE t.cable = c.rowid), '{}'),
		coalesce((SELECT array_agg(cp.caption::text) FROM captions cp WHERE cp.cable = c.rowid), '{}'),
		coalesce((SELECT array_agg(pa.role || ' ' || pa.plad) FROM parties pa WHERE pa.cable = c.rowid), '{}'),
		coalesce((SELECT array_agg(DISTINCT f.kind) FROM findings f WHERE f.cable = c.rowid), '{}')
		FROM cables c WHERE c.rowid = ANY($1)`, rows)
	if err != nil {
		return nil, err
	}
	defer q.Close()
	var out []engine.Fact
	for q.Next() {
		var f engine.Fact
		var dtg *int64
		var r engine.Row
		k := &f.Banner
		if err := q.Scan(&f.Cable, &dtg, &r.Year, &r.Origin, &r.OriginName, &k.Level, &k.NoForn, &k.Plain, &k.Rel, &k.Date,
			&k.NoDis, &k.ExDis, &k.Cherokee, &k.Open, &r.Tags, &r.Captions, &r.Parties, &r.Quality); err != nil {
			return nil, err
		}
		if dtg != nil {
			f.DTG, f.HasDTG = *dtg, true
		}
		r.Open = k.Open
		f.Values = r.Values()
		out = append(out, f)
	}
	return out, q.Err()
}
