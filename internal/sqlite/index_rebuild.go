package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// rebuild indexes every current cable afresh, from its raw text, in one
// transaction of the index file. So readers, in this process and others,
// search the old index until the new one commits; a rebuild killed
// half-way leaves the old index (or none), which the next Open rebuilds;
// and other processes wait to apply their changes to the index, for up
// to the busy timeout (10 s), after which their imports say that the
// index is behind, and their changes stay queued. The transaction writes
// the whole index to the file's WAL, whose checkpoint then copies it: the
// disk briefly holds the index about three times.
//
// The new index is up to date with the last change the archive had issued
// when the rebuild, holding the index's write lock, read which cables are
// current; the changes queued since are applied after it commits.
func (ix *indexer) rebuild(ctx context.Context) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	issued, err := ix.rebuildTx(ctx)
	if err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	// rebuildTx has given the writer's one connection back, which
	// applying the jobs queued since needs.
	var last sql.NullInt64
	if err := ix.db.write.QueryRowContext(ctx, `SELECT max(seq) FROM index_queue`).Scan(&last); err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	if last.Int64 > issued {
		if err := ix.applyUpTo(ctx, last.Int64, nil); err != nil {
			return fmt.Errorf("search index: apply the changes queued during its rebuild: %w", err)
		}
	}
	return nil
}

// rebuildTx is rebuild's transaction, on a connection of its own that it
// gives back; it returns the last change the new index holds.
func (ix *indexer) rebuildTx(ctx context.Context) (int64, error) {
	conn, err := ix.w.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	// The transaction takes the index's write lock as it begins
	// (_txlock=immediate), before the archive is read: no other process
	// can apply a change issued after that read, and then see it pruned
	// from the queue by its next import while this rebuild records
	// itself as not having it.
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	committed := false
	defer func() {
		if !committed {
			ix.known = nil // it may name words of the rolled-back batches
		}
	}()
	issued, rows, err := ix.current(ctx)
	if err != nil {
		return 0, err
	}
	ix.db.Logger.Info("search index: rebuilding", "cables", len(rows))
	start := time.Now()
	if err := ix.rebuildIn(ctx, tx, rows); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`UPDATE index_state SET applied = %d; PRAGMA user_version = %d`, issued, indexFormat)); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	committed = true
	ix.applied.Store(issued)
	ix.rebuilt.Store(true)
	ix.db.Logger.Info("search index: rebuilt", "cables", len(rows), "took", time.Since(start).Round(time.Millisecond))
	// The whole index went through the WAL: copy it into the file now
	// and cut the WAL back (to journal_size_limit), rather than leave a
	// second copy on the disk. A reader in another process may hold the
	// WAL; then the next checkpoint does it.
	if _, err := conn.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		ix.db.Logger.Warn("search index: checkpoint after the rebuild", "err", err)
	}
	return issued, nil
}

// current returns the last change the archive has issued to the index,
// and the rowids of its current cables then: one snapshot of the archive.
func (ix *indexer) current(ctx context.Context) (issued int64, rows []int64, err error) {
	tx, err := ix.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, nil, err
	}
	defer tx.Rollback()
	var seq sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT seq FROM sqlite_sequence WHERE name = 'index_queue'`).Scan(&seq); err != nil && err != sql.ErrNoRows {
		return 0, nil, err
	}
	r, err := tx.QueryContext(ctx, `SELECT rowid FROM cables ORDER BY rowid`)
	if err != nil {
		return 0, nil, err
	}
	defer r.Close()
	for r.Next() {
		var row int64
		if err := r.Scan(&row); err != nil {
			return 0, nil, err
		}
		rows = append(rows, row)
	}
	return seq.Int64, rows, r.Err()
}

// rebuildIn drops the index's text and builds it again in tx from the
// raw texts of the cables at rows, reporting progress. It notes each
// batch's new words as held at once, so that the next batch does not
// write them again; rebuildTx forgets them if tx is rolled back. The
// vocabulary is kept,
// as imports keep the words of replaced versions (suggestions search for
// every word before proposing it): so other processes' note of the words
// it holds (ix.known) stays true. The format is marked by the caller,
// when the index is whole.
func (ix *indexer) rebuildIn(ctx context.Context, tx *sql.Tx, rows []int64) error {
	if _, err := tx.ExecContext(ctx, `PRAGMA user_version = 0; DROP TABLE IF EXISTS portions_fts`); err != nil {
		return err
	}
	if err := createTables(ctx, tx); err != nil {
		return err
	}
	report := ix.progress(len(rows))
	report(0)
	const step = 1000
	for i := 0; i < len(rows); i += step {
		part := rows[i:min(i+step, len(rows))]
		texts, err := ix.textsOf(ctx, part)
		if err != nil {
			return err
		}
		j := newIndexJob(texts)
		j.deferMerge = true
		added, err := ix.write(ctx, tx, j)
		if err != nil {
			return err
		}
		ix.remember(added)
		report(i + len(part))
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO portions_fts(portions_fts) VALUES('optimize')`)
	return err
}

// progress returns the function a rebuild of total cables reports to: the
// archive's IndexProgress, else a log line every five seconds.
func (ix *indexer) progress(total int) func(done int) {
	if p := ix.db.IndexProgress; p != nil {
		return func(done int) { p(done, total) }
	}
	last := time.Now()
	return func(done int) {
		if done > 0 && (time.Since(last) >= 5*time.Second || done == total) {
			last = time.Now()
			ix.db.Logger.Info("search index: rebuilding", "done", done, "of", total)
		}
	}
}

// createTables creates the index's tables, if need be, in tx and sets
// its hashsize, which FTS5 keeps in the index: a rebuild does it, and
// every index is built by one.
func createTables(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, indexSchema+`; INSERT OR IGNORE INTO index_state VALUES (1, 0)`); err != nil {
		return fmt.Errorf("create search index: %w", err)
	}
	// FTS5 writes a segment whenever its pending terms outgrow hashsize
	// (1 MB by default), which was several times per batch of 500 cables:
	// hundreds of segments at 100,000 cables, and crisis merges of them
	// that cost a fifth of the index writer's time. A batch's terms fit
	// in 64 MB, and make one segment.
	if _, err := tx.ExecContext(ctx, `INSERT INTO portions_fts(portions_fts, rank) VALUES('hashsize', ?)`, indexHashSize); err != nil {
		return fmt.Errorf("create search index: %w", err)
	}
	return nil
}

// Reindex rebuilds the search index from the archive's raw texts (see
// rebuild). It takes the lock that Open takes, so that it never runs
// beside another process's rebuild.
func (db *DB) Reindex(ctx context.Context) error {
	if err := db.ix.flush(); err != nil {
		return err
	}
	unlock, err := db.lockIndex()
	if err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	defer unlock()
	return db.ix.rebuild(ctx)
}

// IndexRebuilt reports whether this handle has rebuilt the search index,
// as Open does when the index file is missing or of another format.
func (db *DB) IndexRebuilt() bool { return db.ix.rebuilt.Load() }
