package main

import (
	"context"
	"fmt"
	"github.com/google/go-cmp/cmp"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cable/cable/internal/sqlite"
)

// seedVariants writes n distinct cables made from the seed (each with its
// own id and serial) into dir, and one changed text of the first, so that
// the archive holds versions too.
func seedVariants(t *testing.T, dir string, n int) {
	t.Helper()
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		serial := 100000 + i
		s := strings.Replace(string(seed), "07STATE159388", fmt.Sprintf("07STATE%d", serial), 1)
		s = strings.Replace(s, "STATE 159388", fmt.Sprintf("STATE %d", serial), 1)
		s = strings.Replace(s, "TALIKING", fmt.Sprintf("TALKING%d", i), 1)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("c%05d.txt", i)), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
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

// TestIngestKilled kills "cable ingest" at random points, runs it again,
// and checks that the archive is the one a single clean run makes: nothing
// lost, nothing doubled.
func TestIngestKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills subprocesses; skipped in -short mode")
	}
	src := t.TempDir()
	seedVariants(t, src, 1200)
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
	if out, err := ingest(clean).CombinedOutput(); err != nil {
		t.Fatalf("clean ingest: %v\n%s", err, out)
	}
	want := archiveState(t, clean)

	killed := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	kills := 0
	for attempt := 0; attempt < 6; attempt++ {
		cmd := ingest(killed)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(100+rng.IntN(1500)) * time.Millisecond)
		if cmd.Process.Signal(syscall.SIGKILL) == nil {
			kills++
		}
		cmd.Wait()
	}
	if out, err := ingest(killed).CombinedOutput(); err != nil {
		t.Fatalf("final ingest: %v\n%s", err, out)
	} else if !strings.Contains(string(out), "ingested:") {
		t.Fatalf("final ingest printed no summary:\n%s", out)
	}
	if got := archiveState(t, killed); got != want {
		t.Errorf("after %d kills and a final run, the archive differs from a clean run's (-clean +killed):\n%s",
			kills, cmp.Diff(strings.Split(want, "\n"), strings.Split(got, "\n")))
	}
	t.Logf("ingest killed %d times, then completed: same archive as one clean run", kills)
}
