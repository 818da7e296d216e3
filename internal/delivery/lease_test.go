package delivery_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/sqlite"
)

// TestClaimRelay_LeaseTakenBack checks, on the real store, that a copy
// leased to a relay that then dies is leased again once its lease runs
// out, and not before: relaying is at least once, so a dead relay must
// not hold a copy for ever.
func TestClaimRelay_LeaseTakenBack(t *testing.T) {
	t.Parallel()
	tr, admin, staff := openTraffic(t, filepath.Join(t.TempDir(), sqlite.FileName), true)
	now := time.Date(2008, 3, 3, 12, 0, 0, 0, time.UTC)
	tr.Now = func() time.Time { return now }
	url := "https://cable.example/relay"
	if _, err := tr.UpdateSite(admin, "AMEMBASSY PARIS", cable.SiteUpdate{Relay: &url}); err != nil {
		t.Fatal(err)
	}
	if _, err := tr.ReleaseDraft(staff, draft(t, tr, staff, 0, cable.Priority, "AMEMBASSY PARIS")); err != nil {
		t.Fatal(err)
	}
	claim := func() int {
		t.Helper()
		ds, err := tr.ClaimRelay(admin, 10, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return len(ds)
	}
	if n := claim(); n != 1 {
		t.Fatalf("first claim: %d copies, want the copy for Paris", n)
	}
	if n := claim(); n != 0 {
		t.Errorf("a claim within the lease: %d copies, want none", n)
	}
	now = now.Add(2 * time.Minute)
	if n := claim(); n != 1 {
		t.Errorf("a claim after the lease ran out: %d copies, want the copy again", n)
	}
}
