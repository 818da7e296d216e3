package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"time"
)

// Checkpoints off the read path. In WAL mode SQLite copies the log's
// pages back into the file (a checkpoint, with an fsync of each) once
// the WAL holds 1,000 pages, in whichever commit passes that mark: every
// three hundred reads or so, one read's entry waited for it
// (BenchmarkAudit: p99 0.4–0.9 ms with it, 0.25 ms without). The audit
// database's connection therefore never checkpoints
// (wal_autocheckpoint(0), openAudit), and a goroutine of the handle
// does, on a connection of its own, after every auditCheckpointEvery
// commits and at least every auditCheckpointInterval while entries come.
// A PASSIVE checkpoint waits for no one, and appends go on beside it.

const (
	// auditCheckpointEvery is how many commits on the audit database
	// call for a checkpoint: about 600 pages of WAL.
	auditCheckpointEvery = 200
	// auditCheckpointInterval is the longest that commits wait for a
	// checkpoint; it bounds what synchronous=NORMAL leaves unsynced.
	auditCheckpointInterval = time.Second
)

// checkpointer checkpoints the audit database's WAL in the background.
type checkpointer struct {
	conn    *sql.DB
	log     *slog.Logger
	commits atomic.Int64
	nudge   chan struct{}
	stop    chan struct{}
	done    chan struct{}
}

// startCheckpointer starts the audit database's checkpointer.
func (db *DB) startCheckpointer() error {
	conn, err := sql.Open("sqlite", "file:"+filepath.ToSlash(db.auditPath())+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("open the audit log's checkpointer: %w", err)
	}
	conn.SetMaxOpenConns(1)
	c := &checkpointer{conn: conn, log: db.Logger, nudge: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	db.ckpt = c
	go c.loop()
	return nil
}

// committed counts a commit on the audit database, and nudges the
// checkpointer every auditCheckpointEvery.
func (c *checkpointer) committed() {
	if c == nil {
		return
	}
	if c.commits.Add(1)%auditCheckpointEvery == 0 {
		select {
		case c.nudge <- struct{}{}:
		default:
		}
	}
}

// loop checkpoints when nudged, and on each tick when anything was
// committed since the last checkpoint.
func (c *checkpointer) loop() {
	defer close(c.done)
	tick := time.NewTicker(auditCheckpointInterval)
	defer tick.Stop()
	var last int64
	for {
		select {
		case <-c.stop:
			return
		case <-c.nudge:
		case <-tick.C:
			if c.commits.Load() == last {
				continue
			}
		}
		last = c.commits.Load()
		// The log's writer goes on meanwhile: what it commits during
		// the checkpoint waits for the next one.
		if _, err := c.conn.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`); err != nil {
			c.log.Warn("audit log: checkpoint", "err", err)
		}
	}
}

// close stops the checkpointer; closing the audit database then
// checkpoints what is left.
func (c *checkpointer) close() {
	if c == nil {
		return
	}
	close(c.stop)
	<-c.done
	c.conn.Close()
}
