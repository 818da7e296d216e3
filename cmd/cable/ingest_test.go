package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/gen"
	"github.com/cable/cable/internal/sqlite"
)

// Sizes of TestIngestKilled: enough generated cables that a clean ingest
// takes seconds (four batches of ingestBatch), and the number of kills.
const (
	killedCables = 4 * ingestBatch
	ingestKills  = 4
)

// genCables writes n generated cables (package gen, seed 1) into dir.
func genCables(t *testing.T, dir string, n int) {
	t.Helper()
	sink, err := newDirSink(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := generate(context.Background(), &gen.Generator{Seed: 1}, n, sink, func(int) {}); err != nil {
		t.Fatal(err)
	}
	if err := sink.Close(); err != nil {
		t.Fatal(err)
	}
}

// archiveState summarises an archive: every cable id with its versions'
// hashes, in order.
func archiveState(t *testing.T, dataDir string) string {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(dataDir, sqlite.FileName))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.VersionHashes(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(rows)
	return strings.Join(rows, "\n")
}

// TestIngestKilled kills "cable ingest" with SIGKILL ingestKills times,
// each at a random point while it is storing, then runs it to the end, and
// checks that the archive is the one a single clean run makes: nothing
// lost, nothing doubled. Each kill must find the process running and the
// archive incomplete, so that it interrupts an ingest rather than follow
// one. The random seed is logged; CABLE_TEST_SEED=N replays a run.
func TestIngestKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills subprocesses; skipped in -short mode")
	}
	src := t.TempDir()
	genCables(t, src, killedCables)
	bin := filepath.Join(t.TempDir(), "cable")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	ingest := func(data string) *exec.Cmd {
		cmd := exec.Command(bin, "ingest", "--data", data, src)
		cmd.Env = append(os.Environ(), "CABLE_DATA="+data)
		return cmd
	}
	clean := t.TempDir()
	start := time.Now()
	if out, err := ingest(clean).CombinedOutput(); err != nil {
		t.Fatalf("clean ingest: %v\n%s", err, out)
	}
	took := time.Since(start)
	t.Logf("clean ingest of %d cables: %s", killedCables, took.Round(time.Millisecond))
	want := archiveState(t, clean)

	killed := t.TempDir()
	rng := rand.New(rand.NewPCG(testSeed(t), 2))
	for i := range ingestKills {
		// The first kill lands up to 10% of a clean run's time after
		// the first batch is stored, the others between 5% and 20% of
		// it into the run (a killed run first reads again what was
		// stored): together they stop well short of the end.
		delay := took/20 + time.Duration(rng.Int64N(int64(took*3/20)))
		if i == 0 {
			delay = time.Duration(rng.Int64N(int64(took / 10)))
		}
		stored, err := killIngest(ingest(killed), filepath.Join(killed, sqlite.FileName), delay, i == 0)
		if err != nil {
			t.Fatalf("kill %d: %v", i, err)
		}
		if stored == 0 && i == 0 || stored >= killedCables {
			t.Fatalf("kill %d came with %d of %d cables stored: the test needs more cables", i, stored, killedCables)
		}
		t.Logf("kill %d: SIGKILL after %s, %d of %d cables stored", i, delay.Round(time.Millisecond), stored, killedCables)
	}
	if out, err := ingest(killed).CombinedOutput(); err != nil {
		t.Fatalf("final ingest: %v\n%s", err, out)
	} else if !strings.Contains(string(out), "ingested:") {
		t.Fatalf("final ingest printed no summary:\n%s", out)
	}
	if got := archiveState(t, killed); got != want {
		t.Errorf("after %d kills and a final run, the archive differs from a clean run's (-clean +killed):\n%s",
			ingestKills, cmp.Diff(strings.Split(want, "\n"), strings.Split(got, "\n")))
	}
}

// killIngest starts cmd and kills it with SIGKILL after delay (counted
// from the first cables stored when afterFirst is set), or as soon as the
// archive at dbPath holds all but the last batch of cables, so that the
// kill lands before the end. It returns how many cables were stored when
// the process died, and fails when the process exits before the kill or
// dies otherwise than by it.
func killIngest(cmd *exec.Cmd, dbPath string, delay time.Duration, afterFirst bool) (int, error) {
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	wait := func(until func() bool) error {
		for !until() {
			select {
			case err := <-done:
				return fmt.Errorf("ingest exited (%v) before its kill", err)
			case <-time.After(5 * time.Millisecond):
			}
		}
		return nil
	}
	if afterFirst {
		if err := wait(func() bool { return storedCables(dbPath) > 0 }); err != nil {
			return 0, err
		}
	}
	deadline := time.Now().Add(delay)
	err := wait(func() bool { return !time.Now().Before(deadline) || storedCables(dbPath) >= killedCables-ingestBatch })
	if err != nil {
		return 0, err
	}
	cmd.Process.Kill() // SIGKILL: no deferred function, no flush, no clean close
	<-done
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		return 0, fmt.Errorf("ingest ended with %v, not killed by SIGKILL", cmd.ProcessState)
	}
	return storedCables(dbPath), nil
}

// storedCables counts the cables of the archive at path, read-only; 0
// while it does not exist yet.
func storedCables(path string) int {
	if _, err := os.Stat(path); err != nil {
		return 0
	}
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return 0
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM cables`).Scan(&n); err != nil {
		return 0
	}
	return n
}

// testSeed returns the seed of a randomised test, from CABLE_TEST_SEED
// when it is set (to replay a failure), else from the clock, and logs it.
func testSeed(t *testing.T) uint64 {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("CABLE_TEST_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("CABLE_TEST_SEED=%q: %v", s, err)
		}
		seed = n
	}
	t.Logf("seed %d (CABLE_TEST_SEED=%d replays it)", seed, seed)
	return seed
}
