// Package delivery is the outbox dispatcher. A release writes one queued
// delivery per addressee in the transaction that archives the cable; the
// [Dispatcher] takes them, most urgent first (FLASH, NIACT IMMEDIATE,
// IMMEDIATE, PRIORITY, ROUTINE, then release time, then id), and puts
// each in its site's inbox, or hands it to a [Relay] for a site another
// system serves. It also escalates FLASH and NIACT copies that no one has
// acknowledged in time.
//
// Exactly once. For a local site the store's change of a copy from queued
// to delivered is the delivery, made in one statement: a copy cannot be
// delivered twice, and a crash at any point leaves it delivered or still
// queued. A relayed copy is leased, so that a relay that dies is replaced
// when the lease runs out; the remote system must take a copy it already
// holds as done (at least once, made exactly once by the receiver).
//
// Precedence. Each batch is chosen by one query ordered by precedence, so
// a FLASH released behind a backlog of ROUTINE copies waits for at most
// the batch in hand, and on a store whose deliveries may run at once
// ([UrgentDeliverer]) not even that: the local urgent lane delivers it
// beside the batch. A release wakes the dispatcher at once (Store.Queued;
// on PostgreSQL a release in any process), else it is found at the next
// poll.
package delivery

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cable/cable/internal/cable"
)

// Store is the outbox the dispatcher drains. Its methods take the most
// urgent copies first: precedence, then release time, then id.
type Store interface {
	// DeliverQueued delivers up to n queued copies for local sites and
	// returns them; each is delivered exactly once.
	DeliverQueued(ctx context.Context, n int) ([]*cable.Delivery, error)
	// ClaimRelay leases up to n copies for remote sites until now+lease
	// and returns them with their telegrams: queued copies due for a try
	// and copies whose lease ran out.
	ClaimRelay(ctx context.Context, n int, lease time.Duration) ([]*cable.Delivery, error)
	// MarkRelayed records that a claimed copy reached its site.
	MarkRelayed(ctx context.Context, id int64) error
	// RetryRelay puts a claimed copy back, to be tried from at.
	RetryRelay(ctx context.Context, id int64, at time.Time, reason string) error
	// EscalateUnacknowledged escalates, once, each delivered copy that
	// needs an acknowledgement and has waited longer than timeout(its
	// precedence), and returns them.
	EscalateUnacknowledged(ctx context.Context, timeout func(cable.Precedence) time.Duration) ([]*cable.Delivery, error)
	// Queued returns a channel that receives when deliveries are queued,
	// or nil when the store cannot tell (the dispatcher then polls).
	Queued() <-chan struct{}
}

// SecondEscalator is a store that escalates a second time, to the post's
// management, copies still unacknowledged a window after the first
// (sqlite.Traffic).
type SecondEscalator interface {
	EscalateSecond(ctx context.Context, timeout func(cable.Precedence) time.Duration) ([]*cable.Delivery, error)
}

// Relay hands a copy, whose Telegram is set, to the system that serves its
// site (Delivery.Relay names it). An error means the copy was not taken
// and is retried later.
type Relay interface {
	Relay(ctx context.Context, d *cable.Delivery) error
}

// BatchRelay is a Relay that takes a claimed batch whole (one request per
// next hop) and records each copy's outcome itself (package relay: a
// received receipt, a retry, a link put back with backoff). The
// dispatcher prefers it to Relay when the relay implements it.
type BatchRelay interface {
	RelayBatch(ctx context.Context, ds []*cable.Delivery)
}

// LaneClaimer is a Store that claims remote copies for a [BatchRelay]:
// only those of a precedence at least atLeast, and without their
// telegrams, which a batch relay reads itself (package relay posts the
// text its signed envelope covers). With it the dispatcher runs an urgent
// lane beside the relay batches (see [Dispatcher]).
type LaneClaimer interface {
	ClaimRelayCopies(ctx context.Context, n int, lease time.Duration, atLeast cable.Precedence) ([]*cable.Delivery, error)
}

// Defaults of [Dispatcher]'s fields.
const (
	DefaultBatch         = 64
	DefaultPollInterval  = time.Second
	DefaultEscalateEvery = 15 * time.Second
	DefaultLease         = time.Minute
	// DefaultRelayInFlight is Dispatcher.RelayInFlight's default.
	DefaultRelayInFlight = 2
	// DefaultUrgentBatch is how many copies the urgent lane claims at a
	// time: IMMEDIATE and more urgent copies come a few at a time.
	DefaultUrgentBatch = 16
)

