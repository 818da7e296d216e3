package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"modernc.org/sqlite"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cabletext"
)

// The search index lives in a file of its own beside the archive
// (cable-index.db): the FTS5 table of the text of every current portion.
// Indexing text is half the CPU time of an import; in its own file the
// index has its own writer, which runs on the second core while the
// archive's writer stores the next batch.
//
// The archive is the truth. Each import transaction queues its change to
// the index (index_queue: the cables added and removed) in the same
// transaction, and the index's writer applies the queue in order,
// recording in the index file, in the same transaction, the last change
// applied. A crash between the two commits is mended when the archive is
// next opened, from the queue and the stored raw texts.
//
// Readers see the two files as one database (the index is attached as
// "ix"), but each statement may see a different moment of each. That
// leaks nothing, because a portion's id (its cable's rowid << 9 plus its
// index) is never given to other text: a new version takes a new rowid,
// and the rowids of removed cables are retired (import.go). Whichever
// moments a search sees, a portion's text in the index is judged by that
// same portion's marking in the archive, or by none, and then it is not
// shown.

// IndexFileName is the search index's file name beside the archive's.
func indexPath(archive string) string {
	ext := filepath.Ext(archive)
	return strings.TrimSuffix(archive, ext) + "-index" + ext
}

// indexSchema creates the index file's tables. portions_fts keeps no
// copy of the text (it is contentless), which the raw texts hold once: that
// halves the file, so that it stays within the 2 GB readers map, and
// saves writing 8 KB a cable. Snippets are cut from the raw text
// (snippet.go); contentless_delete lets a replaced version's portions be
// deleted by id.
const indexSchema = `
CREATE VIRTUAL TABLE IF NOT EXISTS portions_fts USING fts5(text, content='', contentless_delete=1, tokenize='porter unicode61');
CREATE TABLE IF NOT EXISTS index_state (id INTEGER PRIMARY KEY CHECK (id = 1), applied INTEGER NOT NULL);`

// indexHashSize is the memory FTS5 gathers a batch's terms in.
const indexHashSize = 64 << 20

// indexFormat is the index file's user_version: a file of another format
// is rebuilt.
const indexFormat = 2

// indexJob is one import transaction's change to the index.
type indexJob struct {
	seq     int64
	added   []int64 // cable rowids
	removed []int64 // portion ids
	// texts are the added cables' portions; nil when the job was read
	// back from the queue, and the texts are then parsed from the raw.
	texts      []portionText
	deferMerge bool
}

// portionText is a portion's id and text.
type portionText struct {
	id   int64
	text string
}

// indexer applies queued jobs to the index file, in order.
type indexer struct {
	db *DB
	w  *sql.DB // the index file's writer

	mu sync.Mutex // held while applying
	// applied is the last job applied. It is written with mu held and
	// read without it: an import reads it while a job is being applied.
	applied atomic.Int64

	// bulk carries ImportBulk's jobs to a goroutine that applies them
	// while the archive stores the next batch.
	bulkMu   sync.Mutex // guards bulk and bulkErr
	bulk     chan *indexJob
	bulkErr  error // the errors of asynchronous jobs
	bulkDone sync.WaitGroup
}

// openIndex opens (creating) the index file and brings it up to date
// with the archive's queue.
func (db *DB) openIndex(ctx context.Context) error {
	dsn := "file:" + filepath.ToSlash(indexPath(db.Path)) + "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
		"&_pragma=busy_timeout(10000)&_pragma=cache_size(-65536)&_txlock=immediate&_pragma=temp_store(MEMORY)"
	w, err := sql.Open("sqlite", dsn)
	if err != nil {
		return fmt.Errorf("open search index: %w", err)
	}
	w.SetMaxOpenConns(1)
	db.ix = &indexer{db: db, w: w}
	fresh, err := db.ix.create(ctx)
	if err != nil {
		return err
	}
	return db.ix.catchUp(ctx, fresh)
}

// create creates the index file's tables and reports whether it must be
// built: when the file is new, of another format, or was being rebuilt
// when its process died (a rebuild marks the format only when it is done).
func (ix *indexer) create(ctx context.Context) (build bool, err error) {
	var format int
	if err := ix.w.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&format); err != nil {
		return false, fmt.Errorf("open search index: %w", err)
	}
	if format != indexFormat {
		if _, err := ix.w.ExecContext(ctx, `DROP TABLE IF EXISTS portions_fts; DROP TABLE IF EXISTS index_state`); err != nil {
			return false, fmt.Errorf("open search index: %w", err)
		}
	}
	if err := ix.createTables(ctx); err != nil {
		return false, err
	}
	var applied int64
	if err := ix.w.QueryRowContext(ctx, `SELECT applied FROM index_state`).Scan(&applied); err != nil {
		return false, fmt.Errorf("open search index: %w", err)
	}
	ix.applied.Store(applied)
	return format != indexFormat, nil
}

