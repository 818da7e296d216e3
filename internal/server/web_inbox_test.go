package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
)

// mustBacklogInbox gives user "clerk", a member of the posts BACKLOG 1 to
// BACKLOG n, one delivered copy a post of the UNCLASSIFIED Beijing cable
// (testdata/beijing.txt) at precedence p, and returns the clerk's
// browser once every copy is in the inbox.
func mustBacklogInbox(t *testing.T, f *webFixture, n int, p cable.Precedence) *browser {
	t.Helper()
	ctx := context.Background()
	MustImport(t, f.tr.DB, "testdata/beijing.txt")
	clerk := &cable.User{Name: "clerk", Clearance: "SECRET", Citizenship: "USA"}
	for i := 1; i <= n; i++ {
		clerk.Posts = append(clerk.Posts, fmt.Sprintf("BACKLOG %d", i))
	}
	if err := f.tr.CreateUser(ctx, clerk, testPassword); err != nil {
		t.Fatal(err)
	}
	admin, err := f.tr.FindUserByName(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.tr.QueueBacklog(cable.NewContextWithUser(ctx, admin), "08BEIJING100004", n, p, f.clock.Now()); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, f.srv.URL()).login("clerk", testPassword)
	deadline := time.Now().Add(10 * time.Second)
	for {
		items, err := f.tr.Inbox(cable.NewContextWithUser(ctx, clerk), cable.InboxFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) == n {
			return b
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d copies delivered", len(items), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestPages_InboxPages: an inbox of more copies than a page holds pages
// through all of them, rather than stopping silently at 100 (issue 17,
// defect 3).
func TestPages_InboxPages(t *testing.T) {
	f := MustOpenWeb(t)
	b := mustBacklogInbox(t, f, 107, cable.Routine)
	seen := map[string]bool{}
	next := "/"
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatalf("more than 5 pages for 107 copies")
		}
		d := mustStatus(t, "inbox "+next, b.get(next), http.StatusOK)
		for _, s := range d.attrs("#traffic tr[data-cable]", "data-site") {
			if seen[s] {
				t.Errorf("copy for %s listed twice", s)
			}
			seen[s] = true
		}
		next = strings.Join(d.attrs("#next-page", "href"), "")
	}
	if len(seen) != 107 {
		t.Errorf("the pages list %d copies, want 107", len(seen))
	}
	// The navigation counts the unread copies, up to 99.
	if got := parsePage(t, b.get("/search")).text(`header nav a[href="/"] .count`); got != "99+ unread" {
		t.Errorf("unread count in the navigation = %q", got)
	}
}