// DefaultAckTimeout is how long a copy may wait for its acknowledgement:
// FLASH 10 minutes, NIACT IMMEDIATE 30 minutes; other copies are not
// escalated. (traffic.DefaultAckTimeout says the same; delivery imports
// only package cable.)
func DefaultAckTimeout(p cable.Precedence) time.Duration {
	switch p {
	case cable.Flash:
		return 10 * time.Minute
	case cable.NiactImmediate:
		return 30 * time.Minute
	}
	return 0
}

// DefaultBackoff is the wait before relay attempt n+1: 5 seconds doubled
// per attempt, at most 10 minutes.
func DefaultBackoff(attempt int) time.Duration {
	d := 5 * time.Second
	for i := 1; i < attempt && d < 10*time.Minute; i++ {
		d *= 2
	}
	return min(d, 10*time.Minute)
}

// Dispatcher drains the outbox. Set its fields, then Start it; Stop stops
// it. Its zero fields take the defaults.
//
// Urgent lane. When the relay is a [BatchRelay] and the store a
// [LaneClaimer], a second goroutine watches the outbox while a relay batch
// is in flight and posts, in small batches of their own, the copies more
// urgent than the least urgent of that batch (IMMEDIATE and above): a
// FLASH released while a batch of ROUTINE copies is being posted does not
// wait for the receiver to store the batch. It claims nothing while no
// batch is in flight, when the next claim takes the most urgent copies
// anyway; and never a copy as urgent as one in flight, so that a backlog
// drains in precedence order.
type Dispatcher struct {
	Store Store
	// Relay hands copies to remote systems; nil leaves remote copies
	// queued.
	Relay Relay
	// Now defaults to time.Now. It times relay retries and escalation
	// checks; the store stamps deliveries with its own clock.
	Now    func() time.Time
	Logger *slog.Logger // defaults to slog.Default()
	// Batch is how many copies one store call delivers. Defaults to
	// DefaultBatch. It bounds how long a FLASH waits behind a backlog: a
	// batch of 64 takes a few milliseconds and still delivers over 10,000
	// copies a second on SQLite (cable bench traffic).
	Batch int
	// RelayInFlight is how many relay batches may be in flight at once
	// when the relay is a BatchRelay and the store a LaneClaimer: the
	// next batch is claimed, read and posted while the receiver stores
	// the one before. Only batches of one and the same precedence overlap
	// (the receiver may store them in either order). Defaults to
	// DefaultRelayInFlight.
	RelayInFlight int
	// RelayBatch is how many remote copies one claim takes (and a batch
	// relay posts together). Defaults to Batch. A FLASH waits for the
	// relay batch in hand, whose time is the remote node's to archive it:
	// a node of the network claims fewer than it delivers locally.
	RelayBatch int
	// PollInterval is how often the outbox is looked at when nothing
	// wakes the dispatcher. Defaults to DefaultPollInterval.
	PollInterval time.Duration
	// EscalateEvery is how often unacknowledged copies are checked.
	// Defaults to DefaultEscalateEvery.
	EscalateEvery time.Duration
	// AckTimeout says how long a copy may go unacknowledged. Defaults to
	// DefaultAckTimeout.
	AckTimeout func(cable.Precedence) time.Duration
	// SecondAckTimeout says how long after the first escalation a copy
	// still unacknowledged goes to the post's management (when the store
	// is a SecondEscalator). Defaults to AckTimeout: FLASH 10 more
	// minutes, NIACT IMMEDIATE 30.
	SecondAckTimeout func(cable.Precedence) time.Duration
	// Notify, when set, is called with each escalation's copies and level
	// (1 duty officers, 2 management), in the dispatcher's goroutine: it
	// alerts people (package escalate) and must not block for long.
	Notify func(ctx context.Context, level int, ds []*cable.Delivery)
	// Lease is how long a relay holds a claimed copy. Defaults to
	// DefaultLease.
	Lease time.Duration
	// Backoff is the wait before a relay retry. Defaults to DefaultBackoff.
	Backoff func(attempt int) time.Duration
	// OnDeliver, when set, is called with each batch delivered, in the
	// dispatcher's goroutines, one call at a time (for progress, metrics
	// and tests).
	OnDeliver func([]*cable.Delivery)

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
	// beat is when the loop last went round or finished a batch (wall
	// clock, Unix nanoseconds), and every its poll interval: /readyz
	// tells a stuck dispatcher by them (LastRun).
	beat, every atomic.Int64
}

