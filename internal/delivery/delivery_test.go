package delivery_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
)

// fakeStore is an outbox in memory: a list of queued copies, most urgent
// first, and relayed copies with their attempts.
type fakeStore struct {
	mu        sync.Mutex
	queued    []*cable.Delivery
	relay     []*cable.Delivery
	delivered []*cable.Delivery
	retries   int
	escalated int
	wake      chan struct{}
}

func newFakeStore() *fakeStore { return &fakeStore{wake: make(chan struct{}, 1)} }

func (s *fakeStore) add(ds ...*cable.Delivery) {
	s.mu.Lock()
	for _, d := range ds {
		if d.Relay != "" {
			s.relay = append(s.relay, d)
		} else {
			s.queued = append(s.queued, d)
		}
	}
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *fakeStore) DeliverQueued(_ context.Context, n int) ([]*cable.Delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n = min(n, len(s.queued))
	out := s.queued[:n]
	s.queued = s.queued[n:]
	s.delivered = append(s.delivered, out...)
	return out, nil
}

func (s *fakeStore) ClaimRelay(_ context.Context, n int, _ time.Duration) ([]*cable.Delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*cable.Delivery
	for _, d := range s.relay {
		if d.State == cable.DeliveryQueued && len(out) < n {
			d.State = cable.DeliverySending
			d.Attempts++
			out = append(out, d)
		}
	}
	return out, nil
}

func (s *fakeStore) MarkRelayed(_ context.Context, id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.relay {
		if d.ID == id {
			d.State = cable.DeliveryDelivered
			s.delivered = append(s.delivered, d)
		}
	}
	return nil
}

func (s *fakeStore) RetryRelay(_ context.Context, id int64, _ time.Time, _ string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.retries++
	for _, d := range s.relay {
		if d.ID == id {
			d.State = cable.DeliveryQueued
		}
	}
	return nil
}

func (s *fakeStore) EscalateUnacknowledged(_ context.Context, timeout func(cable.Precedence) time.Duration) ([]*cable.Delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.escalated++
	return nil, nil
}

func (s *fakeStore) Queued() <-chan struct{} { return s.wake }

func (s *fakeStore) deliveredCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.delivered)
}

// eventually waits up to a second for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("%s: not within a second", what)
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestDispatcher_StartStop(t *testing.T) {
	t.Parallel()
	var d delivery.Dispatcher
	d.Stop() // before Start: nothing to do
	if err := d.Start(context.Background()); err == nil {
		t.Error("Start without a store: no error")
	}
	s := newFakeStore()
	d = delivery.Dispatcher{Store: s, Logger: quiet}
	if err := d.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := d.Start(context.Background()); err != nil {
		t.Errorf("second Start: %v", err)
	}
	d.Stop()
	d.Stop()
	if err := d.Start(context.Background()); err != nil { // a stopped dispatcher starts again
		t.Fatal(err)
	}
	s.add(&cable.Delivery{ID: 1})
	eventually(t, "delivery after a restart", func() bool { return s.deliveredCount() == 1 })
	d.Stop()
}

func TestDispatcher_WakesOnQueue(t *testing.T) {
	t.Parallel()
	s := newFakeStore()
	d := &delivery.Dispatcher{Store: s, Logger: quiet, PollInterval: time.Hour, Batch: 2}
	var batches [][]int64
	var mu sync.Mutex
	d.OnDeliver = func(ds []*cable.Delivery) {
		mu.Lock()
		defer mu.Unlock()
		var ids []int64
		for _, x := range ds {
			ids = append(ids, x.ID)
		}
		batches = append(batches, ids)
	}
	if err := d.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer d.Stop()
	time.Sleep(10 * time.Millisecond) // the first drain has found nothing
	s.add(&cable.Delivery{ID: 1}, &cable.Delivery{ID: 2}, &cable.Delivery{ID: 3})
	eventually(t, "delivery without waiting an hour for the poll", func() bool { return s.deliveredCount() == 3 })
	mu.Lock()
	defer mu.Unlock()
	if len(batches) != 2 || len(batches[0]) != 2 {
		t.Errorf("batches = %v, want [1 2] then [3]: a full batch is followed at once by the next", batches)
	}
}

type failingRelay struct {
	mu    sync.Mutex
	fails int
	calls int
}

func (r *failingRelay) Relay(_ context.Context, d *cable.Delivery) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	if r.calls <= r.fails {
		return errors.New("remote system unavailable")
	}
	return nil
}

func TestDispatcher_Relay(t *testing.T) {
	t.Parallel()
	s := newFakeStore()
	r := &failingRelay{fails: 2}
	d := &delivery.Dispatcher{Store: s, Relay: r, Logger: quiet, PollInterval: time.Millisecond,
		Backoff: func(int) time.Duration { return 0 }}
	s.add(&cable.Delivery{ID: 7, Relay: "https://remote.example", State: cable.DeliveryQueued})
	if err := d.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer d.Stop()
	eventually(t, "relay after two failures", func() bool { return s.deliveredCount() == 1 })
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.retries != 2 || s.relay[0].Attempts != 3 {
		t.Errorf("retries %d, attempts %d; want 2 retries and 3 attempts", s.retries, s.relay[0].Attempts)
	}
}

func TestDefaultBackoff(t *testing.T) {
	t.Parallel()
	for attempt, want := range map[int]time.Duration{1: 5 * time.Second, 2: 10 * time.Second, 4: 40 * time.Second, 20: 10 * time.Minute} {
		if got := delivery.DefaultBackoff(attempt); got != want {
			t.Errorf("DefaultBackoff(%d) = %s, want %s", attempt, got, want)
		}
	}
	if delivery.DefaultAckTimeout(cable.Flash) != 10*time.Minute || delivery.DefaultAckTimeout(cable.NiactImmediate) != 30*time.Minute ||
		delivery.DefaultAckTimeout(cable.Immediate) != 0 {
		t.Error("DefaultAckTimeout: want FLASH 10m, NIACT 30m, others never")
	}
}
