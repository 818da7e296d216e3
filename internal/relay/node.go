package relay

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/cable/cable/internal/cable"
)

// Node is a site's part in the network: it answers the relay endpoint
// (Handler), posts queued copies to their next hop (RelayBatch, called by
// the delivery dispatcher), and sends the receipts it owes (Run).
type Node struct {
	ID      *Identity
	Store   Store
	Auditor Auditor // may be nil
	Logger  *slog.Logger
	// Now dates relay requests (real time: the receiver checks the date
	// against its own clock). StoreNow is the store's clock, which times
	// retries; both default to time.Now.
	Now      func() time.Time
	StoreNow func() time.Time
	// Client posts to other nodes; it defaults to one with a 30 s timeout.
	Client *http.Client
	// ReceiptEvery is how often owed receipts are looked for when nothing
	// wakes the loop. Defaults to 200 ms.
	ReceiptEvery time.Duration
	// MaxBackoff bounds the wait before a failed link is tried again.
	// Defaults to a minute.
	MaxBackoff time.Duration
	// Count, when set, is told how many copies or receipts went out with
	// which outcome: ("copies", "sent"|"failed", n), ("receipts", "sent",
	// n). The operators' metrics count them (package metrics).
	Count func(what, outcome string, n int)
	// MaxRefusals is how many times in a row a next hop may refuse a copy
	// (for a reason its operator could cure: an origin or a key it does
	// not trust yet, a site missing from its directory) before the copy
	// is given up. Defaults to DefaultMaxRefusals.
	MaxRefusals int
	// StoreChunk is how many copies of a request without IMMEDIATE or
	// more urgent copies one transaction stores: a FLASH that arrives
	// meanwhile waits for at most the chunk being stored (the store takes
	// one writer at a time), and larger chunks save little (each copy's
	// archiving and indexing outweighs a commit). Defaults to
	// DefaultStoreChunk.
	StoreChunk int
	// Card is this node's card, served at GET /relay/v1/card; set it
	// under SetCard once the node's URL is known.
	Card *Card

	mu       sync.Mutex
	up       map[string]bool      // hops recorded up by this node since it started
	failures map[string]int       // consecutive failures per hop
	held     map[string]time.Time // hops whose receipts wait for their backoff
	purged   time.Time            // when old nonces were last forgotten
	// linkRetry is when each failed link is tried again (store time).
	linkRetry map[string]time.Time
	wake      chan struct{}
	// gate puts urgent copies received before bulk ones in the queue
	// for the store.
	gate urgentGate
	// posts numbers the posts to each hop as they begin, and
	// lastAnswered is the latest answered (posting).
	posts, lastAnswered map[string]int64
}

func (n *Node) now() time.Time {
	if n.Now != nil {
		return n.Now()
	}
	return time.Now()
}

func (n *Node) storeNow() time.Time {
	if n.StoreNow != nil {
		return n.StoreNow()
	}
	return n.now()
}

func (n *Node) logger() *slog.Logger {
	if n.Logger != nil {
		return n.Logger
	}
	return slog.Default()
}

func (n *Node) client() *http.Client {
	if n.Client != nil {
		return n.Client
	}
	return defaultClient
}

var defaultClient = &http.Client{Timeout: 30 * time.Second}

// DefaultMaxRefusals is Node.MaxRefusals's default: with the backoff
// doubling to a minute, ten refusals span about five minutes, time for
// the operators of a new link to trust each other's cards.
const DefaultMaxRefusals = 10

// DefaultStoreChunk is Node.StoreChunk's default.
const DefaultStoreChunk = 32

func (n *Node) storeChunk() int {
	if n.StoreChunk > 0 {
		return n.StoreChunk
	}
	return DefaultStoreChunk
}

func (n *Node) audit(ctx context.Context, action, site, cableID, detail string) {
	n.logger().Warn("relay: "+action, "site", site, "cable", cableID, "reason", detail)
	if n.Auditor != nil {
		n.Auditor.AuditRelay(ctx, action, site, cableID, detail)
	}
}

// SetCard sets the card the node serves.
func (n *Node) SetCard(c *Card) {
	n.mu.Lock()
	n.Card = c
	n.mu.Unlock()
}

// Relay posts one copy; it is there so that a Node is a delivery.Relay,
// but the dispatcher calls RelayBatch, which records outcomes itself.
func (n *Node) Relay(ctx context.Context, d *cable.Delivery) error {
	n.RelayBatch(ctx, []*cable.Delivery{d})
	return errBatched
}

// errBatched tells a dispatcher that calls Relay rather than RelayBatch
// not to mark the copy: its outcome is recorded already.
var errBatched = errors.New("relay: outcome recorded by RelayBatch")

// Wake makes the receipt loop look for owed receipts now (after a local
// delivery or an acknowledgement).
func (n *Node) Wake() {
	n.mu.Lock()
	if n.wake == nil {
		n.wake = make(chan struct{}, 1)
	}
	w := n.wake
	n.mu.Unlock()
	select {
	case w <- struct{}{}:
	default:
	}
}

// backoff records a failure of hop and returns the wait before the next
// try: 250 ms doubled per consecutive failure, at most MaxBackoff.
func (n *Node) backoff(hop string) time.Duration {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.failures == nil {
		n.failures = map[string]int{}
	}
	n.failures[hop]++
	delete(n.up, hop)
	limit := n.MaxBackoff
	if limit <= 0 {
		limit = time.Minute
	}
	d := 250 * time.Millisecond
	for i := 1; i < n.failures[hop] && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}

// failures reports how many times in a row key has failed.
func (n *Node) failuresOf(key string) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.failures[key]
}

// purgeBefore is the time before which UseNonce forgets nonces: NonceTTL
// ago, once a minute; between purges the zero time, which forgets
// nothing (a nonce kept a minute longer is harmless, a delete per
// request is not free).
func (n *Node) purgeBefore() time.Time {
	now := n.now()
	n.mu.Lock()
	defer n.mu.Unlock()
	if now.Sub(n.purged) < time.Minute {
		return time.Time{}
	}
	n.purged = now
	return now.Add(-NonceTTL)
}

// knownUp reports whether this node has recorded hop's link up since it
// started and not down since, and marks it so.
func (n *Node) knownUp(hop string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.up == nil {
		n.up = map[string]bool{}
	}
	was := n.up[hop]
	n.up[hop] = true
	return was
}

// succeeded records that hop answered; it reports whether the link was
// down.
func (n *Node) succeeded(hop string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	was := n.failures[hop] > 0
	delete(n.failures, hop)
	return was
}

// count tells Count, when set.
func (n *Node) count(what, outcome string, k int) {
	if n.Count != nil && k > 0 {
		n.Count(what, outcome, k)
	}
}
