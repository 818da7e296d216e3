package network_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/network"
	"github.com/cable/cable/internal/relay"
	"github.com/cable/cable/internal/sqlite"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// testNode is one site's node in a test: its own data directory, store,
// server on 127.0.0.1:0, dispatcher and receipts loop.
type testNode struct {
	*network.Node
	plad  string
	dir   string
	id    *relay.Identity
	now   func() time.Time // the store's clock
	close func() error     // closes the store; nil once closed
	admin context.Context
	staff context.Context                   // drafts and releases for the post
	duty  context.Context                   // the post's duty officer
	count func(what, outcome string, n int) // the relay's Count, set before start
}

// users of a test node: an administrator, a drafter and releaser, a duty
// officer, all of the post.
func nodeUsers(plad string) []*cable.User {
	return []*cable.User{
		{Name: "admin", Clearance: "SECRET", Citizenship: "USA", Admin: true},
		{Name: "staff", Clearance: "SECRET", Citizenship: "USA", Posts: []string{plad},
			Roles: []cable.Role{{Kind: cable.RoleDrafter, Post: plad}, {Kind: cable.RoleReleaser, Post: plad}}},
		{Name: "duty", Clearance: "SECRET", Citizenship: "USA", Posts: []string{plad},
			Roles: []cable.Role{{Kind: cable.RoleDutyOfficer, Post: plad}}},
	}
}

// startNode makes (or, when dir holds one, reopens) the node of plad, on
// a SQLite store in dir.
func startNode(t testing.TB, dir, plad string) *testNode {
	t.Helper()
	return startNodeAt(t, dir, plad, "127.0.0.1:0", nil)
}

// startNodeAt starts the node of plad, on a SQLite store in dir,
// listening on addr; onDeliver sees each batch its dispatcher delivers
// locally.
func startNodeAt(t testing.TB, dir, plad, addr string, onDeliver func([]*cable.Delivery)) *testNode {
	t.Helper()
	return openStore(t, dir, plad).start(t, addr, onDeliver)
}

// startNodeOn starts the node of plad on the open store tr, whose clock
// is now, with its site key in dir (made when missing).
func startNodeOn(t testing.TB, dir, plad string, tr network.Store, now func() time.Time) *testNode {
	t.Helper()
	return openStoreOn(t, dir, plad, tr, now).start(t, "127.0.0.1:0", nil)
}

// testStoreChunk stores the copies of a request a few at a time, so that
// every test, the fault proxy's among them, has requests stored in
// several transactions, answered only when all are committed.
const testStoreChunk = 4

// start starts the opened node listening on addr.
func (tn *testNode) start(t testing.TB, addr string, onDeliver func([]*cable.Delivery)) *testNode {
	t.Helper()
	n, err := network.Start(context.Background(), network.Config{Traffic: tn.Traffic, Now: tn.now, Dir: tn.dir, Addr: addr, Logger: quiet,
		PollInterval: 20 * time.Millisecond, Lease: 2 * time.Second, MaxBackoff: 200 * time.Millisecond,
		RelayTimeout: time.Second, OnDeliver: onDeliver, Count: tn.count, StoreChunk: testStoreChunk})
	if err != nil {
		tn.stop()
		t.Fatal(err)
	}
	tn.Node = n
	return tn
}

// openStore opens (making it the first time) the SQLite data directory
// of plad's node, with its site key and users, without starting the node:
// tests whose nodes run in other processes read their stores so.
func openStore(t testing.TB, dir, plad string) *testNode {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(dir, sqlite.FileName))
	db.Logger = quiet
	db.PasswordIterations = 1000 // tests need no work factor
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	return openStoreOn(t, dir, plad, sqlite.NewTraffic(db), db.Now)
}

// openStoreOn readies the open store tr as plad's node, with its site key
// in dir (made when missing) and its users (created unless the store has
// them), without starting the node.
func openStoreOn(t testing.TB, dir, plad string, tr network.Store, now func() time.Time) *testNode {
	t.Helper()
	closer := tr.(io.Closer)
	keyPath := filepath.Join(dir, relay.KeyFile)
	id, err := relay.LoadIdentity(keyPath)
	if err != nil {
		if id, err = relay.NewIdentity(plad); err != nil {
			closer.Close()
			t.Fatal(err)
		}
		if err := id.Save(keyPath); err != nil {
			closer.Close()
			t.Fatal(err)
		}
	}
	tr.SetSite(id)
	tn := &testNode{Node: &network.Node{Traffic: tr}, plad: plad, dir: dir, id: id, now: now, close: closer.Close}
	t.Cleanup(func() { tn.stop() })
	users := nodeUsers(plad)
	for i, u := range users {
		if _, err := tr.FindUserByName(context.Background(), u.Name); cable.KindOf(err) == cable.NotFound {
			if err := tr.CreateUser(context.Background(), u, "password1"); err != nil {
				t.Fatal(err)
			}
		}
		found, err := tr.FindUserByName(context.Background(), u.Name)
		if err != nil {
			t.Fatal(err)
		}
		users[i] = found
	}
	tn.admin = cable.NewContextWithUser(context.Background(), users[0])
	tn.staff = cable.NewContextWithUser(context.Background(), users[1])
	tn.duty = cable.NewContextWithUser(context.Background(), users[2])
	return tn
}

// stop stops the node and closes its store; it may be called again.
func (n *testNode) stop() {
	if n.close == nil {
		return
	}
	if n.Server != nil {
		n.Close()
	}
	n.close()
	n.close = nil
}

// trust makes a trust b's card, reaching b at url (b's own, or a proxy's).
func (a *testNode) trust(t testing.TB, b *testNode, url string) {
	t.Helper()
	c := relay.NewCard(b.id, url, time.Now())
	if err := a.Traffic.TrustSite(context.Background(), &relay.TrustedKey{PLAD: c.PLAD, Key: c.Key, Relay: url, Card: c.String()}); err != nil {
		t.Fatal(err)
	}
}

// release drafts and releases a cable from the node's post to posts at
// precedence p, and returns it.
func (n *testNode) release(t testing.TB, i int, p cable.Precedence, posts ...string) *cable.Release {
	t.Helper()
	d := &cable.Draft{Origin: n.plad, Text: fmt.Sprintf("UNCLAS\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL\nSUBJECT: RELAY TEST %d\n\n1. (U) Text %d.\n\nX\n", i, i)}
	for _, post := range posts {
		d.Addressees = append(d.Addressees, cable.Addressee{PLAD: post, Role: cable.RoleTo, Precedence: p})
	}
	if err := n.Traffic.CreateDraft(n.staff, d); err != nil {
		t.Fatal(err)
	}
	rel, err := n.Traffic.ReleaseDraft(n.staff, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

// copies returns the node's deliveries of a cable, as its administrator
// sees them.
func (n *testNode) copies(t testing.TB, id string) []*cable.Delivery {
	t.Helper()
	ds, err := n.Traffic.FindDeliveries(n.admin, id)
	if err != nil {
		t.Fatalf("%s: deliveries of %s: %v", n.plad, id, err)
	}
	return ds
}

// eventually waits up to d for cond, failing with what otherwise.
func eventually(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); ; time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, d)
		}
	}
}
