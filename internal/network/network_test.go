package network_test

import (
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/relay"
)

const (
	washington = "SECSTATE WASHDC"
	beijing    = "AMEMBASSY BEIJING"
	london     = "AMEMBASSY LONDON"
)

// pair starts Washington and Beijing, each trusting the other directly.
func pair(t *testing.T) (w, b *testNode) { return pairOn(t, startNode) }

// pairOn is pair with nodes that start makes.
func pairOn(t *testing.T, start func(t testing.TB, dir, plad string) *testNode) (w, b *testNode) {
	w = start(t, t.TempDir(), washington)
	b = start(t, t.TempDir(), beijing)
	w.trust(t, b, b.URL())
	b.trust(t, w, w.URL())
	return w, b
}

// TestRelay_EndToEnd releases a FLASH from Washington to Beijing and
// follows it: relayed, delivered into Beijing's inbox, acknowledged there,
// and each step back at Washington as a receipt that verifies under
// Beijing's key.
func TestRelay_EndToEnd(t *testing.T) {
	t.Parallel()
	testEndToEnd(t, startNode)
}

func testEndToEnd(t *testing.T, start func(t testing.TB, dir, plad string) *testNode) {
	w, b := pairOn(t, start)
	rel := w.release(t, 1, cable.Flash, beijing)
	if len(rel.Deliveries) != 1 || rel.Deliveries[0].Relay != beijing {
		t.Fatalf("release queued %+v, want one copy relayed to %s", rel.Deliveries, beijing)
	}
	eventually(t, 5*time.Second, "Beijing's inbox holds the FLASH", func() bool {
		box, err := b.Traffic.Inbox(b.duty, cable.InboxFilter{})
		return err == nil && len(box) == 1 && box[0].CableID == rel.CableID
	})
	eventually(t, 5*time.Second, "Washington has the delivered receipt", func() bool {
		ds := w.copies(t, rel.CableID)
		return ds[0].State == cable.DeliveryDelivered && ds[0].DeliveredBy == beijing
	})
	if _, err := b.Traffic.Acknowledge(b.duty, rel.CableID, ""); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "Washington has the acknowledgement", func() bool {
		return w.copies(t, rel.CableID)[0].AckedBy == "duty@"+beijing
	})
	rs, err := w.Traffic.Receipts(w.admin, rel.CableID)
	if err != nil {
		t.Fatal(err)
	}
	key, err := w.Traffic.TrustedKey(w.admin, beijing)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []relay.ReceiptKind
	for _, r := range rs {
		if err := r.Verify(key.Key); err != nil {
			t.Errorf("receipt %s: %v", r.Kind, err)
		}
		kinds = append(kinds, r.Kind)
	}
	if len(kinds) != 3 {
		t.Errorf("receipts %v, want received, delivered and acknowledged", kinds)
	}
	got := b.copies(t, rel.CableID)
	if len(got) != 1 || got[0].State != cable.DeliveryDelivered || got[0].Site != beijing {
		t.Errorf("Beijing holds %+v, want one delivered copy", got)
	}
}
