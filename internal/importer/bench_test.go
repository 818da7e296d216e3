package importer

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"
)

// BenchmarkCablegateCSV reads cables.csv rows into archive texts: the
// fixture's rows repeated to 4 MB, in MB/s (the real file is 1.7 GB).
func BenchmarkCablegateCSV(b *testing.B) {
	row, err := os.ReadFile("testdata/cables.csv")
	if err != nil {
		b.Fatal(err)
	}
	data := bytes.Repeat(row, 4<<20/len(row))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r := NewCablegateCSV(bytes.NewReader(data), 0)
		for {
			_, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}
