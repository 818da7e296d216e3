package cabletext

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A case list is a file in testdata naming, one per line and sorted, the
// cases of a conformance test that are in a given state today: the peer
// cases that pass, the corpus cables that do not round-trip. Lines
// opening with # are comments. The test fails when a case leaves the state
// the list expects, and go test -update rewrites the list.

// readCaseList reads testdata/name.
func readCaseList(tb testing.TB, name string) map[string]bool {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatalf("%v (run the test with -update to write it)", err)
	}
	defer f.Close()
	out := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			out[line] = true
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("testdata/%s: %v", name, err)
	}
	return out
}

// writeCaseList writes the keys of cases to testdata/name, sorted, under
// the comment header.
func writeCaseList(tb testing.TB, name, header string, cases map[string]bool) {
	tb.Helper()
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(header), "\n") {
		b.WriteString("# " + line + "\n")
	}
	keys := make([]string, 0, len(cases))
	for k, ok := range cases {
		if ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		b.WriteString(k + "\n")
	}
	if err := os.WriteFile(filepath.Join("testdata", name), []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("wrote %d cases to testdata/%s", len(keys), name)
}

// checkCaseList compares the cases that passed with a list: a pass list
// (passList) names the cases that must pass, a fail list the only ones
// that may fail. A case that breaks is an error; one that improves is
// reported, for the list to be updated. Only cases for which ran is true
// are judged.
func checkCaseList(t *testing.T, name string, listed, passed, ran map[string]bool, passList bool) {
	t.Helper()
	var broke, improved []string
	for k := range ran {
		switch {
		case passList && listed[k] && !passed[k], !passList && !listed[k] && !passed[k]:
			broke = append(broke, k)
		case passList && !listed[k] && passed[k], !passList && listed[k] && passed[k]:
			improved = append(improved, k)
		}
	}
	slices.Sort(broke)
	slices.Sort(improved)
	for _, k := range broke {
		t.Errorf("%s: passed before, fails now (testdata/%s)", strings.ReplaceAll(k, "\t", " "), name)
	}
	if len(improved) > 0 {
		t.Logf("%d cases pass that testdata/%s does not expect to; run go test -update to record them:\n%s",
			len(improved), name, strings.Join(improved, "\n"))
	}
}

// checkFailList checks the cases that failed against the fail list
// testdata/name, or rewrites it with -update: every case that fails must
// be listed. header heads the file.
func checkFailList(t *testing.T, name, header string, failed map[string]bool) {
	t.Helper()
	if *update {
		writeCaseList(t, name, header, failed)
		return
	}
	listed := readCaseList(t, name)
	ran, passed := map[string]bool{}, map[string]bool{}
	for k := range listed {
		ran[k], passed[k] = true, !failed[k]
	}
	for k := range failed {
		ran[k] = true
	}
	checkCaseList(t, name, listed, passed, ran, false)
}