// LastRun returns when the dispatcher last looked at the outbox (by the
// wall clock, whatever Now says) and the interval it polls at; zero before
// Start. A dispatcher that has not looked for several intervals is stuck.
func (d *Dispatcher) LastRun() (time.Time, time.Duration) {
	b := d.beat.Load()
	if b == 0 {
		return time.Time{}, 0
	}
	return time.Unix(0, b), time.Duration(d.every.Load())
}

// loop is a running dispatcher: its fields with the defaults applied, so
// that changing a Dispatcher's fields while it runs changes nothing.
type loop struct {
	store         Store
	relayTo       Relay
	now           func() time.Time
	logger        *slog.Logger
	batch         int
	relayBatch    int
	pollInterval  time.Duration
	escalateEvery time.Duration
	ackTimeout    func(cable.Precedence) time.Duration
	ackTimeout2   func(cable.Precedence) time.Duration
	notify        func(ctx context.Context, level int, ds []*cable.Delivery)
	lease         time.Duration
	backoff       func(attempt int) time.Duration
	onDeliver     func([]*cable.Delivery)
	beat          *atomic.Int64
	// lanes is set when the urgent lane runs (laned); floor is then the
	// least urgent precedence of the relay batch in flight, plus one (0:
	// none in flight), and wake and urgent are the main loop's and the
	// lane's wake-ups, fanned out from the store's.
	lanes    bool
	claim    LaneClaimer
	inFlight int
	floor    atomic.Int32
	wake     chan struct{}
	urgent   chan struct{}
	// urgentLocal is set when the local urgent lane runs (the store is an
	// UrgentDeliverer); localFloor is then the least precedence it may
	// deliver (0: no batch in hand), lastLeast the least urgent copy of
	// the main loop's last batch, and localUrgent the lane's wake-up.
	urgentLocal UrgentDeliverer
	localFloor  atomic.Int32
	lastLeast   cable.Precedence
	localUrgent chan struct{}
	onDeliverMu sync.Mutex
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// Start starts the dispatcher in the background until ctx ends or Stop is
// called. Starting a running dispatcher does nothing.
func (d *Dispatcher) Start(ctx context.Context) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done != nil {
		return nil
	}
	if d.Store == nil {
		return errors.New("delivery: dispatcher has no store")
	}
	l := &loop{store: d.Store, relayTo: d.Relay, now: d.Now, logger: d.Logger, ackTimeout: d.AckTimeout, backoff: d.Backoff,
		onDeliver: d.OnDeliver, batch: max(d.Batch, 0), pollInterval: d.PollInterval, escalateEvery: d.EscalateEvery, lease: d.Lease}
	l.batch = orDefault(l.batch, DefaultBatch)
	l.relayBatch = orDefault(max(d.RelayBatch, 0), l.batch)
	l.pollInterval = orDefault(max(l.pollInterval, 0), DefaultPollInterval)
	l.escalateEvery = orDefault(max(l.escalateEvery, 0), DefaultEscalateEvery)
	l.lease = orDefault(max(l.lease, 0), DefaultLease)
	if l.now == nil {
		l.now = time.Now
	}
	if l.logger == nil {
		l.logger = slog.Default()
	}
	if l.ackTimeout == nil {
		l.ackTimeout = DefaultAckTimeout
	}
	l.ackTimeout2, l.notify = d.SecondAckTimeout, d.Notify
	if l.ackTimeout2 == nil {
		l.ackTimeout2 = l.ackTimeout
	}
	if l.backoff == nil {
		l.backoff = DefaultBackoff
	}
	l.beat = &d.beat
	if _, ok := l.relayTo.(BatchRelay); ok {
		l.claim, l.lanes = l.store.(LaneClaimer)
	}
	l.urgentLocal, _ = l.store.(UrgentDeliverer)
	l.inFlight = orDefault(max(d.RelayInFlight, 0), DefaultRelayInFlight)
	d.every.Store(int64(l.pollInterval))
	d.beat.Store(time.Now().UnixNano())
	ctx, d.cancel = context.WithCancel(ctx)
	d.done = make(chan struct{})
	go l.run(ctx, d.done)
	return nil
}

// Stop stops the dispatcher and waits for the batch in hand to finish. It
// is safe to call more than once, and before Start.
func (d *Dispatcher) Stop() {
	d.mu.Lock()
	cancel, done := d.cancel, d.done
	d.cancel, d.done = nil, nil
	d.mu.Unlock()
	if cancel == nil {
		return
	}
	cancel()
	<-done
}

