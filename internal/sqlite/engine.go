package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

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

// engine is the archive's portion engine and where it is in the queue.
type engine struct {
	db *DB
	// idx is swapped whole by a rebuild: searches go on meanwhile.
	idx atomic.Pointer[index.Index]
	// seq is the last change of the queue that idx holds; saved and
	// savedReviewed are seq and reviewed as the last snapshot holds them
	// (engine_snapshot.go). e.mu guards them.
	seq                  atomic.Int64
	saved, savedReviewed int64
	// fromSnapshot says the engine started from its snapshot.
	fromSnapshot bool
	// reviewed is the last reviewer's decision (reviews.id) that idx
	// holds: a decision changes who may read a cable's portions (its
	// declassification date, a portion held), so the engine moves them
	// to their new classes (reclassLocked).
	reviewed atomic.Int64

	mu sync.Mutex // held while changing idx, classes or seq
	// classes numbers the class keys. A class keeps its number for the
	// engine's life, through rebuilds, so that a reader's visible
	// classes mean the same in the old index and the new.
	classes map[classKey]index.Class
	// keys lists the classes by number; it only grows, and readers load
	// it without mu.
	keys atomic.Pointer[[]classKey]

	visMu sync.Mutex
	vis   map[string][]index.Class // visible classes by reader profile

	// The classes are those of one day, asOf: a portion whose cable was
	// declassified by then is in a class of declassified portions, one
	// whose date is later in the class of its marking alone. Keying classes
	// by the date itself made thousands of them (one a date), and posting
	// lists by the million. When a date passes, the classes of that day
	// are wrong, and the engine rebuilds; dates lists every date the
	// archive's portions hold, sorted.
	dayMu sync.Mutex
	asOf  string
	dates []string
}

// classKey is everything access decides a portion on, from its row and
// its cable's: two portions of one key are visible to the same readers.
type classKey struct {
	level                  int
	noforn, plain          bool
	rel                    string
	declassified           bool // by the engine's day (asOf)
	held                   bool // by a reviewer: stays classified
	nodis, exdis, cherokee bool
	// open: SIPDIS and no restrictive caption, so that every cleared US
	// reader's distribution admits the cable.
	open bool
}

