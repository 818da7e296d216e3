package network_test

import (
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
)

// tally counts what a relay tells its Count.
type tally struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *tally) count(what, outcome string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[what+" "+outcome] += n
}

func (c *tally) get() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.n)
}

// TestRelay_Count checks what the relays tell the operators' metrics: the
// copies Washington sent, and the receipts Beijing posted back
// (delivered, acknowledged).
func TestRelay_Count(t *testing.T) {
	t.Parallel()
	var wc, bc tally
	w := openStore(t, t.TempDir(), washington)
	w.count = wc.count
	w.start(t, "127.0.0.1:0", nil)
	b := openStore(t, t.TempDir(), beijing)
	b.count = bc.count
	b.start(t, "127.0.0.1:0", nil)
	w.trust(t, b, b.URL())
	b.trust(t, w, w.URL())
	rel := w.release(t, 1, cable.Flash, beijing)
	eventually(t, 5*time.Second, "Washington has the delivered receipt", func() bool {
		return w.copies(t, rel.CableID)[0].State == cable.DeliveryDelivered
	})
	if _, err := b.Traffic.Acknowledge(b.duty, rel.CableID, ""); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "Washington has the acknowledgement", func() bool {
		return w.copies(t, rel.CableID)[0].AckedBy != ""
	})
	if diff := cmp.Diff(map[string]int{"copies sent": 1}, wc.get()); diff != "" {
		t.Errorf("Washington's counts (-want +got):\n%s", diff)
	}
	// The received receipt goes back in the answer to Washington's post;
	// delivered and acknowledged are posted as receipts.
	eventually(t, 5*time.Second, "Beijing counted its two receipts", func() bool { return bc.get()["receipts sent"] == 2 })
	if got := bc.get(); got["copies sent"] != 0 || got["copies failed"] != 0 {
		t.Errorf("Beijing's counts = %v, want receipts only", got)
	}
}
