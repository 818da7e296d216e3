package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// maxReleaseTrips is how many round trips a release of the benchmark's
// drafts (two addressees, one action, no reference) may take on
// PostgreSQL: 13 in December 2026, down from 24; each costs the FLASH
// behind it (docs/postgres.md, "Figures").
const maxReleaseTrips = 13

// TestBench_TrafficPostgres runs bench traffic on both stores with a
// small backlog and checks that it reports the traced round trips, the
// FLASH's phases and the goals, and that a release takes no more round
// trips than it did when they were last counted.
func TestBench_TrafficPostgres(t *testing.T) {
	t.Parallel()
	url := mustPostgresURL(t)
	out, stderr, code := runCLI(t, nil, "bench", "traffic", "--backlog", "300", "--releases", "10", "--data", t.TempDir(), "--database", url)
	if code != 0 {
		t.Fatalf("bench traffic exit = %d: %s", code, stderr)
	}
	for _, want := range []string{"== PostgreSQL, 2 dispatching processes", "FLASH phases: release call p50", "return→inbox p50",
		"database time per delivery batch", "commit", "goals on PostgreSQL: FLASH p99"} {
		if !strings.Contains(out, want) {
			t.Errorf("bench traffic output lacks %q:\n%s", want, out)
		}
	}
	m := regexp.MustCompile(`database time per release \(10 calls\): ([0-9.]+) round trips`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("bench traffic output lacks the releases' round trips:\n%s", out)
	}
	trips, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	if trips > maxReleaseTrips {
		t.Errorf("a release takes %.1f round trips, more than %d", trips, maxReleaseTrips)
	}
}
