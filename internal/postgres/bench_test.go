package postgres_test

import (
	"context"
	"testing"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/gen"
	"github.com/cable/cable/internal/postgres"
)

// The benchmarks match sqlite's (internal/sqlite/bench_test.go), so the
// two stores' figures compare: go test -bench . ./internal/sqlite/
// ./internal/postgres/ with CABLE_TEST_POSTGRES set.

// MustGenerate returns n generated cables, parsed.
func MustGenerate(tb testing.TB, seed int64, n int) []*cable.Cable {
	tb.Helper()
	g := &gen.Generator{Seed: seed}
	cs := make([]*cable.Cable, n)
	for i := range cs {
		cs[i] = cabletext.Parse(g.Cable(i))
	}
	return cs
}

// MustImport imports cs in batches of 500, as cable ingest does.
func MustImport(tb testing.TB, db *postgres.DB, cs []*cable.Cable) {
	tb.Helper()
	for first := 0; first < len(cs); first += 500 {
		if _, err := db.ImportCables(context.Background(), cs[first:min(first+500, len(cs))]); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkImport imports 2,000 generated cables into a fresh schema in
// batches of 500.
func BenchmarkImport(b *testing.B) {
	MustTestURL(b)
	const n = 2000
	cs := MustGenerate(b, 1, n)
	bytes := 0
	for _, c := range cs {
		bytes += len(c.Source.Header) + len(c.Source.Body)
	}
	b.SetBytes(int64(bytes))
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := MustOpenDB(b)
		b.StartTimer()
		MustImport(b, db, cs)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "cables/s")
}

// BenchmarkSearch searches 2,000 generated cables as a US reader cleared
// SECRET, newest first, one page of 20, with words of three frequencies,
// and with snippets and facets as the web UI asks.
func BenchmarkSearch(b *testing.B) {
	db := MustOpenDB(b)
	MustImport(b, db, MustGenerate(b, 1, 2000))
	u := &cable.User{Name: "reader", Clearance: "SECRET", Citizenship: "USA"}
	if err := db.CreateUser(context.Background(), u, "bench-password"); err != nil {
		b.Fatal(err)
	}
	ctx := cable.NewContextWithUser(context.Background(), u)
	vocab := gen.Vocabulary()
	for _, tc := range []struct {
		name     string
		from, to int // vocabulary ranks
	}{{"common", 20, 200}, {"middle", 200, 2000}, {"rare", 2000, 20000}} {
		words := vocab[tc.from:min(tc.to, len(vocab))]
		b.Run("Search/"+tc.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if _, err := db.Search(ctx, cable.SearchQuery{Text: words[i*7919%len(words)], Limit: 20}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("Full/"+tc.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				q := cable.SearchQuery{Text: words[i*7919%len(words)], Limit: 20, Snippets: true, Facets: true}
				if _, err := db.Search(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
