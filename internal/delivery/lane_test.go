package delivery_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/sqlite"
)

// heldRelay is a batch relay whose posts of batches holding a copy at or
// below hold wait until release is closed, as a receiver busy storing a
// large batch would; every batch is recorded as it is handed over, and
// each copy marked relayed on the real store once posted.
type heldRelay struct {
	st      delivery.Store
	hold    cable.Precedence
	release chan struct{}

	mu      sync.Mutex
	batches [][]*cable.Delivery
	inHold  bool // a held batch is in flight
}

func (r *heldRelay) Relay(ctx context.Context, d *cable.Delivery) error {
	r.RelayBatch(ctx, []*cable.Delivery{d})
	return nil
}

func (r *heldRelay) RelayBatch(ctx context.Context, ds []*cable.Delivery) {
	held := false
	for _, d := range ds {
		held = held || d.Precedence <= r.hold
	}
	r.mu.Lock()
	r.batches = append(r.batches, ds)
	r.inHold = r.inHold || held
	r.mu.Unlock()
	if held {
		select {
		case <-r.release:
		case <-ctx.Done():
			return
		}
	}
	for _, d := range ds {
		r.st.MarkRelayed(ctx, d.ID)
	}
}

// find returns the batches handed over so far holding a copy of the cable.
func (r *heldRelay) find(id string) (n int, alone bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, b := range r.batches {
		for _, d := range b {
			if d.CableID == id {
				n++
				alone = len(b) == 1
			}
		}
	}
	return n, alone
}

func (r *heldRelay) holding() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.inHold
}

// TestDispatcher_UrgentLane holds a relay batch of IMMEDIATE copies in
// flight (its post does not return) and releases more copies for the same
// relayed site: a FLASH must be handed to the relay while the batch is
// still in flight, in a batch of its own; an IMMEDIATE, no more urgent
// than the batch, must wait for it, so that a backlog still drains in
// precedence order.
func TestDispatcher_UrgentLane(t *testing.T) {
	t.Parallel()
	tr, admin, staff := openTraffic(t, filepath.Join(t.TempDir(), sqlite.FileName), true)
	url := "https://cable.example/relay"
	if _, err := tr.UpdateSite(admin, "AMEMBASSY PARIS", cable.SiteUpdate{Relay: &url}); err != nil {
		t.Fatal(err)
	}
	for i, p := range []cable.Precedence{cable.Immediate, cable.Immediate} {
		if _, err := tr.ReleaseDraft(staff, draft(t, tr, staff, i, p, "AMEMBASSY PARIS")); err != nil {
			t.Fatal(err)
		}
	}
	relay := &heldRelay{st: tr, hold: cable.Immediate, release: make(chan struct{})}
	d := &delivery.Dispatcher{Store: tr, Relay: relay, Logger: quiet, PollInterval: time.Hour, RelayBatch: 64}
	if err := d.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer d.Stop()
	waitFor(t, "the backlog's batch in flight", relay.holding)
	immediate, err := tr.ReleaseDraft(staff, draft(t, tr, staff, 10, cable.Immediate, "AMEMBASSY PARIS"))
	if err != nil {
		t.Fatal(err)
	}
	flash, err := tr.ReleaseDraft(staff, draft(t, tr, staff, 11, cable.Flash, "AMEMBASSY PARIS"))
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the FLASH handed to the relay while the batch is in flight", func() bool { n, _ := relay.find(flash.CableID); return n > 0 })
	if n, alone := relay.find(flash.CableID); n != 1 || !alone {
		t.Errorf("FLASH handed over %d times, alone in its batch: %v; want once, alone", n, alone)
	}
	time.Sleep(50 * time.Millisecond) // the lane's chance to take the IMMEDIATE wrongly
	if n, _ := relay.find(immediate.CableID); n != 0 {
		t.Errorf("the IMMEDIATE went past a batch in flight holding an IMMEDIATE copy: precedence order lost")
	}
	close(relay.release)
	waitFor(t, "the IMMEDIATE handed over after the batch", func() bool { n, _ := relay.find(immediate.CableID); return n == 1 })
}
