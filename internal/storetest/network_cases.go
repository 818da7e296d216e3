package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/relay"
)

// testNetOutbox follows a copy for a remote site through the outbox: the
// release seals it and routes it to its node; a claim leases it with its
// telegram; a failed post puts it back until the retry time; a copy
// given up is failed, counted on its link, and claimed no more.
func testNetOutbox(t *testing.T, f *netFixture) {
	ctx := context.Background()
	f.trust(t, f.remote, "http://beijing.invalid")
	d := f.released(t, 1, "IMMEDIATE")
	sealed, err := f.n.Envelope(f.admin, d.CableID)
	if err != nil || sealed == nil {
		t.Fatalf("Envelope(%s) = %v, %v", d.CableID, sealed, err)
	}
	if err := sealed.Envelope.Verify(f.home.Public(), sealed.Telegram); err != nil || !sealed.Envelope.Lists(netRemote, cable.RoleTo, cable.Immediate) {
		t.Errorf("the envelope of %s: %v, or it lists no IMMEDIATE copy for %s", d.CableID, err, netRemote)
	}
	if sig, err := f.n.CableSignature(f.releaser(t), d.CableID); err != nil || !sig.Verified || sig.Origin != netHome {
		t.Errorf("CableSignature = %+v, %v; want verified, sealed by %s", sig, err, netHome)
	}
	claimed, err := f.n.ClaimRelay(ctx, 10, time.Minute)
	if err != nil || len(claimed) != 1 || claimed[0].Telegram != sealed.Telegram || claimed[0].State != cable.DeliverySending {
		t.Fatalf("ClaimRelay = %+v, %v; want the copy with its telegram", claimed, err)
	}
	retry := f.clock.Now().Add(time.Minute)
	if err := f.n.RelayFailed(ctx, netRemote, []int64{d.ID}, retry, "connection refused"); err != nil {
		t.Fatal(err)
	}
	if again, err := f.n.ClaimRelay(ctx, 10, time.Minute); err != nil || len(again) != 0 {
		t.Errorf("ClaimRelay before the retry time = %d copies, %v; want none", len(again), err)
	}
	links, err := f.n.Links(f.admin)
	if err != nil || len(links) != 1 || links[0].Queued[cable.Immediate] != 1 {
		t.Errorf("Links = %+v, %v; want one IMMEDIATE copy queued for %s", links, err, netRemote)
	}
	f.clock.Add(2 * time.Minute)
	if claimed, err = f.n.ClaimRelay(ctx, 10, time.Minute); err != nil || len(claimed) != 1 {
		t.Fatalf("ClaimRelay after the retry time = %d copies, %v; want one", len(claimed), err)
	}
	if err := f.n.FailRelay(ctx, d.ID, "refused for good"); err != nil {
		t.Fatal(err)
	}
	if got := f.state(t, d.CableID, netRemote); got.State != cable.DeliveryFailed || got.LastError != "refused for good" {
		t.Errorf("after FailRelay: %s %q, want failed with the reason", got.State, got.LastError)
	}
	f.clock.Add(time.Hour)
	if again, err := f.n.ClaimRelay(ctx, 10, time.Minute); err != nil || len(again) != 0 {
		t.Errorf("ClaimRelay of a failed copy = %d copies, %v; want none", len(again), err)
	}
	if links, err := f.n.Links(f.admin); err != nil || len(links) != 1 || links[0].Failed[netRemote] != 1 || len(links[0].Queued) != 0 {
		t.Errorf("Links = %+v, %v; want one failed copy and none queued", links, err)
	}
}

// testNetClaimLanes claims relay copies as the dispatcher's urgent lane
// and its relay batches do (delivery.LaneClaimer): only copies at or above
// the precedence asked for, most urgent first, each once, and without
// their telegrams, which the relay reads from the envelopes.
func testNetClaimLanes(t *testing.T, f *netFixture) {
	ctx := context.Background()
	f.trust(t, f.remote, "http://beijing.invalid")
	routine := f.released(t, 1, "ROUTINE")
	immediate := f.released(t, 2, "IMMEDIATE")
	flash := f.released(t, 3, "FLASH")
	ids := func(ds []*cable.Delivery) []string {
		var out []string
		for _, d := range ds {
			if d.Telegram != "" {
				t.Errorf("ClaimRelayCopies read the telegram of %s", d.CableID)
			}
			out = append(out, d.CableID)
		}
		return out
	}
	for _, c := range []struct {
		n       int
		atLeast cable.Precedence
		want    []string
	}{
		{1, cable.Immediate, []string{flash.CableID}},
		{10, cable.NiactImmediate, nil},
		{10, cable.Immediate, []string{immediate.CableID}},
		{10, cable.PrecedenceNone, []string{routine.CableID}},
	} {
		got, err := f.n.ClaimRelayCopies(ctx, c.n, time.Minute, c.atLeast)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(c.want, ids(got)); diff != "" {
			t.Errorf("ClaimRelayCopies(%d, at least %s) (-want +got):\n%s", c.n, c.atLeast, diff)
		}
	}
}

