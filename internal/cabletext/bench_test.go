package cabletext

import (
	"os"
	"testing"
)

// BenchmarkParseCorpus parses the whole corpus from memory; b.SetBytes makes
// the MB/s figure comparable with cable bench parse.
func BenchmarkParseCorpus(b *testing.B) {
	_, files := readCorpus(b)
	total := 0
	for _, f := range files {
		total += len(f)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, f := range files {
			Parse(f)
		}
	}
	b.ReportMetric(float64(b.N*len(files))/b.Elapsed().Seconds(), "cables/s")
}

// BenchmarkParseSeed parses the seed cable, which the project carries.
func BenchmarkParseSeed(b *testing.B) {
	src, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for range b.N {
		Parse(src)
	}
}
