package network_test

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
)

// The kill test runs Washington's and Beijing's nodes as child processes
// (this test binary, re-executed with nodeChildEnv set), kills one or the
// other with SIGKILL at random points while Washington releases cables
// to Beijing and they relay copies and receipts, restarts it, and checks
// in the end that every cable was released once and delivered once with
// its receipts back, and that Beijing never delivered a copy twice.
const nodeChildEnv = "CABLE_NETWORK_NODE"

const (
	killDrafts = 60
	killRounds = 8
	// releasePace spaces Washington's releases, so that they last through
	// the rounds of kills (as traffic does) rather than all coming first.
	releasePace = 60 * time.Millisecond
)

// TestNodeChild is the child: it runs the node of the data directory,
// PLAD and address nodeChildEnv names ("DIR|PLAD|ADDR"), logging each
// copy it delivers locally to DIR/delivered.log; Washington's also
// releases its cleared drafts one by one, logging each to
// DIR/released.log. It runs until it is killed.
func TestNodeChild(t *testing.T) {
	spec := os.Getenv(nodeChildEnv)
	if spec == "" {
		t.Skip("run by TestRelay_Kill")
	}
	parts := strings.Split(spec, "|")
	dir, plad, addr := parts[0], parts[1], parts[2]
	delivered := appendLog(t, filepath.Join(dir, "delivered.log"))
	n := startNodeAt(t, dir, plad, addr, func(ds []*cable.Delivery) {
		for _, d := range ds {
			fmt.Fprintf(delivered, "%s %s\n", d.CableID, d.Site) // unbuffered: a kill loses at most this line
		}
	})
	if plad == washington {
		released := appendLog(t, filepath.Join(dir, "released.log"))
		drafts, err := n.Traffic.FindDrafts(n.staff, cable.DraftFilter{State: cable.DraftCleared})
		if err != nil {
			t.Fatal(err)
		}
		for i := len(drafts) - 1; i >= 0; i-- { // oldest first
			rel, err := n.Traffic.ReleaseDraft(n.staff, drafts[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(released, rel.CableID)
			time.Sleep(releasePace)
		}
	}
	select {} // until killed
}

func appendLog(t *testing.T, path string) *os.File {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// childNode is a node running in a child process.
type childNode struct {
	*testNode // its store, opened by the test
	addr      string
	cmd       *exec.Cmd
	done      chan error
	exited    bool
}

func (c *childNode) start(t *testing.T) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestNodeChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), nodeChildEnv+"="+c.dir+"|"+c.plad+"|"+c.addr)
	out, err := os.OpenFile(filepath.Join(c.dir, "child.log"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { out.Close() })
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c.cmd, c.done, c.exited = cmd, make(chan error, 1), false
	go func() { c.done <- cmd.Wait() }()
}

// kill kills the child with SIGKILL and checks that it died by it, not
// before. Killing a child that is not running does nothing.
func (c *childNode) kill() error {
	if c.exited {
		return nil
	}
	c.exited = true
	select {
	case err := <-c.done:
		b, _ := os.ReadFile(filepath.Join(c.dir, "child.log"))
		return fmt.Errorf("%s's node exited before its kill (%v):\n%s", c.plad, err, b)
	default:
	}
	c.cmd.Process.Kill() // SIGKILL: no deferred function, no flush, no clean close
	<-c.done
	if ws, ok := c.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		return fmt.Errorf("%s's node ended with %v, not killed by SIGKILL", c.plad, c.cmd.ProcessState)
	}
	return nil
}

// freeAddr returns a loopback address no one listens on now: a child
// node keeps it across restarts, so that the other's trust stays good.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestRelay_Kill is the kill test.
func TestRelay_Kill(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts node processes")
	}
	t.Parallel()
	rng := rand.New(rand.NewPCG(testSeed(t), 14))
	w := &childNode{testNode: openStore(t, t.TempDir(), washington), addr: freeAddr(t)}
	b := &childNode{testNode: openStore(t, t.TempDir(), beijing), addr: freeAddr(t)}
	w.trust(t, b.testNode, "http://"+b.addr)
	b.trust(t, w.testNode, "http://"+w.addr)
	precs := []cable.Precedence{cable.Routine, cable.Flash, cable.Priority, cable.Immediate, cable.NiactImmediate}
	for i := range killDrafts {
		d := &cable.Draft{Origin: washington, Text: fmt.Sprintf("UNCLAS\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL\nSUBJECT: KILL TEST %d\n\n1. (U) Text %d.\n\nX\n", i, i),
			Addressees: []cable.Addressee{{PLAD: beijing, Role: cable.RoleTo, Precedence: precs[i%len(precs)]}}}
		if err := w.Traffic.CreateDraft(w.staff, d); err != nil {
			t.Fatal(err)
		}
	}
	w.start(t)
	b.start(t)
	defer func() { w.kill(); b.kill() }()
	for round := range killRounds {
		victim := []*childNode{w, b}[rng.IntN(2)]
		delay := time.Duration(rng.IntN(200)) * time.Millisecond
		if err := awaitProgress(w, b); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		time.Sleep(delay)
		if err := victim.kill(); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		drafts, undone := workLeft(t, w.testNode)
		if drafts+undone == 0 {
			t.Fatalf("round %d: %s killed after all the work was done: the test needs more work", round, victim.plad)
		}
		t.Logf("round %d: killed %s %s after progress, with %d drafts and %d copies not yet delivered", round, victim.plad, delay, drafts, undone)
		victim.start(t)
	}
	eventually(t, 30*time.Second, "every draft released", func() bool {
		drafts, _ := workLeft(t, w.testNode)
		return drafts == 0
	})
	released, err := w.Traffic.FindDrafts(w.staff, cable.DraftFilter{State: cable.DraftReleased})
	if err != nil {
		t.Fatal(err)
	}
	var ids, flash []string
	for _, d := range released {
		ids = append(ids, d.CableID)
		if ds := w.copies(t, d.CableID); ds[0].AckRequired {
			flash = append(flash, d.CableID)
		}
	}
	acked := settle(t, w.testNode, b.testNode, ids, flash, 30*time.Second)
	if len(ids) != killDrafts {
		t.Errorf("%d drafts released, want %d", len(ids), killDrafts)
	}
	checkOnce(t, w.testNode, b.testNode, ids, acked)
	checkLoggedOnce(t, filepath.Join(b.dir, "delivered.log"))
}

// awaitProgress waits until either node has done something more (a
// release, a delivery) than when it was called.
func awaitProgress(w, b *childNode) error {
	size := func() int64 {
		return fileSize(filepath.Join(w.dir, "released.log")) + fileSize(filepath.Join(b.dir, "delivered.log"))
	}
	start := size()
	for deadline := time.Now().Add(20 * time.Second); size() == start; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			return errors.New("neither node did anything in 20s")
		}
	}
	return nil
}

// workLeft counts Washington's drafts not yet released and copies not
// yet delivered (with the delivered receipt in).
func workLeft(t *testing.T, w *testNode) (drafts, copies int) {
	t.Helper()
	ds, err := w.Traffic.FindDrafts(w.staff, cable.DraftFilter{State: cable.DraftCleared})
	if err != nil {
		t.Fatal(err)
	}
	sos, err := w.Traffic.SpeedOfService(w.admin, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sos {
		copies += s.Pending
	}
	return len(ds), copies
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// checkLoggedOnce checks that no line of a delivery log appears twice.
func checkLoggedOnce(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if seen[sc.Text()] {
			t.Errorf("%s delivered twice", sc.Text())
		}
		seen[sc.Text()] = true
	}
}
