package sqlite_test

import (
	"context"
	"testing"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/sqlite"
)

func TestDB_OptimizeAfterImport(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	MustImport(t, db, MustGenerate(t, 3, 1200))
	db.OptimizeMin = 1000
	ctx := cable.NewContextWithUser(context.Background(), &cable.User{Name: "s", Clearance: "SECRET", Citizenship: "USA"})
	before, err := db.Search(ctx, cable.SearchQuery{Text: "report", CountLimit: 5000})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		added int
		want  bool
	}{{10, false}, {999, false}, {1200, true}} {
		done, _, err := db.OptimizeAfterImport(ctx, tc.added)
		if err != nil || done != tc.want {
			t.Errorf("OptimizeAfterImport(%d) = %v, %v; want %v, nil", tc.added, done, err, tc.want)
		}
	}
	after, err := db.Search(ctx, cable.SearchQuery{Text: "report", CountLimit: 5000})
	if err != nil {
		t.Fatal(err)
	}
	if before.Total == 0 || after.Total != before.Total {
		t.Errorf("Search(report) found %d cables before optimizing, %d after; want the same, more than 0", before.Total, after.Total)
	}
}

// TestDB_ImportBulk checks that a bulk import defers the index's merges
// and that OptimizeAfterImport then does them, leaving an index that
// passes FTS5's integrity check and answers as an index merged as it
// went does.
func TestDB_ImportBulk(t *testing.T) {
	t.Parallel()
	ctx := cable.NewContextWithUser(context.Background(), &cable.User{Name: "s", Clearance: "SECRET", Citizenship: "USA"})
	cs := MustGenerate(t, 5, 600)
	load := func(bulk bool) (*sqlite.DB, int) {
		db := MustOpenDB(t)
		for i := 0; i < len(cs); i += 50 {
			imp := db.ImportCables
			if bulk {
				imp = db.ImportBulk
			}
			if _, err := imp(ctx, cs[i:i+50]); err != nil {
				t.Fatal(err)
			}
		}
		n, err := db.IndexSegments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return db, n
	}
	merged, asWent := load(false)
	bulk, deferred := load(true)
	if deferred != len(cs)/50 || asWent >= deferred {
		t.Errorf("segments after 12 batches: %d merging as it went, %d in bulk; want fewer, 12", asWent, deferred)
	}
	t.Logf("segments: %d merging as it went, %d deferred", asWent, deferred)
	if _, _, err := bulk.OptimizeAfterImport(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if n, err := bulk.IndexSegments(ctx); err != nil || n >= deferred || n > asWent {
		t.Errorf("segments after OptimizeAfterImport = %d, %v; want fewer than %d and at most %d", n, err, deferred, asWent)
	}
	if err := bulk.CheckIndex(ctx); err != nil {
		t.Errorf("integrity check after a bulk import: %v", err)
	}
	for _, q := range []string{"report", "embassy AND minister", `"foreign ministry"`} {
		want, err := merged.Search(ctx, cable.SearchQuery{Text: q, CountLimit: 5000})
		if err != nil {
			t.Fatal(err)
		}
		got, err := bulk.Search(ctx, cable.SearchQuery{Text: q, CountLimit: 5000})
		if err != nil {
			t.Fatal(err)
		}
		if got.Total != want.Total {
			t.Errorf("Search(%s) after a bulk import found %d cables; merging as it went, %d", q, got.Total, want.Total)
		}
	}
}
