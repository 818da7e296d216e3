package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cable/cable/internal/engine"
	"github.com/cable/cable/internal/index"
)

// The portion engine (internal/index, docs/search.md) answers a search's
// terms (words, phrases, prefixes) from postings kept apart by visibility class, so that a
// search reads the postings of the classes the caller may see and never
// those of the others: its time does not depend on how much withheld
// text holds its words. The engine is derived from the archive like the
// FTS5 index, in memory, and follows the same queue of changes
// (index_queue): it applies each change this process applies to the
// index file, and before a search catches up with changes other
// processes applied, or rebuilds itself if the queue no longer holds
// them. It narrows what a search reads; every candidate is still checked
// in SQL against the caller's access (verify.go).

// searchEngine is the archive's engine (package engine) and where it is
// in the index queue.
type searchEngine struct {
	db *DB
	*engine.Engine
	// seq is the last change of the queue that the engine holds; saved
	// and savedReviewed are seq and reviewed as the last snapshot holds
	// them (engine_snapshot.go). Mu guards them.
	seq                  atomic.Int64
	saved, savedReviewed int64
	// fromSnapshot says the engine started from its snapshot.
	fromSnapshot bool
	// reviewed is the last reviewer's decision (reviews.id) that the
	// engine holds: a decision changes who may read a cable's portions
	// (its declassification date, a portion held), so the engine moves
	// them to their new classes (reclassLocked).
	reviewed atomic.Int64
}

// StartSearchEngine builds the portion engine from the archive's raw
// texts, in memory, and from then on searches the terms of a
// query with it (docs/search.md). cable serve and the benchmarks call it;
// a handle without it searches FTS5 alone. It logs its progress at the
// size of a large archive.
func (db *DB) StartSearchEngine(ctx context.Context) error {
	if err := db.ix.flush(); err != nil {
		return err
	}
	e := &searchEngine{db: db, Engine: engine.New(today(db))}
	e.Mu.Lock()
	defer e.Mu.Unlock()
	e.fromSnapshot = e.loadSnapshotLocked(ctx)
	if !e.fromSnapshot {
		if err := e.rebuildLocked(ctx, today(db)); err != nil {
			return fmt.Errorf("search engine: %w", err)
		}
		if err := e.saveSnapshotLocked(); err != nil {
			// The engine works without one; the next start rebuilds.
			db.Logger.Warn("search engine: write snapshot", "err", err)
		}
	}
	db.engine.Store(e)
	return nil
}

// saveEngine writes the engine's snapshot if it moved on since the last
// one: Close calls it, so that the next start reads it.
func (db *DB) saveEngine() error {
	e := db.engine.Load()
	if e == nil {
		return nil
	}
	e.Mu.Lock()
	defer e.Mu.Unlock()
	if e.seq.Load() == e.saved && e.reviewed.Load() == e.savedReviewed {
		return nil
	}
	return e.saveSnapshotLocked()
}

// rebuildLocked builds the index afresh from the archive's current
// cables, with the classes of day, then applies the changes queued since.
// Applying a change twice is harmless (adding is idempotent, a removed
// portion id is never reused), so the cables read while imports go on
// need no snapshot. Mu is held.
func (e *searchEngine) rebuildLocked(ctx context.Context, day string) error {
	idx := e.Rebuild(day)
	applied, reviewed, err := e.state(ctx, e.db.read)
	if err != nil {
		return err
	}
	_, rows, err := e.db.ix.current(ctx)
	if err != nil {
		return err
	}
	start, last := time.Now(), time.Now()
	// The next part is read (and its raw texts parsed) while this one
	// is indexed: the two took about equal time on the two cores.
	parts := make(chan buildPart, 1)
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go e.readParts(rctx, rows, parts)
	done := 0
	for p := range parts {
		if p.err != nil {
			return p.err
		}
		if len(p.texts) > 0 {
			e.Add(idx, p.texts, p.keys, p.facts)
		}
		done += p.cables
		if time.Since(last) >= 5*time.Second {
			last = time.Now()
			e.db.Logger.Info("search engine: building", "done", done, "of", len(rows))
		}
	}
	idx.Compact() // give back the room that growing left (−17% of the heap)
	e.Install(idx)
	e.seq.Store(applied)
	e.reviewed.Store(reviewed)
	st := idx.Stats()
	e.db.Logger.Info("search engine: built", "cables", len(rows), "portions", st.Portions, "tokens", st.Tokens,
		"classes", len(e.Keys()), "took", time.Since(start).Round(time.Millisecond))
	return e.catchUpLocked(ctx, applied)
}

// buildPart is a part of the cables a build reads: their portions' texts
// and keys and their facts, or the error that ended the reading.
type buildPart struct {
	cables int
	texts  []engine.Text
	keys   map[uint64]engine.Dated
	facts  []engine.Fact
	err    error
}

