package relay

import (
	"context"
	"crypto/ed25519"
	"time"

	"github.com/cable/cable/internal/cable"
)

// RouteKind says how a node reaches a site.
type RouteKind string

// The route kinds.
const (
	Local  RouteKind = "local"  // served here
	Direct RouteKind = "direct" // the node that serves it is posted to
	Via    RouteKind = "via"    // a relay site takes it onward
)

// Route is how a node reaches a site: Hop is the node copies go to (the
// site's post for a direct route, the relay site for via), URL its relay
// endpoint. A local route has neither.
type Route struct {
	Site string
	Kind RouteKind
	// Node is the post whose node serves the site: the site itself, or
	// an office's post.
	Node string
	Hop  string
	URL  string
}

// TrustedKey is a remote site's key as the operator trusted it.
type TrustedKey struct {
	PLAD      string
	Key       ed25519.PublicKey
	Relay     string
	Card      string
	TrustedAt time.Time
}

// Sealed is a cable's envelope as a node stores it, with its telegram.
type Sealed struct {
	Envelope *Envelope
	Telegram string
}

// Inbound is a copy a node accepts from another, verified.
type Inbound struct {
	Envelope    *Envelope
	Telegram    string
	Cable       *cable.Cable // the telegram, parsed
	Addressee   string
	Role        cable.AddresseeRole
	Precedence  cable.Precedence
	AckRequired bool
	From        string // the node that posted it
	// Hop is empty for a copy delivered here, else the node it is
	// forwarded to (this node relays for the addressee).
	Hop string
}

// Accepted is what became of an inbound copy: when this node first
// received it, and whether it already held it.
type Accepted struct {
	ReceivedAt time.Time
	Duplicate  bool
}

// Link is the state of a link to a next hop, and its queue.
type Link struct {
	Hop       string
	Up        bool
	Since     time.Time // when it went up or down
	LastError string
	// Queued counts the copies waiting for the hop, by precedence.
	Queued map[cable.Precedence]int
	// Failed counts the copies routed to the hop that were given up, by
	// addressee.
	Failed map[string]int
}

// Store is what the network needs of a store: SQL only, every decision
// made here. sqlite.Traffic implements it.
type Store interface {
	// TrustedKey returns the key trusted for a site's node; NotFound when
	// none is.
	TrustedKey(ctx context.Context, plad string) (*TrustedKey, error)
	// TrustSite stores a verified card as the key of its site and sets
	// the site's relay URL, creating the directory entry as a post when
	// there is none.
	TrustSite(ctx context.Context, c *TrustedKey) error
	// RouteTo returns how this node reaches a site.
	RouteTo(ctx context.Context, plad string) (Route, error)
	// UseNonce records a request's nonce, reporting false when it was
	// seen already; nonces older than before are forgotten (none when
	// before is zero).
	UseNonce(ctx context.Context, site, nonce string, at, before time.Time) (bool, error)
	// Sealed returns the envelopes and telegrams of cables, by id.
	Sealed(ctx context.Context, ids []string) (map[string]*Sealed, error)
	// RetryRelay puts one claimed copy back, to be tried from at.
	RetryRelay(ctx context.Context, id int64, at time.Time, reason string) error
	// FailRelay gives up one claimed copy for reason: it is not tried
	// again, and the cable's history says why.
	FailRelay(ctx context.Context, id int64, reason string) error
	// RelayFailed puts copies back in the queue after a failed post: ids
	// retried from at, and every other copy for hop not before at either.
	RelayFailed(ctx context.Context, hop string, ids []int64, at time.Time, reason string) error
	// TakeReceipts records verified receipts for copies this node sent and
	// moves the copies on (relayed, delivered, acknowledged); a receipt
	// already held changes nothing. It returns how many were new.
	TakeReceipts(ctx context.Context, rs []*Receipt) (int, error)
	// ForwardReceipts keeps verified receipts for another node, to be
	// passed on.
	ForwardReceipts(ctx context.Context, rs []*Receipt) error
	// AcceptCopies stores inbound copies, each once, in one transaction:
	// archive, local delivery or onward relay, the actions a reply
	// answers, the offices it is slugged for.
	AcceptCopies(ctx context.Context, in []*Inbound) ([]Accepted, error)
	// PendingReceipts returns up to n receipts this node owes (unsigned),
	// and those it forwards (signed).
	PendingReceipts(ctx context.Context, n int) ([]*Receipt, error)
	// ReceiptsSent records that receipts reached their next hop.
	ReceiptsSent(ctx context.Context, rs []*Receipt) error
	// SetLink records a link's state.
	SetLink(ctx context.Context, hop string, up bool, at time.Time, reason string) error
	// Links returns the state and queue of every link.
	Links(ctx context.Context) ([]*Link, error)
}

// Auditor writes an entry to the store's audit log (the store's audit
// function, which the tamper-evident log will replace).
type Auditor interface {
	AuditRelay(ctx context.Context, action, site, cableID, detail string)
}
