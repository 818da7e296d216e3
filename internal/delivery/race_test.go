package delivery_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/sqlite"
)

// TestDispatcher_RacingDispatchers runs four dispatchers, each on its own
// connection to one database as four processes would, and makes them race
// for the same copies every round: the test holds the database's write
// lock while they start, so that each has chosen its first batch before
// any can write, and then lets them go. A store that picks copies and
// then updates them without checking in the update that they are still
// queued delivers that batch four times, every run; the store's single
// UPDATE delivers each copy once. (Without the lock the race needs luck:
// the concurrent test of storetest caught such a store in 2 runs of 12.)
func TestDispatcher_RacingDispatchers(t *testing.T) {
	t.Parallel()
	const dispatchers, rounds, perRound = 4, 3, 100
	path := filepath.Join(t.TempDir(), sqlite.FileName)
	tr, admin, staff := openTraffic(t, path, true)
	locker, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Close()
	var stores []*countingStore
	for range dispatchers {
		other, _, _ := openTraffic(t, path, false)
		stores = append(stores, &countingStore{Store: other})
	}
	var mu sync.Mutex
	seen := map[int64]int{}
	record := func(ds []*cable.Delivery) {
		mu.Lock()
		defer mu.Unlock()
		for _, d := range ds {
			seen[d.ID]++
		}
	}
	for round := range rounds {
		rel, err := tr.ReleaseDraft(staff, draft(t, tr, staff, round, cable.Routine, "AMEMBASSY PARIS"))
		if err != nil {
			t.Fatal(err)
		}
		if err := tr.QueueBacklog(admin, rel.CableID, perRound, cable.Routine, time.Now()); err != nil {
			t.Fatal(err)
		}
		unlock := holdWriteLock(t, locker)
		var ds []*delivery.Dispatcher
		for _, s := range stores {
			s.reset()
			d := &delivery.Dispatcher{Store: s, Logger: quiet, Batch: 16, PollInterval: 5 * time.Millisecond, OnDeliver: record}
			if err := d.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			ds = append(ds, d)
		}
		waitFor(t, "every dispatcher to ask for a batch", func() bool { return allCounted(stores, func(s *countingStore) int { return s.began }) })
		time.Sleep(100 * time.Millisecond) // each chooses its batch, then waits for the lock
		unlock()
		// Stopping a dispatcher cancels the call in hand: let every first
		// call finish, so that a batch chosen twice is delivered twice.
		waitFor(t, "every dispatcher's first batch", func() bool { return allCounted(stores, func(s *countingStore) int { return s.ended }) })
		waitFor(t, "the outbox to empty", func() bool { return queued(t, tr) == 0 })
		for _, d := range ds {
			d.Stop()
		}
		t.Logf("round %d: %d copies delivered so far", round, len(seen))
	}
	mu.Lock()
	defer mu.Unlock()
	if want := rounds * (1 + perRound); len(seen) != want {
		t.Errorf("%d copies delivered, want %d", len(seen), want)
	}
	twice := 0
	for _, n := range seen {
		if n != 1 {
			twice++
		}
	}
	if twice > 0 {
		t.Errorf("%d copies delivered more than once by %d racing dispatchers", twice, dispatchers)
	}
}

// holdWriteLock takes the database's write lock on a connection of db and
// returns the function that releases it.
func holdWriteLock(t *testing.T, db *sql.DB) (unlock func()) {
	t.Helper()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	return func() {
		if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
			t.Error(err)
		}
		conn.Close()
	}
}

// countingStore counts the calls of DeliverQueued begun and ended.
type countingStore struct {
	delivery.Store
	mu           sync.Mutex
	began, ended int
}

func (s *countingStore) DeliverQueued(ctx context.Context, n int) ([]*cable.Delivery, error) {
	s.mu.Lock()
	s.began++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.ended++
		s.mu.Unlock()
	}()
	return s.Store.DeliverQueued(ctx, n)
}

func (s *countingStore) reset() {
	s.mu.Lock()
	s.began, s.ended = 0, 0
	s.mu.Unlock()
}

// allCounted reports whether count is at least 1 for every store.
func allCounted(stores []*countingStore, count func(*countingStore) int) bool {
	for _, s := range stores {
		s.mu.Lock()
		n := count(s)
		s.mu.Unlock()
		if n == 0 {
			return false
		}
	}
	return true
}