// receipt is a receipt by id for the copy of cable c at addressee.
func receipt(id *relay.Identity, kind relay.ReceiptKind, d *cable.Delivery, version string, at time.Time, by string) *relay.Receipt {
	r := &relay.Receipt{Kind: kind, CableID: d.CableID, Version: version, Addressee: d.Site, Origin: netHome, At: at, By: by}
	r.Sign(id)
	return r
}

// testNetReceiptsTaken gives the store receipts for its copy, each twice,
// and checks that each moves the copy on once and is kept.
func testNetReceiptsTaken(t *testing.T, f *netFixture) {
	ctx := context.Background()
	f.trust(t, f.remote, "http://beijing.invalid")
	d := f.released(t, 1, "FLASH")
	sealed, _ := f.n.Envelope(f.admin, d.CableID)
	if _, err := f.n.ClaimRelay(ctx, 10, time.Minute); err != nil {
		t.Fatal(err)
	}
	at := f.clock.Now()
	for _, c := range []struct {
		r     *relay.Receipt
		state cable.DeliveryState
		check func(*cable.Delivery) bool
	}{
		{receipt(f.remote, relay.Received, d, sealed.Envelope.Version, at.Add(time.Second), ""), cable.DeliveryRelayed,
			func(x *cable.Delivery) bool {
				return x.RelayedBy == netRemote && x.RelayedAt.Equal(at.Add(time.Second))
			}},
		{receipt(f.remote, relay.Delivered, d, sealed.Envelope.Version, at.Add(2*time.Second), ""), cable.DeliveryDelivered,
			func(x *cable.Delivery) bool {
				return x.DeliveredBy == netRemote && x.DeliveredAt.Equal(at.Add(2*time.Second))
			}},
		{receipt(f.remote, relay.Acknowledged, d, sealed.Envelope.Version, at.Add(3*time.Second), "beijing-duty"), cable.DeliveryDelivered,
			func(x *cable.Delivery) bool { return x.AckedBy == "beijing-duty@"+netRemote }},
	} {
		for i, want := range []int{1, 0} {
			if n, err := f.n.TakeReceipts(ctx, []*relay.Receipt{c.r}); err != nil || n != want {
				t.Errorf("TakeReceipts(%s), time %d: %d new, %v; want %d", c.r.Kind, i+1, n, err, want)
			}
		}
		if got := f.state(t, d.CableID, netRemote); got.State != c.state || !c.check(got) {
			t.Errorf("after the %s receipt: %+v, want %s", c.r.Kind, got, c.state)
		}
	}
	rs, err := f.n.Receipts(f.admin, d.CableID)
	if err != nil || len(rs) != 3 {
		t.Fatalf("Receipts = %d, %v; want 3", len(rs), err)
	}
	for _, r := range rs {
		if err := r.Verify(f.remote.Public()); err != nil {
			t.Errorf("kept %s receipt: %v", r.Kind, err)
		}
	}
	sent, _, err := f.n.NetworkSpeedOfService(f.admin, time.Time{}, time.Time{})
	if err != nil || sent[0].Precedence != cable.Flash || sent[0].Delivered != 1 || sent[0].Max != 2*time.Second {
		t.Errorf("sent speed of service %+v, %v; want one FLASH delivered in 2s by its receipt", sent, err)
	}
}

