package postgres_test

import (
	"testing"
	"time"

	"github.com/cable/cable/internal/postgres"
	"github.com/cable/cable/internal/relay"
	"github.com/cable/cable/internal/storetest"
)

// MustOpenTraffic opens the traffic service on an empty store in a schema
// of its own, reading the time from now.
func MustOpenTraffic(tb testing.TB, now func() time.Time) *postgres.Traffic {
	tb.Helper()
	db := MustOpenDB(tb)
	db.Now = now
	tr := postgres.NewTraffic(db)
	tb.Cleanup(func() { tr.Close() })
	return tr
}

// TestTraffic runs the traffic suite that the SQLite store passes, whole.
func TestTraffic(t *testing.T) {
	storetest.RunTraffic(t, func(tb testing.TB, now func() time.Time) storetest.TrafficStore {
		return MustOpenTraffic(tb, now)
	})
}

// TestNetwork runs the store's half of the network suite that the SQLite
// store passes, whole.
func TestNetwork(t *testing.T) {
	storetest.RunNetwork(t, func(tb testing.TB, now func() time.Time, site *relay.Identity) storetest.NetworkStore {
		tr := MustOpenTraffic(tb, now)
		tr.Site = site
		return tr
	})
}
