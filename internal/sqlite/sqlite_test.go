package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/storetest"
)

// MustOpenDB opens an empty database in a temporary directory.
func MustOpenDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db := sqlite.NewDB(filepath.Join(tb.TempDir(), sqlite.FileName))
	db.PasswordIterations = 1000 // tests need no work factor
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.StartSearchEngine(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) storetest.Store { return MustOpenDB(tb) })
}
