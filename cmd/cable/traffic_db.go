package main

import (
	"context"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/postgres"
	"github.com/cable/cable/internal/relay"
	"github.com/cable/cable/internal/sqlite"
)

// trafficDB is a traffic store, SQLite's (sqlite.Traffic) or
// PostgreSQL's (postgres.Traffic): what the traffic commands use.
type trafficDB interface {
	cable.TrafficService
	cable.CableService
	cable.UserService
	delivery.Store
	relay.Store
	// DistributionOf returns a cable's distribution as the archive holds
	// it, slugs included.
	DistributionOf(ctx context.Context, id string) (access.Distribution, error)
	// NetworkSpeedOfService measures speed of service end to end.
	NetworkSpeedOfService(ctx context.Context, from, to time.Time) (sent, received []cable.SpeedOfService, err error)
	// Identity returns the node's site key, nil when it has none.
	Identity() *relay.Identity
	Close() error
}

// clockOf returns the clock a traffic store stamps its records with.
func clockOf(tr trafficDB) func() time.Time {
	switch t := tr.(type) {
	case *sqlite.Traffic:
		return t.Now
	case *postgres.Traffic:
		return t.Now
	}
	return time.Now
}

// openPostgresTraffic opens the traffic service on the PostgreSQL
// database at url.
func (m *Main) openPostgresTraffic(url string) (*postgres.Traffic, error) {
	db, err := m.openPostgres(url)
	if err != nil {
		return nil, err
	}
	return postgres.NewTraffic(db), nil
}
