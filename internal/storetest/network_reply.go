package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/relay"
)

// The two cables Washington asks Beijing to act on in the reply case: one
// any member of the post may read, one NODIS.
const (
	netAskOpen = "UNCLAS\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL, KNNP\nSUBJECT: NETWORK ASK 1\n\n" +
		"1. (U) Please report the minister's answer by March 5, 2008. Please slug all responses for ISN.\n\nRICE\n"
	netAskNodis = "S E C R E T\n\nNODIS\n\nE.O. 12958: DECL: 03/03/2018\nTAGS: PREL, KNNP\nSUBJECT: (S) NETWORK ASK 2\n\n" +
		"Classified By: ISN Director J. Doe, Reasons 1.4(b) and (d)\n\n" +
		"1. (S) Please report the minister's answer by March 5, 2008. Please slug all responses for ISN.\n\nRICE\n"
)

// testNetInboundReply has the store under test (Washington) ask Beijing
// to act in two cables, one of them NODIS; Beijing's node takes both, and
// its releaser, not read in to NODIS, releases a reply citing both. On
// Washington's node the reply answers the first cable only and is slugged
// to ISN once: the NODIS cable's reference was dangling for its releaser
// at Beijing, and is dangling here too (issue 12, leak 1, across sites).
func testNetInboundReply(t *testing.T, f *netFixture) {
	ctx := context.Background()
	f.trust(t, f.remote, "http://beijing.invalid")
	open := f.mustRelease(t, netAskOpen, netRemote+":PRIORITY")
	nodis := f.mustRelease(t, netAskNodis, netRemote+":PRIORITY")
	for _, rel := range []*cable.Release{open, nodis} {
		if len(rel.Actions) != 1 || rel.Actions[0].Owner != netRemote {
			t.Fatalf("%s: actions %+v, want Beijing's", rel.CableID, rel.Actions)
		}
	}
	b := f.open()
	bf := &trafficFixture{s: b, clock: f.clock, users: map[string]*cable.User{}}
	card := relay.NewCard(f.home, "http://washington.invalid", f.clock.Now())
	if err := b.TrustSite(bf.user(t, "admin", nil), &relay.TrustedKey{PLAD: card.PLAD, Key: card.Key, Relay: card.Relay, Card: card.String()}); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []*cable.Release{open, nodis} {
		if _, err := b.AcceptCopies(ctx, []*relay.Inbound{f.inbound(t, f.n, rel.CableID, netRemote, netHome)}); err != nil {
			t.Fatalf("Beijing takes %s: %v", rel.CableID, err)
		}
	}
	bf.deliverAll(t, 10)
	staff := bf.user(t, "staff", []string{netRemote}, "drafter:"+netRemote, "releaser:"+netRemote)
	if _, err := b.FindCableByID(staff, nodis.CableID); cable.KindOf(err) != cable.NotFound {
		t.Fatalf("Beijing's releaser reads the NODIS cable %s: %v, want NotFound", nodis.CableID, err)
	}
	refs := "REF: A. STATE " + strings.TrimPrefix(open.CableID[2:], "STATE") + " B. STATE " + strings.TrimPrefix(nodis.CableID[2:], "STATE")
	reply := &cable.Draft{Origin: netRemote, Text: strings.Replace(simpleText(8, ""), "\n\n1. (U)", "\n\n"+refs+"\n\n1. (U)", 1),
		Addressees: []cable.Addressee{{PLAD: netHome, Role: cable.RoleTo, Precedence: cable.Priority}}}
	if err := b.CreateDraft(staff, reply); err != nil {
		t.Fatal(err)
	}
	rel, err := b.ReleaseDraft(staff, reply.ID)
	if err != nil {
		t.Fatal(err)
	}
	in := f.inbound(t, b, rel.CableID, netHome, netRemote)
	if !slices.Equal(in.Envelope.Answers, []string{open.CableID}) {
		t.Fatalf("Beijing sealed the reply answering %v, want [%s]: its releaser may not know of %s", in.Envelope.Answers, open.CableID, nodis.CableID)
	}
	if _, err := f.n.AcceptCopies(ctx, []*relay.Inbound{in}); err != nil {
		t.Fatalf("Washington takes the reply: %v", err)
	}
	isn := f.drafter(t)
	for _, c := range []struct {
		id   string
		want cable.ActionState
	}{{open.CableID, cable.ActionAnswered}, {nodis.CableID, cable.ActionOpen}} {
		as, err := f.n.FindActions(isn, cable.ActionFilter{CableID: c.id})
		if err != nil || len(as) != 1 || as[0].State != c.want {
			t.Errorf("at Washington, %s's action after the reply = %+v, %v; want %s", c.id, as, err, c.want)
		}
	}
	ds, err := f.n.FindDeliveries(f.admin, rel.CableID)
	if err != nil {
		t.Fatal(err)
	}
	var sites []string
	for _, d := range ds {
		sites = append(sites, d.Site)
	}
	slices.Sort(sites)
	if want := []string{"ISN", netHome}; !slices.Equal(sites, want) {
		t.Errorf("at Washington, copies of the reply for %v, want %v (slugged to ISN once)", sites, want)
	}
}

// inbound is the copy of cable id, sealed by node from, for addressee as
// node via posts it.
func (f *netFixture) inbound(tb testing.TB, from NetworkStore, id, addressee, via string) *relay.Inbound {
	tb.Helper()
	sealed, err := from.Envelope(context.Background(), id)
	if err != nil || sealed == nil {
		tb.Fatalf("envelope of %s: %v", id, err)
	}
	return &relay.Inbound{Envelope: sealed.Envelope, Telegram: sealed.Telegram, Cable: cabletext.ParseString(sealed.Telegram),
		Addressee: addressee, Role: cable.RoleTo, Precedence: cable.Priority, From: via}
}
