package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/storetest"
)

// TestDB_Rederive checks that an archive stored under older rules is
// brought up to today's at Open: paragraph 7 of the seed, written
// (TOP SECRET), was stored by the old reader as the banner's SECRET, so a
// SECRET reader found its word; after Open it is stored as TOP SECRET,
// found by a TOP SECRET reader only, and the offices traffic slugged the
// cable to still see it.
func TestDB_Rederive(t *testing.T) {
	t.Parallel()
	src := strings.Replace(string(storetest.Seed(t)), "7.(U) Please report", "7. (TOP SECRET) REDERIVEPROBE Please report", 1)
	path := filepath.Join(t.TempDir(), sqlite.FileName)
	db := sqlite.NewDB(path)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	MustImport(t, db, []*cable.Cable{cabletext.ParseString(src)})
	db.Close()
	ar, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		// The form the old rules stored: paragraph 7 took the SECRET banner.
		`UPDATE portions SET level = 2 WHERE kind = 'paragraph' AND number = 7`,
		`INSERT INTO parties (cable, plad, role) SELECT rowid, 'EAP', 'slug' FROM cables`,
		`UPDATE derivation SET version = 1`,
	} {
		if _, err := ar.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	ar.Close()
	secret := cable.NewContextWithUser(context.Background(), &cable.User{Name: "s", Clearance: "SECRET", Citizenship: "USA"})
	topSecret := cable.NewContextWithUser(context.Background(), &cable.User{Name: "ts", Clearance: "TOP SECRET", Citizenship: "USA"})
	eap := cable.NewContextWithUser(context.Background(), &cable.User{Name: "eap", Clearance: "SECRET", Citizenship: "CHN", Posts: []string{"EAP"}})
	search := func(db *sqlite.DB, ctx context.Context) int {
		t.Helper()
		res, err := db.Search(ctx, cable.SearchQuery{Text: "REDERIVEPROBE"})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	db = sqlite.NewDB(path)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := search(db, secret); n != 0 {
		t.Errorf("after Open, a SECRET reader finds the TOP SECRET paragraph: %d", n)
	}
	if n := search(db, topSecret); n != 1 {
		t.Errorf("after Open, a TOP SECRET reader finds %d cables, want the seed", n)
	}
	if _, err := db.FindCableByID(eap, "07STATE159388"); err != nil {
		t.Errorf("after Open, a member of the slugged office EAP: %v, want the cable", err)
	}
}
