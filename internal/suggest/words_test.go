package suggest

import (
	"testing"

	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/gen"
)

// BenchmarkWords_Add gathers the vocabulary of 100 generated cables' text
// in one set, as an import does for each batch.
func BenchmarkWords_Add(b *testing.B) {
	g := &gen.Generator{Seed: 1}
	var texts []string
	size := 0
	for i := range 100 {
		c := cabletext.Parse(g.Cable(i))
		for _, p := range c.Text.Paragraphs {
			texts = append(texts, p.Text)
			size += len(p.Text)
		}
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		var ws Words
		for _, t := range texts {
			ws.Add(t)
		}
	}
}
