package sqlite_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/cable/cable/internal/relay"
	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/storetest"
)

// MustOpenTraffic opens the traffic service on an empty database in a
// temporary directory, reading the time from now.
func MustOpenTraffic(tb testing.TB, now func() time.Time) *sqlite.Traffic {
	tb.Helper()
	db := sqlite.NewDB(filepath.Join(tb.TempDir(), sqlite.FileName))
	db.Now = now
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return sqlite.NewTraffic(db)
}

func TestTraffic(t *testing.T) {
	storetest.RunTraffic(t, func(tb testing.TB, now func() time.Time) storetest.TrafficStore {
		return MustOpenTraffic(tb, now)
	})
}

func TestNetwork(t *testing.T) {
	storetest.RunNetwork(t, func(tb testing.TB, now func() time.Time, site *relay.Identity) storetest.NetworkStore {
		tr := MustOpenTraffic(tb, now)
		tr.Site = site
		return tr
	})
}
