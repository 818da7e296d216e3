package sqlite_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
)

// TestDB_SearchStreams checks the newest-first search, which merges term
// streams and jumps through the index (stream.go), against the exact path
// that builds each term's set of cables in SQL (the relevance sort), over
// generated cables, for readers of each kind and queries whose terms range
// from rare to common so that both stepping and seeking are exercised.
func TestDB_SearchStreams(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	MustImport(t, db, MustGenerate(t, 7, 1500))
	readers := map[string]*cable.User{
		"US SECRET":               {Name: "s", Clearance: "SECRET", Citizenship: "USA"},
		"US CONFIDENTIAL NODIS":   {Name: "c", Clearance: "CONFIDENTIAL", Citizenship: "USA", ReadIns: []string{"NODIS"}},
		"US UNCLASSIFIED post":    {Name: "u", Clearance: "UNCLASSIFIED", Citizenship: "USA", Posts: []string{"SECSTATE WASHDC"}},
		"CHN SECRET Beijing":      {Name: "f", Clearance: "SECRET", Citizenship: "CHN", Posts: []string{"AMEMBASSY BEIJING", "SECSTATE WASHDC"}},
		"GBR SECRET no post":      {Name: "g", Clearance: "SECRET", Citizenship: "GBR"},
		"CHN SECRET Beijing only": {Name: "b", Clearance: "SECRET", Citizenship: "CHN", Posts: []string{"AMEMBASSY BEIJING"}},
	}
	queries := []string{
		"the", "report", "nuclear", "the report", "report nuclear", "nuclear embassy",
		`"the embassy"`, "report OR nuclear", "the NOT nuclear", "nuclear NOT the",
		"(report OR minister) AND government", "china NOT (the OR report)", "nuclear AND (minister OR the) NOT report",
		// rare terms, alone and against common ones: the common side jumps
		"landscape", "couriers the", "the couriers", "liberty report", "safeguard NOT the", "the NOT safeguard",
		"landscape OR couriers", "(landscape OR liberty) nuclear", `"safeguard the"`, "",
	}
	for name, u := range readers {
		ctx := cable.NewContextWithUser(context.Background(), u)
		for _, q := range queries {
			want := allHits(t, ctx, db, cable.SearchQuery{Text: q, Sort: "relevance", CountLimit: 100000})
			got := allHits(t, ctx, db, cable.SearchQuery{Text: q, CountLimit: 100000})
			slices.Sort(want)
			slices.Sort(got)
			t.Logf("%s: %q: %d hits", name, q, len(got))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: Search(%q) newest-first and exact disagree (-exact +newest):\n%s", name, q, diff)
			}
		}
	}
}

// allHits returns the ids of every hit of q, page by page.
func allHits(t *testing.T, ctx context.Context, db interface {
	Search(context.Context, cable.SearchQuery) (*cable.SearchResult, error)
}, q cable.SearchQuery) []string {
	t.Helper()
	var ids []string
	for q.Limit, q.Offset = 100, 0; ; q.Offset += 100 {
		res, err := db.Search(ctx, q)
		if err != nil {
			t.Fatalf("Search(%+v) = %v", q, err)
		}
		if !res.TotalExact {
			t.Fatalf("Search(%+v): total %d is not exact", q, res.Total)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) < 100 {
			if len(ids) != res.Total {
				t.Fatalf("Search(%+v): %d hits in pages, total %d", q, len(ids), res.Total)
			}
			return ids
		}
	}
}
