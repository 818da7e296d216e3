package sqlite_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/sqlite"
)

// TestDB_SearchStreams checks the search, which merges term streams and
// jumps through the index (stream.go), newest first and by relevance,
// against the exact path that builds each term's set of cables in SQL
// (SearchExact, export_test.go), over
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
		// phrases and prefixes, which the engine answers from the words'
		// order and its sorted vocabulary, and the exact path from FTS5
		`"the report"`, `"nuclear embassy"`, "nucl*", "rep* OR minister", `"the emb"*`, "the NOT \"the embassy\"",
		"saf* NOT the", `"the the"`, "governments*",
	}
	from, to := dateRange(t, db)
	filters := map[string]cable.SearchQuery{
		"":                         {},
		"tag PREL":                 {Tags: []string{"prel"}},
		"to or info Beijing":       {Addressee: "AMEMBASSY BEIJING"},
		"dates":                    {From: from, To: to},
		"tag PREL, dates, Beijing": {Tags: []string{"PREL"}, From: from, To: to, Addressee: "AMEMBASSY BEIJING"},
	}
	for name, u := range readers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			checkStreams(t, db, u, queries, filters)
		})
	}
}

// checkStreams compares the two search paths for one reader.
func checkStreams(t *testing.T, db *sqlite.DB, u *cable.User, queries []string, filters map[string]cable.SearchQuery) {
	ctx := cable.NewContextWithUser(context.Background(), u)
	for _, q := range queries {
		for fname, f := range filters {
			if fname != "" && len(q) > 12 {
				continue // the filters are checked on the short queries
			}
			f.Text, f.CountLimit = q, 100000
			want, err := db.SearchExact(ctx, f)
			if err != nil {
				t.Fatalf("SearchExact(%q, %s) = %v", q, fname, err)
			}
			for _, sort := range []string{"", "relevance"} {
				f.Sort = sort
				got := allHits(t, ctx, db, f)
				slices.Sort(got)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("Search(%q, %s, sort %q) and the exact path disagree (-exact +search):\n%s", q, fname, sort, diff)
				}
			}
			t.Logf("%q %s: %d hits", q, fname, len(want))
		}
	}
}

// dateRange returns the dates of the 600th and the 300th newest cables, a
// range that the date bounds of a search cut from both ends.
func dateRange(t *testing.T, db interface {
	Search(context.Context, cable.SearchQuery) (*cable.SearchResult, error)
}) (from, to time.Time) {
	t.Helper()
	ctx := cable.NewContextWithUser(context.Background(), &cable.User{Name: "a", Clearance: "TOP SECRET", Citizenship: "USA"})
	res, err := db.Search(ctx, cable.SearchQuery{Tags: []string{"PREL"}, Offset: 300, Limit: 100, CountLimit: 100000})
	if err != nil || len(res.Hits) < 100 {
		t.Fatalf("Search(tag PREL) = %d hits, %v; want 100", len(res.Hits), err)
	}
	return res.Hits[99].DTG, res.Hits[0].DTG
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
