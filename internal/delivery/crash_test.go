package delivery_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/sqlite"
)

// The crash test runs releases and the dispatcher in a child process (this
// test binary, re-executed with crashEnv set), kills it with SIGKILL at
// random points, restarts it, and checks that in the end every draft was
// released once and every addressee holds exactly one delivered copy, and
// that no copy was ever reported delivered twice.
const crashEnv = "CABLE_DELIVERY_CRASH_DB"

const (
	crashDrafts  = 40
	crashPosts   = 3
	crashBacklog = 20000
)

var crashSites = []string{"AMEMBASSY PARIS", "AMEMBASSY ROME", "AMEMBASSY LONDON"}

// TestCrashChild is the child: it releases the cleared drafts one by one
// while the dispatcher delivers, writes the id of every copy delivered to
// the log beside the database, and exits when nothing is left to do. It
// does nothing unless crashEnv names the database.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("run by TestDispatcher_Crash")
	}
	tr, _, staff := openTraffic(t, path, false)
	log, err := os.OpenFile(path+".delivered", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	d := &delivery.Dispatcher{Store: tr, Logger: quiet, Batch: 8, PollInterval: 5 * time.Millisecond,
		OnDeliver: func(ds []*cable.Delivery) {
			for _, x := range ds {
				fmt.Fprintf(log, "%d\n", x.ID) // unbuffered: a kill loses at most this line
			}
		}}
	if err := d.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	pending, err := tr.FindDrafts(staff, cable.DraftFilter{State: cable.DraftCleared})
	if err != nil {
		t.Fatal(err)
	}
	for i := len(pending) - 1; i >= 0; i-- { // oldest first
		if _, err := tr.ReleaseDraft(staff, pending[i].ID); err != nil {
			t.Fatal(err)
		}
	}
	for queued(t, tr) > 0 {
		time.Sleep(5 * time.Millisecond)
	}
	d.Stop()
}

// queued counts the copies not yet delivered, as the administrator's
// speed-of-service report does.
func queued(tb testing.TB, tr trafficStore) int {
	admin, err := tr.FindUserByName(context.Background(), "admin")
	if err != nil {
		tb.Fatal(err)
	}
	sos, err := tr.SpeedOfService(cable.NewContextWithUser(context.Background(), admin), time.Time{}, time.Time{})
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	for _, s := range sos {
		n += s.Pending
	}
	return n
}

// TestDispatcher_Crash kills the child crashKills times, each time after
// it has delivered something in that run and at a random point after
// that, and checks that each kill was a SIGKILL that found work left
// undone; then it lets the child finish and checks the end state. The
// random seed is logged; CABLE_TEST_SEED=N replays a run.
func TestDispatcher_Crash(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts a process many times")
	}
	t.Parallel()
	path := filepath.Join(t.TempDir(), sqlite.FileName)
	tr, admin, staff := openTraffic(t, path, true)
	rel, err := tr.ReleaseDraft(staff, draft(t, tr, staff, 0, cable.Routine, "AMEMBASSY TOKYO"))
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.QueueBacklog(admin, rel.CableID, crashBacklog, cable.Routine, time.Now()); err != nil {
		t.Fatal(err)
	}
	precs := []cable.Precedence{cable.Routine, cable.Priority, cable.Immediate, cable.Flash}
	for i := 1; i <= crashDrafts; i++ {
		draft(t, tr, staff, i, precs[i%len(precs)], crashSites...)
	}
	rng := rand.New(rand.NewPCG(testSeed(t), 5))
	for round := range crashKills {
		cmd := startChild(t, path)
		delay := time.Duration(rng.IntN(150)) * time.Millisecond
		if err := killAfterProgress(cmd, path+".delivered", delay); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		left := queued(t, tr)
		drafts, _ := tr.FindDrafts(staff, cable.DraftFilter{State: cable.DraftCleared})
		if left == 0 && len(drafts) == 0 {
			t.Fatalf("round %d: the kill came after all the work was done: the test needs more work", round)
		}
		t.Logf("round %d: killed %s after the child's first delivery, with %d copies and %d drafts left", round, delay, left, len(drafts))
	}
	cmd := startChild(t, path)
	if err := cmd.Wait(); err != nil {
		b, _ := os.ReadFile(path + ".child.log")
		t.Fatalf("final run: child failed: %v\n%s", err, b)
	}
	checkExactlyOnce(t, tr, staff, path+".delivered")
}

