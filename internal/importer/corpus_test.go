package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// fields of a cable that an import must carry through, for comparing a
// corpus file with its cables.csv row.
type corpusFields struct {
	ID, Level, Subject, Decl, Signature, From string
	To, Info, Tags, Refs                      []string
	Paragraphs                                int
	Class, Origin                             string
}

func fieldsOf(c *cable.Cable) corpusFields {
	f := corpusFields{ID: c.ID, Level: c.Text.Class.Level, Subject: c.Text.Subject, Decl: c.Text.Decl.Raw,
		Signature: c.Text.Signature, From: c.Header.From.PLAD, Tags: c.Text.Tags, Paragraphs: len(c.Text.Paragraphs)}
	for _, a := range c.Header.To {
		f.To = append(f.To, a.PLAD)
	}
	for _, a := range c.Header.Info {
		f.Info = append(f.Info, a.PLAD)
	}
	for _, r := range c.Text.References {
		f.Refs = append(f.Refs, r.ID)
	}
	if c.Envelope != nil {
		f.Class, f.Origin = c.Envelope.Classification, c.Envelope.Origin
	}
	return f
}

// TestCablegateCSVCorpus writes the corpus named by CABLE_CORPUS as a
// cables.csv (header and body as the reader split them, the date from
// the created line), imports it, and checks that every cable reads back
// with the fields its corpus file gives: 54 MB of real text, its quotes
// and line breaks, through the splitter and encoding/csv.
func TestCablegateCSVCorpus(t *testing.T) {
	dir := os.Getenv("CABLE_CORPUS")
	if dir == "" {
		t.Skip("CABLE_CORPUS is not set; set it to the shared/corpus directory to import the real cables as a cables.csv")
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no cables in %s: %v", dir, err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	// By row: three corpus files have damaged ids that name another
	// cable (08ECTION01OF02MANAMA492 is 08MANAMA492).
	var want []corpusFields
	for i, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c := cabletext.Parse(b)
		if c.Envelope == nil || c.Source.BOM || c.Source.CRLF {
			t.Fatalf("%s: not in the archive layout", p)
		}
		want = append(want, fieldsOf(c))
		e := c.Envelope
		w.Write([]string{fmt.Sprint(i + 1), e.CreatedDate().Format(cablegateDate), e.ReferenceID, e.Origin,
			e.Classification, "", c.Source.Header, c.Source.Body})
	}
	w.Flush()
	t.Logf("%d cables, a cables.csv of %d bytes", len(paths), buf.Len())
	r := NewCablegateCSV(&buf, 0)
	var diffs []string
	n := 0
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if rec.Err != nil {
			t.Fatalf("line %d: %v", rec.Line, rec.Err)
		}
		got := fieldsOf(cabletext.Parse(rec.Text))
		if diff := cmp.Diff(want[n], got); diff != "" {
			diffs = append(diffs, fmt.Sprintf("%s (-corpus +csv):\n%s", got.ID, diff))
		}
		n++
	}
	if n != len(paths) {
		t.Errorf("%d cables read back, want %d", n, len(paths))
	}
	if len(diffs) > 0 {
		t.Errorf("%d of %d cables read back otherwise than from the corpus:\n%s", len(diffs), len(paths), strings.Join(diffs[:min(len(diffs), 20)], "\n"))
	}
}
