package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/suggest"
)

// apply applies job, and any job before it not yet applied, now.
func (ix *indexer) apply(ctx context.Context, job *indexJob) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if job.seq <= ix.applied.Load() {
		return nil
	}
	return ix.applyUpTo(ctx, job.seq, job)
}

// applyBulk hands job to the bulk goroutine, which applies it while the
// caller goes on (and with it any job an earlier failure left behind).
// It reports, once, the errors of earlier asynchronous jobs.
func (ix *indexer) applyBulk(job *indexJob) error {
	ix.bulkMu.Lock()
	err := ix.bulkErr
	ix.bulkErr = nil
	if ix.bulk == nil {
		ix.bulk = make(chan *indexJob, 1)
		go ix.runBulk(ix.bulk)
	}
	bulk := ix.bulk
	ix.bulkMu.Unlock()
	ix.bulkDone.Add(1)
	bulk <- job
	return err
}

// indexBehind says that an import's cables are stored but that the
// search index has not caught up with them.
func indexBehind(err error) error {
	return fmt.Errorf("cables stored, but the search index is behind (it catches up at the next import or open): %w", err)
}

func (ix *indexer) runBulk(jobs <-chan *indexJob) {
	for job := range jobs {
		// The job is already committed to the archive's queue: if it
		// fails here, the next Open applies it.
		if err := ix.apply(context.Background(), job); err != nil {
			ix.bulkMu.Lock()
			ix.bulkErr = errors.Join(ix.bulkErr, fmt.Errorf("search index: %w", err))
			ix.bulkMu.Unlock()
		}
		ix.bulkDone.Done()
	}
}

// flush waits until the bulk goroutine has applied every job handed to
// it, and returns (and clears) the first error it met.
func (ix *indexer) flush() error {
	ix.bulkDone.Wait()
	ix.bulkMu.Lock()
	defer ix.bulkMu.Unlock()
	err := ix.bulkErr
	ix.bulkErr = nil
	return err
}

// applyUpTo applies the jobs after the last applied, up to and including
// the job upto, reading those it was not given back from the queue.
// ix.mu is held.
func (ix *indexer) applyUpTo(ctx context.Context, upto int64, job *indexJob) error {
	for {
		applied, err := ix.applyNext(ctx, upto, job)
		if err != nil {
			return err
		}
		if applied >= upto {
			return nil
		}
	}
}

