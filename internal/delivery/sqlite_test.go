package delivery_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/sqlite"
)

// openTraffic opens the traffic service on the database at path, with an
// administrator and a user who drafts in ISN and releases for SECSTATE
// WASHDC when create is set.
func openTraffic(tb testing.TB, path string, create bool) (tr *sqlite.Traffic, admin, staff context.Context) {
	tb.Helper()
	db := sqlite.NewDB(path)
	db.Logger = quiet
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	tr = sqlite.NewTraffic(db)
	users := []*cable.User{
		{Name: "admin", Clearance: "SECRET", Citizenship: "USA", Admin: true},
		{Name: "staff", Clearance: "SECRET", Citizenship: "USA", Posts: []string{"ISN"},
			Roles: []cable.Role{{Kind: cable.RoleDrafter, Post: "ISN"}, {Kind: cable.RoleReleaser, Post: "SECSTATE WASHDC"}}},
	}
	for i, u := range users {
		if create {
			if err := tr.CreateUser(context.Background(), u, "password1"); err != nil {
				tb.Fatal(err)
			}
		} else {
			found, err := tr.FindUserByName(context.Background(), u.Name)
			if err != nil {
				tb.Fatal(err)
			}
			users[i] = found
		}
	}
	return tr, cable.NewContextWithUser(context.Background(), users[0]), cable.NewContextWithUser(context.Background(), users[1])
}

// draft creates a cleared draft from ISN to posts at precedence p.
func draft(tb testing.TB, tr *sqlite.Traffic, staff context.Context, n int, p cable.Precedence, posts ...string) int64 {
	tb.Helper()
	d := &cable.Draft{Origin: "ISN", Text: fmt.Sprintf("UNCLAS\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL\nSUBJECT: DELIVERY TEST %d\n\n1. (U) Text %d.\n\nX\n", n, n)}
	for _, post := range posts {
		d.Addressees = append(d.Addressees, cable.Addressee{PLAD: post, Role: cable.RoleTo, Precedence: p})
	}
	if err := tr.CreateDraft(staff, d); err != nil {
		tb.Fatal(err)
	}
	return d.ID
}

// TestDispatcher_FlashOvertakesBacklog releases a FLASH cable behind a
// backlog of ROUTINE copies: the dispatcher, woken by the release, delivers
// it long before the backlog is gone.
func TestDispatcher_FlashOvertakesBacklog(t *testing.T) {
	t.Parallel()
	tr, admin, staff := openTraffic(t, filepath.Join(t.TempDir(), sqlite.FileName), true)
	rel, err := tr.ReleaseDraft(staff, draft(t, tr, staff, 0, cable.Routine, "AMEMBASSY PARIS"))
	if err != nil {
		t.Fatal(err)
	}
	const backlog = 20_000
	if err := tr.QueueBacklog(admin, rel.CableID, backlog, cable.Routine, time.Now()); err != nil {
		t.Fatal(err)
	}
	flashDraft := draft(t, tr, staff, 1, cable.Flash, "AMEMBASSY ROME")
	var mu sync.Mutex
	routineBefore, flashAt := 0, time.Time{}
	got := make(chan struct{})
	d := &delivery.Dispatcher{Store: tr, Logger: quiet, PollInterval: time.Hour, OnDeliver: func(ds []*cable.Delivery) {
		mu.Lock()
		defer mu.Unlock()
		for _, x := range ds {
			if x.Precedence == cable.Flash {
				flashAt = time.Now()
				close(got)
			} else if flashAt.IsZero() {
				routineBefore++
			}
		}
	}}
	if err := d.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer d.Stop()
	time.Sleep(20 * time.Millisecond) // the backlog is draining
	start := time.Now()
	flash, err := tr.ReleaseDraft(staff, flashDraft)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("the FLASH copy was not delivered within 5s")
	}
	mu.Lock()
	defer mu.Unlock()
	t.Logf("FLASH %s delivered %s after its release was called, behind %d ROUTINE copies of %d", flash.CableID,
		flashAt.Sub(start), routineBefore, backlog+1)
	if routineBefore >= backlog {
		t.Errorf("%d ROUTINE copies went before the FLASH, want it to overtake the backlog", routineBefore)
	}
	if lat := flashAt.Sub(start); lat > time.Second {
		t.Errorf("FLASH release-to-inbox %s, want well under a second", lat)
	}
}
