package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/relay"
	"github.com/cable/cable/internal/traffic/scenario"
)

// NetworkStore is a traffic store that is also a site's node
// (docs/sites.md): relay.Store, the outbox's relay side, and what the
// pages and reports read of the network.
type NetworkStore interface {
	TrafficStore
	relay.Store
	ClaimRelay(ctx context.Context, n int, lease time.Duration) ([]*cable.Delivery, error)
	ClaimRelayCopies(ctx context.Context, n int, lease time.Duration, atLeast cable.Precedence) ([]*cable.Delivery, error)
	Envelope(ctx context.Context, id string) (*relay.Sealed, error)
	Receipts(ctx context.Context, id string) ([]*relay.Receipt, error)
	CableSignature(ctx context.Context, id string) (*cable.Signature, error)
	NetworkSpeedOfService(ctx context.Context, from, to time.Time) (sent, received []cable.SpeedOfService, err error)
}

// The sites of the network suite: the store under test serves
// Washington; Beijing is a trusted node; Tokyo is reached via Beijing.
const (
	netHome   = "SECSTATE WASHDC"
	netRemote = "AMEMBASSY BEIJING"
	netVia    = "AMEMBASSY TOKYO"
)

// RunNetwork runs the network conformance suite against stores that open
// returns, one per call, empty but for the seeded directory, with site as
// their node's identity, reading the time from now.
func RunNetwork(t *testing.T, open func(tb testing.TB, now func() time.Time, site *relay.Identity) NetworkStore) {
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, *netFixture)
	}{
		{"TrustAndRoutes", testNetTrust},
		{"Nonces", testNetNonces},
		{"Outbox", testNetOutbox},
		{"ClaimLanes", testNetClaimLanes},
		{"ReceiptsTaken", testNetReceiptsTaken},
		{"Inbound", testNetInbound},
		{"InboundReply", testNetInboundReply},
		{"Forward", testNetForward},
		{"Links", testNetLinks},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := NewClock(scenario.Start)
			home, remote := mustIdentity(t, netHome), mustIdentity(t, netRemote)
			s := open(t, clock.Now, home)
			f := &netFixture{trafficFixture: trafficFixture{s: s, clock: clock, users: map[string]*cable.User{}}, n: s,
				home: home, remote: remote, open: func() NetworkStore { return open(t, clock.Now, remote) }}
			f.admin = f.user(t, "admin", nil)
			tc.fn(t, f)
		})
	}
}

// netFixture is the store under test (Washington's node) with its
// identity, Beijing's, and a way to open Beijing's own store.
type netFixture struct {
	trafficFixture
	n            NetworkStore
	home, remote *relay.Identity
	admin        context.Context
	open         func() NetworkStore // a store for Beijing's node
}

func mustIdentity(tb testing.TB, plad string) *relay.Identity {
	id, err := relay.NewIdentity(plad)
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// trust makes the store trust id's key at url.
func (f *netFixture) trust(tb testing.TB, id *relay.Identity, url string) {
	tb.Helper()
	c := relay.NewCard(id, url, f.clock.Now())
	if err := f.n.TrustSite(f.admin, &relay.TrustedKey{PLAD: c.PLAD, Key: c.Key, Relay: c.Relay, Card: c.String()}); err != nil {
		tb.Fatalf("TrustSite(%s): %v", c.PLAD, err)
	}
}

// released releases a cable to Beijing at precedence p and returns its
// only copy, as the outbox holds it.
func (f *netFixture) released(tb testing.TB, n int, p string) *cable.Delivery {
	tb.Helper()
	rel := f.mustRelease(tb, simpleText(n, ""), netRemote+":"+p)
	if len(rel.Deliveries) != 1 || rel.Deliveries[0].Relay != netRemote {
		tb.Fatalf("release queued %+v, want one copy relayed to %s", rel.Deliveries, netRemote)
	}
	return rel.Deliveries[0]
}

// state returns the state of the store's copy of cable id for site.
func (f *netFixture) state(tb testing.TB, id, site string) *cable.Delivery {
	tb.Helper()
	ds, err := f.n.FindDeliveries(f.admin, id)
	if err != nil {
		tb.Fatalf("FindDeliveries(%s): %v", id, err)
	}
	for _, d := range ds {
		if d.Site == site {
			return d
		}
	}
	tb.Fatalf("%s has no copy for %s", id, site)
	return nil
}

func testNetTrust(t *testing.T, f *netFixture) {
	if _, err := f.n.TrustedKey(f.admin, netRemote); cable.KindOf(err) != cable.NotFound {
		t.Fatalf("TrustedKey before trust: %v, want not found", err)
	}
	f.trust(t, f.remote, "https://beijing.example")
	k, err := f.n.TrustedKey(f.admin, netRemote)
	if err != nil || relay.KeyID(k.Key) != f.remote.KeyID() || k.Relay != "https://beijing.example" {
		t.Fatalf("TrustedKey: %+v, %v", k, err)
	}
	via := netRemote
	if _, err := f.n.UpdateSite(f.admin, netVia, cable.SiteUpdate{Via: &via}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		site string
		want relay.Route
	}{
		{netHome, relay.Route{Site: netHome, Kind: relay.Local, Node: netHome}},
		{"ISN", relay.Route{Site: "ISN", Kind: relay.Local, Node: netHome}},
		{netRemote, relay.Route{Site: netRemote, Kind: relay.Direct, Node: netRemote, Hop: netRemote, URL: "https://beijing.example"}},
		{netVia, relay.Route{Site: netVia, Kind: relay.Via, Node: netVia, Hop: netRemote, URL: "https://beijing.example"}},
	} {
		if got, err := f.n.RouteTo(f.admin, c.site); err != nil || got != c.want {
			t.Errorf("RouteTo(%s) = %+v, %v; want %+v", c.site, got, err, c.want)
		}
	}
	rekeyed := mustIdentity(t, netRemote)
	f.trust(t, rekeyed, "https://beijing2.example")
	if k, err := f.n.TrustedKey(f.admin, netRemote); err != nil || relay.KeyID(k.Key) != rekeyed.KeyID() {
		t.Errorf("after a rekey TrustedKey has key %v (%v), want the new one", k, err)
	}
}

func testNetNonces(t *testing.T, f *netFixture) {
	at := f.clock.Now()
	for _, c := range []struct {
		name, site, nonce string
		at, before        time.Time
		fresh             bool
	}{
		{"first use", netRemote, "n1", at, at.Add(-time.Minute), true},
		{"replayed", netRemote, "n1", at.Add(time.Second), at.Add(-time.Minute), false},
		{"another site's", netVia, "n1", at, at.Add(-time.Minute), true},
		{"kept while none is forgotten", netRemote, "n1", at.Add(time.Hour), time.Time{}, false},
		{"forgotten after its time", netRemote, "n1", at.Add(time.Hour), at.Add(time.Minute), true},
	} {
		if fresh, err := f.n.UseNonce(f.admin, c.site, c.nonce, c.at, c.before); err != nil || fresh != c.fresh {
			t.Errorf("%s: UseNonce = %v, %v; want %v", c.name, fresh, err, c.fresh)
		}
	}
}
