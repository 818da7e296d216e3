package server_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/postgres"
)

// TestTrafficAPI_Seed_Postgres plays the seed's traffic through the API
// on a PostgreSQL store (a schema of its own, dropped at cleanup), as
// TestTrafficAPI_Seed does on SQLite: every page and route of traffic
// works alike on both stores.
func TestTrafficAPI_Seed_Postgres(t *testing.T) {
	t.Parallel()
	url := os.Getenv("CABLE_TEST_POSTGRES")
	if url == "" {
		if os.Getenv("CABLE_REQUIRE_POSTGRES") != "" {
			t.Fatal("CABLE_TEST_POSTGRES is not set, and CABLE_REQUIRE_POSTGRES says the PostgreSQL tests must run")
		}
		t.Skip("CABLE_TEST_POSTGRES is not set")
	}
	f := mustOpenTrafficAPIOn(t, func(now func() time.Time) trafficStore {
		b := make([]byte, 8)
		rand.Read(b)
		db := postgres.NewDB(url)
		db.Schema, db.PasswordIterations, db.MaxConns = "t_"+hex.EncodeToString(b), 1000, 4
		db.Logger = slog.New(slog.DiscardHandler)
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx := context.Background()
			conn, err := pgx.Connect(ctx, url)
			if err != nil {
				t.Errorf("drop schema %s: %v", db.Schema, err)
				return
			}
			defer conn.Close(ctx)
			if _, err := conn.Exec(ctx, `DROP SCHEMA `+pgx.Identifier{db.Schema}.Sanitize()+` CASCADE`); err != nil {
				t.Errorf("drop schema %s: %v", db.Schema, err)
			}
		})
		db.Now = now
		tr := postgres.NewTraffic(db)
		t.Cleanup(func() { tr.Close() })
		return tr
	})
	testTrafficAPISeed(t, f)
}
