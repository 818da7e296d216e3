package importer

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cabletext"
)

// fuzzMax bounds rows in the fuzz tests, small enough that the bound is
// met.
const fuzzMax = 4 << 10

func addFile(f *testing.F, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
}

// FuzzCablegateCSV checks that no input makes the reader panic, loop or
// return a cable the reader cannot read an envelope from; and that where
// encoding/csv reads the whole input, the rows are cut as it cuts them.
func FuzzCablegateCSV(f *testing.F) {
	addFile(f, "testdata/cables.csv")
	f.Add([]byte("\"a\"\"\r\n\",b\r\n\"c"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewCablegateCSV(strings.NewReader(string(data)), fuzzMax)
		lastLine := 0
		for {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("Next: %v", err)
			}
			if rec.Line <= lastLine {
				t.Fatalf("row at line %d after one at line %d", rec.Line, lastLine)
			}
			lastLine = rec.Line
			if rec.Err == nil && cabletext.Parse(rec.Text).Envelope == nil {
				t.Fatalf("line %d: the text has no envelope the reader reads:\n%s", rec.Line, rec.Text)
			}
		}
		if len(data) > fuzzMax {
			return
		}
		want, err := readAllCSV(string(data))
		if err != nil {
			return
		}
		got, err := splitAll(string(data))
		if err != nil {
			t.Fatalf("encoding/csv reads %q, the splitter not: %v", data, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("rows of %q (-encoding/csv +splitter):\n%s", data, diff)
		}
	})
}

// FuzzCablegateHTML checks that no page makes the extractor panic, and
// that what it accepts has an envelope the reader reads.
func FuzzCablegateHTML(f *testing.F) {
	for _, p := range []string{"2007/11/07STATE159388.html", "2009/05/09CAIRO912.html", "2010/02/10CAIRO200.html"} {
		addFile(f, "testdata/cablegate/cable/"+p)
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		text, err := FromCablegateHTML(page)
		if err == nil && cabletext.Parse(text).Envelope == nil {
			t.Fatalf("the text has no envelope the reader reads:\n%s", text)
		}
	})
}

// FuzzNARACSV checks that no export makes the reader panic, and that what
// it accepts has an envelope the reader reads.
func FuzzNARACSV(f *testing.F) {
	addFile(f, "testdata/nara.csv")
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewNARACSV(strings.NewReader(string(data)), fuzzMax)
		if err != nil {
			return
		}
		for {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("Next: %v", err)
			}
			if rec.Err == nil && cabletext.Parse(rec.Text).Envelope == nil {
				t.Fatalf("line %d: the text has no envelope the reader reads:\n%s", rec.Line, rec.Text)
			}
		}
	})
}
