package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/storetest"
)

// MustOpenDB opens an empty database in a temporary directory, with its
// search engine, as cable serve does.
func MustOpenDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db := mustOpenBare(tb)
	if err := db.StartSearchEngine(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return db
}

// mustOpenBare opens an empty database without the search engine, as a
// CLI command does: searches take the term streams and SQL.
func mustOpenBare(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db := sqlite.NewDB(filepath.Join(tb.TempDir(), sqlite.FileName))
	db.PasswordIterations = 1000 // tests need no work factor
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) storetest.Store { return MustOpenDB(tb) })
}

// TestStoreWithoutEngine runs the suite on the path of a search the
// engine does not answer (a CLI command, serve while the engine builds):
// the streams, checked in SQL.
func TestStoreWithoutEngine(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) storetest.Store { return mustOpenBare(tb) })
}
