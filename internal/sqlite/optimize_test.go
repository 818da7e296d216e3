package sqlite_test

import (
	"context"
	"testing"

	"github.com/cable/cable/internal/cable"
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
