package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
)

// The probes of an adversarial review (branch review): each fails on main
// and names what leaks to whom. MARKINGS.md §5: "Actions, deadlines and
// slugs recognised in a paragraph are as visible as that paragraph"; a
// cable a reader may not know of is not found "in reads, searches,
// counts, facets, snippets, reference lists and errors".

// probeReader creates a user of Madrid with clearance and read-ins, who
// drafts and releases there, and returns a context acting as them.
func (f *trafficFixture) probeReader(tb testing.TB, name, clearance string, readIns ...string) context.Context {
	tb.Helper()
	u := &cable.User{Name: name, Clearance: clearance, Citizenship: "USA", Posts: []string{"AMEMBASSY MADRID"}, ReadIns: readIns,
		Roles: []cable.Role{{Kind: cable.RoleDrafter, Post: "AMEMBASSY MADRID"}, {Kind: cable.RoleReleaser, Post: "AMEMBASSY MADRID"}}}
	if err := f.s.CreateUser(context.Background(), u, "password1"); err != nil {
		tb.Fatalf("CreateUser(%s): %v", name, err)
	}
	return cable.NewContextWithUser(context.Background(), u)
}

// probeReply drafts at Madrid a reply whose REF names cited and releases it
// as ctx; caption is put after the classification line ("NODIS").
func (f *trafficFixture) probeReply(tb testing.TB, ctx context.Context, cited, caption string) *cable.Release {
	tb.Helper()
	ref := "STATE " + strings.TrimLeft(strings.TrimPrefix(cited, cited[:2]+"STATE"), "0")
	text := "C O N F I D E N T I A L\n\n" + caption + "\n\nE.O. 12958: DECL: 03/03/2018\nTAGS: PREL, KNNP\nSUBJECT: (C) PROBE REPLY\n\n" +
		"REF: " + ref + "\n\nClassified By: DCM J. Doe, Reasons 1.4(b) and (d)\n\n1. (C) The minister answered.\n\nAGUIRRE\n"
	if u := cable.UserFromContext(ctx); u != nil && u.Clearance == "UNCLASSIFIED" {
		// A drafter writes only what they are cleared for.
		text = "UNCLAS\n\n" + caption + "\n\nE.O. 12958: N/A\nTAGS: PREL, KNNP\nSUBJECT: (U) PROBE REPLY\n\n" +
			"REF: " + ref + "\n\n1. (U) The minister answered.\n\nAGUIRRE\n"
	}
	d := &cable.Draft{Origin: "AMEMBASSY MADRID", Text: text, Addressees: []cable.Addressee{{PLAD: "SECSTATE WASHDC", Precedence: cable.Priority}}}
	if err := f.s.CreateDraft(ctx, d); err != nil {
		tb.Fatal(err)
	}
	rel, err := f.s.ReleaseDraft(ctx, d.ID)
	if err != nil {
		tb.Fatalf("release the reply to %s: %v", cited, err)
	}
	return rel
}

const probeHead = "C O N F I D E N T I A L\n\nSIPDIS\n\nE.O. 12958: DECL: 03/03/2018\nTAGS: PREL, KNNP\nSUBJECT: (U) PROBE\n\n" +
	"Classified By: ISN Director J. Doe, Reasons 1.4(b) and (d)\n\n"

// testProbeAnswerText: a reply released by someone who may not see the
// paragraph an action was found in answers it, and the release hands
// them the action's text and due date (Release.Answered; the API's
// "answered"), so an UNCLASSIFIED releaser reads CONFIDENTIAL text.
func testProbeAnswerText(t *testing.T, f *trafficFixture) {
	f.clock.Set(time.Date(2008, 3, 3, 12, 0, 0, 0, time.UTC))
	src := f.mustRelease(t, probeHead+"1. (U) Test text.\n\n2. (C) Please report the minister's secret answer by March 5, 2008.\n\nRICE\n",
		"AMEMBASSY MADRID:PRIORITY")
	f.deliverAll(t, 10)
	rel := f.probeReply(t, f.probeReader(t, "madrid-u", "UNCLASSIFIED"), src.CableID, "SIPDIS")
	for _, a := range rel.Answered {
		if strings.Contains(a.Text, "secret answer") || !a.Due.IsZero() {
			t.Errorf("LEAK: releasing a reply gives an UNCLASSIFIED releaser the action of %s found in paragraph 2 (C): %q due %s",
				src.CableID, a.Text, a.Due.Format(time.DateOnly))
		}
	}
}

