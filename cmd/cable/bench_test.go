package main

import (
	"strings"
	"testing"
)

func TestBench_Ingest(t *testing.T) {
	t.Parallel()
	out, stderr, code := runCLI(t, nil, "bench", "ingest", "--count", "60", "--batch", "25")
	if code != 0 {
		t.Fatalf("bench ingest exit = %d: %s", code, stderr)
	}
	for _, want := range []string{"ingest: 60 generated cables", "cables/s", "database:", "rows:        60 cables", "peak heap:"} {
		if !strings.Contains(out, want) {
			t.Errorf("bench ingest output lacks %q:\n%s", want, out)
		}
	}
}

func TestBench_Search(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	args := []string{"bench", "search", "--count", "60", "--queries", "4", "--data", data}
	out, stderr, code := runCLI(t, nil, args...)
	if code != 0 {
		t.Fatalf("bench search exit = %d: %s", code, stderr)
	}
	for _, want := range []string{"ingest: 60 generated cables", "US SECRET", "US CONFIDENTIAL", "CHN SECRET, Beijing", "GBR SECRET, London", "public (reading room)",
		"relevance", "with facets", "search engine built", "bare FTS5, newest 20", "filtered / bare", "with suggestions",
		"audit log cost", "read (FindCableByID), 8 clients"} {
		if !strings.Contains(out, want) {
			t.Errorf("bench search output lacks %q:\n%s", want, out)
		}
	}
	// A second run reuses the filled database and its users.
	out, stderr, code = runCLI(t, nil, args...)
	if code != 0 || strings.Contains(out, "ingest:") || !strings.Contains(out, "US SECRET") || !strings.Contains(out, "search engine read from its snapshot") {
		t.Errorf("second bench search: exit %d, output:\n%s%s", code, out, stderr)
	}
	// A database of another size is refused rather than mismeasured.
	if _, stderr, code := runCLI(t, nil, "bench", "search", "--count", "61", "--data", data); code != 1 || !strings.Contains(stderr, "holds 60 cables") {
		t.Errorf("bench search --count 61 on 60 cables: exit %d, stderr %q", code, stderr)
	}
}

// TestBench_Audit runs the audit log's rows alone: with the log off and
// on, by one client and by --clients at once, on a database it fills,
// and then on the same one again.
func TestBench_Audit(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	args := []string{"bench", "audit", "--count", "60", "--queries", "4", "--clients", "3", "--data", data}
	for run := range 2 {
		out, stderr, code := runCLI(t, nil, args...)
		if code != 0 {
			t.Fatalf("bench audit (run %d) exit = %d: %s", run, code, stderr)
		}
		for _, want := range []string{"audit log cost, as US SECRET", "read (FindCableByID), 1 client", "read (FindCableByID), 3 clients",
			"read, budget counted, 3 clients", "search (one word), 3 clients", "read, audited → and budget counted"} {
			if !strings.Contains(out, want) {
				t.Errorf("bench audit (run %d) output lacks %q:\n%s", run, want, out)
			}
		}
	}
	if _, stderr, code := runCLI(t, nil, "bench", "audit", "--count", "61", "--data", data); code != 1 || !strings.Contains(stderr, "holds 60 cables") {
		t.Errorf("bench audit --count 61 on 60 cables: exit %d, stderr %q", code, stderr)
	}
}

func TestBench_Usage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"bench"}, {"bench", "nope"}, {"bench", "ingest", "--count", "0"}, {"bench", "search", "extra"}} {
		if _, stderr, code := runCLI(t, nil, args...); code != 2 || !strings.Contains(stderr, "usage: cable bench") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and the usage", args, code, stderr)
		}
	}
}
