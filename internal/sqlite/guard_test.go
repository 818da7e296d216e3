package sqlite_test

import (
	"testing"

	"github.com/cable/cable/internal/storetest"
)

func TestGuard(t *testing.T) {
	storetest.RunGuard(t, func(tb testing.TB, clock *storetest.GuardClock) storetest.GuardStore {
		db := MustOpenDB(tb)
		db.Now = clock.Now
		return db
	})
}
