package network_test

import (
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/relay"
)

// via makes n reach site through the relay site hop (it trusts site's key
// to verify its receipts, but has no link to it).
func (n *testNode) via(t *testing.T, site *testNode, hop string) {
	t.Helper()
	n.trust(t, site, "http://127.0.0.1:1") // a link that would fail if used
	if _, err := n.Traffic.UpdateSite(n.admin, site.plad, cable.SiteUpdate{Via: &hop}); err != nil {
		t.Fatal(err)
	}
}

// TestRelay_Via relays cables from Beijing to London, which have no link
// to each other, through Washington, and checks that each arrives once,
// that Washington took custody (its received receipt) and delivered
// nothing itself, and that London's delivered and acknowledged receipts
// come back to Beijing through Washington, verifying under London's key.
func TestRelay_Via(t *testing.T) {
	t.Parallel()
	w := startNode(t, t.TempDir(), washington)
	b := startNode(t, t.TempDir(), beijing)
	l := startNode(t, t.TempDir(), london)
	for _, pair := range [][2]*testNode{{w, b}, {w, l}, {b, w}, {l, w}} {
		pair[0].trust(t, pair[1], pair[1].URL())
	}
	b.via(t, l, washington)
	l.via(t, b, washington)
	if r, err := b.Traffic.RouteTo(b.admin, london); err != nil || r.Kind != relay.Via || r.Hop != washington {
		t.Fatalf("Beijing's route to London: %+v, %v; want via Washington", r, err)
	}
	var ids, flash []string
	for i, p := range []cable.Precedence{cable.Routine, cable.Flash, cable.Immediate, cable.NiactImmediate, cable.Priority} {
		id := b.release(t, i, p, london).CableID
		ids = append(ids, id)
		if p == cable.Flash || p == cable.NiactImmediate {
			flash = append(flash, id)
		}
		if got := b.copies(t, id); got[0].Relay != washington {
			t.Fatalf("%s queued for %q, want the relay site %s", id, got[0].Relay, washington)
		}
	}
	acked := settle(t, b, l, ids, flash, 20*time.Second)
	checkOnce(t, b, l, ids, acked)
	for _, id := range ids {
		rs, err := b.Traffic.Receipts(b.admin, id)
		if err != nil {
			t.Fatal(err)
		}
		signers := map[relay.ReceiptKind]string{}
		for _, r := range rs {
			signers[r.Kind] = r.Signer
		}
		if signers[relay.Received] != washington || signers[relay.Delivered] != london {
			t.Errorf("%s: receipts signed %v, want received by %s, delivered by %s", id, signers, washington, london)
		}
		if _, err := w.Traffic.FindCableByID(w.admin, id); cable.KindOf(err) != cable.NotFound {
			t.Errorf("Washington archived %s (%v): a relay site only passes a copy on", id, err)
		}
	}
	checkSpeed(t, w, b, l, len(ids))
	ls, err := w.Traffic.Links(w.admin)
	if err != nil || len(ls) != 1 || ls[0].Hop != london || !ls[0].Up {
		t.Errorf("Washington's links %+v (%v), want London up", ls, err)
	}
}

// checkSpeed checks the speed-of-service reports of a relay via
// headquarters: Beijing sent n copies and London received them, one at
// each precedence, delivered end to end; Washington, which only passed
// them on, counts none of them.
func checkSpeed(t *testing.T, hq, from, to *testNode, n int) {
	t.Helper()
	count := func(ss []cable.SpeedOfService) (delivered, pending int) {
		for _, s := range ss {
			delivered += s.Delivered
			pending += s.Pending
			if s.Delivered > 0 && (s.P99 <= 0 || s.Delivered != 1) {
				t.Errorf("%s: %d delivered in %s, want one, in a time above zero", s.Precedence, s.Delivered, s.P99)
			}
		}
		return delivered, pending
	}
	sent, _, err := from.Traffic.NetworkSpeedOfService(from.admin, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	_, received, err := to.Traffic.NetworkSpeedOfService(to.admin, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	all, err := hq.Traffic.SpeedOfService(hq.admin, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name               string
		ss                 []cable.SpeedOfService
		delivered, pending int
	}{
		{from.plad + " sent", sent, n, 0},
		{to.plad + " received", received, n, 0},
		{hq.plad + " (relay only)", all, 0, 0},
	} {
		if d, p := count(c.ss); d != c.delivered || p != c.pending {
			t.Errorf("%s: %d delivered, %d pending; want %d and %d", c.name, d, p, c.delivered, c.pending)
		}
	}
}
