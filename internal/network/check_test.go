package network_test

import (
	"maps"
	"slices"
	"strconv"
	"testing"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/relay"
)

// checkOnce checks what exactly once means for cables ids that from
// released to to's post, after every copy has been delivered: to holds
// one delivered copy of each and one inbox entry; the serials of the ids
// and the MCNs and station serials of to's telegrams are unique and
// contiguous (relaying took none, and no release was repeated); from
// holds each copy delivered by to, with one delivered receipt, at most
// one received receipt, and one acknowledged receipt for the ids in
// acked, each verifying under its signer's key.
func checkOnce(t *testing.T, from, to *testNode, ids []string, acked map[string]bool) {
	t.Helper()
	var serials, mcns, stations []int
	for _, id := range ids {
		got := to.copies(t, id)
		if len(got) != 1 || got[0].State != cable.DeliveryDelivered || got[0].Site != to.plad {
			t.Errorf("%s holds %d copies of %s (%+v), want one delivered", to.plad, len(got), id, got)
		}
		c, err := to.Traffic.FindCableByID(to.admin, id)
		if err != nil {
			t.Fatalf("%s: %s: %v", to.plad, id, err)
		}
		serials = append(serials, trailingNumber(t, id))
		stations = append(stations, trailingNumber(t, c.Header.StationSerial))
		for _, a := range c.Header.To {
			if a.PLAD == to.plad {
				mcns = append(mcns, trailingNumber(t, a.MCN))
			}
		}
		ds := from.copies(t, id)
		if len(ds) != 1 || ds[0].State != cable.DeliveryDelivered || ds[0].DeliveredBy != to.plad {
			t.Errorf("%s: copies of %s %+v, want one delivered by %s", from.plad, id, ds, to.plad)
		}
		rs, err := from.Traffic.Receipts(from.admin, id)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[relay.ReceiptKind]int{}
		for _, r := range rs {
			kinds[r.Kind]++
			key, err := from.Traffic.TrustedKey(from.admin, r.Signer)
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Verify(key.Key); err != nil {
				t.Errorf("%s receipt of %s: %v", r.Kind, id, err)
			}
		}
		want := map[relay.ReceiptKind]int{relay.Delivered: 1}
		if acked[id] {
			want[relay.Acknowledged] = 1
		}
		if kinds[relay.Received] == 1 {
			// Taken from the answer to the post; when that answer was lost
			// and the delivered receipt came first, the copy is not posted
			// again and the delivered receipt stands for both.
			want[relay.Received] = 1
		}
		if !maps.Equal(kinds, want) {
			t.Errorf("%s: receipts of %s %v, want %v", from.plad, id, kinds, want)
		}
	}
	box, err := to.Traffic.Inbox(to.duty, cable.InboxFilter{Limit: 100_000})
	if err != nil {
		t.Fatal(err)
	}
	inbox := map[string]int{}
	for _, it := range box {
		inbox[it.CableID]++
	}
	for _, id := range ids {
		if inbox[id] != 1 {
			t.Errorf("%s's inbox lists %s %d times, want once", to.plad, id, inbox[id])
		}
	}
	for name, ns := range map[string][]int{"serials": serials, "MCNs": mcns, "station serials": stations} {
		if !contiguous(ns) || len(ns) != len(ids) {
			t.Errorf("%s of %d cables at %s: %v, want %d unique and contiguous", name, len(ids), to.plad, ns, len(ids))
		}
	}
}

// trailingNumber reads the digits that end s (the serial of 07STATE159388).
func trailingNumber(t *testing.T, s string) int {
	t.Helper()
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	n, err := strconv.Atoi(s[i:])
	if err != nil {
		t.Fatalf("%q ends in no number", s)
	}
	return n
}

func contiguous(ns []int) bool {
	s := slices.Clone(ns)
	slices.Sort(s)
	for i := 1; i < len(s); i++ {
		if s[i] != s[i-1]+1 {
			return false
		}
	}
	return true
}
