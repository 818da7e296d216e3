package network_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/relay"
	"github.com/cable/cable/internal/sqlite"
)

// TestRelay_GivenUp alters a sealed cable in Washington's store (as a
// fault at the origin would), lets Washington post it, and checks that
// Beijing's refusal is taken as permanent: the copy is given up at once,
// with the reason on its delivery and in the audit log, counted as
// failed on the link and in the network directory, and never delivered.
func TestRelay_GivenUp(t *testing.T) {
	t.Parallel()
	w, b := pair(t)
	w.trust(t, b, "http://127.0.0.1:1") // hold the copy while it is altered
	rel := w.release(t, 1, cable.Immediate, beijing)
	raw, err := sql.Open("sqlite", "file:"+filepath.Join(w.dir, sqlite.FileName)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE envelopes SET telegram = replace(telegram, 'Text 1.', 'Text 2.') WHERE cable = ?`, rel.CableID); err != nil {
		t.Fatal(err)
	}
	w.trust(t, b, b.URL())
	eventually(t, 10*time.Second, "Washington gives the copy up", func() bool {
		return w.copies(t, rel.CableID)[0].State == cable.DeliveryFailed
	})
	d := w.copies(t, rel.CableID)[0]
	if !strings.Contains(d.LastError, "altered") {
		t.Errorf("given up with %q, want the reason: the text was altered", d.LastError)
	}
	sites, err := relay.Network(context.Background(), w.Traffic, w.Relay.ID, []string{washington, beijing})
	if err != nil {
		t.Fatal(err)
	}
	if len(sites) != 2 || sites[1].Failed != 1 || sites[0].Route != relay.Local || sites[1].Route != relay.Direct {
		t.Errorf("network %+v %+v, want Washington local and Beijing direct with one failed copy", sites[0], sites[1])
	}
	entries, err := w.Traffic.FindAudit(w.admin, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	audited := false
	for _, e := range entries {
		audited = audited || (e.Action == "relay-copy-failed" && e.Cable == rel.CableID)
	}
	if !audited {
		t.Errorf("no relay-copy-failed entry for %s in Washington's audit log", rel.CableID)
	}
	time.Sleep(300 * time.Millisecond) // a retry would come within the backoff
	if again := w.copies(t, rel.CableID)[0]; again.State != cable.DeliveryFailed || again.Attempts != d.Attempts {
		t.Errorf("after giving up: %s, %d attempts; want failed, not tried again after %d", again.State, again.Attempts, d.Attempts)
	}
	if _, err := b.Traffic.FindDeliveries(b.admin, rel.CableID); cable.KindOf(err) != cable.NotFound {
		t.Errorf("Beijing knows of the altered %s (%v), want not found", rel.CableID, err)
	}
}
