package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cable/cable/internal/suggest"
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

// indexPath is the search index's file, beside the archive's file archive.
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
CREATE TABLE IF NOT EXISTS index_state (id INTEGER PRIMARY KEY CHECK (id = 1), applied INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY) WITHOUT ROWID;`

// indexHashSize is the memory FTS5 gathers a batch's terms in.
const indexHashSize = 64 << 20

// indexFormat is the index file's user_version: a file of another format
// is rebuilt. Format 3 added the vocabulary (words), which suggestions
// respell from (suggest.go).
const indexFormat = 3

// indexJob is one import transaction's change to the index.
type indexJob struct {
	seq     int64
	added   []int64 // cable rowids
	removed []int64 // portion ids
	// texts are the added cables' portions, and words their vocabulary.
	texts      []portionText
	words      *suggest.Words
	deferMerge bool
}

// newIndexJob returns the job that adds texts, with their vocabulary.
func newIndexJob(texts []portionText) *indexJob {
	j := &indexJob{texts: texts, words: &suggest.Words{}}
	for _, t := range texts {
		j.words.Add(t.text)
	}
	return j
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

	// known holds words the vocabulary is known to hold, so that a batch
	// writes only its new words. Guarded by mu; filled after commits.
	known map[uint64]struct{}
	// rebuilt says that this handle has rebuilt the index.
	rebuilt atomic.Bool
}

// maxKnown bounds known: past it, known starts again empty.
const maxKnown = 1 << 20

// openIndex opens (creating) the index file and brings it up to date
// with the archive's queue.
func (db *DB) openIndex(ctx context.Context) error {
	dsn := "file:" + filepath.ToSlash(indexPath(db.Path)) + "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
		"&_pragma=busy_timeout(10000)&_pragma=cache_size(-65536)&_txlock=immediate&_pragma=temp_store(MEMORY)" +
		"&_pragma=journal_size_limit(67108864)"
	w, err := sql.Open("sqlite", dsn)
	if err != nil {
		return fmt.Errorf("open search index: %w", err)
	}
	w.SetMaxOpenConns(1)
	db.ix = &indexer{db: db, w: w}
	// One process at a time checks the index and, when it must, rebuilds
	// it: another that opened the archive meanwhile would find a half-built
	// index and start again over it. The lock is held only while opening.
	unlock, err := db.lockIndex()
	if err != nil {
		return fmt.Errorf("open search index: %w", err)
	}
	defer unlock()
	fresh, err := db.ix.create(ctx)
	if err != nil {
		return err
	}
	return db.ix.catchUp(ctx, fresh)
}

// lockIndex takes the lock of the index's openers and rebuilders
// (cable-index.db.lock), saying so in the log when it must wait.
func (db *DB) lockIndex() (func(), error) {
	unlock, err := lockFile(indexPath(db.Path)+".lock", func() {
		db.Logger.Info("search index: waiting for another process that is opening or rebuilding it")
	})
	if err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	return unlock, nil
}

// create creates the index file's tables and reports whether it must be
// built: when the file is new, of another format, or was being rebuilt
// when its process died (a rebuild marks the format only when it is done).
func (ix *indexer) create(ctx context.Context) (build bool, err error) {
	var format int
	if err := ix.w.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&format); err != nil {
		return false, fmt.Errorf("open search index: %w", err)
	}
	if _, err := ix.w.ExecContext(ctx, indexSchema+`; INSERT OR IGNORE INTO index_state VALUES (1, 0)`); err != nil {
		return false, fmt.Errorf("create search index: %w", err)
	}
	var applied int64
	if err := ix.w.QueryRowContext(ctx, `SELECT applied FROM index_state`).Scan(&applied); err != nil {
		return false, fmt.Errorf("open search index: %w", err)
	}
	ix.applied.Store(applied)
	return format != indexFormat, nil
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
		return ix.rebuild(ctx)
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
