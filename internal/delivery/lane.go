package delivery

import (
	"context"
	"time"

	"github.com/cable/cable/internal/cable"
)

// flight is a relay batch handed to the batch relay and not yet done.
type flight struct {
	least, most cable.Precedence
	done        chan struct{}
}

// relayLanes drains the remote copies, most urgent first, in batches
// handed to the batch relay, up to inFlight at a time while they are all
// of one precedence; it returns when the outbox holds no due copy and
// every batch is done. While batches are in flight the urgent lane may
// post copies more urgent than the least urgent of them.
func (c *loop) relayLanes(ctx context.Context) {
	var fl []*flight // oldest first
	defer func() {
		for _, f := range fl {
			<-f.done
		}
		c.floor.Store(0)
	}()
	for ctx.Err() == nil {
		c.beat.Store(time.Now().UnixNano())
		ds, err := c.claim.ClaimRelayCopies(ctx, c.relayBatch, c.lease, cable.PrecedenceNone)
		if err != nil {
			c.fail("claim relay", err, ctx)
			return
		}
		if len(ds) == 0 {
			return
		}
		fl = done(c.post(ctx, fl, ds, c.inFlight))
		c.setFloor(fl)
		if len(ds) < c.relayBatch {
			return
		}
	}
}

// overlaps reports whether f may be in flight beside the batches fl: all
// of one and the same precedence, so that whichever the receiver stores
// first, no copy lands after a less urgent one.
func overlaps(fl []*flight, f *flight) bool {
	for _, g := range fl {
		if g.least != g.most || g.most != f.most || f.least != f.most {
			return false
		}
	}
	return true
}

// setFloor tells the urgent lane the least urgent precedence in flight,
// and wakes it for copies queued while the batch was claimed.
func (c *loop) setFloor(fl []*flight) {
	least := fl[0].least
	for _, f := range fl {
		least = min(least, f.least)
	}
	c.floor.Store(int32(least) + 1)
	c.poke(c.urgent)
}

// urgentLane posts, while relay batches are in flight, the copies more
// urgent than their least urgent one, IMMEDIATE or above, until none is
// left; it looks when woken and at each poll. Its own batches overlap as
// the relay batches do (urgentInFlight of one precedence), so that a
// FLASH released while the one before it is being posted does not wait
// for that post's answer.
func (c *loop) urgentLane(ctx context.Context) {
	poll := time.NewTicker(c.pollInterval)
	defer poll.Stop()
	var fl []*flight // oldest first
	defer func() {
		for _, f := range fl {
			<-f.done
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.urgent:
		case <-poll.C:
		}
		for ctx.Err() == nil {
			floor := cable.Precedence(c.floor.Load())
			if floor == 0 {
				break // nothing in flight: the next claim takes them
			}
			ds, err := c.claim.ClaimRelayCopies(ctx, DefaultUrgentBatch, c.lease, max(floor, cable.Immediate))
			if err != nil {
				c.fail("claim urgent relay", err, ctx)
				break
			}
			if len(ds) > 0 {
				fl = c.post(ctx, fl, ds, urgentInFlight)
			}
			if len(ds) < DefaultUrgentBatch {
				break
			}
		}
		fl = done(fl)
	}
}

// urgentInFlight is how many urgent batches may be in flight at once.
const urgentInFlight = 4

// post hands ds to the batch relay in a goroutine once fewer than limit
// batches are in flight and those left overlap with it, and returns the
// batches in flight.
func (c *loop) post(ctx context.Context, fl []*flight, ds []*cable.Delivery, limit int) []*flight {
	f := &flight{least: ds[len(ds)-1].Precedence, most: ds[0].Precedence, done: make(chan struct{})}
	for len(fl) > 0 && (len(fl) >= limit || !overlaps(fl, f)) {
		<-fl[0].done
		fl = fl[1:]
	}
	go func() {
		defer close(f.done)
		c.relayTo.(BatchRelay).RelayBatch(ctx, ds)
	}()
	return append(fl, f)
}

// done drops the batches whose posts are over.
func done(fl []*flight) []*flight {
	out := fl[:0]
	for _, f := range fl {
		select {
		case <-f.done:
		default:
			out = append(out, f)
		}
	}
	return out
}

// fanOut passes each wake-up of the store to the main loop and the urgent
// lane.
func (c *loop) fanOut(ctx context.Context) {
	q := c.store.Queued()
	for {
		select {
		case <-ctx.Done():
			return
		case <-q:
			c.poke(c.wake)
			if c.urgent != nil {
				c.poke(c.urgent)
			}
			if c.localUrgent != nil {
				c.poke(c.localUrgent)
			}
		}
	}
}

// poke wakes a loop, unless a wake-up is pending.
func (c *loop) poke(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
