package cabletext

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// readCorpus reads every cable of $CABLE_CORPUS listed in its manifest.
func readCorpus(tb testing.TB) (rows []manifestRow, files [][]byte) {
	tb.Helper()
	dir := corpusDir(tb)
	rows = readManifest(tb, dir)
	for _, r := range rows {
		b, err := os.ReadFile(filepath.Join(dir, r.ID+".txt"))
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, b)
	}
	return rows, files
}

// TestCorpusLossless checks that every corpus cable parses without panic,
// writes back byte for byte, and has the envelope the manifest lists.
func TestCorpusLossless(t *testing.T) {
	rows, files := readCorpus(t)
	var buf bytes.Buffer
	for k, r := range rows {
		c := Parse(files[k])
		buf.Reset()
		if err := WriteLossless(&buf, c); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), files[k]) {
			t.Errorf("%s: lossless write differs from the input", r.ID)
		}
		e := c.Envelope
		if e == nil {
			t.Errorf("%s: no envelope", r.ID)
			continue
		}
		got := []string{e.ReferenceID, e.Classification, e.Origin, c.Envelope.CreatedDate().Format("2006-01-02")}
		want := []string{r.ID, r.Classification, r.Origin, r.Date}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: envelope (-manifest +parsed):\n%s", r.ID, diff)
		}
	}
	t.Logf("%d corpus cables parsed and written back losslessly", len(rows))
}

// TestCorpusRoundTrip checks, for every corpus cable, that reading the
// canonical telegram gives the same cable back, field by field: the
// cables and fields that do not are listed in
// testdata/corpus_roundtrip_fails.txt, and any other is an error (a rate
// over all fields would let a field break in a few cables unseen).
func TestCorpusRoundTrip(t *testing.T) {
	rows, files := readCorpus(t)
	bad := 0
	byField := map[string]int{}
	failed := map[string]bool{}
	for k, r := range rows {
		c := Parse(files[k])
		if diff := roundTripDiff(c); diff != "" {
			bad++
			fields := diffFields(c)
			if len(fields) == 0 {
				fields = []string{"other"}
			}
			for _, f := range fields {
				byField[f]++
				failed[r.ID+"\t"+f] = true
			}
			if testing.Verbose() && bad <= 10 {
				t.Logf("%s: Parse(Format(c)) differs (-first +second):\n%s", r.ID, diff)
			}
		}
	}
	rate := 100 * float64(len(rows)-bad) / float64(len(rows))
	t.Logf("%d of %d cables (%.2f%%) round-trip through the canonical writer; differing fields: %v", len(rows)-bad, len(rows), rate, byField)
	checkFailList(t, "corpus_roundtrip_fails.txt", "Corpus cables (id, tab, field) that do not round-trip through the canonical writer today.\n"+
		"TestCorpusRoundTrip fails on any other; go test -run TestCorpusRoundTrip -update rewrites this list.", failed)
}
