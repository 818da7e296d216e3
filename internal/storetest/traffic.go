package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic/scenario"
)

// TrafficStore is a store that also carries traffic: drafts, releases,
// the outbox and inboxes.
type TrafficStore interface {
	Store
	cable.TrafficService
	// DeliverQueued and EscalateUnacknowledged are the outbox side that
	// the delivery dispatcher drives (delivery.Store).
	DeliverQueued(ctx context.Context, n int) ([]*cable.Delivery, error)
	EscalateUnacknowledged(ctx context.Context, timeout func(cable.Precedence) time.Duration) ([]*cable.Delivery, error)
}

// Clock is a clock tests set by hand.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock showing t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the time the clock shows.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set sets the clock.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Add moves the clock on by d.
func (c *Clock) Add(d time.Duration) { c.Set(c.Now().Add(d)) }

// RunTraffic runs the traffic conformance suite against stores that open
// returns, one per test, empty but for the seeded directory, reading the
// time from now.
func RunTraffic(t *testing.T, open func(tb testing.TB, now func() time.Time) TrafficStore) {
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, *trafficFixture)
	}{
		{"Seed", testTrafficSeed},
		{"Directory", testTrafficDirectory},
		{"Refusals", testTrafficRefusals},
		{"Clearance", testTrafficClearance},
		{"Precedence", testTrafficPrecedence},
		{"ExactlyOnce", testTrafficExactlyOnce},
		{"Acknowledgement", testTrafficAck},
		{"Escalation", testTrafficEscalation},
		{"Counts", testTrafficCounts},
		{"InboxAccess", testTrafficInboxAccess},
		{"InboxSort", testTrafficInboxSort},
		{"Routing", testTrafficRouting},
		{"Actions", testTrafficActions},
		{"ActionSites", testTrafficActionSites},
		{"ActionText", testTrafficActionText},
		{"ReplyToUnknown", testTrafficReplyToUnknown},
		{"ReleaserReads", testTrafficReleaserReads},
		{"DraftMarks", testTrafficDraftMarks},
		{"ProbeAnswerText", testProbeAnswerText},
		{"ProbeAnsweredByUnknown", testProbeAnsweredByUnknown},
		{"ProbeSlugWithheld", testProbeSlugWithheld},
		{"ProbeDrafterDowngraded", testProbeDrafterDowngraded},
		{"ProbeReviewHeldAction", testProbeReviewHeldAction},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := NewClock(scenario.Start)
			tc.fn(t, &trafficFixture{s: open(t, clock.Now), clock: clock, users: map[string]*cable.User{}})
		})
	}
}

// trafficFixture is one store with its clock and the users made so far.
type trafficFixture struct {
	s     TrafficStore
	clock *Clock
	users map[string]*cable.User
}

// user returns a context acting as a SECRET-cleared US user called name
// with these posts and roles ("drafter:ISN"), creating the user the first
// time.
func (f *trafficFixture) user(tb testing.TB, name string, posts []string, roles ...string) context.Context {
	tb.Helper()
	u, ok := f.users[name]
	if !ok {
		u = &cable.User{Name: name, Clearance: "SECRET", Citizenship: "USA", Posts: posts}
		if name == "drafter" || name == "releaser" {
			u.ReadIns = []string{"NODIS"}
		}
		for _, r := range roles {
			kind, post, _ := strings.Cut(r, ":")
			u.Roles = append(u.Roles, cable.Role{Kind: cable.RoleKind(kind), Post: post})
		}
		if name == "admin" {
			u.Admin = true
		}
		if err := f.s.CreateUser(context.Background(), u, "password1"); err != nil {
			tb.Fatalf("CreateUser(%s): %v", name, err)
		}
		f.users[name] = u
	}
	return cable.NewContextWithUser(context.Background(), u)
}

func (f *trafficFixture) drafter(tb testing.TB) context.Context {
	return f.user(tb, "drafter", []string{"ISN"}, "drafter:ISN")
}

func (f *trafficFixture) releaser(tb testing.TB) context.Context {
	return f.user(tb, "releaser", []string{"S/ES"}, "releaser:SECSTATE WASHDC")
}

