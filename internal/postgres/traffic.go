package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/relay"
)

// Traffic is the traffic service on a PostgreSQL database: the directory,
// drafts and clearances, releases, the outbox, inboxes, acknowledgements
// and actions (cable.TrafficService and delivery.Store), beside the
// archive and user services of the DB it embeds. Every rule is package
// traffic's, as in the SQLite store; this type holds SQL, transactions
// and scanning.
//
// Several processes may serve one database. What they share is in it:
// counters are rows locked to the end of the release's transaction, the
// outbox is drained with FOR UPDATE SKIP LOCKED, and a release's commit
// notifies every process's dispatcher (LISTEN/NOTIFY, Queued).
type Traffic struct {
	*DB
	// Site is this node's identity in a network of sites (package relay):
	// when set, releases are sealed with its key and copies for remote
	// sites are routed to their next hop; nil serves alone. Every process
	// serving one site's database has the same.
	Site       *relay.Identity
	queued     chan struct{}
	listenOnce sync.Once
	listener   *listener
}

var _ cable.TrafficService = (*Traffic)(nil)

// NewTraffic returns the traffic service on db, which must be open. Call
// Close to stop listening for other processes' releases.
func NewTraffic(db *DB) *Traffic {
	return &Traffic{DB: db, queued: make(chan struct{}, 1)}
}

// nanos and fromNanos convert times to and from the unix nanoseconds the
// traffic tables store, as SQLite's do; zero is the zero time.
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

func fromNull(n *int64) time.Time {
	if n == nil {
		return time.Time{}
	}
	return fromNanos(*n)
}

// querier is what pgx.Tx, *pgxpool.Pool and *pgx.Conn offer.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// addEvent records a step.
func addEvent(ctx context.Context, q querier, e cable.Event) error {
	_, err := q.Exec(ctx, `INSERT INTO events (at, kind, draft, cable, site, actor, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		nanos(e.At), string(e.Kind), e.DraftID, e.CableID, e.Site, e.By, e.Detail)
	if err != nil {
		return fmt.Errorf("record %s: %w", e.Kind, err)
	}
	return nil
}

// nextCounter takes the next number of a series. The row stays locked to
// the end of the transaction, so another process's release from the same
// post waits for this one to commit or roll back: no gap, no repeat.
func nextCounter(ctx context.Context, q querier, name string) (int, error) {
	var v int
	err := q.QueryRow(ctx, nextCounterSQL, name).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("counter %s: %w", name, err)
	}
	return v, nil
}

const nextCounterSQL = `INSERT INTO counters (name, value) VALUES ($1, 1)
	ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value`

// counters are a release's counters in its transaction (traffic.Numbers).
type counters struct{ tx pgx.Tx }

func (c counters) Next(ctx context.Context, name string) (int, error) {
	return nextCounter(ctx, c.tx, name)
}

// NextAll takes the next number of each series in names, in one round
// trip (traffic.NumbersBatch); a batch runs its statements in order, so
// the rows are locked in the order named, as Next one by one would.
func (c counters) NextAll(ctx context.Context, names []string) ([]int, error) {
	b := &pgx.Batch{}
	for _, name := range names {
		b.Queue(nextCounterSQL, name)
	}
	br := c.tx.SendBatch(ctx, b)
	defer br.Close()
	out := make([]int, len(names))
	for i, name := range names {
		if err := br.QueryRow().Scan(&out[i]); err != nil {
			return nil, fmt.Errorf("counter %s: %w", name, err)
		}
	}
	return out, br.Close()
}

func (c counters) Archived(ctx context.Context, id string) (bool, error) {
	var ok bool
	err := c.tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM cables WHERE id = $1)`, id).Scan(&ok)
	return ok, err
}

// jsonText marshals v for a JSON column; nil slices are [].
func jsonText(v any) string {
	b, _ := json.Marshal(v)
	if string(b) == "null" {
		return "[]"
	}
	return string(b)
}

// isUnique reports whether err is a unique violation.
func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// inTx runs fn in a transaction of its own.
func (t *Traffic) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, t.pool, fn)
}

func scanStrings(rows pgx.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