// applyNext applies, in one transaction of the index file, the job after
// the last that the file records as applied, unless that is upto or
// later, and returns the last applied. The file, not ix.applied, says how
// far the index got: another process (cable ingest beside cable serve)
// may have applied jobs, and the transaction holds the file's write lock
// from its start (_txlock=immediate).
func (ix *indexer) applyNext(ctx context.Context, upto int64, job *indexJob) (int64, error) {
	conn, err := ix.w.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var applied int64
	if err := tx.QueryRowContext(ctx, `SELECT applied FROM index_state`).Scan(&applied); err != nil {
		return 0, err
	}
	ix.applied.Store(applied)
	if applied >= upto {
		return applied, nil
	}
	seq := applied + 1
	j := job
	if j == nil || j.seq != seq {
		if j, err = ix.queued(ctx, seq); err != nil {
			return 0, err
		}
	}
	added, err := ix.write(ctx, tx, j)
	if err != nil {
		return 0, fmt.Errorf("index change %d: %w", seq, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE index_state SET applied = ?`, seq); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	ix.remember(added)
	ix.applied.Store(seq)
	if e := ix.db.engine.Load(); e != nil {
		e.follow(ctx, j)
	}
	return seq, nil
}

// queued reads job seq back from the archive's queue, with its added
// cables' texts parsed from their raw texts.
func (ix *indexer) queued(ctx context.Context, seq int64) (*indexJob, error) {
	var added, removed string
	err := ix.db.read.QueryRowContext(ctx, `SELECT added, removed FROM index_queue WHERE seq = ?`, seq).Scan(&added, &removed)
	if err != nil {
		return nil, fmt.Errorf("read index change %d: %w", seq, err)
	}
	var rows, gone []int64
	if err := json.Unmarshal([]byte(added), &rows); err != nil {
		return nil, fmt.Errorf("read index change %d: %w", seq, err)
	}
	if err := json.Unmarshal([]byte(removed), &gone); err != nil {
		return nil, fmt.Errorf("read index change %d: %w", seq, err)
	}
	texts, err := ix.textsOf(ctx, rows)
	if err != nil {
		return nil, fmt.Errorf("read index change %d: %w", seq, err)
	}
	j := newIndexJob(texts)
	j.seq, j.added, j.removed = seq, rows, gone
	return j, nil
}

// textsOf parses the portions of the cables at rows from their current
// raw texts. A row that holds no cable any more was removed by a later
// change, and is skipped. A parsed portion is indexed only if it is the
// portion the archive holds under its id, of the same kind, number and
// marking: access to it is judged by that row, and a newer parser that
// cut a raw text otherwise would else put a withheld paragraph's words
// under a visible portion's id. Such portions are left out, and logged.
func (ix *indexer) textsOf(ctx context.Context, rows []int64) ([]portionText, error) {
	raws, err := ix.db.read.PrepareContext(ctx, `SELECT v.raw FROM cables c
		JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version WHERE c.rowid = ?`)
	if err != nil {
		return nil, err
	}
	defer raws.Close()
	held, err := ix.db.read.PrepareContext(ctx, `SELECT id, kind, number, level, noforn, plain, rel FROM portions WHERE cable = ?`)
	if err != nil {
		return nil, err
	}
	defer held.Close()
	var out []portionText
	otherwise := 0
	for _, row := range rows {
		var raw []byte
		err := raws.QueryRowContext(ctx, row).Scan(&raw)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		ps, err := heldPortions(ctx, held, row)
		if err != nil {
			return nil, err
		}
		for k, p := range indexedPortions(access.StoredOf(cabletext.Parse(raw))) {
			id := row<<portionBits | int64(k)
			h, ok := ps[id]
			if !ok || h.kind != p.Kind || h.number != p.Number || h.mark != p.Marking {
				otherwise++
				continue
			}
			out = append(out, portionText{id, p.Text})
		}
	}
	if otherwise > 0 {
		ix.db.Logger.Warn("search index: portions parse otherwise than when they were stored and are left out of the index; ingest their cables again",
			"portions", otherwise)
	}
	return out, nil
}

// heldPortions returns the portions the archive holds for the cable at
// row, by id.
func heldPortions(ctx context.Context, stmt *sql.Stmt, row int64) (map[int64]snippetPortion, error) {
	rows, err := stmt.QueryContext(ctx, row)
	if err != nil {
		return nil, err
	}
	ps, err := scanPortions(rows)
	out := make(map[int64]snippetPortion, len(ps))
	for _, p := range ps {
		out[p.id] = p
	}
	return out, err
}

// scanPortions reads rows of (id, kind, number, level, noforn, plain,
// rel) and closes them.
func scanPortions(rows *sql.Rows) ([]snippetPortion, error) {
	defer rows.Close()
	var out []snippetPortion
	for rows.Next() {
		var p snippetPortion
		if err := rows.Scan(&p.id, &p.kind, &p.number, &p.mark.Level, &p.mark.NoForn, &p.mark.Plain, &p.mark.Rel); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// appendTexts appends the portions of the cable stored at row.
func appendTexts(out []portionText, row int64, st *access.Stored) []portionText {
	for k, p := range indexedPortions(st) {
		out = append(out, portionText{row<<portionBits | int64(k), p.Text})
	}
	return out
}

// write writes job j's change in tx: its removed portions leave the
// index and its added cables' portions enter it, and their words the
// vocabulary. It returns the hashes of the words it added, which the caller remembers
// once tx commits. A removed portion's words stay in the vocabulary:
// suggestions search for every word before they propose it.
func (ix *indexer) write(ctx context.Context, tx *sql.Tx, j *indexJob) ([]uint64, error) {
	if len(j.removed) > 0 {
		del, err := tx.PrepareContext(ctx, `DELETE FROM portions_fts WHERE rowid = ?`)
		if err != nil {
			return nil, err
		}
		defer del.Close()
		for _, id := range j.removed {
			if _, err := del.ExecContext(ctx, id); err != nil {
				return nil, err
			}
		}
	}
	if err := addTexts(ctx, tx, j.texts, j.deferMerge); err != nil {
		return nil, err
	}
	return ix.addWords(ctx, tx, j.words)
}

// addWords adds to the vocabulary those of words it is not known to hold,
// and returns their hashes.
func (ix *indexer) addWords(ctx context.Context, tx *sql.Tx, words *suggest.Words) ([]uint64, error) {
	var added []uint64
	rows := pendingRows{insert: `INSERT OR IGNORE INTO words VALUES`, cols: 1}
	for h, w := range words.All() {
		if _, ok := ix.known[h]; !ok {
			added = append(added, h)
			rows.add(0, w)
		}
	}
	return added, rows.flush(ctx, tx, nil)
}

// remember notes the words of these hashes as held by the vocabulary.
func (ix *indexer) remember(words []uint64) {
	if ix.known == nil || len(ix.known)+len(words) > maxKnown {
		ix.known = make(map[uint64]struct{}, len(words))
	}
	for _, h := range words {
		ix.known[h] = struct{}{}
	}
}

// addTexts adds texts to the index through a staging table, so that one
// statement adds them all: FTS5 flushes its pending terms at every
// statement's savepoint, and a statement per portion would flush (and
// merge) per portion. With deferMerge it turns FTS5's merging off for
// that statement and back on before the commit: the settings live in the
// index's config table, so an import killed at any point leaves the
// defaults behind.
func addTexts(ctx context.Context, tx *sql.Tx, texts []portionText, deferMerge bool) error {
	if len(texts) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS stage (id INTEGER PRIMARY KEY, text TEXT NOT NULL)`); err != nil {
		return err
	}
	stage := pendingRows{insert: `INSERT INTO temp.stage VALUES`, cols: 2}
	for _, t := range texts {
		stage.add(0, t.id, t.text)
	}
	if err := stage.flush(ctx, tx, nil); err != nil {
		return err
	}
	if deferMerge {
		if err := setMerge(ctx, tx, 0, deferredCrisisMerge); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO portions_fts(rowid, text) SELECT id, text FROM temp.stage`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM temp.stage`); err != nil {
		return err
	}
	if deferMerge {
		return setMerge(ctx, tx, defaultAutoMerge, defaultCrisisMerge)
	}
	return nil
}