// testProbeAnsweredByUnknown: when a NODIS reply answers an action, the
// action's answered_by and the cited cable's "answered" event name the
// reply to every reader of the cited cable, who may not know of it.
func testProbeAnsweredByUnknown(t *testing.T, f *trafficFixture) {
	f.clock.Set(time.Date(2008, 3, 3, 12, 0, 0, 0, time.UTC))
	src := f.mustRelease(t, simpleText(41, " Please report the minister's answer by March 5, 2008."), "AMEMBASSY MADRID:PRIORITY")
	f.deliverAll(t, 10)
	reply := f.probeReply(t, f.probeReader(t, "madrid-nodis", "SECRET", "NODIS"), src.CableID, "NODIS")
	if len(reply.Answered) != 1 {
		t.Fatalf("the NODIS reply answers %+v, want the action of %s", reply.Answered, src.CableID)
	}
	other := f.probeReader(t, "madrid-s", "SECRET")
	if _, err := f.s.FindCableByID(other, reply.CableID); cable.KindOf(err) != cable.NotFound {
		t.Fatalf("a member of Madrid not read in reads the NODIS reply %s: %v", reply.CableID, err)
	}
	as, err := f.s.FindActions(other, cable.ActionFilter{CableID: src.CableID})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.AnsweredBy == reply.CableID {
			t.Errorf("LEAK: the action of %s says it was answered by %s, a NODIS cable the reader may not know of", src.CableID, reply.CableID)
		}
	}
	es, err := f.s.FindEvents(other, 0, src.CableID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if strings.Contains(e.Detail, reply.CableID) {
			t.Errorf("LEAK: event %q on %s names %s, a NODIS cable the reader may not know of", e.Detail, src.CableID, reply.CableID)
		}
	}
}

// testProbeSlugWithheld: the offices a withheld paragraph asks replies to
// be slugged for are listed with an action found in a visible one.
func testProbeSlugWithheld(t *testing.T, f *trafficFixture) {
	f.clock.Set(time.Date(2008, 3, 3, 12, 0, 0, 0, time.UTC))
	src := f.mustRelease(t, probeHead+"1. (U) Please report the minister's answer by March 5, 2008.\n\n2. (C) Please slug all responses for EAP.\n\nRICE\n",
		"AMEMBASSY MADRID:PRIORITY")
	f.deliverAll(t, 10)
	as, err := f.s.FindActions(f.probeReader(t, "madrid-u", "UNCLASSIFIED"), cable.ActionFilter{CableID: src.CableID})
	if err != nil || len(as) != 1 {
		t.Fatalf("FindActions by a reader of paragraph 1 = %+v, %v; want its action", as, err)
	}
	if len(as[0].Slug) > 0 {
		t.Errorf("LEAK: the action of paragraph 1 (U) lists the slug %v asked in paragraph 2 (C) to an UNCLASSIFIED reader", as[0].Slug)
	}
}

// testProbeDrafterDowngraded: a drafter sees their draft whatever their
// clearance is now, and after release the draft is the whole telegram:
// a drafter cleared down to CONFIDENTIAL still reads the SECRET text that
// the cable itself no longer shows them.
func testProbeDrafterDowngraded(t *testing.T, f *trafficFixture) {
	text := "S E C R E T\n\nSIPDIS\n\nE.O. 12958: DECL: 03/03/2018\nTAGS: PREL\nSUBJECT: (U) PROBE DRAFTER\n\n" +
		"Classified By: ISN Director J. Doe, Reasons 1.4(b)\n\n1. (S) Secret probe text.\n\nRICE\n"
	d := &cable.Draft{Origin: "ISN", Text: text, Addressees: []cable.Addressee{{PLAD: "AMEMBASSY PARIS", Precedence: cable.Priority}}}
	if err := f.s.CreateDraft(f.drafter(t), d); err != nil {
		t.Fatal(err)
	}
	clr := "CONFIDENTIAL"
	u, err := f.s.UpdateUser(context.Background(), "drafter", cable.UserUpdate{Clearance: &clr})
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.s.FindDraftByID(cable.NewContextWithUser(context.Background(), u), d.ID)
	if err == nil && strings.Contains(got.Text, "Secret probe text") {
		t.Errorf("LEAK: the drafter, now cleared CONFIDENTIAL, reads draft %d's paragraph 1 (S)", d.ID)
	}
}