// createTables creates the index's tables, if need be, and sets its
// hashsize.
func (ix *indexer) createTables(ctx context.Context) error {
	if _, err := ix.w.ExecContext(ctx, indexSchema+`; INSERT OR IGNORE INTO index_state VALUES (1, 0)`); err != nil {
		return fmt.Errorf("create search index: %w", err)
	}
	// FTS5 writes a segment whenever its pending terms outgrow hashsize
	// (1 MB by default), which was several times per batch of 500 cables:
	// hundreds of segments at 100,000 cables, and crisis merges of them
	// that cost a fifth of the index writer's time. A batch's terms fit
	// in 64 MB, and make one segment.
	if _, err := ix.w.ExecContext(ctx, `INSERT INTO portions_fts(portions_fts, rank) VALUES('hashsize', ?)`, indexHashSize); err != nil {
		return fmt.Errorf("create search index: %w", err)
	}
	return nil
}

// catchUp applies the queued jobs the index has not, or rebuilds the
// index: when it must be built, when the queue no longer holds every job
// it lacks, or when it claims jobs the archive never issued (an archive
// restored from a backup older than its index), whose text could sit
// under portion ids that now name other portions.
func (ix *indexer) catchUp(ctx context.Context, build bool) error {
	var first, last, issued sql.NullInt64
	applied := ix.applied.Load()
	err := ix.db.write.QueryRowContext(ctx, `SELECT (SELECT min(seq) FROM index_queue WHERE seq > ?), (SELECT max(seq) FROM index_queue),
		(SELECT seq FROM sqlite_sequence WHERE name = 'index_queue')`, applied).Scan(&first, &last, &issued)
	if err != nil {
		return fmt.Errorf("open search index: %w", err)
	}
	switch {
	case build, applied > issued.Int64, first.Valid && first.Int64 > applied+1:
		return ix.rebuild(ctx, issued.Int64)
	case last.Valid && last.Int64 > applied:
		ix.db.Logger.Info("search index: applying changes left by an interrupted import", "from", applied+1, "to", last.Int64)
		ix.mu.Lock()
		defer ix.mu.Unlock()
		return ix.applyUpTo(ctx, last.Int64, nil)
	}
	return nil
}

// FlushIndex waits until the search index holds every cable that
// ImportBulk has stored, and returns the first error it met doing so.
func (db *DB) FlushIndex() error { return db.ix.flush() }

