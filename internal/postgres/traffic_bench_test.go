package postgres_test

import (
	"testing"
	"time"

	"github.com/cable/cable/internal/storetest"
)

// BenchmarkActionSites measures the inbox's open actions for a user of a
// thousand sites (storetest.BenchmarkActionSites).
func BenchmarkActionSites(b *testing.B) {
	storetest.BenchmarkActionSites(b, func(tb testing.TB, now func() time.Time) storetest.TrafficStore {
		return MustOpenTraffic(tb, now)
	})
}
