package network_test

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/faultproxy"
)

// testSeed returns the seed of a randomised test, from CABLE_TEST_SEED
// when it is set (to replay a failure), else from the clock, and logs it.
func testSeed(t testing.TB) uint64 {
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

// proxied starts Washington and Beijing, each reaching the other through
// a fault proxy: toB carries copies and Beijing's receipts' answers, toW
// receipts.
func proxied(t *testing.T, seed uint64) (w, b *testNode, toB, toW *faultproxy.Proxy) {
	t.Helper()
	w = startNode(t, t.TempDir(), washington)
	b = startNode(t, t.TempDir(), beijing)
	var err error
	if toB, err = faultproxy.Start(strings.TrimPrefix(b.URL(), "http://"), seed); err != nil {
		t.Fatal(err)
	}
	if toW, err = faultproxy.Start(strings.TrimPrefix(w.URL(), "http://"), seed+1); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { toB.Close(); toW.Close() })
	w.trust(t, b, toB.URL())
	b.trust(t, w, toW.URL())
	return w, b, toB, toW
}

// releaseMix releases n cables from w to Beijing, at every precedence in
// turn, and returns their ids and those Beijing must acknowledge.
func releaseMix(t *testing.T, w *testNode, n int) (ids []string, flash []string) {
	t.Helper()
	precs := []cable.Precedence{cable.Routine, cable.Flash, cable.Priority, cable.Immediate, cable.NiactImmediate}
	for i := range n {
		p := precs[i%len(precs)]
		id := w.release(t, i, p, beijing).CableID
		ids = append(ids, id)
		if p == cable.Flash || p == cable.NiactImmediate {
			flash = append(flash, id)
		}
	}
	return ids, flash
}

// settle waits until Beijing has delivered every copy, acknowledges those
// that need it as they arrive, and waits until Washington holds every
// receipt; it returns the acknowledged ids.
func settle(t *testing.T, w, b *testNode, ids, flash []string, within time.Duration) map[string]bool {
	t.Helper()
	acked := map[string]bool{}
	eventually(t, within, "Beijing delivers every copy and acknowledges the FLASH and NIACT ones", func() bool {
		for _, id := range flash {
			if !acked[id] {
				if _, err := b.Traffic.Acknowledge(b.duty, id, ""); err == nil {
					acked[id] = true
				}
			}
		}
		return len(acked) == len(flash)
	})
	eventually(t, within, "Washington holds every receipt", func() bool {
		for _, id := range ids {
			ds := w.copies(t, id)
			if ds[0].State != cable.DeliveryDelivered || (acked[id] && ds[0].AckedBy == "") {
				return false
			}
		}
		return true
	})
	return acked
}

// TestRelay_Faults relays cables of every precedence, and their receipts,
// through proxies that meet a share of requests with one fault, and checks
// that each fault happened and that every copy was delivered exactly once
// with every receipt back. Duplicated requests must each be refused as a
// replay.
func TestRelay_Faults(t *testing.T) {
	t.Parallel()
	seed := testSeed(t)
	cases := []struct {
		name  string
		fault faultproxy.Fault
	}{
		{"drop", faultproxy.Drop},
		{"delay", faultproxy.Delay},
		{"reset", faultproxy.Reset},
		{"half-open", faultproxy.HalfOpen},
		{"duplicate", faultproxy.Duplicate},
		{"reorder", faultproxy.Reorder},
		{"tamper", faultproxy.Tamper},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			w, b, toB, toW := proxied(t, seed+uint64(10*i))
			weights := map[faultproxy.Fault]int{faultproxy.Pass: 1, c.fault: 1}
			toB.Set(weights)
			toW.Set(weights)
			ids, flash := releaseMix(t, w, 10)
			acked := settle(t, w, b, ids, flash, 30*time.Second)
			toB.Close()
			toW.Close() // and waits for late duplicates
			if toB.Counts()[c.fault]+toW.Counts()[c.fault] == 0 {
				t.Fatalf("no request met a %s fault (%v, %v): the test tested nothing", c.name, toB.Counts(), toW.Counts())
			}
			checkOnce(t, w, b, ids, acked)
			if c.fault == faultproxy.Duplicate {
				want := toB.Counts()[c.fault] + toW.Counts()[c.fault]
				if got := replays(t, w) + replays(t, b); got != want {
					t.Errorf("%d replays refused, want one per duplicated request: %d", got, want)
				}
			}
		})
	}
}

// replays counts the requests a node refused as replayed.
func replays(t *testing.T, n *testNode) int {
	t.Helper()
	entries, err := n.Traffic.FindAudit(n.admin, "", 10_000)
	if err != nil {
		t.Fatal(err)
	}
	k := 0
	for _, e := range entries {
		if strings.Contains(e.Detail, "replayed request") {
			k++
		}
	}
	return k
}

// TestRelay_Partition cuts the link in both directions in the middle of a
// transfer, releases a FLASH while it is cut, heals it, and checks that
// Washington saw the link down and that every copy then arrived once.
func TestRelay_Partition(t *testing.T) {
	t.Parallel()
	w, b, toB, toW := proxied(t, testSeed(t))
	toB.Set(map[faultproxy.Fault]int{faultproxy.Delay: 1}) // slow enough to cut mid-transfer
	ids, flash := releaseMix(t, w, 40)
	eventually(t, 10*time.Second, "Beijing has some of the copies", func() bool {
		box, err := b.Traffic.Inbox(b.duty, cable.InboxFilter{})
		return err == nil && len(box) > 0
	})
	toB.Cut()
	toW.Cut()
	box, _ := b.Traffic.Inbox(b.duty, cable.InboxFilter{Limit: 1000})
	if len(box) == len(ids) {
		t.Fatalf("every copy arrived before the cut: the test needs more work")
	}
	t.Logf("cut with %d of %d copies delivered", len(box), len(ids))
	late := w.release(t, 99, cable.Flash, beijing).CableID
	ids, flash = append(ids, late), append(flash, late)
	eventually(t, 10*time.Second, "Washington shows the link down", func() bool {
		ls, err := w.Traffic.Links(w.admin)
		return err == nil && len(ls) == 1 && !ls[0].Up && ls[0].LastError != ""
	})
	toB.Set(nil)
	toB.Heal()
	toW.Heal()
	acked := settle(t, w, b, ids, flash, 30*time.Second)
	checkOnce(t, w, b, ids, acked)
	if ls, err := w.Traffic.Links(w.admin); err != nil || !ls[0].Up {
		t.Errorf("after the heal the link is %+v (%v), want up", ls, err)
	}
}
