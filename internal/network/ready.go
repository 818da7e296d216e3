package network

import (
	"context"
	"fmt"
	"time"

	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/relay"
	"github.com/cable/cable/internal/server"
)

// The node's checks of /readyz beside the database's (server/health.go).

// dispatcherStuckAfter is how many poll intervals the dispatcher may go
// without looking at the outbox before /readyz fails; at least
// dispatcherStuckMin, for a batch that takes a while.
const (
	dispatcherStuckAfter = 3
	dispatcherStuckMin   = 30 * time.Second
)

// dispatcherCheck fails when the dispatcher has not looked at the outbox
// for several of its intervals.
func dispatcherCheck(d *delivery.Dispatcher) server.ReadyCheck {
	return server.ReadyCheck{Name: "dispatcher", Check: func(ctx context.Context) (any, error) {
		last, every := d.LastRun()
		if last.IsZero() {
			return nil, fmt.Errorf("not running")
		}
		ago := time.Since(last)
		detail := map[string]any{"last_run_seconds_ago": ago.Seconds(), "interval_seconds": every.Seconds()}
		if ago > max(dispatcherStuckAfter*every, dispatcherStuckMin) {
			return detail, fmt.Errorf("has not run for %s", ago.Round(time.Second))
		}
		return detail, nil
	}}
}

// linksCheck reports how many relay links are up and down. A link down is
// another site's outage, which this node rides out by queueing: it does
// not make this node unready. Only a store that cannot say fails.
func linksCheck(s relay.Store) server.ReadyCheck {
	return server.ReadyCheck{Name: "relay_links", Check: func(ctx context.Context) (any, error) {
		links, err := s.Links(ctx)
		if err != nil {
			return nil, fmt.Errorf("link state unreadable")
		}
		up, down := 0, 0
		for _, l := range links {
			if l.Up {
				up++
			} else {
				down++
			}
		}
		return map[string]int{"up": up, "down": down}, nil
	}}
}