// classOf returns the class of key, making one if need be. e.mu is held.
func (e *engine) classOf(k classKey) index.Class {
	c, ok := e.classes[k]
	if !ok {
		keys := *e.keys.Load()
		c = index.Class(len(keys))
		e.classes[k] = c
		keys = append(keys, k)
		e.keys.Store(&keys)
	}
	return c
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
	e := &engine{db: db, classes: map[classKey]index.Class{}, asOf: today(db)}
	e.keys.Store(&[]classKey{})
	e.idx.Store(index.New())
	e.mu.Lock()
	defer e.mu.Unlock()
	e.fromSnapshot = e.loadSnapshotLocked(ctx)
	if !e.fromSnapshot {
		e.dayMu.Lock()
		e.asOf = today(db)
		e.dayMu.Unlock()
		if err := e.rebuildLocked(ctx); err != nil {
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
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.seq.Load() == e.saved && e.reviewed.Load() == e.savedReviewed {
		return nil
	}
	return e.saveSnapshotLocked()
}

// rebuildLocked builds idx afresh from the archive's current cables, then
// applies the changes queued since. Applying a change twice is harmless
// (adding is idempotent, a removed portion id is never reused), so the
// cables read while imports go on need no snapshot. e.mu is held.
func (e *engine) rebuildLocked(ctx context.Context) error {
	idx := index.New()
	e.dayMu.Lock()
	e.dates = nil
	e.dayMu.Unlock()
	applied, reviewed, err := e.state(ctx, e.db.read)
	if err != nil {
		return err
	}
	_, rows, err := e.db.ix.current(ctx)
	if err != nil {
		return err
	}
	start, last := time.Now(), time.Now()
	const step = 1000
	for i := 0; i < len(rows); i += step {
		part := rows[i:min(i+step, len(rows))]
		texts, err := e.db.ix.textsOf(ctx, part)
		if err != nil {
			return err
		}
		if err := e.addLocked(ctx, idx, part, texts); err != nil {
			return err
		}
		if time.Since(last) >= 5*time.Second {
			last = time.Now()
			e.db.Logger.Info("search engine: building", "done", i+len(part), "of", len(rows))
		}
	}
	e.idx.Store(idx)
	e.seq.Store(applied)
	e.reviewed.Store(reviewed)
	st := idx.Stats()
	e.db.Logger.Info("search engine: built", "cables", len(rows), "portions", st.Portions, "tokens", st.Tokens,
		"classes", len(e.classes), "took", time.Since(start).Round(time.Millisecond))
	return e.catchUpLocked(ctx, applied)
}

// state returns the last change the index file has applied and the last
// reviewer's decision the archive holds: the engine is current when it
// holds as much.
func (e *engine) state(ctx context.Context, q interface {
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
func (e *engine) current(ctx context.Context, conn *sql.Conn) bool {
	applied, reviewed, err := e.state(ctx, conn)
	if err != nil {
		e.db.Logger.Warn("search engine: read the index's state", "err", err)
		return false
	}
	day := today(e.db)
	if applied <= e.seq.Load() && reviewed <= e.reviewed.Load() && !e.stale(day) {
		return true
	}
	// Catching up reads the queue through the pool of readers while
	// this search holds one of them: a search that waited here for
	// another's catch-up could hold the connection that one needs.
	if !e.mu.TryLock() {
		return false
	}
	defer e.mu.Unlock()
	if e.stale(day) {
		e.db.Logger.Info("search engine: a declassification date passed; rebuilding", "from", e.asOf, "to", day)
		e.dayMu.Lock()
		e.asOf = day
		e.dayMu.Unlock()
		if err := e.rebuildLocked(ctx); err != nil {
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
// applied it and pruned it) makes it rebuild. e.mu is held.
func (e *engine) catchUpLocked(ctx context.Context, upto int64) error {
	for e.seq.Load() < upto {
		seq := e.seq.Load() + 1
		j, err := e.db.ix.queued(ctx, seq)
		if errors.Is(err, sql.ErrNoRows) {
			e.db.Logger.Info("search engine: the queue no longer holds change; rebuilding", "change", seq)
			return e.rebuildLocked(ctx)
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
func (e *engine) follow(ctx context.Context, j *indexJob) {
	e.mu.Lock()
	defer e.mu.Unlock()
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

// applyLocked applies job j's change. e.mu is held.
func (e *engine) applyLocked(ctx context.Context, j *indexJob) error {
	removed := make([]uint64, len(j.removed))
	for i, id := range j.removed {
		removed[i] = uint64(id)
	}
	idx := e.idx.Load()
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
// cable is gone). e.mu is held.
func (e *engine) addLocked(ctx context.Context, idx *index.Index, rows []int64, texts []portionText) error {
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
	docs := make([]index.Doc, 0, len(texts))
	e.dayMu.Lock()
	for _, t := range texts {
		if k, ok := keys[t.id]; ok {
			docs = append(docs, index.Doc{ID: uint64(t.id), Class: e.classOfDated(k), Text: t.text,
				Cable: uint64(t.id >> portionBits), Unmarked: k.unmarked})
		}
	}
	cables := e.cablesOf(facts)
	e.dayMu.Unlock()
	idx.SetCables(cables...)
	idx.Add(docs...)
	return nil
}

// classOfDated returns the class of a portion's key on the engine's day,
// noting its date. e.mu and e.dayMu are held.
func (e *engine) classOfDated(k datedKey) index.Class {
	if k.date != "" {
		e.noteDate(k.date)
	}
	k.classKey.declassified = k.date != "" && k.date <= e.asOf
	return e.classOf(k.classKey)
}

// reclassLocked moves the portions of the cables that reviewers decided
// on since the engine last looked, up to decision upto, to the classes
// their rows now give them. e.mu is held.
func (e *engine) reclassLocked(ctx context.Context, upto int64) error {
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
	byClass := map[index.Class][]uint64{}
	e.dayMu.Lock()
	for id, k := range keys {
		c := e.classOfDated(k)
		byClass[c] = append(byClass[c], uint64(id))
	}
	e.dayMu.Unlock()
	facts, err := e.cableFacts(ctx, rows)
	if err != nil {
		return err
	}
	e.dayMu.Lock()
	cables := e.cablesOf(facts)
	e.dayMu.Unlock()
	idx := e.idx.Load()
	for c, ids := range byClass {
		idx.Reclass(c, ids...)
	}
	idx.SetCables(cables...)
	e.reviewed.Store(upto)
	return nil
}

// datedKey is a portion's class key and its cable's declassification
// date ("" for none).
type datedKey struct {
	classKey
	date     string
	unmarked bool // the portion is unmarked text (index.Doc.Unmarked)
}

// portionClasses reads the class key of every portion of the cables at
// rows.
func (e *engine) portionClasses(ctx context.Context, rows []int64) (map[int64]datedKey, error) {
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
	out := map[int64]datedKey{}
	for q.Next() {
		var id int64
		var k datedKey
		if err := q.Scan(&id, &k.level, &k.noforn, &k.plain, &k.rel, &k.date, &k.held, &k.nodis, &k.exdis, &k.cherokee, &k.open, &k.unmarked); err != nil {
			return nil, err
		}
		out[id] = k
	}
	return out, q.Err()
}

// classRows returns the classes as JSON rows for visibleClasses.
func (e *engine) classRows() (string, int) {
	keys := *e.keys.Load()
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
		if k.declassified {
			decl = "0000-01-01"
		}
		rows[i] = row{i, k.level, b(k.noforn), b(k.plain), k.rel, decl, b(k.nodis), b(k.exdis), b(k.cherokee), b(k.open), b(k.held)}
	}
	out, _ := json.Marshal(rows) // rows of numbers, strings and nulls
	return string(out), len(keys)
}

// today is the day the archive's access decisions are made for, as
// scopeOf gives it to the SQL (:now).
func today(db *DB) string { return db.Now().UTC().Format(time.DateOnly) }

// noteDate adds date to the sorted dates. e.dayMu is held.
func (e *engine) noteDate(date string) {
	i, found := slices.BinarySearch(e.dates, date)
	if !found {
		e.dates = slices.Insert(e.dates, i, date)
	}
}

// stale reports whether the classes, those of day asOf, are wrong on day:
// a portion's declassification date lies between the two.
func (e *engine) stale(day string) bool {
	e.dayMu.Lock()
	defer e.dayMu.Unlock()
	if day == e.asOf {
		return false
	}
	lo, hi := min(day, e.asOf), max(day, e.asOf)
	// Is there a date d with lo < d <= hi?
	i, found := slices.BinarySearch(e.dates, lo)
	if found {
		i++
	}
	return i < len(e.dates) && e.dates[i] <= hi
}

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
	return e.idx.Load().Stats(), true
}
