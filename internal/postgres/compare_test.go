package postgres_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/storetest"
)

// This test is the one place a postgres file names package sqlite: it
// runs the same questions against both stores, as the leak suite's
// readers, over generated cables, and wants the same answers. storetest
// checks each store against the access rules; this checks that the query
// language, filters, ordering, facets and references agree in detail.
// (Stemming differs at the edges: FTS5's porter is Porter's 1980
// algorithm, PostgreSQL's snowball is Porter2; the words below are ones
// both stem alike.)

func TestStore_SameAsSQLite(t *testing.T) {
	pg := MustOpenDB(t)
	lite := sqlite.NewDB(filepath.Join(t.TempDir(), sqlite.FileName))
	if err := lite.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lite.Close() })
	// Both stores answer with their engines, as cable serve runs them.
	if err := lite.StartSearchEngine(context.Background()); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	pg.Now, lite.Now = func() time.Time { return now }, func() time.Time { return now }
	cs := MustGenerate(t, 7, 400)
	MustImport(t, pg, cs)
	for first := 0; first < len(cs); first += 500 {
		if _, err := lite.ImportCables(context.Background(), cs[first:min(first+500, len(cs))]); err != nil {
			t.Fatal(err)
		}
	}
	queries := compareQueries(cs)
	for _, u := range storetest.LeakReaders()[1:] {
		ctx := cable.NewContextWithUser(context.Background(), u)
		t.Run(u.Name, func(t *testing.T) {
			t.Parallel()
			if a, b := mustCount(t, lite, ctx), mustCount(t, pg, ctx); a != b {
				t.Errorf("CountCables: sqlite %d, postgres %d", a, b)
			}
			for _, q := range queries {
				a, b := mustSearch(t, lite, ctx, q), mustSearch(t, pg, ctx, q)
				if diff := cmp.Diff(a, b); diff != "" {
					t.Errorf("Search(%+v) (-sqlite +postgres):\n%s", q, diff)
				}
			}
			for _, c := range cs[len(cs)-2:] {
				a, errA := lite.FindRefs(ctx, c.ID)
				b, errB := pg.FindRefs(ctx, c.ID)
				if cable.KindOf(errA) != cable.KindOf(errB) {
					t.Errorf("FindRefs(%s) error: sqlite %v, postgres %v", c.ID, errA, errB)
				}
				if diff := cmp.Diff(a, b); diff != "" {
					t.Errorf("FindRefs(%s) (-sqlite +postgres):\n%s", c.ID, diff)
				}
			}
		})
	}
}

// compareQueries are searches of every kind the query language and the
// filters allow.
func compareQueries(cs []*cable.Cable) []cable.SearchQuery {
	texts := []string{
		"", "government", "minister", "embassy", "security", "nuclear", "oil",
		"government minister", "government AND embassy", "nuclear OR oil",
		"embassy NOT security", "(nuclear OR oil) minister", `"prime minister"`,
		`"foreign minister" NOT embassy`, "minis*", "gov* NOT oil", "zzzznotaword",
		"embassy NOT (security OR government)",
	}
	var out []cable.SearchQuery
	for _, text := range texts {
		out = append(out, cable.SearchQuery{Text: text, Limit: 100, Facets: true})
	}
	for _, text := range texts[:3] {
		out = append(out, cable.SearchQuery{Text: text, Limit: 7, Offset: 3}, cable.SearchQuery{Text: text, Sort: "relevance", Limit: 100},
			cable.SearchQuery{Text: text, CountLimit: 15, Limit: 10, Offset: 4, Facets: true})
	}
	c := cs[len(cs)/2]
	year := time.Date(c.Header.Time.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	for _, q := range []cable.SearchQuery{
		{Tags: c.Text.Tags[:1]},
		{Text: "government", Tags: c.Text.Tags[:1]},
		{Caption: "SIPDIS"},
		{Caption: "NOFORN"},
		{Origin: c.Header.From.PLAD},
		{Text: "minister", Origin: c.Header.From.PLAD},
		{Addressee: "SECSTATE WASHDC"},
		{From: year, To: year.AddDate(0, 6, 0)},
		{Classified: "SECRET"},
		{Classified: "UNCLASSIFIED", Text: "embassy"},
		{Classified: "NOT A LEVEL"},
	} {
		q.Limit, q.Facets = 100, true
		out = append(out, q)
	}
	return out
}

// result is what a search answers, without scores and snippets (SQLite's
// FTS5 and the engine's matcher cut passages otherwise), and with the
// hits' ids sorted too, to show set differences plainly.
type result struct {
	Total  int
	Exact  bool
	IDs    []string
	Hits   []cable.SearchHit
	Facets map[string][]cable.FacetCount
}

func mustSearch(t *testing.T, s storetest.Store, ctx context.Context, q cable.SearchQuery) result {
	t.Helper()
	res, err := s.Search(ctx, q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	r := result{Total: res.Total, Exact: res.TotalExact, Facets: res.Facets}
	for _, h := range res.Hits {
		h.Score, h.Snippet, h.Portions = 0, "", nil
		r.Hits = append(r.Hits, h)
		r.IDs = append(r.IDs, h.ID)
	}
	slices.Sort(r.IDs)
	if q.Sort == "relevance" {
		// Ties of score are ordered by rowid on SQLite, by date on
		// PostgreSQL: compare the sets, when the page holds them whole.
		r.Hits = nil
		if r.Total > len(r.IDs) {
			r.IDs = nil
		}
	}
	if r.Facets == nil {
		r.Facets = map[string][]cable.FacetCount{}
	}
	return r
}

func mustCount(t *testing.T, s storetest.Store, ctx context.Context) int {
	t.Helper()
	n, err := s.CountCables(ctx)
	if err != nil {
		t.Fatal(fmt.Errorf("CountCables: %w", err))
	}
	return n
}
