package postgres_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/postgres"
)

// indexes returns which of the deferred indexes the store's schema has.
func indexes(t *testing.T, db *postgres.DB) map[string]bool {
	t.Helper()
	conn, err := pgxConnect(db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(context.Background(), `SELECT indexname FROM pg_indexes WHERE schemaname = $1
		AND indexname IN ('parties_plad', 'tags_tag', 'refs_target', 'cables_dtg', 'cables_origin')`, db.Schema)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		out[n] = true
	}
	return out
}

// countRows counts the rows of a table of the store.
func countRows(t *testing.T, db *postgres.DB, table string) int {
	t.Helper()
	conn, err := pgxConnect(db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM `+db.Schema+`.`+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImportBulk checks that a bulk load into an empty archive loads
// without the search and listing indexes and builds them at its end, that
// one into a full archive keeps them, and that Open builds any a killed
// load left missing.
func TestImportBulk(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	cs := MustGenerate(t, 7, 40)
	all := map[string]bool{"parties_plad": true, "tags_tag": true, "refs_target": true, "cables_dtg": true, "cables_origin": true}
	if _, err := db.ImportBulk(ctx, cs[:20]); err != nil {
		t.Fatal(err)
	}
	if got := indexes(t, db); len(got) != 0 {
		t.Errorf("during a bulk load into an empty archive the indexes %v remain, want none", got)
	}
	if _, err := db.ImportBulk(ctx, cs[20:]); err != nil {
		t.Fatal(err)
	}
	if done, _, err := db.OptimizeAfterImport(ctx, len(cs)); err != nil || !done {
		t.Fatalf("OptimizeAfterImport = %v, %v, want the indexes built", done, err)
	}
	if diff := cmp.Diff(all, indexes(t, db)); diff != "" {
		t.Errorf("indexes after the load (-want +got):\n%s", diff)
	}
	if n := countRows(t, db, "cables"); n != len(cs) {
		t.Errorf("%d cables stored, want %d", n, len(cs))
	}
	// A second load into the archive, now full, keeps the indexes.
	if _, err := db.ImportBulk(ctx, MustGenerate(t, 8, 5)); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(all, indexes(t, db)); diff != "" {
		t.Errorf("indexes during a load into a full archive (-want +got):\n%s", diff)
	}
	if done, _, err := db.OptimizeAfterImport(ctx, 5); err != nil || done {
		t.Errorf("OptimizeAfterImport after a load that dropped nothing = %v, %v, want false, nil", done, err)
	}
	// A load killed before its end: Open builds what it dropped.
	conn, err := pgxConnect(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `DROP INDEX `+db.Schema+`.tags_tag`); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	again := postgres.NewDB(db.URL)
	again.Schema = db.Schema
	if err := again.Open(); err != nil {
		t.Fatal(err)
	}
	again.Close()
	if diff := cmp.Diff(all, indexes(t, db)); diff != "" {
		t.Errorf("indexes after Open (-want +got):\n%s", diff)
	}
	u := &cable.User{Name: "reader", Clearance: "TOP SECRET", Citizenship: "USA"}
	if res, err := db.Search(cable.NewContextWithUser(ctx, u), cable.SearchQuery{}); err != nil || res.Total == 0 {
		t.Errorf("Search after the load = %v, %v, want cables", res, err)
	}
}

// TestImportBulk_Parallel checks that a bulk load, split into parts
// imported at once, gives the archive a single transaction gives: the
// same versions, numbered alike, when a batch holds several versions of
// one cable and a later batch more.
func TestImportBulk_Parallel(t *testing.T) {
	ctx := context.Background()
	cs := MustGenerate(t, 9, 300)
	again := MustGenerate(t, 9, 40)
	for _, c := range again {
		c.Source.Body += "\nAMENDED\n"
	}
	batches := [][]*cable.Cable{append(cs[:150:150], again[:20]...), append(cs[150:], again...)}
	bulk, plain := MustOpenDB(t), MustOpenDB(t)
	for _, b := range batches {
		got, err := bulk.ImportBulk(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		want, err := plain.ImportCables(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ImportBulk results (-ImportCables +ImportBulk):\n%s", diff)
		}
	}
	if _, _, err := bulk.OptimizeAfterImport(ctx, 0); err != nil {
		t.Fatal(err)
	}
	want, err := plain.VersionHashes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := bulk.VersionHashes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("archive after a parallel bulk load (-one transaction +parts):\n%s", diff)
	}
}
