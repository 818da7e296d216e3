package relay

import (
	"context"
	"time"
)

// Run sends the receipts this node owes, and those it forwards, until ctx
// ends: it looks whenever Wake is called and every ReceiptEvery.
func (n *Node) Run(ctx context.Context) {
	n.Wake() // makes the channel, and looks at once
	n.mu.Lock()
	wake := n.wake
	n.mu.Unlock()
	every := n.ReceiptEvery
	if every <= 0 {
		every = 200 * time.Millisecond
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-t.C:
		}
		for ctx.Err() == nil && n.SendReceipts(ctx) {
		}
	}
}

// receiptBatch is how many receipts one look takes.
const receiptBatch = 256

// SendReceipts sends one batch of owed receipts, grouped by next hop, and
// reports whether there may be more to send now.
func (n *Node) SendReceipts(ctx context.Context) bool {
	rs, err := n.Store.PendingReceipts(ctx, receiptBatch)
	if err != nil {
		if ctx.Err() == nil {
			n.logger().Error("relay: owed receipts", "err", err)
		}
		return false
	}
	byHop := map[string][]*Receipt{}
	var hops []string
	look := newLookups(n.Store)
	for _, r := range rs {
		if r.Signature == nil {
			r.Sign(n.ID)
		}
		route, err := look.routeTo(ctx, r.Origin)
		if err != nil || route.Kind == Local {
			n.logger().Error("relay: no route for a receipt", "origin", r.Origin, "cable", r.CableID, "err", err)
			continue
		}
		if byHop[route.Hop] == nil {
			hops = append(hops, route.Hop)
		}
		byHop[route.Hop] = append(byHop[route.Hop], r)
	}
	progress := false
	for _, hop := range hops {
		if n.waiting(hop) {
			continue
		}
		if err := n.sendReceipts(ctx, hop, byHop[hop]); err != nil {
			if ctx.Err() == nil {
				n.logger().Warn("relay: receipts not sent", "hop", hop, "receipts", len(byHop[hop]), "err", err)
				n.holdReceipts(hop)
			}
			continue
		}
		progress = true
	}
	return progress && len(rs) == receiptBatch
}

func (n *Node) sendReceipts(ctx context.Context, hop string, rs []*Receipt) error {
	k, err := n.Store.TrustedKey(ctx, hop)
	if err != nil {
		return err
	}
	var resp ReceiptsResponse
	if err := n.post(ctx, k, PathReceipts, ReceiptsRequest{Receipts: rs}, &resp); err != nil {
		return err
	}
	for _, f := range resp.Refused {
		if f.Index >= 0 && f.Index < len(rs) {
			r := rs[f.Index]
			n.logger().Error("relay: receipt refused", "hop", hop, "cable", r.CableID, "addressee", r.Addressee, "kind", r.Kind, "reason", f.Reason)
		}
	}
	n.clearHold(hop)
	n.count("receipts", "sent", len(rs))
	return n.Store.ReceiptsSent(ctx, rs)
}

// holdReceipts keeps receipts for a hop that failed until its backoff
// passes; waiting reports whether that time has not come.
func (n *Node) holdReceipts(hop string) {
	d := n.backoff("receipts/" + hop)
	n.mu.Lock()
	if n.held == nil {
		n.held = map[string]time.Time{}
	}
	n.held[hop] = n.now().Add(d)
	n.mu.Unlock()
}

func (n *Node) waiting(hop string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.now().Before(n.held[hop])
}

func (n *Node) clearHold(hop string) {
	n.succeeded("receipts/" + hop)
	n.mu.Lock()
	delete(n.held, hop)
	n.mu.Unlock()
}
