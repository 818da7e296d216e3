package relay

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
)

// RelayBatch posts claimed copies to their next hops, one request per hop,
// and records the outcome: received receipts move copies on, a refused
// copy is retried later with the reason, and a failed post puts the
// hop's copies back with backoff. It implements delivery.BatchRelay.
func (n *Node) RelayBatch(ctx context.Context, ds []*cable.Delivery) {
	byHop := map[string][]*cable.Delivery{}
	var hops []string
	for _, d := range ds {
		if byHop[d.Relay] == nil {
			hops = append(hops, d.Relay)
		}
		byHop[d.Relay] = append(byHop[d.Relay], d)
	}
	for _, hop := range hops {
		if n.holding(ctx, hop, byHop[hop]) {
			continue
		}
		parts := urgentFirst(byHop[hop])
		for i, part := range parts {
			post := n.posting(hop)
			if err := n.relayTo(ctx, hop, part); err != nil {
				if ctx.Err() == nil { // the link is down: every copy left goes back
					left := slices.Concat(parts[i:]...)
					n.count("copies", "failed", len(left))
					n.linkFailed(ctx, hop, left, err, post)
				}
				break
			}
			n.answered(hop, post)
			n.count("copies", "sent", len(part))
		}
	}
}

// urgentFirst splits a hop's copies (most urgent first, as claimed) into
// the IMMEDIATE and more urgent ones and the others, so that a FLASH
// claimed with a batch of ROUTINE copies is posted in a small request of
// its own rather than waiting for the receiver to archive the batch.
func urgentFirst(ds []*cable.Delivery) [][]*cable.Delivery {
	i := 0
	for i < len(ds) && ds[i].Precedence >= cable.Immediate {
		i++
	}
	if i == 0 || i == len(ds) {
		return [][]*cable.Delivery{ds}
	}
	return [][]*cable.Delivery{ds[:i], ds[i:]}
}

// holding puts back, unposted, copies for a hop whose link waits for its
// retry time (copies queued after the link failed, whose own retry time
// has not been put off): every copy for the hop is then due at the same
// time, and the link that comes back is drained most urgent first.
func (n *Node) holding(ctx context.Context, hop string, ds []*cable.Delivery) bool {
	n.mu.Lock()
	at := n.linkRetry[hop]
	n.mu.Unlock()
	if !n.storeNow().Before(at) {
		return false
	}
	ids := make([]int64, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	if err := n.Store.RelayFailed(ctx, hop, ids, at, "waiting for the link to "+hop+" to be tried again"); err != nil {
		n.logger().Error("relay: hold copies", "hop", hop, "err", err)
	}
	return true
}

// posting numbers a post to hop, in the order posts begin; answered
// records that post was answered. Posts to one hop overlap (the
// dispatcher's urgent lane, two batches in flight), so a post that began
// before the link came back may fail after a later one succeeded.
func (n *Node) posting(hop string) int64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.posts == nil {
		n.posts, n.lastAnswered = map[string]int64{}, map[string]int64{}
	}
	n.posts[hop]++
	return n.posts[hop]
}

func (n *Node) answered(hop string, post int64) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.lastAnswered[hop] = max(n.lastAnswered[hop], post)
}

// stale reports whether a post that began after post was answered.
func (n *Node) stale(hop string, post int64) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.lastAnswered[hop] > post
}

