package gen

import "testing"

// BenchmarkGenerate writes cables in order, as cable gen does, reusing one
// buffer.
func BenchmarkGenerate(b *testing.B) {
	g := &Generator{Seed: 1}
	var buf []byte
	n := 0
	for i := 0; b.Loop(); i++ {
		buf = g.AppendCable(buf[:0], i)
		n += len(buf)
	}
	b.SetBytes(int64(n / max(b.N, 1)))
}
