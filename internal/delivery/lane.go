package delivery

import (
	"context"
	"time"

	"github.com/cable/cable/internal/cable"
)

// relayLane hands one batch of remote copies, most urgent first, to the
// batch relay, and tells the urgent lane while it is in flight.
func (c *loop) relayLane(ctx context.Context) int {
	ds, err := c.claim.ClaimRelayCopies(ctx, c.relayBatch, c.lease, cable.PrecedenceNone)
	if err != nil {
		c.fail("claim relay", err, ctx)
		return 0
	}
	if len(ds) == 0 {
		return 0
	}
	least := ds[0].Precedence
	for _, d := range ds {
		least = min(least, d.Precedence)
	}
	c.floor.Store(int32(least) + 1)
	c.poke(c.urgent) // a copy queued while this batch was claimed
	c.relayTo.(BatchRelay).RelayBatch(ctx, ds)
	c.floor.Store(0)
	return len(ds)
}

// urgentLane posts, while a relay batch is in flight, the copies more
// urgent than its least urgent one, IMMEDIATE or above, until none is
// left; it looks when woken and at each poll.
func (c *loop) urgentLane(ctx context.Context) {
	poll := time.NewTicker(c.pollInterval)
	defer poll.Stop()
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
				break // no batch in flight: its next claim takes them
			}
			ds, err := c.claim.ClaimRelayCopies(ctx, DefaultUrgentBatch, c.lease, max(floor, cable.Immediate))
			if err != nil {
				c.fail("claim urgent relay", err, ctx)
				break
			}
			if len(ds) > 0 {
				c.relayTo.(BatchRelay).RelayBatch(ctx, ds)
			}
			if len(ds) < DefaultUrgentBatch {
				break
			}
		}
	}
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
			c.poke(c.urgent)
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