// linkFailed puts a hop's copies back and marks the link down, unless a
// post begun after the failed one was answered: the link works, and the
// copies are retried at once, without backoff.
func (n *Node) linkFailed(ctx context.Context, hop string, ds []*cable.Delivery, err error, post int64) {
	if n.stale(hop, post) {
		n.logger().Warn("relay: post failed, the link works since", "hop", hop, "copies", len(ds), "err", err)
		for _, d := range ds {
			if e := n.Store.RetryRelay(ctx, d.ID, n.storeNow(), err.Error()); e != nil {
				n.logger().Error("relay: put a copy back", "hop", hop, "cable", d.CableID, "err", e)
			}
		}
		return
	}
	wait := n.backoff(hop)
	at := n.storeNow().Add(wait)
	n.mu.Lock()
	if n.linkRetry == nil {
		n.linkRetry = map[string]time.Time{}
	}
	n.linkRetry[hop] = at
	n.mu.Unlock()
	ids := make([]int64, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	n.logger().Warn("relay: link failed", "hop", hop, "copies", len(ds), "retry_in", wait, "err", err)
	if e := n.Store.RelayFailed(ctx, hop, ids, at, err.Error()); e != nil {
		n.logger().Error("relay: put copies back", "hop", hop, "err", e)
	}
	if e := n.Store.SetLink(ctx, hop, false, n.storeNow(), err.Error()); e != nil {
		n.logger().Error("relay: link state", "hop", hop, "err", e)
	}
}

// relayTo posts copies to hop and records the receipts.
func (n *Node) relayTo(ctx context.Context, hop string, ds []*cable.Delivery) error {
	k, err := n.Store.TrustedKey(ctx, hop)
	if err != nil {
		return fmt.Errorf("next hop %s: %w", hop, err)
	}
	ids := make([]string, 0, len(ds))
	for _, d := range ds {
		ids = append(ids, d.CableID)
	}
	sealed, err := n.Store.Sealed(ctx, ids)
	if err != nil {
		return err
	}
	req := CopiesRequest{}
	var sent []*cable.Delivery
	for _, d := range ds {
		s := sealed[d.CableID]
		if s == nil {
			n.fail(ctx, d, "no signed envelope: the cable was released before this node had a site key")
			continue
		}
		req.Copies = append(req.Copies, &Copy{Envelope: s.Envelope, Telegram: s.Telegram, Addressee: d.Site, Role: string(d.Role),
			Precedence: d.Precedence.String(), AckRequired: d.AckRequired})
		sent = append(sent, d)
	}
	if len(sent) == 0 {
		return nil
	}
	var resp CopiesResponse
	if err := n.post(ctx, k, PathCopies, req, &resp); err != nil {
		return err
	}
	return n.recordCopies(ctx, hop, k, sent, &resp)
}

// recordCopies takes the answer to a post of copies.
func (n *Node) recordCopies(ctx context.Context, hop string, k *TrustedKey, sent []*cable.Delivery, resp *CopiesResponse) error {
	var good []*Receipt
	got := map[string]bool{}
	for _, r := range resp.Receipts {
		if r == nil || r.Kind != Received || r.Signer != hop {
			continue
		}
		if err := r.Verify(k.Key); err != nil {
			n.audit(ctx, "relay-receipt-refused", hop, r.CableID, err.Error())
			continue
		}
		good = append(good, r)
		got[r.CableID+"\x00"+r.Addressee] = true
	}
	if _, err := n.Store.TakeReceipts(ctx, good); err != nil {
		return fmt.Errorf("take receipts: %w", err)
	}
	refused := map[int]Refusal{}
	for _, f := range resp.Refused {
		refused[f.Index] = f
	}
	for i, d := range sent {
		if got[d.CableID+"\x00"+d.Site] {
			continue
		}
		f := refused[i]
		if f.Reason == "" {
			f.Reason = "the next hop answered no receipt for it"
		}
		n.refused(ctx, d, "refused by "+hop+": "+f.Reason, f.Permanent)
	}
	if !n.succeeded(hop) && n.knownUp(hop) {
		return nil // up already: no write per batch
	}
	n.logger().Info("relay: link up", "hop", hop)
	return n.Store.SetLink(ctx, hop, true, n.storeNow(), "")
}

// refused deals with a copy the next hop refused: it is given up when the
// refusal is permanent or the last of MaxRefusals in a row, else retried
// with backoff.
func (n *Node) refused(ctx context.Context, d *cable.Delivery, reason string, permanent bool) {
	key := "copy/" + d.CableID + "/" + d.Site
	wait := n.backoff(key)
	limit := n.MaxRefusals
	if limit <= 0 {
		limit = DefaultMaxRefusals
	}
	if permanent || n.failuresOf(key) >= limit {
		n.succeeded(key) // forget the count
		n.fail(ctx, d, reason)
		return
	}
	n.logger().Warn("relay: copy refused", "cable", d.CableID, "site", d.Site, "reason", reason, "retry_in", wait)
	if err := n.Store.RetryRelay(ctx, d.ID, n.storeNow().Add(wait), reason); err != nil {
		n.logger().Error("relay: retry", "cable", d.CableID, "site", d.Site, "err", err)
	}
}

// fail gives a copy up: it is logged as an error and audited (the
// operator's alert), and the cable's delivery list and history and the
// directory's failed count show it.
func (n *Node) fail(ctx context.Context, d *cable.Delivery, reason string) {
	n.logger().Error("relay: copy given up", "cable", d.CableID, "site", d.Site, "hop", d.Relay, "reason", reason)
	if n.Auditor != nil {
		n.Auditor.AuditRelay(ctx, "relay-copy-failed", d.Relay, d.CableID, d.Site+": "+reason)
	}
	if err := n.Store.FailRelay(ctx, d.ID, reason); err != nil {
		n.logger().Error("relay: give up a copy", "cable", d.CableID, "site", d.Site, "err", err)
	}
}

// post sends a signed request to a node and checks its signed answer.
func (n *Node) post(ctx context.Context, k *TrustedKey, path string, body, out any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(k.Relay, "/")+path, bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("post to %s: %w", k.PLAD, err)
	}
	req.Header.Set("Content-Type", "application/json")
	nonce := SignRequest(n.ID, req, b, n.now())
	res, err := n.client().Do(req)
	if err != nil {
		return fmt.Errorf("post to %s: %w", k.PLAD, err)
	}
	defer res.Body.Close()
	rb, err := io.ReadAll(io.LimitReader(res.Body, MaxBody+1))
	if err != nil {
		return fmt.Errorf("post to %s: reading the answer: %w", k.PLAD, err)
	}
	if res.StatusCode != http.StatusOK {
		var e ErrorBody
		json.Unmarshal(rb, &e)
		return fmt.Errorf("post to %s: %s: %s", k.PLAD, res.Status, e.Error)
	}
	if err := VerifyResponse(k.Key, k.PLAD, res.Header, nonce, res.StatusCode, rb); err != nil {
		return fmt.Errorf("post to %s: %w", k.PLAD, err)
	}
	if err := json.Unmarshal(rb, out); err != nil {
		return fmt.Errorf("post to %s: the answer: %w", k.PLAD, err)
	}
	return nil
}