// buildStep is how many cables a build reads at once.
const buildStep = 1000

// readParts reads the cables at rows in parts of buildStep into out, and
// closes it; an error is the last part.
func (e *searchEngine) readParts(ctx context.Context, rows []int64, out chan<- buildPart) {
	defer close(out)
	for i := 0; i < len(rows); i += buildStep {
		part := rows[i:min(i+buildStep, len(rows))]
		p := buildPart{cables: len(part)}
		texts, err := e.db.ix.textsOf(ctx, part)
		if err == nil && len(texts) > 0 {
			p.texts = make([]engine.Text, len(texts))
			for k, t := range texts {
				p.texts[k] = engine.Text{ID: uint64(t.id), Cable: uint64(t.id >> portionBits), Text: t.text}
			}
			if p.keys, err = e.portionClasses(ctx, part); err == nil {
				p.facts, err = e.cableFacts(ctx, part)
			}
		}
		p.err = err
		select {
		case out <- p:
		case <-ctx.Done():
			return
		}
		if err != nil {
			return
		}
	}
}

// state returns the last change the index file has applied and the last
// reviewer's decision the archive holds: the engine is current when it
// holds as much.
func (e *searchEngine) state(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (applied, reviewed int64, err error) {
	err = q.QueryRowContext(ctx, `SELECT coalesce((SELECT applied FROM ix.index_state), 0),
		coalesce((SELECT max(id) FROM reviews), 0)`).Scan(&applied, &reviewed)
	return applied, reviewed, err
}

// current brings the engine up to the changes the index file holds, as
// conn sees it, and reports whether it could: when it cannot (or another
// search is catching up), the search reads FTS5, which is as current as
// the file.
func (e *searchEngine) current(ctx context.Context, conn *sql.Conn) bool {
	applied, reviewed, err := e.state(ctx, conn)
	if err != nil {
		e.db.Logger.Warn("search engine: read the index's state", "err", err)
		return false
	}
	day := today(e.db)
	if applied <= e.seq.Load() && reviewed <= e.reviewed.Load() && !e.Stale(day) {
		return true
	}
	// Catching up reads the queue through the pool of readers while
	// this search holds one of them: a search that waited here for
	// another's catch-up could hold the connection that one needs.
	if !e.Mu.TryLock() {
		return false
	}
	defer e.Mu.Unlock()
	if e.Stale(day) {
		e.db.Logger.Info("search engine: a declassification date passed; rebuilding", "from", e.AsOf(), "to", day)
		if err := e.rebuildLocked(ctx, day); err != nil {
			e.db.Logger.Warn("search engine: rebuild", "err", err)
			return false
		}
	}
	if err := e.catchUpLocked(ctx, applied); err != nil {
		e.db.Logger.Warn("search engine: catch up with the index queue", "err", err)
		return false
	}
	if err := e.reclassLocked(ctx, reviewed); err != nil {
		e.db.Logger.Warn("search engine: follow reviewers' decisions", "err", err)
		return false
	}
	return true
}

// catchUpLocked applies the queued changes after seq up to upto, read back
// from the queue; a change the queue no longer holds (another process
// applied it and pruned it) makes it rebuild. Mu is held.
func (e *searchEngine) catchUpLocked(ctx context.Context, upto int64) error {
	for e.seq.Load() < upto {
		seq := e.seq.Load() + 1
		j, err := e.db.ix.queued(ctx, seq)
		if errors.Is(err, sql.ErrNoRows) {
			e.db.Logger.Info("search engine: the queue no longer holds change; rebuilding", "change", seq)
			return e.rebuildLocked(ctx, e.AsOf())
		}
		if err != nil {
			return err
		}
		if err := e.applyLocked(ctx, j); err != nil {
			return err
		}
	}
	return nil
}

// follow applies job j, which the index file has just committed, and any
// change before it that the engine lacks. Errors are logged: the next
// search catches up, or reads FTS5.
func (e *searchEngine) follow(ctx context.Context, j *indexJob) {
	e.Mu.Lock()
	defer e.Mu.Unlock()
	if j.seq <= e.seq.Load() {
		return
	}
	err := e.catchUpLocked(ctx, j.seq-1)
	if err == nil && j.seq > e.seq.Load() {
		err = e.applyLocked(ctx, j)
	}
	if err != nil {
		e.db.Logger.Warn("search engine: follow the index queue", "change", j.seq, "err", err)
	}
}

// applyLocked applies job j's change. Mu is held.
func (e *searchEngine) applyLocked(ctx context.Context, j *indexJob) error {
	removed := make([]uint64, len(j.removed))
	for i, id := range j.removed {
		removed[i] = uint64(id)
	}
	idx := e.Index()
	idx.Remove(removed...)
	var rows []int64
	for _, t := range j.texts {
		if r := t.id >> portionBits; len(rows) == 0 || rows[len(rows)-1] != r {
			rows = append(rows, r)
		}
	}
	if err := e.addLocked(ctx, idx, rows, j.texts); err != nil {
		return err
	}
	e.seq.Store(j.seq)
	return nil
}

// addLocked adds texts, portions of the cables at rows, each under the
// class of the archive's row for it; a text with no row is left out (its
// cable is gone). Mu is held.
func (e *searchEngine) addLocked(ctx context.Context, idx *index.Index, rows []int64, texts []portionText) error {
	if len(texts) == 0 {
		return nil
	}
	keys, err := e.portionClasses(ctx, rows)
	if err != nil {
		return err
	}
	facts, err := e.cableFacts(ctx, rows)
	if err != nil {
		return err
	}
	docs := make([]engine.Text, len(texts))
	for i, t := range texts {
		docs[i] = engine.Text{ID: uint64(t.id), Cable: uint64(t.id >> portionBits), Text: t.text}
	}
	e.Add(idx, docs, keys, facts)
	return nil
}

// reclassLocked moves the portions of the cables that reviewers decided
// on since the engine last looked, up to decision upto, to the classes
// their rows now give them. Mu is held.
func (e *searchEngine) reclassLocked(ctx context.Context, upto int64) error {
	from := e.reviewed.Load()
	if upto <= from {
		return nil
	}
	q, err := e.db.read.QueryContext(ctx, `SELECT DISTINCT c.rowid FROM reviews r JOIN cables c ON c.id = r.cable_id
		WHERE r.id > ? AND r.id <= ?`, from, upto)
	if err != nil {
		return err
	}
	var rows []int64
	for q.Next() {
		var r int64
		if err := q.Scan(&r); err != nil {
			q.Close()
			return err
		}
		rows = append(rows, r)
	}
	q.Close()
	if err := q.Err(); err != nil {
		return err
	}
	keys, err := e.portionClasses(ctx, rows)
	if err != nil {
		return err
	}
	facts, err := e.cableFacts(ctx, rows)
	if err != nil {
		return err
	}
	e.Reclass(keys, facts)
	e.reviewed.Store(upto)
	return nil
}

// portionClasses reads the class key of every portion of the cables at
// rows.
func (e *searchEngine) portionClasses(ctx context.Context, rows []int64) (map[uint64]engine.Dated, error) {
	list := make([]string, len(rows))
	for i, r := range rows {
		list[i] = strconv.FormatInt(r, 10)
	}
	q, err := e.db.read.QueryContext(ctx, `SELECT p.id, p.level, p.noforn, p.plain, p.rel, coalesce(c.declassified, ''),
		p.held, c.need_nodis, c.need_exdis, c.need_cherokee, c.sipdis = 1 AND c.restrictive = 0, p.kind = 'unmarked'
		FROM portions p JOIN cables c ON c.rowid = p.cable WHERE p.cable IN (SELECT value FROM json_each(?))`,
		"["+strings.Join(list, ",")+"]")
	if err != nil {
		return nil, err
	}
	defer q.Close()
	out := map[uint64]engine.Dated{}
	for q.Next() {
		var id uint64
		var k engine.Dated
		if err := q.Scan(&id, &k.Level, &k.NoForn, &k.Plain, &k.Rel, &k.Date, &k.Held, &k.NoDis, &k.ExDis, &k.Cherokee, &k.Open, &k.Unmarked); err != nil {
			return nil, err
		}
		out[id] = k
	}
	return out, q.Err()
}

// classRows returns the classes as JSON rows for visibleClasses.
func classRows(keys []engine.Key) string {
	type row [11]any
	rows := make([]row, len(keys))
	b := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	for i, k := range keys {
		// A class declassified by the engine's day passes the date test
		// of the SQL on any later day; stale rebuilds before that matters.
		var decl any
		if k.Declassified {
			decl = "0000-01-01"
		}
		rows[i] = row{i, k.Level, b(k.NoForn), b(k.Plain), k.Rel, decl, b(k.NoDis), b(k.ExDis), b(k.Cherokee), b(k.Open), b(k.Held)}
	}
	out, _ := json.Marshal(rows) // rows of numbers, strings and nulls
	return string(out)
}

// today is the day the archive's access decisions are made for, as
// scopeOf gives it to the SQL (:now).
func today(db *DB) string { return db.Now().UTC().Format(time.DateOnly) }

// EngineSnapshot returns the engine's snapshot file, and whether the
// engine started from it rather than being built.
func (db *DB) EngineSnapshot() (path string, read bool) {
	e := db.engine.Load()
	return db.snapshotPath(), e != nil && e.fromSnapshot
}

// EngineStats returns the sizes of the portion engine, and false when it
// is not built.
func (db *DB) EngineStats() (index.Stats, bool) {
	e := db.engine.Load()
	if e == nil {
		return index.Stats{}, false
	}
	return e.Index().Stats(), true
}
