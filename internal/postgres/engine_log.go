package postgres

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// catchUpLocked reads the log's rows written since the engine's horizon
// and applies them: removed portions first, then added ones, then cables
// whose classes or facts changed, each read as it is now, so that rows
// apply in any order and a row read twice changes nothing. A log pruned
// past the horizon makes the engine rebuild. Mu is held.
func (e *searchEngine) catchUpLocked(ctx context.Context) error {
	// One statement: its snapshot's xmin is the next horizon, and the
	// rows it reads are those that snapshot sees.
	q, err := e.db.pool.Query(ctx, `SELECT h.xmin, h.below, l.seq, l.xid::text, l.added, l.removed, l.cables
		FROM (SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin,
			(SELECT below::text FROM index_pruned) AS below) h
		LEFT JOIN index_log l ON l.xid >= $1::text::xid8 ORDER BY l.seq`, strconv.FormatUint(e.horizon, 10))
	if err != nil {
		return fmt.Errorf("search engine: read the change log: %w", err)
	}
	var next, below string
	var added, removed, cables []int64
	fresh := map[int64]uint64{}
	for q.Next() {
		var seq *int64
		var xid *string
		var a, r, c []int64
		if err := q.Scan(&next, &below, &seq, &xid, &a, &r, &c); err != nil {
			q.Close()
			return fmt.Errorf("search engine: read the change log: %w", err)
		}
		if seq == nil {
			continue
		}
		if _, ok := e.applied[*seq]; ok {
			continue
		}
		x, _ := strconv.ParseUint(*xid, 10, 64)
		fresh[*seq] = x
		added, removed, cables = append(added, a...), append(removed, r...), append(cables, c...)
	}
	q.Close()
	if err := q.Err(); err != nil {
		return fmt.Errorf("search engine: read the change log: %w", err)
	}
	if b, _ := strconv.ParseUint(below, 10, 64); b > e.horizon {
		e.db.Logger.Info("search engine: the change log no longer holds what this process missed; rebuilding")
		return e.rebuildLocked(ctx, e.AsOf())
	}
	if err := e.applyLocked(ctx, added, removed, cables); err != nil {
		return err
	}
	h, _ := strconv.ParseUint(next, 10, 64)
	for seq, x := range fresh {
		e.applied[seq] = x
	}
	for seq, x := range e.applied {
		if x < h {
			delete(e.applied, seq) // never read again
		}
	}
	e.horizon = h
	return nil
}

// applyLocked applies what log rows said. Mu is held.
func (e *searchEngine) applyLocked(ctx context.Context, added, removed, cables []int64) error {
	idx := e.Index()
	if len(removed) > 0 {
		ids := make([]uint64, len(removed))
		for i, id := range removed {
			ids[i] = uint64(id)
		}
		idx.Remove(ids...)
	}
	if len(added) > 0 {
		texts, keys, err := e.portions(ctx, nil, added)
		if err != nil {
			return fmt.Errorf("search engine: apply the change log: %w", err)
		}
		var rows []int64
		for _, t := range texts {
			rows = append(rows, int64(t.Cable))
		}
		slices.Sort(rows)
		facts, err := e.cableFacts(ctx, slices.Compact(rows))
		if err != nil {
			return fmt.Errorf("search engine: apply the change log: %w", err)
		}
		e.Add(idx, texts, keys, facts)
	}
	if len(cables) > 0 {
		slices.Sort(cables)
		cables = slices.Compact(cables)
		keys, err := e.classes(ctx, cables)
		if err != nil {
			return fmt.Errorf("search engine: apply the change log: %w", err)
		}
		facts, err := e.cableFacts(ctx, cables)
		if err != nil {
			return fmt.Errorf("search engine: apply the change log: %w", err)
		}
		e.Reclass(keys, facts)
	}
	return nil
}

// current brings the engine up to the log and the day, rebuilding it
// when a declassification date has passed since its classes were made;
// a search waits for that, as it must not answer from classes of
// another day.
func (e *searchEngine) current(ctx context.Context) error {
	e.Mu.Lock()
	defer e.Mu.Unlock()
	if day := dateOf(e.db.Now()); e.Stale(day) {
		e.db.Logger.Info("search engine: a declassification date passed; rebuilding", "from", e.AsOf(), "to", day)
		return e.rebuildLocked(ctx, day)
	}
	return e.catchUpLocked(ctx)
}

// Followers' heartbeats: a follower that has not read the log for
// followerTimeout no longer holds its rows back; log rows older than
// every live follower's horizon are deleted.
const (
	followEvery     = 2 * time.Second
	heartbeatEvery  = 30 * time.Second
	followerTimeout = 10 * time.Minute
)

// follow keeps the engine current while the process is idle, and beats
// its heartbeat and prunes the log, until stop closes.
func (e *searchEngine) follow(stop <-chan struct{}) {
	tick := time.NewTicker(followEvery)
	defer tick.Stop()
	var beat time.Time
	for {
		select {
		case <-stop:
			// A process that stops no longer holds the log back.
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			e.db.pool.Exec(ctx, `DELETE FROM index_followers WHERE id = $1`, e.id)
			cancel()
			return
		case <-tick.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		if err := e.current(ctx); err != nil {
			e.db.Logger.Warn("search engine: follow the change log", "err", err)
		}
		if time.Since(beat) >= heartbeatEvery {
			beat = time.Now()
			if err := e.heartbeat(ctx); err != nil {
				e.db.Logger.Warn("search engine: heartbeat", "err", err)
			}
		}
		cancel()
	}
}

// heartbeat records the process's horizon and prunes the log below every
// live follower's.
func (e *searchEngine) heartbeat(ctx context.Context) error {
	e.Mu.Lock()
	horizon := e.horizon
	e.Mu.Unlock()
	if err := e.beat(ctx, horizon); err != nil {
		return err
	}
	h := strconv.FormatUint(horizon, 10)
	_, err := e.db.pool.Exec(ctx, `WITH least AS (
			SELECT least(min(horizon), $1::text::xid8) AS below FROM index_followers
			WHERE seen >= now() - $2::int * interval '1 second' AND id <> $3),
		cut AS (UPDATE index_pruned SET below = greatest(below, (SELECT below FROM least))
			WHERE (SELECT below FROM least) IS NOT NULL RETURNING below)
		DELETE FROM index_log WHERE xid < (SELECT below FROM cut)`, h, int(followerTimeout.Seconds()), e.id)
	return err
}

// beat records the process's horizon, and forgets followers long gone.
func (e *searchEngine) beat(ctx context.Context, horizon uint64) error {
	_, err := e.db.pool.Exec(ctx, `WITH beat AS (
			INSERT INTO index_followers (id, horizon, seen) VALUES ($1, $2::text::xid8, now())
			ON CONFLICT (id) DO UPDATE SET horizon = excluded.horizon, seen = excluded.seen)
		DELETE FROM index_followers WHERE seen < now() - $3::int * 6 * interval '1 second'`, e.id, strconv.FormatUint(horizon, 10), int(followerTimeout.Seconds()))
	if err != nil {
		return fmt.Errorf("search engine: heartbeat: %w", err)
	}
	return nil
}
