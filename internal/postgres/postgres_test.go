package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/postgres"
	"github.com/cable/cable/internal/storetest"
)

// MustTestURL returns the database the PostgreSQL tests use, from
// CABLE_TEST_POSTGRES, and skips the test when it is not set, unless
// CABLE_REQUIRE_POSTGRES is set (as CI does), which makes it a failure:
// a CI run that skipped them would look green and have tested nothing.
func MustTestURL(tb testing.TB) string {
	tb.Helper()
	url := os.Getenv("CABLE_TEST_POSTGRES")
	if url != "" {
		return url
	}
	const how = "CABLE_TEST_POSTGRES is not set: set it to a database, e.g. postgres://cable:cable@localhost/cable_test?sslmode=disable"
	if os.Getenv("CABLE_REQUIRE_POSTGRES") != "" {
		tb.Fatal(how + " (CABLE_REQUIRE_POSTGRES is set, so the PostgreSQL tests must run)")
	}
	tb.Skip(how)
	return ""
}

// MustOpenDB opens an empty store in a schema of its own (t_ and random
// hex) in the test database, and drops the schema at cleanup.
func MustOpenDB(tb testing.TB) *postgres.DB {
	tb.Helper()
	url := MustTestURL(tb)
	b := make([]byte, 8)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	db := postgres.NewDB(url)
	db.Schema = schema
	db.PasswordIterations = 1000 // tests need no work factor
	db.MaxConns = 4
	if err := db.Open(); err != nil {
		tb.Fatalf("open %s: %v", schema, err)
	}
	tb.Cleanup(func() {
		db.Close()
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) storetest.Store { return MustOpenDB(tb) })
}

// TestDB_Open checks that opening an up-to-date store again applies no
// migration twice.
func TestDB_Open(t *testing.T) {
	db := MustOpenDB(t)
	again := postgres.NewDB(db.URL)
	again.Schema = db.Schema
	if err := again.Open(); err != nil {
		t.Fatalf("second Open() = %v", err)
	}
	defer again.Close()
	n, err := again.CountCables(context.Background())
	if err != nil || n != 0 {
		t.Errorf("CountCables() = %d, %v, want 0, nil", n, err)
	}
}

// TestMigrations_Numbering checks that both stores' migrations are named
// NNNN_name.sql and numbered from 1 without a gap or a repeat, as the
// runners apply them in name order and record them by number.
func TestMigrations_Numbering(t *testing.T) {
	name := regexp.MustCompile(`^(\d{4})_[a-z0-9_]+\.sql$`)
	for _, dir := range []string{"migrations", filepath.Join("..", "sqlite", "migrations")} {
		t.Run(dir, func(t *testing.T) {
			files, err := filepath.Glob(filepath.Join(dir, "*.sql"))
			if err != nil || len(files) == 0 {
				t.Fatalf("no migrations in %s: %v", dir, err)
			}
			for i, f := range files {
				m := name.FindStringSubmatch(filepath.Base(f))
				if m == nil {
					t.Errorf("%s: want a name NNNN_name.sql", f)
					continue
				}
				if n, _ := strconv.Atoi(m[1]); n != i+1 {
					t.Errorf("%s: number %d, want %d (no gaps, no repeats)", f, n, i+1)
				}
			}
		})
	}
	embedded, err := postgres.Migrations()
	if err != nil || len(embedded) == 0 {
		t.Fatalf("Migrations() = %v, %v", embedded, err)
	}
}

// TestStore_NotText checks that bytes PostgreSQL refuses as text (invalid
// UTF-8, NUL), which SQLite stores, are stored from a cable and answered
// as SQLite answers them from a caller, never as an internal error.
func TestStore_NotText(t *testing.T) {
	db := MustOpenDB(t)
	ctx := cable.NewContextWithUser(context.Background(), &cable.User{Name: "us-s", Clearance: "SECRET", Citizenship: "USA"})
	seed := strings.Replace(string(storetest.Seed(t)), "VERBATIM", "VERB\xffATIM WORD\x00Z", 1)
	if got := storetest.MustImport(t, db, []byte(seed)); got[0] != cable.Imported {
		t.Fatalf("import of a cable with invalid UTF-8 = %v, want new", got[0])
	}
	c, err := db.FindCableByID(ctx, "07STATE159388")
	if err != nil || !strings.Contains(c.Source.Body, "VERB\xffATIM") {
		t.Errorf("FindCableByID = %v: want the cable, byte for byte", err)
	}
	if res, err := db.Search(ctx, cable.SearchQuery{Text: "Hezbollah"}); err != nil || res.Total != 1 {
		t.Errorf("Search(Hezbollah) = %v, %v, want the cable", res, err)
	}
	if _, err := db.Search(ctx, cable.SearchQuery{Text: "\xff"}); cable.KindOf(err) != cable.Invalid {
		t.Errorf("Search(invalid UTF-8) error = %v, want Invalid", err)
	}
	for _, id := range []string{"07STATE\xff", "07STATE\x00"} {
		if _, err := db.FindCableByID(ctx, id); cable.KindOf(err) != cable.NotFound {
			t.Errorf("FindCableByID(%q) error = %v, want NotFound", id, err)
		}
		if _, err := db.FindRefs(ctx, id); cable.KindOf(err) != cable.NotFound {
			t.Errorf("FindRefs(%q) error = %v, want NotFound", id, err)
		}
	}
	if _, err := db.Authenticate(ctx, "\xff", "password"); cable.KindOf(err) != cable.Unauthenticated {
		t.Errorf("Authenticate(invalid UTF-8) error = %v, want Unauthenticated", err)
	}
}

// pgxConnect connects to the test database, outside any store's pool.
func pgxConnect(db *postgres.DB) (*pgx.Conn, error) {
	return pgx.Connect(context.Background(), db.URL)
}

// MustOpenDBWithEngine opens an empty store with the search engine
// started, as cable serve runs it.
func MustOpenDBWithEngine(tb testing.TB) *postgres.DB {
	tb.Helper()
	db := MustOpenDB(tb)
	if err := db.StartSearchEngine(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return db
}
