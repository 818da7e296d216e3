package delivery

import (
	"context"
	"time"

	"github.com/cable/cable/internal/cable"
)

// UrgentDeliverer is a Store that can deliver only the local copies of a
// precedence at least atLeast, and whose deliveries may run at once
// (PostgreSQL: each on a connection of its own, FOR UPDATE SKIP LOCKED).
// With it the dispatcher runs a local urgent lane: while a batch of
// local copies is in hand, a FLASH queued meanwhile is delivered beside
// it rather than after it.
type UrgentDeliverer interface {
	DeliverUrgent(ctx context.Context, n int, atLeast cable.Precedence) ([]*cable.Delivery, error)
}

// deliverBatch delivers one batch of local copies, telling the local
// urgent lane, while the batch is in hand, the least precedence it may
// take: above the least urgent copy of the batch before, and IMMEDIATE or
// above (the batch in hand is chosen by its statement, which says what it
// took only when it returns; behind a backlog it is as the one before).
func (c *loop) deliverBatch(ctx context.Context) ([]*cable.Delivery, error) {
	if c.localUrgent == nil {
		return c.store.DeliverQueued(ctx, c.batch)
	}
	// No wake-up here: a copy queued before this batch's statement began
	// is the batch's to take, most urgent first; the lane is woken for
	// those queued after (their release's notification).
	c.localFloor.Store(int32(max(c.lastLeast+1, cable.Immediate)))
	ds, err := c.store.DeliverQueued(ctx, c.batch)
	c.localFloor.Store(0)
	if len(ds) > 0 {
		c.lastLeast = ds[len(ds)-1].Precedence
	} else {
		c.lastLeast = cable.PrecedenceNone
	}
	return ds, err
}

// localLane delivers, while the main loop has a batch of local copies in
// hand, the copies more urgent than that batch (deliverBatch's floor), a
// few at a time, until none is left; it looks when woken and at each
// poll. With nothing in hand it leaves them to the main loop, whose next
// batch takes the most urgent first anyway.
func (c *loop) localLane(ctx context.Context) {
	poll := time.NewTicker(c.pollInterval)
	defer poll.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.localUrgent:
		case <-poll.C:
		}
		for ctx.Err() == nil {
			floor := cable.Precedence(c.localFloor.Load())
			if floor == 0 {
				break
			}
			ds, err := c.urgentLocal.DeliverUrgent(ctx, DefaultUrgentBatch, floor)
			if err != nil {
				c.fail("deliver urgent", err, ctx)
				break
			}
			c.delivered(ds)
			if len(ds) < DefaultUrgentBatch {
				break
			}
		}
	}
}

// delivered hands a batch delivered to OnDeliver, one call at a time:
// the main loop and the local urgent lane deliver at once.
func (c *loop) delivered(ds []*cable.Delivery) {
	if len(ds) == 0 || c.onDeliver == nil {
		return
	}
	c.onDeliverMu.Lock()
	defer c.onDeliverMu.Unlock()
	c.onDeliver(ds)
}
