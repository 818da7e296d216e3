package sqlite_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/guard"
	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/storetest"
)

// seedID is the seed cable's id (storetest.Seed).
const seedID = "07STATE159388"

// mustOpenSeeded opens a database holding the seed cable.
func mustOpenSeeded(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db := MustOpenDB(tb)
	storetest.MustImport(tb, db, storetest.Seed(tb))
	return db
}

// readerFrom is a SECRET reader's context from client address n, which
// tells the reads' entries apart.
func readerFrom(n int) context.Context {
	ctx := cable.NewContextWithUser(context.Background(), &cable.User{Name: readerName(n), Clearance: "SECRET", Citizenship: "USA"})
	return cable.NewContextWithClient(ctx, fmt.Sprintf("192.0.2.%d", n))
}

// refusedClient is the client whose entries TestAudit_GroupCommitFailsItsOwn
// refuses; it reads as a user of its own, whose budget count must be
// undone with its entry.
const refusedClient = 66

// readerName is the name of client n's reader.
func readerName(n int) string {
	if n == refusedClient {
		return "mallory"
	}
	return "desk"
}

// readResult is what a read returned.
type readResult struct {
	n   int
	c   *cable.Cable
	err error
}

// readAll reads the seed from each client in ns at once, and returns the
// channel their results arrive on. The reads of even clients are counted
// against a read budget (guard.CountRead), whose count shares the batch.
func readAll(db *sqlite.DB, ns []int) <-chan readResult {
	out := make(chan readResult, len(ns))
	for _, n := range ns {
		go func() {
			ctx := readerFrom(n)
			var m *cable.ReadMeter
			if n%2 == 0 {
				m = &cable.ReadMeter{Limit: cable.ReadBudget{Hour: 100, Day: 100}}
				ctx = cable.NewContextWithMeter(ctx, m)
			}
			c, err := db.FindCableByID(ctx, seedID)
			if err == nil && m != nil && m.Use.Day != 1 {
				err = fmt.Errorf("read counted as %+v, want one cable today", m.Use)
			}
			out <- readResult{n, c, err}
		}()
	}
	return out
}

// waitQueued waits until n entries are queued behind the held lead.
func waitQueued(tb testing.TB, db *sqlite.DB, n int) {
	tb.Helper()
	for deadline := time.Now().Add(10 * time.Second); db.QueuedAudit() < n; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			tb.Fatalf("%d entries queued after 10s, want %d", db.QueuedAudit(), n)
		}
	}
}

// clientsLogged returns how many entries of kind read the log holds for
// each client, after verifying it whole against a freshly signed head:
// the log must be intact and hold want entries.
func clientsLogged(tb testing.TB, db *sqlite.DB, want int) map[string]int {
	tb.Helper()
	ctx := context.Background()
	_, key, _ := ed25519.GenerateKey(nil)
	if _, _, err := (&audit.Signer{Log: db, Key: key}).SignNow(ctx); err != nil {
		tb.Fatal(err)
	}
	r, err := audit.Verify(ctx, db, key.Public().(ed25519.PublicKey))
	if err != nil || r.Problem != nil || r.Entries != uint64(want) {
		tb.Fatalf("Verify = %+v, %v; want intact with %d entries", r, err, want)
	}
	got := map[string]int{}
	db.ScanAudit(ctx, func(e audit.Stored) error {
		if e.Kind == audit.KindRead {
			got[e.Client]++
		}
		return nil
	})
	return got
}

// TestAudit_GroupCommit queues the entries of twelve reads, half of them
// counted against a budget, behind a held lead: none of the reads
// returns before its entry is committed, the twelve are committed in one
// transaction, and the log verifies with each read's entry once.
func TestAudit_GroupCommit(t *testing.T) {
	db := mustOpenSeeded(t)
	const readers = 12
	ns := make([]int, readers)
	for i := range ns {
		ns[i] = i + 1
	}
	db.HoldAuditLead()
	results := readAll(db, ns)
	waitQueued(t, db, readers)
	select {
	case r := <-results:
		t.Fatalf("read from client %d returned (%v) before its entry was committed", r.n, r.err)
	case <-time.After(50 * time.Millisecond):
	}
	before := db.AuditCommits()
	db.ReleaseAuditLead()
	want := map[string]int{}
	for range readers {
		r := <-results
		if r.err != nil || r.c == nil || r.c.ID != seedID {
			t.Errorf("read from client %d = %v, %v; want the seed", r.n, r.c, r.err)
		}
		want[fmt.Sprintf("192.0.2.%d", r.n)] = 1
	}
	if got := db.AuditCommits() - before; got != 1 {
		t.Errorf("transactions for %d queued entries = %d, want 1", readers, got)
	}
	if diff := cmp.Diff(want, clientsLogged(t, db, readers)); diff != "" {
		t.Errorf("read entries by client (-want +got):\n%s", diff)
	}
}

