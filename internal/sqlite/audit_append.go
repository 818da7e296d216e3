package sqlite

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/cable/cable/internal/audit"
)

// Group commit. Every read appends an entry in a transaction of its own
// on the audit file, whose one connection makes those transactions take
// turns: with eight readers at once, a read waited for the commits of the
// others (cable bench audit: p50 0.4 ms alone, 3.6 ms among eight). So
// the entries of actions that do not change the archive (appendOwn) are
// queued, and one of the waiting actions, the leader, writes every entry
// queued when it begins in one transaction, tells each waiting action how
// its entry fared, and hands the lead to the first action queued since.
// An action still returns only once its own entry is committed (fail
// closed); a reader alone leads its own one-entry batch, with no
// goroutine between it and the log; and a batch is what queued while the
// last one committed, so that no one waits for a batch to fill.

// maxAuditBatch bounds the entries of one group commit, so that a burst
// does not hold the log's write lock, which other processes need, for
// long.
const maxAuditBatch = 256

var (
	// errAuditClosed is the error of an append after Close: the action
	// is not recorded, so it must not happen.
	errAuditClosed = errors.New("the audit log is closed")
	// errLead tells a queued action that it now leads: it is never
	// returned.
	errLead = errors.New("lead the next batch")
)

// appendReq is an entry waiting in the queue, and where to say how it
// fared (or errLead).
type appendReq struct {
	e    audit.Entry
	done chan error
}

// appender queues entries and has them written in batches.
type appender struct {
	db      *DB
	mu      sync.Mutex
	idle    sync.Cond // signalled when leading ends
	queue   []*appendReq
	leading bool // an action is writing a batch; the queue waits for it
	shut    bool
}

// newAppender returns the appender of db.
func newAppender(db *DB) *appender {
	a := &appender{db: db}
	a.idle.L = &a.mu
	return a
}

// append queues e and returns once it is committed, or has failed.
func (a *appender) append(e audit.Entry) error {
	r := &appendReq{e: e, done: make(chan error, 1)}
	a.mu.Lock()
	if a.shut {
		a.mu.Unlock()
		return fmt.Errorf("audit %s: %w", e.Kind, errAuditClosed)
	}
	a.queue = append(a.queue, r)
	lead := !a.leading
	a.leading = true
	a.mu.Unlock()
	if !lead {
		if err := <-r.done; err != errLead {
			return err
		}
	}
	a.writeNext()
	return <-r.done
}

// writeNext writes the batch at the head of the queue, which holds the
// leader's own entry, then passes the lead on or ends it.
func (a *appender) writeNext() {
	a.mu.Lock()
	n := min(len(a.queue), maxAuditBatch)
	batch := a.queue[:n:n]
	a.queue = append([]*appendReq(nil), a.queue[n:]...)
	a.mu.Unlock()
	a.write(batch)
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.queue) > 0 {
		a.queue[0].done <- errLead
		return
	}
	a.leading = false
	a.idle.Broadcast()
}

// write commits a batch and tells each request. A batch that fails is
// written again entry by entry, so that an entry that cannot be written
// fails its own action and not its neighbours'.
func (a *appender) write(batch []*appendReq) {
	es := make([]audit.Entry, len(batch))
	for i, r := range batch {
		es[i] = r.e
	}
	// The entries are written even when their actions' contexts have
	// ended: the reads they record may already have happened.
	ctx := context.Background()
	err := a.db.appendTx(ctx, es)
	if err != nil && len(batch) > 1 {
		for _, r := range batch {
			r.done <- a.db.appendTx(ctx, []audit.Entry{r.e})
		}
		return
	}
	for _, r := range batch {
		r.done <- err
	}
}

// close refuses further entries and waits until the queued ones are
// written. It may be called more than once.
func (a *appender) close() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.shut = true
	for a.leading {
		a.idle.Wait()
	}
}

// appendTx appends es, in order, in one transaction on the audit
// database, and installs the frontier once it has committed.
func (db *DB) appendTx(ctx context.Context, es []audit.Entry) error {
	tx, err := db.auditDB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("audit %s: %w", es[0].Kind, err)
	}
	defer tx.Rollback()
	x := auditInsertTx{Tx: tx}
	if db.auditStmt != nil {
		x.insert = tx.StmtContext(ctx, db.auditStmt)
		defer x.insert.Close()
	}
	f := db.front.get()
	for _, e := range es {
		if _, err := appendAt(ctx, x, &f, e); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("audit %s: %w", es[0].Kind, err)
	}
	db.ckpt.committed()
	db.front.advance(f)
	return nil
}
