package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/relay"
	"github.com/cable/cable/internal/traffic"
)

// Traffic is the traffic service on a DB: the directory, drafts and
// clearances, releases, the outbox the delivery dispatcher drains,
// inboxes, acknowledgements and actions. It implements
// cable.TrafficService and delivery.Store, and, through the DB it embeds,
// the archive and user services.
//
// It is a type of its own rather than more methods on DB because it holds
// one piece of state, the channel that wakes the dispatcher when a release
// queues deliveries; the data itself is all in the DB.
type Traffic struct {
	*DB
	// Site is this node's identity in a network of sites (package relay):
	// when set, releases are sealed with its key and copies for remote
	// sites are routed to their next hop; nil serves alone, as before.
	Site   *relay.Identity
	queued chan struct{}
}

var _ cable.TrafficService = (*Traffic)(nil)

// NewTraffic returns the traffic service on db, which must be open.
func NewTraffic(db *DB) *Traffic {
	return &Traffic{DB: db, queued: make(chan struct{}, 1)}
}

// Queued returns a channel that receives a value after a release in this
// process has queued deliveries, so that a dispatcher need not wait for
// its next poll. Releases by other processes are found by polling.
func (t *Traffic) Queued() <-chan struct{} { return t.queued }

func (t *Traffic) notify() {
	select {
	case t.queued <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// system is the actor of the steps no person takes.
const system = traffic.System

// nanos and fromNanos convert times to and from the unix nanoseconds the
// traffic tables store; zero is the zero time.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UTC().UnixNano()
}

func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

func fromNull(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromNanos(n.Int64)
}

// execer is what both *sql.Tx and *sql.DB offer.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// addEvent records a step.
func addEvent(ctx context.Context, x execer, e cable.Event) error {
	_, err := x.ExecContext(ctx, `INSERT INTO events (at, kind, draft, cable, site, actor, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		nanos(e.At), string(e.Kind), e.DraftID, e.CableID, e.Site, e.By, e.Detail)
	if err != nil {
		return fmt.Errorf("record %s: %w", e.Kind, err)
	}
	return nil
}

// nextCounter takes the next number of a series (see the counters table).
func nextCounter(ctx context.Context, x execer, name string) (int, error) {
	var v int
	err := x.QueryRowContext(ctx, `INSERT INTO counters (name, value) VALUES (?, 1)
		ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`, name).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("counter %s: %w", name, err)
	}
	return v, nil
}

// jsonText marshals v for a JSON column; nil slices are [].
func jsonText(v any) string {
	b, _ := json.Marshal(v)
	if string(b) == "null" {
		return "[]"
	}
	return string(b)
}
