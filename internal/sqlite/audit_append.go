package sqlite

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/cable/cable/internal/audit"
)

// Group commit. Every read appends an entry, and a read counted against
// a budget also counts it (guard.CountRead), in a transaction of its own
// on the audit file, whose one connection makes those transactions take
// turns: with eight readers at once, a read waited for the commits of the
// others (cable bench audit: p50 0.4 ms alone, 3.6 ms among eight). So
// those transactions (appendOwn, BudgetTx) are queued as jobs, and one of
// the waiting actions, the leader, runs every job queued when it begins
// in one transaction, each job in a savepoint of its own so that a job
// that fails undoes only itself, commits, tells each waiting action how
// its job fared, and hands the lead to the first action queued since.
// An action still returns only once its own entry is committed (fail
// closed); a reader alone leads its own one-job batch, with no goroutine
// between it and the log; and a batch is what queued while the last one
// committed, so that no one waits for a batch to fill.

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

// appendReq is a job waiting in the queue, and where to say how it fared
// (or errLead).
type appendReq struct {
	run  func(*batchTx) error
	kind string // for errors: the kind of the job's entry
	done chan error
}

// batchTx is the transaction of a batch, and the tree's frontier after
// the entries appended in it so far, through which the batch's entries
// are numbered one after another.
type batchTx struct {
	x auditInsertTx
	f audit.Frontier
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
	return a.do(e.Kind, func(b *batchTx) error {
		_, err := appendAt(context.Background(), b.x, &b.f, e)
		return err
	})
}

// do queues run, a job that writes the audit database and appends
// entries of kind, and returns once the batch it ran in has committed,
// or it has failed.
func (a *appender) do(kind string, run func(*batchTx) error) error {
	r := &appendReq{run: run, kind: kind, done: make(chan error, 1)}
	a.mu.Lock()
	if a.shut {
		a.mu.Unlock()
		return fmt.Errorf("audit %s: %w", kind, errAuditClosed)
	}
	a.queue = append(a.queue, r)
	lead := !a.leading
	a.leading = true
	a.mu.Unlock()
	if !lead {
		if err := <-r.done; !errors.Is(err, errLead) {
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

// write runs a batch's jobs and commits them, and tells each request.
func (a *appender) write(batch []*appendReq) {
	errs, err := a.db.runBatch(batch)
	for i, r := range batch {
		if errs[i] == nil {
			errs[i] = err
		}
		r.done <- errs[i]
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

// runBatch runs the jobs of batch in one transaction on the audit
// database, each but a lone one in a savepoint, and commits. It returns
// each job's own error, and the error that failed them all, if any. The
// frontier is installed once the batch has committed.
//
// The jobs run even when their actions' contexts have ended: the reads
// they record may already have happened.
func (db *DB) runBatch(batch []*appendReq) ([]error, error) {
	ctx := context.Background()
	errs := make([]error, len(batch))
	tx, err := db.auditDB.BeginTx(ctx, nil)
	if err != nil {
		return errs, fmt.Errorf("audit %s: %w", batch[0].kind, err)
	}
	defer tx.Rollback()
	b := &batchTx{x: auditInsertTx{Tx: tx}, f: db.front.get()}
	if db.auditStmt != nil {
		b.x.insert = tx.StmtContext(ctx, db.auditStmt)
		defer b.x.insert.Close()
	}
	if len(batch) == 1 {
		if errs[0] = runJob(batch[0], b); errs[0] != nil {
			return errs, nil
		}
	} else if err := runJobs(ctx, b, batch, errs); err != nil {
		return errs, fmt.Errorf("audit %s: %w", batch[0].kind, err)
	}
	if err := tx.Commit(); err != nil {
		return errs, fmt.Errorf("audit %s: %w", batch[0].kind, err)
	}
	db.ckpt.committed()
	db.front.advance(b.f)
	return errs, nil
}

// runJobs runs each job of batch in a savepoint, which a job that fails
// rolls back, with the frontier, leaving its error in errs. An error of
// the savepoints themselves fails the batch.
func runJobs(ctx context.Context, b *batchTx, batch []*appendReq, errs []error) error {
	for i, r := range batch {
		if _, err := b.x.ExecContext(ctx, `SAVEPOINT job`); err != nil {
			return err
		}
		f := b.f.Clone()
		if errs[i] = runJob(r, b); errs[i] != nil {
			b.f = f
			if _, err := b.x.ExecContext(ctx, `ROLLBACK TO job`); err != nil {
				return err
			}
		}
		if _, err := b.x.ExecContext(ctx, `RELEASE job`); err != nil {
			return err
		}
	}
	return nil
}

// runJob runs r's job in b. A job that panics fails, rather than leave
// the lead held and every later action of the handle waiting for it.
func runJob(r *appendReq, b *batchTx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("audit %s: a job panicked: %v", r.kind, p)
		}
	}()
	return r.run(b)
}