// simpleText is a short unclassified telegram text that passes the release
// check; n makes its subject unique.
func simpleText(n int, extra string) string {
	return fmt.Sprintf("UNCLAS\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL, KNNP\nSUBJECT: TRAFFIC TEST %d\n\n1. (U) Test text %d.%s\n\nRICE\n", n, n, extra)
}

// mustRelease drafts a cable from ISN to the addressees ("PLAD:PRECEDENCE",
// prefix "info:" for INFO) and releases it.
func (f *trafficFixture) mustRelease(tb testing.TB, text string, addressees ...string) *cable.Release {
	tb.Helper()
	d := &cable.Draft{Origin: "ISN", Text: text}
	for _, a := range addressees {
		role := cable.RoleTo
		if rest, ok := strings.CutPrefix(a, "info:"); ok {
			role, a = cable.RoleInfo, rest
		}
		plad, prec, _ := strings.Cut(a, ":")
		p, err := cable.ParsePrecedence(prec)
		if err != nil {
			tb.Fatal(err)
		}
		d.Addressees = append(d.Addressees, cable.Addressee{PLAD: plad, Role: role, Precedence: p})
	}
	if err := f.s.CreateDraft(f.drafter(tb), d); err != nil {
		tb.Fatalf("CreateDraft: %v", err)
	}
	rel, err := f.s.ReleaseDraft(f.releaser(tb), d.ID)
	if err != nil {
		tb.Fatalf("ReleaseDraft: %v", err)
	}
	return rel
}

// deliverAll drains the outbox in batches of n and returns the copies in
// the order delivered.
func (f *trafficFixture) deliverAll(tb testing.TB, n int) []*cable.Delivery {
	tb.Helper()
	var out []*cable.Delivery
	for {
		ds, err := f.s.DeliverQueued(context.Background(), n)
		if err != nil {
			tb.Fatalf("DeliverQueued: %v", err)
		}
		out = append(out, ds...)
		if len(ds) < n {
			return out
		}
	}
}