// TestAudit_GroupCommitFailsItsOwn makes one entry of a batch
// impossible to write: its read fails and returns no cable, its
// savepoint undone, and its neighbours' reads, plain and counted,
// succeed and are logged in order.
func TestAudit_GroupCommitFailsItsOwn(t *testing.T) {
	db := mustOpenSeeded(t)
	mustExecFile(t, db.AuditFile(), fmt.Sprintf(`CREATE TRIGGER refuse BEFORE INSERT ON audit_log WHEN NEW.client = '192.0.2.%d'
		BEGIN SELECT RAISE(ABORT, 'refused'); END`, refusedClient))
	db.HoldAuditLead()
	before := db.AuditCommits()
	results := readAll(db, []int{1, 2, refusedClient, 3, 4})
	waitQueued(t, db, 5)
	db.ReleaseAuditLead()
	want := map[string]int{}
	for range 5 {
		r := <-results
		switch {
		case r.n == refusedClient && (r.err == nil || r.c != nil):
			t.Errorf("read whose entry cannot be written = %v, %v; want an error and no cable", r.c, r.err)
		case r.n != refusedClient && (r.err != nil || r.c == nil):
			t.Errorf("read from client %d = %v, %v; want the seed", r.n, r.c, r.err)
		case r.n != refusedClient:
			want[fmt.Sprintf("192.0.2.%d", r.n)] = 1
		}
	}
	if got := db.AuditCommits() - before; got != 1 {
		t.Errorf("transactions for a batch of 5 with one failing = %d, want 1", got)
	}
	use, err := db.ReadBudgetUse(readerFrom(refusedClient), cable.ReadBudget{Hour: 100, Day: 100})
	if err != nil || use.Day != 0 {
		t.Errorf("the refused read's budget use = %+v, %v; want its count undone with its entry", use, err)
	}
	if diff := cmp.Diff(want, clientsLogged(t, db, 4)); diff != "" {
		t.Errorf("read entries by client (-want +got):\n%s", diff)
	}
}

// TestAudit_ConcurrentReads reads from many clients at once, as a
// server does, without holding anything: every read returns its cable,
// and the log verifies with every read's entry exactly once.
func TestAudit_ConcurrentReads(t *testing.T) {
	t.Parallel()
	db := mustOpenSeeded(t)
	const clients, each = 16, 20
	var wg sync.WaitGroup
	errs := make(chan error, clients*each)
	want := map[string]int{}
	for n := range clients {
		for i := range each {
			want[fmt.Sprintf("192.0.2.%d", n*each+i)] = 1
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if c, err := db.FindCableByID(readerFrom(n*each+i), seedID); err != nil || c == nil {
					errs <- fmt.Errorf("read %d: %v, %w", n*each+i, c, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if diff := cmp.Diff(want, clientsLogged(t, db, clients*each)); diff != "" {
		t.Errorf("read entries by client (-want +got):\n%s", diff)
	}
}

// TestAudit_FailClosed breaks the log under concurrent reads, then
// closes the appender: every read fails and returns no cable.
func TestAudit_FailClosed(t *testing.T) {
	t.Parallel()
	db := mustOpenSeeded(t)
	mustExecFile(t, db.AuditFile(), `ALTER TABLE audit_log RENAME TO audit_log_gone`)
	results := readAll(db, []int{1, 2, 3, 4, 5, 6, 7, 8})
	for range 8 {
		if r := <-results; r.err == nil || r.c != nil {
			t.Errorf("read from client %d with the log broken = %v, %v; want an error and no cable", r.n, r.c, r.err)
		}
	}
	mustExecFile(t, db.AuditFile(), `ALTER TABLE audit_log_gone RENAME TO audit_log`)
	if c, err := db.FindCableByID(readerFrom(9), seedID); err != nil || c == nil {
		t.Fatalf("read with the log mended = %v, %v; want the seed", c, err)
	}
	db.CloseAppender()
	if c, err := db.FindCableByID(readerFrom(10), seedID); err == nil || c != nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("read with the appender closed = %v, %v; want an error saying the log is closed, and no cable", c, err)
	}
}

// TestAudit_JobPanics has a budget job panic: it fails, and the next
// read is audited as ever rather than wait for a lead never passed on.
func TestAudit_JobPanics(t *testing.T) {
	t.Parallel()
	db := mustOpenSeeded(t)
	err := db.Guard.B.BudgetTx(context.Background(), func(guard.Tx) error { panic("boom") })
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("BudgetTx of a job that panics = %v, want an error saying so", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := db.FindCableByID(readerFrom(1), seedID)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("read after a job panicked = %v, want the seed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("read after a job panicked still waits after 10s")
	}
}