// trafficStore is what the crash tests read of a store, SQLite's or
// PostgreSQL's.
type trafficStore interface {
	cable.TrafficService
	cable.UserService
}

// crashKills is how many times the child is killed.
const crashKills = 12

// startChild starts the child on the database at path, its output going
// to path.child.log.
func startChild(t *testing.T, path string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	out, err := os.Create(path + ".child.log")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { out.Close() })
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// killAfterProgress waits until the file at log has grown (the child has
// delivered something), then for delay, then kills cmd with SIGKILL. It
// fails when the child exits first or dies otherwise than by the kill.
func killAfterProgress(cmd *exec.Cmd, log string, delay time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	start := fileSize(log)
	for deadline := time.Now().Add(20 * time.Second); fileSize(log) == start; time.Sleep(time.Millisecond) {
		select {
		case err := <-done:
			return fmt.Errorf("the child exited (%v) before delivering anything", err)
		default:
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			<-done
			return errors.New("the child delivered nothing in 20s")
		}
	}
	select {
	case err := <-done:
		return fmt.Errorf("the child exited (%v) before its kill: the test needs more work", err)
	case <-time.After(delay):
	}
	cmd.Process.Kill() // SIGKILL: no deferred function, no flush, no clean close
	<-done
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		return fmt.Errorf("the child ended with %v, not killed by SIGKILL", cmd.ProcessState)
	}
	return nil
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
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

// checkExactlyOnce checks the end state: every draft released once, each
// of its addressees holding one delivered copy, the backlog delivered, and
// no copy logged as delivered twice.
func checkExactlyOnce(t *testing.T, tr trafficStore, staff context.Context, logs ...string) {
	t.Helper()
	drafts, err := tr.FindDrafts(staff, cable.DraftFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, d := range drafts {
		if d.State != cable.DraftReleased || ids[d.CableID] {
			t.Errorf("draft %d: %s %s, want released under an id of its own", d.ID, d.State, d.CableID)
		}
		ids[d.CableID] = true
		ds, err := tr.FindDeliveries(staff, d.CableID)
		if err != nil {
			t.Fatal(err)
		}
		if d.ID == 1 {
			if len(ds) != crashBacklog+1 {
				t.Errorf("backlog cable has %d copies, want %d", len(ds), crashBacklog+1)
			}
		} else if len(ds) != crashPosts {
			t.Errorf("%s has %d copies, want %d", d.CableID, len(ds), crashPosts)
		}
		perSite := map[string]int{}
		for _, x := range ds {
			perSite[x.Site]++
			if x.State != cable.DeliveryDelivered {
				t.Errorf("%s for %s is %s, want delivered", d.CableID, x.Site, x.State)
			}
		}
		for site, n := range perSite {
			if n != 1 {
				t.Errorf("%s: %d copies for %s", d.CableID, n, site)
			}
		}
	}
	if len(drafts) != crashDrafts+1 {
		t.Errorf("%d drafts, want %d", len(drafts), crashDrafts+1)
	}
	seen := map[int64]bool{}
	for _, log := range logs {
		f, err := os.Open(log)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			id, err := strconv.ParseInt(sc.Text(), 10, 64)
			if err != nil {
				continue // a line cut short by a kill
			}
			if seen[id] {
				t.Errorf("copy %d was delivered twice", id)
			}
			seen[id] = true
		}
	}
	t.Logf("%d deliveries logged by the children (a kill may lose the last lines), none twice", len(seen))
}
