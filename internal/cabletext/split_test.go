package cabletext

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// corpusDir returns $CABLE_CORPUS, skipping the test when it is unset and
// failing it when the directory is missing.
func corpusDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("CABLE_CORPUS")
	if dir == "" {
		tb.Skip("CABLE_CORPUS is not set: skipping the corpus conformance test")
	}
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST.tsv")); err != nil {
		tb.Fatalf("CABLE_CORPUS=%s: %v", dir, err)
	}
	return dir
}

// manifestRow is one line of the corpus MANIFEST.tsv.
type manifestRow struct {
	ID, Date, Classification, Origin, Subject string
	BodyOffset                                int
}

func readManifest(tb testing.TB, dir string) []manifestRow {
	tb.Helper()
	f, err := os.Open(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var rows []manifestRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	header := true
	for sc.Scan() {
		if header {
			header = false
			continue
		}
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) < 11 {
			tb.Fatalf("MANIFEST.tsv: short row %q", sc.Text())
		}
		off, err := strconv.Atoi(fs[10])
		if err != nil {
			tb.Fatalf("MANIFEST.tsv: body_offset %q: %v", fs[10], err)
		}
		rows = append(rows, manifestRow{ID: fs[0], Date: fs[1], Classification: fs[2], Origin: fs[3], Subject: fs[4], BodyOffset: off})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return rows
}

// TestCorpusSplit checks where the reader splits each corpus cable's
// header from its body against the manifest's body_offset. The cables
// where they disagree today are listed in testdata/corpus_split_fails.txt;
// any other is an error.
func TestCorpusSplit(t *testing.T) {
	dir := corpusDir(t)
	rows := readManifest(t, dir)
	bad := 0
	failed := map[string]bool{}
	for _, r := range rows {
		src, err := os.ReadFile(filepath.Join(dir, r.ID+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		p := &parser{src: string(src), c: nil}
		_, rest, ok := splitEnvelope(p.src)
		if !ok {
			t.Errorf("%s: no envelope", r.ID)
			continue
		}
		got := rest + splitHeader(p.src[rest:])
		if got != r.BodyOffset {
			bad++
			failed[r.ID] = true
			if testing.Verbose() {
				t.Logf("%s: body at %d, want %d: got %q | want %q", r.ID, got, r.BodyOffset,
					snippet(p.src, got), snippet(p.src, r.BodyOffset))
			}
		}
	}
	rate := 100 * float64(len(rows)-bad) / float64(len(rows))
	t.Logf("header/body split agrees with body_offset in %d of %d cables (%.2f%%)", len(rows)-bad, len(rows), rate)
	checkFailList(t, "corpus_split_fails.txt", "Corpus cables whose header/body split disagrees with the manifest's body_offset today.\n"+
		"TestCorpusSplit fails on any other; go test -run TestCorpusSplit -update rewrites this list.", failed)
}

func snippet(s string, off int) string {
	lo, hi := max(0, off-30), min(len(s), off+30)
	return s[lo:off] + "‖" + s[off:hi]
}