// close waits for the jobs in flight, stops the bulk goroutine and closes
// the index file. A job that failed stays queued for the next Open.
func (ix *indexer) close() error {
	err := ix.flush()
	ix.bulkMu.Lock()
	if ix.bulk != nil {
		close(ix.bulk)
		ix.bulk = nil
	}
	ix.bulkMu.Unlock()
	return errors.Join(err, ix.w.Close())
}

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
	if err := ix.write(ctx, tx, j); err != nil {
		return 0, fmt.Errorf("index change %d: %w", seq, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE index_state SET applied = ?`, seq); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	ix.applied.Store(seq)
	return seq, nil
}

// queued reads job seq back from the archive's queue.
func (ix *indexer) queued(ctx context.Context, seq int64) (*indexJob, error) {
	var added, removed string
	err := ix.db.read.QueryRowContext(ctx, `SELECT added, removed FROM index_queue WHERE seq = ?`, seq).Scan(&added, &removed)
	if err != nil {
		return nil, fmt.Errorf("read index change %d: %w", seq, err)
	}
	j := &indexJob{seq: seq}
	if err := json.Unmarshal([]byte(added), &j.added); err != nil {
		return nil, fmt.Errorf("read index change %d: %w", seq, err)
	}
	if err := json.Unmarshal([]byte(removed), &j.removed); err != nil {
		return nil, fmt.Errorf("read index change %d: %w", seq, err)
	}
	return j, nil
}

// textsOf parses the portions of the cables at rows from their current
// raw texts. A row that holds no cable any more was removed by a later
// change, and is skipped.
func (ix *indexer) textsOf(ctx context.Context, rows []int64) ([]portionText, error) {
	stmt, err := ix.db.read.PrepareContext(ctx, `SELECT v.raw FROM cables c
		JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version WHERE c.rowid = ?`)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	var out []portionText
	for _, row := range rows {
		var raw []byte
		err := stmt.QueryRowContext(ctx, row).Scan(&raw)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = appendTexts(out, row, access.StoredOf(cabletext.Parse(raw)))
	}
	return out, nil
}

// appendTexts appends the portions of the cable stored at row.
func appendTexts(out []portionText, row int64, st *access.Stored) []portionText {
	for k, p := range st.Portions {
		out = append(out, portionText{row<<portionBits | int64(k), p.Text})
	}
	return out
}

// write writes job j's change in tx: its removed portions leave the
// index and its added cables' portions enter it.
func (ix *indexer) write(ctx context.Context, tx *sql.Tx, j *indexJob) error {
	texts := j.texts
	if texts == nil && len(j.added) > 0 {
		var err error
		if texts, err = ix.textsOf(ctx, j.added); err != nil {
			return err
		}
	}
	if len(j.removed) > 0 {
		del, err := tx.PrepareContext(ctx, `DELETE FROM portions_fts WHERE rowid = ?`)
		if err != nil {
			return err
		}
		defer del.Close()
		for _, id := range j.removed {
			if _, err := del.ExecContext(ctx, id); err != nil {
				return err
			}
		}
	}
	return addTexts(ctx, tx, texts, j.deferMerge)
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

// writeAlone writes job j's change in a transaction of its own.
func (ix *indexer) writeAlone(ctx context.Context, j *indexJob) error {
	tx, err := ix.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := ix.write(ctx, tx, j); err != nil {
		return err
	}
	return tx.Commit()
}

// rebuild indexes every current cable afresh, from its raw text, and
// records the index as up to date with the queue's change last.
func (ix *indexer) rebuild(ctx context.Context, last int64) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	var rows []int64
	r, err := ix.db.read.QueryContext(ctx, `SELECT rowid FROM cables ORDER BY rowid`)
	if err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	for r.Next() {
		var row int64
		if err := r.Scan(&row); err != nil {
			r.Close()
			return err
		}
		rows = append(rows, row)
	}
	r.Close()
	if err := r.Err(); err != nil {
		return err
	}
	ix.db.Logger.Info("search index: rebuilding", "cables", len(rows))
	// The format is marked only when the rebuild is done, so that a
	// rebuild killed half-way is started again by the next Open.
	if _, err := ix.w.ExecContext(ctx, `PRAGMA user_version = 0; DROP TABLE portions_fts`); err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	if err := ix.createTables(ctx); err != nil {
		return err
	}
	const step = 1000
	for i := 0; i < len(rows); i += step {
		part := rows[i:min(i+step, len(rows))]
		texts, err := ix.textsOf(ctx, part)
		if err != nil {
			return fmt.Errorf("rebuild search index: %w", err)
		}
		if err := ix.writeAlone(ctx, &indexJob{texts: texts, deferMerge: true}); err != nil {
			return fmt.Errorf("rebuild search index: %w", err)
		}
		ix.db.Logger.Info("search index: rebuilding", "done", i+len(part), "of", len(rows))
	}
	if _, err := ix.w.ExecContext(ctx, `INSERT INTO portions_fts(portions_fts) VALUES('optimize')`); err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	if _, err := ix.w.ExecContext(ctx, fmt.Sprintf(`BEGIN; UPDATE index_state SET applied = %d; PRAGMA user_version = %d; COMMIT`,
		last, indexFormat)); err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	ix.applied.Store(last)
	return nil
}

// attachIndex returns a connector for the archive's readers: each of its
// connections attaches the index file as "ix", read-only and mapped, so
// that queries name portions_fts as if it were the archive's.
func attachIndex(dsn, index string) driver.Connector {
	d := &sqlite.Driver{}
	d.RegisterConnectionHook(func(conn sqlite.ExecQuerierContext, _ string) error {
		ctx := context.Background()
		if _, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS ix`,
			[]driver.NamedValue{{Ordinal: 1, Value: "file:" + filepath.ToSlash(index) + "?mode=ro"}}); err != nil {
			return fmt.Errorf("attach search index: %w", err)
		}
		_, err := conn.ExecContext(ctx, `PRAGMA ix.mmap_size = 2147418112`, nil)
		return err
	})
	return connector{d, dsn}
}

// connector opens connections of a driver of its own.
type connector struct {
	d   *sqlite.Driver
	dsn string
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.d.Open(c.dsn) }
func (c connector) Driver() driver.Driver                        { return c.d }