// testNetInbound has Beijing's own store release a cable to Washington,
// gives the copy to the store under test twice, and follows it: archived
// and queued once, delivered locally, its delivered receipt owed once.
func testNetInbound(t *testing.T, f *netFixture) {
	ctx := context.Background()
	b := f.open()
	bf := &trafficFixture{s: b, clock: f.clock, users: map[string]*cable.User{}}
	staff := bf.user(t, "staff", []string{netRemote}, "drafter:"+netRemote, "releaser:"+netRemote)
	draft := &cable.Draft{Origin: netRemote, Text: simpleText(7, ""), Addressees: []cable.Addressee{{PLAD: netHome, Role: cable.RoleTo, Precedence: cable.Priority}}}
	if err := b.CreateDraft(staff, draft); err != nil {
		t.Fatal(err)
	}
	rel, err := b.ReleaseDraft(staff, draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := b.Envelope(staff, rel.CableID)
	if err != nil || sealed == nil {
		t.Fatalf("Beijing's envelope of %s: %v", rel.CableID, err)
	}
	f.trust(t, f.remote, "http://beijing.invalid")
	in := &relay.Inbound{Envelope: sealed.Envelope, Telegram: sealed.Telegram, Cable: cabletext.ParseString(sealed.Telegram),
		Addressee: netHome, Role: cable.RoleTo, Precedence: cable.Priority, From: netRemote}
	f.clock.Add(time.Minute)
	first, err := f.n.AcceptCopies(ctx, []*relay.Inbound{in, in})
	if err != nil || len(first) != 2 || first[0].Duplicate || !first[1].ReceivedAt.Equal(first[0].ReceivedAt) {
		t.Fatalf("AcceptCopies = %+v, %v; want one new copy, the second the same", first, err)
	}
	f.clock.Add(time.Minute)
	again, err := f.n.AcceptCopies(ctx, []*relay.Inbound{in})
	if err != nil || !again[0].Duplicate || !again[0].ReceivedAt.Equal(first[0].ReceivedAt) {
		t.Fatalf("AcceptCopies again = %+v, %v; want the copy held, received when first", again, err)
	}
	if ds := f.deliverAll(t, 10); len(ds) != 1 || ds[0].CableID != rel.CableID || ds[0].Site != netHome {
		t.Fatalf("delivered %+v, want the one copy", ds)
	}
	owed, err := f.n.PendingReceipts(ctx, 10)
	if err != nil || len(owed) != 1 || owed[0].Kind != relay.Delivered || owed[0].Origin != netRemote || owed[0].CableID != rel.CableID {
		t.Fatalf("PendingReceipts = %+v, %v; want the delivered receipt for %s", owed, err, netRemote)
	}
	owed[0].Sign(f.home)
	if err := f.n.ReceiptsSent(ctx, owed); err != nil {
		t.Fatal(err)
	}
	if owed, err := f.n.PendingReceipts(ctx, 10); err != nil || len(owed) != 0 {
		t.Errorf("PendingReceipts after they were sent = %+v, %v; want none", owed, err)
	}
	_, received, err := f.n.NetworkSpeedOfService(f.admin, time.Time{}, time.Time{})
	if err != nil || received[3].Precedence != cable.Priority || received[3].Delivered != 1 {
		t.Errorf("received speed of service %+v, %v; want one PRIORITY copy delivered", received, err)
	}
}

// testNetForward keeps a receipt for another node and passes it on once.
func testNetForward(t *testing.T, f *netFixture) {
	ctx := context.Background()
	tokyo := mustIdentity(t, netVia)
	r := &relay.Receipt{Kind: relay.Delivered, CableID: "26TOKYO1", Version: "ab", Addressee: netVia, Origin: netRemote, At: f.clock.Now()}
	r.Sign(tokyo)
	if err := f.n.ForwardReceipts(ctx, []*relay.Receipt{r}); err != nil {
		t.Fatal(err)
	}
	owed, err := f.n.PendingReceipts(ctx, 10)
	if err != nil || len(owed) != 1 || owed[0].Verify(tokyo.Public()) != nil {
		t.Fatalf("PendingReceipts = %+v, %v; want Tokyo's receipt, signed as it came", owed, err)
	}
	if err := f.n.ReceiptsSent(ctx, owed); err != nil {
		t.Fatal(err)
	}
	if owed, err := f.n.PendingReceipts(ctx, 10); err != nil || len(owed) != 0 {
		t.Errorf("PendingReceipts after it was passed on = %+v, %v; want none", owed, err)
	}
}

// testNetLinks records a link's states: since changes only when it goes
// up or down.
func testNetLinks(t *testing.T, f *netFixture) {
	ctx := context.Background()
	t0 := f.clock.Now()
	for _, c := range []struct {
		up     bool
		at     time.Time
		reason string
		since  time.Time
	}{
		{false, t0, "connection refused", t0},
		{false, t0.Add(time.Minute), "timeout", t0},
		{true, t0.Add(2 * time.Minute), "", t0.Add(2 * time.Minute)},
		{true, t0.Add(3 * time.Minute), "", t0.Add(2 * time.Minute)},
	} {
		if err := f.n.SetLink(ctx, netRemote, c.up, c.at, c.reason); err != nil {
			t.Fatal(err)
		}
		ls, err := f.n.Links(f.admin)
		if err != nil || len(ls) != 1 || ls[0].Up != c.up || !ls[0].Since.Equal(c.since) || ls[0].LastError != c.reason {
			t.Errorf("after SetLink(%v, %s): %+v, %v; want up %v since %s", c.up, c.at, ls, err, c.up, c.since)
		}
	}
}