// run is the loop: drain the outbox, escalate when due, then wait for a
// wake-up or the next poll. With lanes it starts the urgent lane and
// the fan-out of the store's wake-ups, and waits for them to end.
func (c *loop) run(ctx context.Context, done chan struct{}) {
	defer close(done)
	queued := c.store.Queued()
	var wg sync.WaitGroup
	defer wg.Wait()
	if c.lanes || c.urgentLocal != nil {
		c.wake = make(chan struct{}, 1)
		queued = c.wake
		wg.Add(1)
		go func() { defer wg.Done(); c.fanOut(ctx) }()
	}
	if c.lanes {
		c.urgent = make(chan struct{}, 1)
		wg.Add(1)
		go func() { defer wg.Done(); c.urgentLane(ctx) }()
	}
	if c.urgentLocal != nil {
		c.localUrgent = make(chan struct{}, 1)
		wg.Add(1)
		go func() { defer wg.Done(); c.localLane(ctx) }()
	}
	poll := time.NewTimer(c.pollInterval)
	defer poll.Stop()
	var escalated time.Time
	for {
		c.drain(ctx)
		if now := c.now(); now.Sub(escalated) >= c.escalateEvery {
			c.escalate(ctx)
			escalated = now
		}
		select {
		case <-ctx.Done():
			return
		case <-queued:
		case <-poll.C:
		}
		poll.Reset(c.pollInterval)
	}
}

// drain delivers until the outbox holds no due copy.
func (c *loop) drain(ctx context.Context) {
	for ctx.Err() == nil {
		c.beat.Store(time.Now().UnixNano())
		ds, err := c.deliverBatch(ctx)
		if err != nil {
			c.fail("deliver", err, ctx)
			return
		}
		c.delivered(ds)
		if len(ds) > 0 {
			c.logger.Debug("delivered", "copies", len(ds), "first", ds[0].CableID, "precedence", ds[0].Precedence)
		}
		if len(ds) < c.batch {
			break
		}
	}
	if c.lanes {
		c.relayLanes(ctx)
		return
	}
	for c.relayTo != nil && ctx.Err() == nil {
		c.beat.Store(time.Now().UnixNano())
		if n := c.relay(ctx); n < c.relayBatch {
			return
		}
	}
}

// relay hands one batch of remote copies to the relay and returns how
// many it claimed.
func (c *loop) relay(ctx context.Context) int {
	ds, err := c.store.ClaimRelay(ctx, c.relayBatch, c.lease)
	if err != nil {
		c.fail("claim relay", err, ctx)
		return 0
	}
	if b, ok := c.relayTo.(BatchRelay); ok {
		if len(ds) > 0 {
			b.RelayBatch(ctx, ds)
		}
		return len(ds)
	}
	var relayed []*cable.Delivery
	for _, d := range ds {
		if err := c.relayTo.Relay(ctx, d); err != nil {
			at := c.now().Add(c.backoff(d.Attempts))
			c.logger.Warn("relay failed", "cable", d.CableID, "site", d.Site, "relay", d.Relay, "attempt", d.Attempts, "retry_at", at, "err", err)
			if err := c.store.RetryRelay(ctx, d.ID, at, err.Error()); err != nil {
				c.fail("retry relay", err, ctx)
			}
			continue
		}
		if err := c.store.MarkRelayed(ctx, d.ID); err != nil {
			c.fail("mark relayed", err, ctx) // the lease runs out and it is relayed again
			continue
		}
		relayed = append(relayed, d)
	}
	c.delivered(relayed)
	return len(ds)
}

// escalate escalates the copies whose acknowledgement is overdue: to the
// duty officers, then (a store that can) to the management; and has the
// people of each level alerted.
func (c *loop) escalate(ctx context.Context) {
	ds, err := c.store.EscalateUnacknowledged(ctx, c.ackTimeout)
	if err != nil {
		c.fail("escalate", err, ctx)
		return
	}
	c.escalated(ctx, 1, ds)
	if se, ok := c.store.(SecondEscalator); ok {
		ds, err := se.EscalateSecond(ctx, c.ackTimeout2)
		if err != nil {
			c.fail("escalate to management", err, ctx)
			return
		}
		c.escalated(ctx, 2, ds)
	}
}

func (c *loop) escalated(ctx context.Context, level int, ds []*cable.Delivery) {
	for _, d := range ds {
		c.logger.Warn("escalated: not acknowledged", "cable", d.CableID, "site", d.Site, "precedence", d.Precedence,
			"level", level, "delivered_at", d.DeliveredAt)
	}
	if len(ds) > 0 && c.notify != nil {
		c.notify(ctx, level, ds)
	}
}

// fail logs a store error, unless the dispatcher is stopping.
func (c *loop) fail(what string, err error, ctx context.Context) {
	if ctx.Err() != nil {
		return
	}
	c.logger.Error("delivery: "+what, "err", err)
}