func testTrafficSeed(t *testing.T, f *trafficFixture) {
	res, err := scenario.Play(context.Background(), scenario.Config{
		Services: f.s,
		SetTime:  f.clock.Set,
		Deliver:  func(context.Context, *cable.Release) error { f.deliverAll(t, 100); return nil },
		Logf:     t.Logf,
		Password: "cable-demo",
	})
	if err != nil {
		t.Fatal(err)
	}
	wantRefusal := []string{
		"clearance from T missing (cleared: EAP)",
		"banner SECRET must be SECRET//NOFORN because of paragraphs 3, 4 and 5",
	}
	if diff := cmp.Diff(wantRefusal, res.Refusal); diff != "" {
		t.Errorf("first release refused for (-want +got):\n%s", diff)
	}
	if res.Demarche.CableID != "07STATE159388" || res.Demarche.DTG != "220000Z NOV 07" {
		t.Errorf("demarche released as %s %s, want 07STATE159388 220000Z NOV 07", res.Demarche.CableID, res.Demarche.DTG)
	}
	for _, want := range []string{"OO RUEHWEB\n", "DE RUEHC #9388 3260000\n", "ZNY SSSSS ZZH\n", "O 220000Z NOV 07\n",
		"FM RUEHC/SECSTATE WASHDC\n", "TO RUEHBJ/AMEMBASSY BEIJING IMMEDIATE 0001\n", "S E C R E T STATE 159388\n",
		"\nNOFORN SIPDIS\n", "7. (U) Please report delivery of cable"} {
		if !strings.Contains(res.Demarche.Telegram, want) {
			t.Errorf("demarche telegram lacks %q", want)
		}
	}
	if top := res.BeijingTop; top == nil || top.CableID != "07STATE159388" || top.Precedence != cable.Immediate ||
		!strings.HasPrefix(top.Subject, "DEMARCHE ON IMPENDING") || top.Classification != "SECRET//NOFORN" {
		t.Errorf("top of Beijing's inbox = %+v, want the demarche", top)
	}
	if len(res.Acked) != 1 || res.Acked[0].AckedBy != "beijing-duty" || res.Acked[0].Site != "AMEMBASSY BEIJING" {
		t.Errorf("acknowledged copies = %+v, want Beijing's, by beijing-duty", res.Acked)
	}
	if res.Reply.CableID != "07BEIJING7214" || len(res.Reply.Answered) != 1 {
		t.Fatalf("reply = %s answering %d actions, want 07BEIJING7214 answering 1", res.Reply.CableID, len(res.Reply.Answered))
	}
	var sites []string
	for _, d := range res.Reply.Deliveries {
		sites = append(sites, fmt.Sprintf("%s %s %s", d.Site, d.Role, d.Precedence))
	}
	wantSites := []string{"SECSTATE WASHDC to IMMEDIATE", "ISN slug IMMEDIATE", "T slug IMMEDIATE", "EAP slug IMMEDIATE"}
	if diff := cmp.Diff(wantSites, sites); diff != "" {
		t.Errorf("reply copies (-want +got):\n%s", diff)
	}
	for _, office := range []string{"ISN", "T", "EAP"} {
		if top := res.OfficeTop[office]; top == nil || top.CableID != res.Reply.CableID || top.Site != office {
			t.Errorf("top of the %s inbox = %+v, want the reply", office, top)
		}
	}
	want := []*cable.Action{{CableID: "07STATE159388", ActionRequest: cable.ActionRequest{Owner: "AMEMBASSY BEIJING",
		Due: time.Date(2007, 11, 23, 0, 0, 0, 0, time.UTC), Text: "Please report delivery of cable and any immediate response by November 23, 2007"},
		Source: "text", State: cable.ActionAnswered, Slug: []string{"ISN", "T", "EAP"}, AnsweredBy: "07BEIJING7214",
		AnsweredAt: time.Date(2007, 11, 23, 7, 0, 0, 0, time.UTC), CreatedAt: time.Date(2007, 11, 22, 0, 0, 0, 0, time.UTC)}}
	if diff := cmp.Diff(want, res.Actions, ignoreIDs); diff != "" {
		t.Errorf("demarche actions (-want +got):\n%s", diff)
	}
	wantTasking := []cable.TaskingRow{{Owner: "AMEMBASSY BEIJING", Total: 1, OnTime: 1, Answered: 1}}
	if diff := cmp.Diff(wantTasking, res.Tasking.Rows); diff != "" {
		t.Errorf("tasking (-want +got):\n%s", diff)
	}
	imm := res.Speed[2]
	if imm.Precedence != cable.Immediate || imm.Delivered != 5 || imm.Met != 5 {
		t.Errorf("IMMEDIATE speed of service = %+v, want 5 delivered, 5 met", imm)
	}
	isn, err := f.s.FindUserByName(context.Background(), "isn-drafter")
	if err != nil {
		t.Fatal(err)
	}
	events, err := f.s.FindEvents(cable.NewContextWithUser(context.Background(), isn), res.Drafts[0], "")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, string(e.Kind)+" "+e.By)
	}
	wantKinds := []string{"drafted isn-drafter", "cleared eap-clearer", "release-refused ses-releaser", "edited isn-drafter",
		"clearance-voided isn-drafter", "cleared eap-clearer", "cleared t-clearer", "released ses-releaser", "transmitted system",
		"delivered system", "acknowledged beijing-duty", "answered beijing-dcm"}
	if diff := cmp.Diff(wantKinds, kinds); diff != "" {
		t.Errorf("events of the demarche (-want +got):\n%s", diff)
	}
}

var ignoreIDs = cmpIgnoreID()

func cmpIgnoreID() cmp.Option {
	return cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".ID" }, cmp.Ignore())
}

// kindOf returns err's kind, or -1 for no error.
func kindOf(err error) cable.Kind {
	if err == nil {
		return -1
	}
	return cable.KindOf(err)
}

func reasonsOf(err error) []string {
	var r *cable.ReleaseRefusedError
	if errors.As(err, &r) {
		return r.Reasons
	}
	return nil
}
