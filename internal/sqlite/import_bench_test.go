package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// BenchmarkImportCorpus imports the corpus ($CABLE_CORPUS) into an empty
// database in batches of 500, the way cable ingest does.
func BenchmarkImportCorpus(b *testing.B) {
	dir := os.Getenv("CABLE_CORPUS")
	if dir == "" {
		b.Skip("CABLE_CORPUS is not set")
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	var cs []*cable.Cable
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		cs = append(cs, cabletext.Parse(src))
	}
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		db := MustOpenDB(b)
		b.StartTimer()
		for i := 0; i < len(cs); i += 500 {
			if _, err := db.ImportCables(context.Background(), cs[i:min(i+500, len(cs))]); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(cs))/b.Elapsed().Seconds(), "cables/s")
}
