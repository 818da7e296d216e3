package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Waking dispatchers. A release's transaction notifies the channel of its
// schema (pg_notify, sent by PostgreSQL when it commits, never for a
// rollback); each process listens on a connection of its own and wakes
// its dispatcher, so that a FLASH released through any process is taken
// by every process's dispatcher at once rather than at its next poll.

// channel is the notification channel of the store's schema: stores in
// other schemas of one database (tests) do not wake each other.
func (t *Traffic) channel() string {
	if t.Schema == "" {
		return "cable_queued"
	}
	return "cable_queued_" + t.Schema
}

// Queued returns a channel that receives a value after a release, in this
// process or any other on the database, has queued deliveries. The first
// call starts listening; Close stops.
func (t *Traffic) Queued() <-chan struct{} {
	t.listenOnce.Do(func() {
		ctx, cancel := context.WithCancel(context.Background())
		t.listener = &listener{cancel: cancel, done: make(chan struct{})}
		go t.listen(ctx)
	})
	return t.queued
}

func (t *Traffic) notify() {
	select {
	case t.queued <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// listener is the goroutine that listens for releases.
type listener struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// listen holds a connection listening on the channel and wakes the
// dispatcher on each notification, until ctx ends. A lost connection is
// opened again; the dispatcher is woken then too, since a release may
// have been missed meanwhile (its poll would find it anyway).
func (t *Traffic) listen(ctx context.Context) {
	defer close(t.listener.done)
	cfg := t.pool.Config().ConnConfig.Copy()
	for wait := 100 * time.Millisecond; ctx.Err() == nil; wait = min(2*wait, 5*time.Second) {
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err == nil {
			_, err = conn.Exec(ctx, `LISTEN `+pgx.Identifier{t.channel()}.Sanitize())
		}
		if err == nil {
			wait = 100 * time.Millisecond
			t.notify()
			for err == nil {
				_, err = conn.WaitForNotification(ctx)
				if err == nil {
					t.notify()
				}
			}
		}
		if conn != nil {
			conn.Close(context.Background())
		}
		if ctx.Err() != nil {
			return
		}
		t.Logger.Warn("listen for releases", "err", err, "retry", wait)
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
	}
}

// Close stops listening and closes the database.
func (t *Traffic) Close() error {
	if t.listener != nil {
		t.listener.cancel()
		<-t.listener.done
	}
	return t.DB.Close()
}
