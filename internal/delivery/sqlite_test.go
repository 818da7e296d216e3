package delivery_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/sqlite"
)

// openTraffic opens the traffic service on the database at path, with an
// administrator and a user who drafts in ISN and releases for SECSTATE
// WASHDC when create is set.
func openTraffic(tb testing.TB, path string, create bool) (tr *sqlite.Traffic, admin, staff context.Context) {
	tb.Helper()
	db := sqlite.NewDB(path)
	db.Logger = quiet
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	tr = sqlite.NewTraffic(db)
	users := []*cable.User{
		{Name: "admin", Clearance: "SECRET", Citizenship: "USA", Admin: true},
		{Name: "staff", Clearance: "SECRET", Citizenship: "USA", Posts: []string{"ISN"},
			Roles: []cable.Role{{Kind: cable.RoleDrafter, Post: "ISN"}, {Kind: cable.RoleReleaser, Post: "SECSTATE WASHDC"}}},
	}
	for i, u := range users {
		if create {
			if err := tr.CreateUser(context.Background(), u, "password1"); err != nil {
				tb.Fatal(err)
			}
		} else {
			found, err := tr.FindUserByName(context.Background(), u.Name)
			if err != nil {
				tb.Fatal(err)
			}
			users[i] = found
		}
	}
	return tr, cable.NewContextWithUser(context.Background(), users[0]), cable.NewContextWithUser(context.Background(), users[1])
}

// draft creates a cleared draft from ISN to posts at precedence p.
func draft(tb testing.TB, tr cable.TrafficService, staff context.Context, n int, p cable.Precedence, posts ...string) int64 {
	tb.Helper()
	d := &cable.Draft{Origin: "ISN", Text: fmt.Sprintf("UNCLAS\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL\nSUBJECT: DELIVERY TEST %d\n\n1. (U) Text %d.\n\nX\n", n, n)}
	for _, post := range posts {
		d.Addressees = append(d.Addressees, cable.Addressee{PLAD: post, Role: cable.RoleTo, Precedence: p})
	}
	if err := tr.CreateDraft(staff, d); err != nil {
		tb.Fatal(err)
	}
	return d.ID
}

// batchLog is the real store with a record of every batch the dispatcher
// takes, and whether the batch was taken after the FLASH's release had
// committed.
type batchLog struct {
	delivery.Store
	mu       sync.Mutex
	released bool
	batches  []takenBatch
}

type takenBatch struct {
	afterRelease bool
	copies       []*cable.Delivery
}

func (b *batchLog) DeliverQueued(ctx context.Context, n int) ([]*cable.Delivery, error) {
	b.mu.Lock()
	after := b.released
	b.mu.Unlock()
	ds, err := b.Store.DeliverQueued(ctx, n)
	if len(ds) > 0 {
		b.mu.Lock()
		b.batches = append(b.batches, takenBatch{afterRelease: after, copies: ds})
		b.mu.Unlock()
	}
	return ds, err
}

// flashAt returns the batch and the position in it of the first FLASH
// copy, and the index of the first batch taken after the release; -1
// when there is none.
func (b *batchLog) flashAt() (batch, pos, firstAfter int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	batch, pos, firstAfter = -1, -1, -1
	for i, tb := range b.batches {
		if tb.afterRelease && firstAfter < 0 {
			firstAfter = i
		}
		for j, x := range tb.copies {
			if x.Precedence == cable.Flash && batch < 0 {
				batch, pos = i, j
			}
		}
	}
	return batch, pos, firstAfter
}

// TestDispatcher_FlashOvertakesBacklog releases a FLASH cable while the
// dispatcher drains a backlog of 20,001 ROUTINE copies. The FLASH must be
// the first copy of the first batch the dispatcher takes after the
// release commits (or of the batch in hand, if that one already saw it):
// the precedence order is per batch, so no batch may go before it once it
// is queued.
func TestDispatcher_FlashOvertakesBacklog(t *testing.T) {
	t.Parallel()
	tr, admin, staff := openTraffic(t, filepath.Join(t.TempDir(), sqlite.FileName), true)
	rel, err := tr.ReleaseDraft(staff, draft(t, tr, staff, 0, cable.Routine, "AMEMBASSY PARIS"))
	if err != nil {
		t.Fatal(err)
	}
	const backlog = 20_000
	if err := tr.QueueBacklog(admin, rel.CableID, backlog, cable.Routine, time.Now()); err != nil {
		t.Fatal(err)
	}
	flashDraft := draft(t, tr, staff, 1, cable.Flash, "AMEMBASSY ROME")
	log := &batchLog{Store: tr}
	d := &delivery.Dispatcher{Store: log, Logger: quiet, PollInterval: time.Hour}
	if err := d.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer d.Stop()
	waitFor(t, "the dispatcher to take 5 batches of the backlog", func() bool {
		log.mu.Lock()
		defer log.mu.Unlock()
		return len(log.batches) >= 5
	})
	start := time.Now()
	if _, err := tr.ReleaseDraft(staff, flashDraft); err != nil {
		t.Fatal(err)
	}
	log.mu.Lock()
	log.released = true
	log.mu.Unlock()
	waitFor(t, "the FLASH copy to be delivered", func() bool { b, _, _ := log.flashAt(); return b >= 0 })
	lat := time.Since(start)
	batch, pos, firstAfter := log.flashAt()
	log.mu.Lock()
	before := 0
	for _, tb := range log.batches[:batch] {
		before += len(tb.copies)
	}
	log.mu.Unlock()
	t.Logf("FLASH delivered %s after its release was called: batch %d position %d, behind %d ROUTINE copies of %d; first batch after the release: %d",
		lat, batch, pos, before, backlog+1, firstAfter)
	// No batch taken after the release returned (firstAfter < 0) means
	// the dispatcher took the FLASH's batch between the commit, which
	// wakes it, and the return: then it must head that batch.
	if pos != 0 || firstAfter >= 0 && batch > firstAfter {
		t.Errorf("FLASH in batch %d at position %d, want position 0 of batch %d (the first taken after its release) or earlier",
			batch, pos, firstAfter)
	}
	if before+pos >= backlog+1 {
		t.Errorf("the backlog was gone when the FLASH came: the test proves nothing")
	}
	if lat > time.Second {
		t.Errorf("FLASH release-to-inbox %s, want well under a second", lat)
	}
}

// waitFor polls cond for up to 10 seconds, failing the test if it never
// holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
