package delivery_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/postgres"
)

// heldBatches is the PostgreSQL store whose main batches, once their
// statement has delivered them, are held until release is closed, as a
// large batch that takes long would be: the dispatcher has a batch in
// hand meanwhile. Its DeliverUrgent (the local urgent lane's) is the
// store's own.
type heldBatches struct {
	*postgres.Traffic
	release chan struct{}
	inHand  chan struct{} // closed when the first batch is held
	once    sync.Once
}

func (s *heldBatches) DeliverQueued(ctx context.Context, n int) ([]*cable.Delivery, error) {
	ds, err := s.Traffic.DeliverQueued(ctx, n)
	if len(ds) > 0 {
		s.once.Do(func() { close(s.inHand) })
		select {
		case <-s.release:
		case <-ctx.Done():
		}
	}
	return ds, err
}

// TestDispatcher_LocalUrgentLane holds the dispatcher's batch of ROUTINE
// copies in hand and releases a FLASH and a PRIORITY cable: the FLASH
// must be delivered beside the batch (the local urgent lane), the
// PRIORITY, less urgent than IMMEDIATE, must wait for the batch; in the
// end every copy is delivered once.
func TestDispatcher_LocalUrgentLane(t *testing.T) {
	t.Parallel()
	url := pgURL(t)
	tr, admin, staff := openPG(t, url, pgSchema(t, url), true)
	rel, err := tr.ReleaseDraft(staff, draft(t, tr, staff, 0, cable.Routine, "AMEMBASSY TOKYO"))
	if err != nil {
		t.Fatal(err)
	}
	const backlog = 40
	if err := tr.QueueBacklog(admin, rel.CableID, backlog, cable.Routine, time.Now()); err != nil {
		t.Fatal(err)
	}
	st := &heldBatches{Traffic: tr, release: make(chan struct{}), inHand: make(chan struct{})}
	var mu sync.Mutex
	seen := map[int64]int{}
	byCable := map[string]bool{}
	d := &delivery.Dispatcher{Store: st, Logger: quiet, Batch: 8, PollInterval: 10 * time.Millisecond,
		OnDeliver: func(ds []*cable.Delivery) {
			mu.Lock()
			defer mu.Unlock()
			for _, x := range ds {
				seen[x.ID]++
				byCable[x.CableID] = true
			}
		}}
	if err := d.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer d.Stop()
	defer func() {
		select {
		case <-st.release:
		default:
			close(st.release)
		}
	}()
	<-st.inHand
	flash, err := tr.ReleaseDraft(staff, draft(t, tr, staff, 1, cable.Flash, "AMEMBASSY PARIS"))
	if err != nil {
		t.Fatal(err)
	}
	delivered := func(id string) func() bool {
		return func() bool {
			mu.Lock()
			defer mu.Unlock()
			return byCable[id]
		}
	}
	eventually(t, "the FLASH delivered beside the batch in hand", delivered(flash.CableID))
	priority, err := tr.ReleaseDraft(staff, draft(t, tr, staff, 2, cable.Priority, "AMEMBASSY ROME"))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the lane is woken, and polls every 10 ms
	if delivered(priority.CableID)() {
		t.Fatal("the PRIORITY copy was delivered while the batch was in hand: the lane takes only IMMEDIATE and above")
	}
	close(st.release)
	eventually(t, "the PRIORITY delivered after the batch", delivered(priority.CableID))
	eventually(t, "the outbox drained", func() bool { return queued(t, tr) == 0 })
	mu.Lock()
	defer mu.Unlock()
	if want := backlog + 3; len(seen) != want { // the backlog, the ROUTINE, the FLASH and the PRIORITY
		t.Errorf("%d copies delivered, want %d", len(seen), want)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("copy %d delivered %d times", id, n)
		}
	}
}
