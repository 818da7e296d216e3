package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/postgres"
	"github.com/cable/cable/internal/storetest"
)

// TestDB_Rederive checks that an archive stored under older rules is
// brought up to today's at Open, as on SQLite: paragraph 7 of the seed,
// written (TOP SECRET), stored by the old reader as SECRET, is found by a
// TOP SECRET reader only once the store is opened again.
func TestDB_Rederive(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	ctx := context.Background()
	src := strings.Replace(string(storetest.Seed(t)), "7.(U) Please report", "7. (TOP SECRET) REDERIVEPROBE Please report", 1)
	if _, err := db.ImportCables(ctx, []*cable.Cable{cabletext.ParseString(src)}); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, MustTestURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	schema := pgx.Identifier{db.Schema}.Sanitize()
	for _, q := range []string{
		`UPDATE ` + schema + `.portions SET level = 2 WHERE kind = 'paragraph' AND number = 7`,
		`UPDATE ` + schema + `.derivation SET version = 1`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	secret := cable.NewContextWithUser(ctx, &cable.User{Name: "s", Clearance: "SECRET", Citizenship: "USA"})
	topSecret := cable.NewContextWithUser(ctx, &cable.User{Name: "ts", Clearance: "TOP SECRET", Citizenship: "USA"})
	search := func(db *postgres.DB, ctx context.Context) int {
		t.Helper()
		res, err := db.Search(ctx, cable.SearchQuery{Text: "REDERIVEPROBE"})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	if n := search(db, secret); n != 1 {
		t.Fatalf("the old form: a SECRET reader finds %d, want the seed (the leak the upgrade closes)", n)
	}
	again := postgres.NewDB(MustTestURL(t))
	again.Schema = db.Schema
	if err := again.Open(); err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if n := search(again, secret); n != 0 {
		t.Errorf("after Open, a SECRET reader finds the TOP SECRET paragraph: %d", n)
	}
	if n := search(again, topSecret); n != 1 {
		t.Errorf("after Open, a TOP SECRET reader finds %d cables, want the seed", n)
	}
}
