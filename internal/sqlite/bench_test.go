package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/gen"
	"github.com/cable/cable/internal/sqlite"
)

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

// MustImport imports cs in batches of 500.
func MustImport(tb testing.TB, db *sqlite.DB, cs []*cable.Cable) {
	tb.Helper()
	for first := 0; first < len(cs); first += 500 {
		if _, err := db.ImportCables(context.Background(), cs[first:min(first+500, len(cs))]); err != nil {
			tb.Fatal(err)
		}
	}
}

func TestDB_BareSearch(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	MustImport(t, db, MustGenerate(t, 1, 50))
	ctx := context.Background()
	all, err := db.BareSearch(ctx, `"the"`, 0)
	if err != nil {
		t.Fatal(err)
	}
	page, err := db.BareSearch(ctx, `"the"`, 20)
	if err != nil {
		t.Fatal(err)
	}
	if all <= 20 || page != 20 {
		t.Errorf("BareSearch(the) = %d portions in all, %d on a page; want more than 20, and 20", all, page)
	}
	st, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Cables != 50 || st.Versions != 50 || st.Portions < 50 {
		t.Errorf("Stats() = %+v, want 50 cables and versions, at least 50 portions", st)
	}
	if err := db.Checkpoint(ctx); err != nil {
		t.Errorf("Checkpoint() = %v", err)
	}
}

// BenchmarkImport imports 2,000 generated cables into a fresh database
// in batches of 500. cable bench ingest measures the same at scale.
func BenchmarkImport(b *testing.B) {
	const n = 2000
	cs := MustGenerate(b, 1, n)
	bytes := 0
	for _, c := range cs {
		bytes += len(c.Source.Header) + len(c.Source.Body)
	}
	b.SetBytes(int64(bytes))
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := sqlite.NewDB(filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i)))
		if err := db.Open(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		MustImport(b, db, cs)
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "cables/s")
}

// BenchmarkSearch searches 2,000 generated cables as a US reader cleared
// SECRET, newest first, one page of 20, and the bare FTS5 index the same
// way. cable bench search measures the same at scale.
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
		b.Run("Bare/"+tc.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if _, err := db.BareSearch(ctx, `"`+words[i*7919%len(words)]+`"`, 20); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
