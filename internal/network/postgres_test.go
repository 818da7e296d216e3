package network_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/postgres"
)

// startPGNode starts the node of plad on a PostgreSQL store in a schema
// of its own (dropped at cleanup), with its site key in dir. It skips
// without CABLE_TEST_POSTGRES, unless CABLE_REQUIRE_POSTGRES makes that a
// failure.
func startPGNode(t testing.TB, dir, plad string) *testNode {
	t.Helper()
	url := os.Getenv("CABLE_TEST_POSTGRES")
	if url == "" {
		if os.Getenv("CABLE_REQUIRE_POSTGRES") != "" {
			t.Fatal("CABLE_TEST_POSTGRES is not set, and CABLE_REQUIRE_POSTGRES says the PostgreSQL tests must run")
		}
		t.Skip("CABLE_TEST_POSTGRES is not set")
	}
	b := make([]byte, 8)
	rand.Read(b)
	db := postgres.NewDB(url)
	db.Schema, db.Logger, db.PasswordIterations, db.MaxConns = "t_"+hex.EncodeToString(b), quiet, 1000, 4
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // after the node's own cleanup, which closes the store
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
	return startNodeOn(t, dir, plad, postgres.NewTraffic(db), func() time.Time { return db.Now() })
}

// TestRelay_EndToEnd_Postgres is TestRelay_EndToEnd with both sites'
// nodes on PostgreSQL: relayed sites work the same there.
func TestRelay_EndToEnd_Postgres(t *testing.T) {
	t.Parallel()
	testEndToEnd(t, startPGNode)
}
