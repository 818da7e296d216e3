package storetest

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic/scenario"
)

func testTrafficDirectory(t *testing.T, f *trafficFixture) {
	admin := f.user(t, "admin", nil)
	for name, want := range map[string]cable.Site{
		"AMEMBASSY BEIJING": {PLAD: "AMEMBASSY BEIJING", Kind: cable.SitePost, RI: "RUEHBJ", Country: "CHN", Station: "BEIJING", Name: "Embassy Beijing"},
		"ruehc":             {PLAD: "SECSTATE WASHDC", Kind: cable.SitePost, RI: "RUEHC", Country: "USA", Station: "STATE", Name: "Secretary of State"},
		"ISN": {PLAD: "ISN", Kind: cable.SiteOffice, RI: "RUEHC", Country: "USA", Parent: "SECSTATE WASHDC", Station: "STATE",
			Name: "Bureau of International Security and Nonproliferation"},
	} {
		got, err := f.s.FindSite(admin, name)
		if err != nil {
			t.Fatalf("FindSite(%s): %v", name, err)
		}
		if diff := cmp.Diff(&want, got, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".UpdatedAt" }, cmp.Ignore())); diff != "" {
			t.Errorf("FindSite(%s) (-want +got):\n%s", name, diff)
		}
	}
	offices, err := f.s.FindSites(admin, cable.SiteFilter{Kind: cable.SiteOffice, Parent: "SECSTATE WASHDC"})
	if err != nil || len(offices) < 13 {
		t.Errorf("FindSites(offices of SECSTATE WASHDC) = %d sites, %v; want the State offices", len(offices), err)
	}
	if _, err := f.s.FindSite(admin, "AMEMBASSY ATLANTIS"); kindOf(err) != cable.NotFound {
		t.Errorf("FindSite(unknown) error = %v, want NotFound", err)
	}
	atlantis := &cable.Site{PLAD: "amembassy atlantis", Kind: cable.SitePost, RI: "RUEHXQ", Country: "GRC"}
	if err := f.s.CreateSite(f.drafter(t), atlantis); kindOf(err) != cable.Forbidden {
		t.Errorf("CreateSite by a drafter: error = %v, want Forbidden", err)
	}
	if err := f.s.CreateSite(admin, atlantis); err != nil {
		t.Fatalf("CreateSite: %v", err)
	}
	if atlantis.PLAD != "AMEMBASSY ATLANTIS" || atlantis.Station != "ATLANTIS" {
		t.Errorf("created %+v, want PLAD and station normalised", atlantis)
	}
	if err := f.s.CreateSite(admin, &cable.Site{PLAD: "AMEMBASSY ATLANTIS", Kind: cable.SitePost}); kindOf(err) != cable.Conflict {
		t.Errorf("CreateSite twice: error = %v, want Conflict", err)
	}
	for _, bad := range []*cable.Site{
		{PLAD: "X1", Kind: cable.SitePost, RI: "XX"},
		{PLAD: "X2", Kind: cable.SitePost, Country: "Narnia"},
		{PLAD: "X3", Kind: cable.SiteOffice},
		{PLAD: "X4", Kind: cable.SiteOffice, Parent: "ISN"},
		{PLAD: "X5", Kind: "embassy"},
		{PLAD: "X6", Kind: cable.SiteCollective, Members: []string{"AMEMBASSY NOWHERE"}},
	} {
		if err := f.s.CreateSite(admin, bad); kindOf(err) != cable.Invalid && kindOf(err) != cable.NotFound {
			t.Errorf("CreateSite(%+v): error = %v, want Invalid", bad, err)
		}
	}
	name := "Embassy of Atlantis"
	got, err := f.s.UpdateSite(admin, "AMEMBASSY ATLANTIS", cable.SiteUpdate{Name: &name})
	if err != nil || got.Name != name || got.RI != "RUEHXQ" {
		t.Errorf("UpdateSite = %+v, %v; want the new name, the rest kept", got, err)
	}
	if err := f.s.CreateSite(admin, &cable.Site{PLAD: "S/GAC", Kind: cable.SiteOffice, Parent: "SECSTATE WASHDC"}); err != nil {
		t.Errorf("CreateSite(office): %v", err)
	} else if s, _ := f.s.FindSite(admin, "S/GAC"); s.RI != "RUEHC" || s.Station != "STATE" {
		t.Errorf("new office %+v, want its post's RI and station", s)
	}
}

func testTrafficRefusals(t *testing.T, f *trafficFixture) {
	f.user(t, "eap", []string{"EAP"}, "clearer:EAP")
	tests := []struct {
		name       string
		text       string
		to         string
		clearances []string
		want       []string
	}{
		{"missing clearance", simpleText(1, ""), "AMEMBASSY BEIJING", []string{"EAP", "T"},
			[]string{"clearance from T missing (cleared: EAP)"}},
		{"banner below its roll-up", scenario.DemarcheText(), "AMEMBASSY BEIJING", nil,
			[]string{"banner SECRET must be SECRET//NOFORN because of paragraphs 3, 4 and 5"}},
		{"SIPDIS with NODIS", strings.Replace(simpleText(2, ""), "SIPDIS", "SIPDIS NODIS", 1), "AMEMBASSY BEIJING", nil,
			[]string{"captions SIPDIS and NODIS: SIPDIS may not be combined with NODIS or EXDIS: a SIPDIS cable may not carry NODIS or EXDIS; remove SIPDIS or the restrictive caption"}},
		{"unknown addressee", simpleText(3, ""), "AMEMBASSY ATLANTIS", nil,
			[]string{"unknown addressee AMEMBASSY ATLANTIS: add it with cable directory add"}},
		{"no classification line", "Hello.\n", "AMEMBASSY BEIJING", nil,
			[]string{`the text has no classification line: begin it with one such as "S E C R E T", "C O N F I D E N T I A L" or "UNCLAS"`}},
		{"no subject", strings.Replace(simpleText(4, ""), "SUBJECT: TRAFFIC TEST 4\n", "", 1), "AMEMBASSY BEIJING", nil,
			[]string{"SUBJECT: no SUBJECT line"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &cable.Draft{Origin: "ISN", Text: tt.text,
				Addressees: []cable.Addressee{{PLAD: tt.to, Role: cable.RoleTo, Precedence: cable.Routine}}}
			for _, o := range tt.clearances {
				d.Clearances = append(d.Clearances, cable.Clearance{Office: o})
			}
			if err := f.s.CreateDraft(f.drafter(t), d); err != nil {
				t.Fatal(err)
			}
			if slices.Contains(tt.clearances, "EAP") {
				if _, err := f.s.ClearDraft(f.user(t, "eap", nil), d.ID, "EAP"); err != nil {
					t.Fatal(err)
				}
			}
			_, err := f.s.ReleaseDraft(f.releaser(t), d.ID)
			if kindOf(err) != cable.Invalid {
				t.Fatalf("ReleaseDraft error = %v, want an Invalid refusal", err)
			}
			if diff := cmp.Diff(tt.want, reasonsOf(err)); diff != "" {
				t.Errorf("refusal %d (-want +got):\n%s", i, diff)
			}
			if !strings.Contains(cable.MessageOf(err), tt.want[0]) {
				t.Errorf("MessageOf(refusal) = %q, want it to say %q", cable.MessageOf(err), tt.want[0])
			}
			got, err := f.s.FindDraftByID(f.drafter(t), d.ID)
			if err != nil || got.State == cable.DraftReleased || got.CableID != "" {
				t.Errorf("after the refusal the draft is %+v, %v; want it unreleased", got, err)
			}
		})
	}
	// A refusal uses up no serial: the next release takes STATE 1.
	if rel := f.mustRelease(t, simpleText(9, ""), "AMEMBASSY BEIJING:ROUTINE"); rel.CableID != "07STATE1" {
		t.Errorf("first release after refusals = %s, want 07STATE1", rel.CableID)
	}
}

func testTrafficClearance(t *testing.T, f *trafficFixture) {
	eap := f.user(t, "eap", []string{"EAP"}, "clearer:EAP")
	tc := f.user(t, "tclear", []string{"T"}, "clearer:T")
	outsider := f.user(t, "outsider", []string{"AMEMBASSY PARIS"}, "clearer:EUR")
	d := &cable.Draft{Origin: "ISN", Text: simpleText(1, ""), Clearances: []cable.Clearance{{Office: "eap"}, {Office: "T"}},
		Addressees: []cable.Addressee{{PLAD: "AMEMBASSY BEIJING", Precedence: cable.Priority}}}
	if err := f.s.CreateDraft(outsider, d); kindOf(err) != cable.Forbidden {
		t.Errorf("CreateDraft by a non-drafter: error = %v, want Forbidden", err)
	}
	if err := f.s.CreateDraft(f.drafter(t), d); err != nil {
		t.Fatal(err)
	}
	if d.State != cable.DraftDrafting || d.Clearances[0].Office != "EAP" || d.Addressees[0].Role != cable.RoleTo {
		t.Errorf("new draft = %+v, want drafting, offices normalised, TO by default", d)
	}
	if _, err := f.s.FindDraftByID(outsider, d.ID); kindOf(err) != cable.NotFound {
		t.Errorf("FindDraftByID by an outsider: error = %v, want NotFound", err)
	}
	if _, err := f.s.ClearDraft(outsider, d.ID, "EUR"); kindOf(err) != cable.NotFound {
		t.Errorf("ClearDraft by an outsider: error = %v, want NotFound", err)
	}
	if _, err := f.s.ClearDraft(eap, d.ID, "T"); kindOf(err) != cable.Forbidden {
		t.Errorf("ClearDraft for another office: error = %v, want Forbidden", err)
	}
	if _, err := f.s.ClearDraft(eap, d.ID, "EUR"); kindOf(err) != cable.Invalid {
		t.Errorf("ClearDraft for an office not asked: error = %v, want Invalid", err)
	}
	f.clock.Add(time.Minute)
	if _, err := f.s.ClearDraft(eap, d.ID, "EAP"); err != nil {
		t.Fatal(err)
	}
	got, err := f.s.ClearDraft(tc, d.ID, "T")
	if err != nil || got.State != cable.DraftCleared {
		t.Fatalf("after both clearances: %+v, %v; want cleared", got, err)
	}
	text := simpleText(1, " Changed.")
	if _, err := f.s.UpdateDraft(eap, d.ID, cable.DraftUpdate{Text: &text}); kindOf(err) != cable.Forbidden {
		t.Errorf("UpdateDraft by a clearer: error = %v, want Forbidden", err)
	}
	got, err = f.s.UpdateDraft(f.drafter(t), d.ID, cable.DraftUpdate{Text: &text})
	if err != nil || got.State != cable.DraftDrafting || got.Version != 2 {
		t.Fatalf("after an edit: %+v, %v; want drafting, version 2", got, err)
	}
	for _, c := range got.Clearances {
		if c.By != "" {
			t.Errorf("clearance of %s survived the edit: %+v", c.Office, c)
		}
	}
	if _, err := f.s.ReleaseDraft(f.releaser(t), d.ID); !slices.Contains(reasonsOf(err), "clearances from EAP and T missing (cleared: none)") {
		t.Errorf("release after the edit: %v, want both clearances missing", err)
	}
	if _, err := f.s.ReleaseDraft(f.drafter(t), d.ID); kindOf(err) != cable.Forbidden {
		t.Errorf("release by the drafter: error = %v, want Forbidden", err)
	}
	pending, err := f.s.FindDrafts(tc, cable.DraftFilter{Pending: true})
	if err != nil || len(pending) != 1 || pending[0].ID != d.ID {
		t.Errorf("T's pending drafts = %v, %v; want draft %d", pending, err, d.ID)
	}
	f.s.ClearDraft(eap, d.ID, "EAP")
	f.s.ClearDraft(tc, d.ID, "T")
	if _, err := f.s.ReleaseDraft(f.releaser(t), d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.UpdateDraft(f.drafter(t), d.ID, cable.DraftUpdate{Text: &text}); kindOf(err) != cable.Conflict {
		t.Errorf("edit after release: error = %v, want Conflict", err)
	}
	if _, err := f.s.ReleaseDraft(f.releaser(t), d.ID); kindOf(err) != cable.Conflict {
		t.Errorf("second release: error = %v, want Conflict", err)
	}
}

func testTrafficPrecedence(t *testing.T, f *trafficFixture) {
	var routine []string
	for i := range 20 {
		routine = append(routine, f.mustRelease(t, simpleText(i, ""), "AMEMBASSY PARIS:ROUTINE", "info:AMEMBASSY LONDON:ROUTINE").CableID)
		f.clock.Add(time.Second)
	}
	prio := f.mustRelease(t, simpleText(100, ""), "AMEMBASSY ROME:PRIORITY").CableID
	imm := f.mustRelease(t, simpleText(101, ""), "AMEMBASSY ROME:IMMEDIATE").CableID
	niact := f.mustRelease(t, simpleText(102, ""), "AMEMBASSY ROME:NIACT IMMEDIATE").CableID
	flash := f.mustRelease(t, simpleText(103, ""), "AMEMBASSY ROME:FLASH").CableID
	got := f.deliverAll(t, 3)
	var order []string
	for _, d := range got {
		order = append(order, d.CableID)
	}
	want := []string{flash, niact, imm, prio}
	for _, id := range routine {
		want = append(want, id, id) // Paris and London, in release order
	}
	if diff := cmp.Diff(want, order); diff != "" {
		t.Errorf("delivery order (-want +got):\n%s", diff)
	}
}

func testTrafficExactlyOnce(t *testing.T, f *trafficFixture) {
	const n = 30
	for i := range n {
		f.mustRelease(t, simpleText(i, ""), "AMEMBASSY PARIS:ROUTINE", "AMEMBASSY ROME:PRIORITY", "info:AMEMBASSY LONDON:ROUTINE")
	}
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				ds, err := f.s.DeliverQueued(context.Background(), 7)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for _, d := range ds {
					seen[d.ID]++
				}
				mu.Unlock()
				if len(ds) == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(seen) != 3*n {
		t.Errorf("%d copies delivered, want %d", len(seen), 3*n)
	}
	for id, k := range seen {
		if k != 1 {
			t.Errorf("copy %d delivered %d times", id, k)
		}
	}
}

func testTrafficAck(t *testing.T, f *trafficFixture) {
	duty := f.user(t, "duty", []string{"AMEMBASSY ROME"}, "duty-officer:AMEMBASSY ROME")
	officer := f.user(t, "officer", []string{"AMEMBASSY ROME"})
	paris := f.user(t, "parisian", []string{"AMEMBASSY PARIS"})
	routine := f.mustRelease(t, simpleText(1, ""), "AMEMBASSY ROME:ROUTINE").CableID
	f.clock.Add(time.Minute)
	flash := f.mustRelease(t, simpleText(2, ""), "AMEMBASSY ROME:FLASH", "info:AMEMBASSY PARIS:IMMEDIATE")
	if !flash.Deliveries[0].AckRequired || flash.Deliveries[1].AckRequired {
		t.Errorf("ack required = %v, %v; want FLASH yes, IMMEDIATE no", flash.Deliveries[0].AckRequired, flash.Deliveries[1].AckRequired)
	}
	f.clock.Add(time.Minute)
	niact := f.mustRelease(t, simpleText(3, ""), "AMEMBASSY ROME:NIACT IMMEDIATE").CableID
	f.deliverAll(t, 10)
	if err := f.s.MarkRead(duty, routine); err != nil {
		t.Fatal(err)
	}
	inboxIDs := func(ctx context.Context) []string {
		box, err := f.s.Inbox(ctx, cable.InboxFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range box {
			out = append(out, it.CableID)
		}
		return out
	}
	if diff := cmp.Diff([]string{flash.CableID, niact, routine}, inboxIDs(duty)); diff != "" {
		t.Errorf("inbox before escalation (-want +got):\n%s", diff)
	}
	f.clock.Add(12 * time.Minute) // past FLASH's 10 minutes, not NIACT's 30
	esc, err := f.s.EscalateUnacknowledged(context.Background(), func(p cable.Precedence) time.Duration {
		return map[cable.Precedence]time.Duration{cable.Flash: 10 * time.Minute, cable.NiactImmediate: 30 * time.Minute}[p]
	})
	if err != nil || len(esc) != 1 || esc[0].CableID != flash.CableID {
		t.Fatalf("escalated %v, %v; want the FLASH copy", esc, err)
	}
	events, _ := f.s.FindEvents(duty, 0, flash.CableID)
	if e := events[len(events)-1]; e.Kind != cable.EventEscalated || !strings.Contains(e.Detail, "duty officers: duty") {
		t.Errorf("last event = %+v, want an escalation naming the duty officer", e)
	}
	if _, err := f.s.Acknowledge(paris, niact, ""); kindOf(err) != cable.NotFound {
		t.Errorf("Acknowledge by a non-member: error = %v, want NotFound", err)
	}
	acked, err := f.s.Acknowledge(officer, flash.CableID, "AMEMBASSY ROME")
	if err != nil || len(acked) != 1 || acked[0].AckedBy != "officer" {
		t.Fatalf("Acknowledge = %v, %v; want it acknowledged by officer", acked, err)
	}
	if diff := cmp.Diff([]string{niact, flash.CableID, routine}, inboxIDs(duty)); diff != "" {
		t.Errorf("inbox after the acknowledgement (-want +got):\n%s", diff)
	}
	again, _ := f.s.Acknowledge(duty, flash.CableID, "")
	if again[0].AckedBy != "officer" {
		t.Errorf("a second acknowledgement replaced the first: %+v", again[0])
	}
	ds, err := f.s.FindDeliveries(f.drafter(t), flash.CableID)
	if err != nil || len(ds) != 2 || ds[0].AckedBy != "officer" || ds[0].EscalatedAt.IsZero() {
		t.Errorf("FindDeliveries by the origin = %v, %v", ds, err)
	}
	if _, err := f.s.FindDeliveries(paris, flash.CableID); kindOf(err) != cable.Forbidden {
		t.Errorf("FindDeliveries by an addressee: error = %v, want Forbidden", err)
	}
}

func testTrafficInboxAccess(t *testing.T, f *trafficFixture) {
	rome := f.user(t, "rome", []string{"AMEMBASSY ROME"})
	low := &cable.User{Name: "low", Clearance: "CONFIDENTIAL", Citizenship: "USA", Posts: []string{"AMEMBASSY ROME"}}
	if err := f.s.CreateUser(context.Background(), low, "password1"); err != nil {
		t.Fatal(err)
	}
	lowCtx := cable.NewContextWithUser(context.Background(), low)
	secret := strings.Replace(strings.Replace(simpleText(1, ""), "UNCLAS", "S E C R E T", 1), "E.O. 12958: N/A",
		"E.O. 12958: DECL: 12/31/2030", 1)
	secret = strings.Replace(secret, "1. (U)", "Classified By: Test. Reasons: 1.4(d).\n\n1. (S)", 1)
	secret = strings.Replace(secret, "SUBJECT: TRAFFIC", "SUBJECT: (S) TRAFFIC", 1)
	nodis := strings.Replace(secret, "SIPDIS", "NODIS", 1)
	mixed := strings.Replace(secret, "1. (S) Test text 1.", "1. (S) Secret text.\n\n2. (U) Plain text.", 1)
	a := f.mustRelease(t, secret, "AMEMBASSY ROME:ROUTINE").CableID
	f.mustRelease(t, nodis, "AMEMBASSY ROME:ROUTINE") // Rome's members hold no NODIS read-in
	c := f.mustRelease(t, mixed, "AMEMBASSY ROME:ROUTINE").CableID
	f.deliverAll(t, 10)
	box, err := f.s.Inbox(rome, cable.InboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range box {
		ids = append(ids, it.CableID)
	}
	if diff := cmp.Diff([]string{c, a}, ids); diff != "" {
		t.Errorf("inbox of a Rome member without NODIS (-want +got):\n%s", diff)
	}
	box, err = f.s.Inbox(lowCtx, cable.InboxFilter{})
	if err != nil || len(box) != 1 || box[0].CableID != c || box[0].Subject != "" || box[0].Classification != "" {
		t.Errorf("CONFIDENTIAL reader's inbox = %+v, %v; want only %s, without subject or banner", box, err, c)
	}
	if _, err := f.s.Acknowledge(lowCtx, a, ""); kindOf(err) != cable.NotFound {
		t.Errorf("Acknowledge of a cable the reader may not know of: error = %v, want NotFound", err)
	}
	if _, err := f.s.Inbox(rome, cable.InboxFilter{Site: "AMEMBASSY PARIS"}); kindOf(err) != cable.Invalid {
		t.Errorf("Inbox of another post: error = %v, want Invalid", err)
	}
}

func testTrafficRouting(t *testing.T, f *trafficFixture) {
	admin := f.user(t, "admin", nil)
	members := []string{"AMEMBASSY BEIJING", "AMCONSUL SHANGHAI"}
	if _, err := f.s.UpdateSite(admin, "CHINA POSTS COLLECTIVE", cable.SiteUpdate{Members: &members}); err != nil {
		t.Fatal(err)
	}
	noSIPDIS := strings.Replace(simpleText(1, ""), "SIPDIS\n\n", "", 1)
	rel := f.mustRelease(t, noSIPDIS, "CHINA POSTS COLLECTIVE:PRIORITY", "info:EAP:ROUTINE", "info:T:PRIORITY")
	for _, want := range []string{"TO RUEHOO/CHINA POSTS COLLECTIVE PRIORITY 0001\n", "INFO RUEHC/SECSTATE WASHDC PRIORITY 0001\n"} {
		if !strings.Contains(rel.Telegram, want) {
			t.Errorf("telegram lacks %q:\n%s", want, rel.Telegram)
		}
	}
	var got []string
	for _, d := range rel.Deliveries {
		got = append(got, d.Site+" "+string(d.Role)+" "+d.Precedence.String())
	}
	want := []string{"AMEMBASSY BEIJING to PRIORITY", "AMCONSUL SHANGHAI to PRIORITY", "EAP info ROUTINE", "T info PRIORITY"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("copies (-want +got):\n%s", diff)
	}
	f.deliverAll(t, 10)
	shanghai := f.user(t, "shanghai", []string{"AMCONSUL SHANGHAI"})
	if box, err := f.s.Inbox(shanghai, cable.InboxFilter{}); err != nil || len(box) != 1 {
		t.Errorf("a member post's inbox = %v, %v; want the copy", box, err)
	}
}

func testTrafficActions(t *testing.T, f *trafficFixture) {
	admin := f.user(t, "admin", nil)
	f.clock.Set(time.Date(2008, 3, 3, 12, 0, 0, 0, time.UTC))
	due := " Please report the host government's response by March 5, 2008."
	a := f.mustRelease(t, simpleText(1, due), "AMEMBASSY PARIS:PRIORITY", "AMEMBASSY ROME:PRIORITY", "info:AMEMBASSY LONDON:ROUTINE")
	if len(a.Actions) != 2 || a.Actions[0].Owner != "AMEMBASSY PARIS" || a.Actions[1].Owner != "AMEMBASSY ROME" {
		t.Fatalf("actions = %+v, want one for each action addressee", a.Actions)
	}
	f.deliverAll(t, 10)
	f.clock.Set(time.Date(2008, 3, 6, 1, 0, 0, 0, time.UTC)) // past the end of March 5
	over, err := f.s.FindActions(admin, cable.ActionFilter{Overdue: true})
	if err != nil || len(over) != 2 || over[0].State != cable.ActionOverdue {
		t.Fatalf("overdue = %+v, %v; want both", over, err)
	}
	paris := f.user(t, "paris", []string{"AMEMBASSY PARIS"}, "drafter:AMEMBASSY PARIS", "releaser:AMEMBASSY PARIS")
	reply := &cable.Draft{Origin: "AMEMBASSY PARIS", Text: strings.Replace(simpleText(2, ""), "\n\n1. (U)", "\n\nREF: STATE 1\n\n1. (U)", 1),
		Addressees: []cable.Addressee{{PLAD: "SECSTATE WASHDC", Precedence: cable.Priority}}}
	if err := f.s.CreateDraft(paris, reply); err != nil {
		t.Fatal(err)
	}
	rel, err := f.s.ReleaseDraft(paris, reply.ID)
	if err != nil || rel.CableID != "08PARIS1" || len(rel.Answered) != 1 || rel.Answered[0].Owner != "AMEMBASSY PARIS" {
		t.Fatalf("reply = %+v, %v; want 08PARIS1 answering Paris's action", rel, err)
	}
	rome, err := f.s.FindActions(admin, cable.ActionFilter{Site: "amembassy rome", Overdue: true})
	if err != nil || len(rome) != 1 {
		t.Errorf("Rome's overdue actions = %v, %v; want 1", rome, err)
	}
	rep, err := f.s.Tasking(admin, cable.ActionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []cable.TaskingRow{
		{Owner: "AMEMBASSY PARIS", Total: 1, Late: 1, Answered: 1},
		{Owner: "AMEMBASSY ROME", Total: 1, Overdue: 1},
	}
	if diff := cmp.Diff(want, rep.Rows); diff != "" {
		t.Errorf("tasking (-want +got):\n%s", diff)
	}
	outsider := cable.NewContextWithUser(context.Background(), &cable.User{Name: "x", Clearance: "UNCLASSIFIED", Citizenship: "USA"})
	if as, err := f.s.FindActions(outsider, cable.ActionFilter{}); err != nil || len(as) != 0 {
		t.Errorf("actions seen by an uncleared reader = %v, %v; want none", as, err)
	}
	if _, err := f.s.SpeedOfService(paris, time.Time{}, time.Time{}); kindOf(err) != cable.Forbidden {
		t.Errorf("SpeedOfService by a non-administrator: error = %v, want Forbidden", err)
	}
}

// testTrafficActionText checks that an action request exists only for
// readers whose view shows the paragraph it was found in (MARKINGS.md §5):
// others get no action at all, neither its due date nor a "[withheld]"
// text, and no count of it in the tasking report.
func testTrafficActionText(t *testing.T, f *trafficFixture) {
	f.clock.Set(time.Date(2008, 3, 3, 12, 0, 0, 0, time.UTC))
	text := "C O N F I D E N T I A L\n\nSIPDIS\n\nE.O. 12958: DECL: 03/03/2018\nTAGS: PREL, KNNP\nSUBJECT: (U) TRAFFIC TEST 9\n\n" +
		"Classified By: ISN Director J. Doe, Reasons 1.4(b) and (d)\n\n1. (U) Test text 9.\n\n" +
		"2. (C) Please report the minister's answer by March 5, 2008.\n\nRICE\n"
	a := f.mustRelease(t, text, "AMEMBASSY MADRID:PRIORITY")
	if len(a.Actions) != 1 || !strings.Contains(a.Actions[0].Text, "minister's answer") {
		t.Fatalf("actions = %+v, want the request found in paragraph 2", a.Actions)
	}
	f.deliverAll(t, 10)
	cleared := f.user(t, "madrid-s", []string{"AMEMBASSY MADRID"})
	reader := func(name, clearance, country string) context.Context {
		return cable.NewContextWithUser(context.Background(), &cable.User{Name: name, Clearance: clearance,
			Citizenship: country, Posts: []string{"AMEMBASSY MADRID"}})
	}
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want int
	}{
		{"a reader of paragraph 2", cleared, 1},
		{"a reader of paragraph 1 only", reader("madrid-u", "UNCLASSIFIED", "USA"), 0},
		{"a foreign member of the post", reader("madrid-esp", "SECRET", "ESP"), 0},
	} {
		as, err := f.s.FindActions(tc.ctx, cable.ActionFilter{CableID: a.CableID})
		if err != nil || len(as) != tc.want || tc.want == 1 && as[0].Text != a.Actions[0].Text {
			t.Errorf("%s: FindActions = %+v, %v; want %d", tc.name, as, err, tc.want)
		}
		rep, err := f.s.Tasking(tc.ctx, cable.ActionFilter{})
		if total := taskingTotal(rep); err != nil || total != tc.want {
			t.Errorf("%s: Tasking counts %d actions, %v; want %d", tc.name, total, err, tc.want)
		}
	}
}

// taskingTotal is the number of actions a tasking report counts.
func taskingTotal(rep *cable.TaskingReport) int {
	n := 0
	if rep != nil {
		for _, r := range rep.Rows {
			n += r.Total
		}
	}
	return n
}

// testTrafficReplyToUnknown checks that releasing a reply whose REF names
// a cable the releaser may not know of (a NODIS cable, the releaser not
// read in) behaves as for a dangling reference (MARKINGS.md §5): nothing
// answered, no slug copies to the cited cable's offices, its action left
// open, no event on it. A releaser read in answers it.
func testTrafficReplyToUnknown(t *testing.T, f *trafficFixture) {
	f.clock.Set(time.Date(2008, 3, 3, 12, 0, 0, 0, time.UTC))
	text := "S E C R E T\n\nNODIS\n\nE.O. 12958: DECL: 03/03/2018\nTAGS: PREL, KNNP\nSUBJECT: (S) TRAFFIC TEST 11\n\n" +
		"Classified By: ISN Director J. Doe, Reasons 1.4(b) and (d)\n\n" +
		"1. (S) Please report the minister's answer by March 5, 2008. Please slug all responses for ISN.\n\nRICE\n"
	nodis := f.mustRelease(t, text, "AMEMBASSY LONDON:PRIORITY")
	if len(nodis.Actions) != 1 {
		t.Fatalf("NODIS cable actions = %+v, want London's", nodis.Actions)
	}
	f.deliverAll(t, 10)
	london := f.user(t, "london", []string{"AMEMBASSY LONDON"}, "drafter:AMEMBASSY LONDON", "releaser:AMEMBASSY LONDON")
	if _, err := f.s.FindCableByID(london, nodis.CableID); cable.KindOf(err) != cable.NotFound {
		t.Fatalf("FindCableByID(%s) by London, not read in to NODIS: %v, want NotFound", nodis.CableID, err)
	}
	reply := func(ctx context.Context, n int) *cable.Release {
		t.Helper()
		d := &cable.Draft{Origin: "AMEMBASSY LONDON", Text: strings.Replace(simpleText(n, ""), "\n\n1. (U)", "\n\nREF: STATE 1\n\n1. (U)", 1),
			Addressees: []cable.Addressee{{PLAD: "SECSTATE WASHDC", Precedence: cable.Priority}}}
		if err := f.s.CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		rel, err := f.s.ReleaseDraft(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		return rel
	}
	rel := reply(london, 12)
	var sites []string
	for _, d := range rel.Deliveries {
		sites = append(sites, d.Site)
	}
	if len(rel.Answered) != 0 || !slices.Equal(sites, []string{"SECSTATE WASHDC"}) {
		t.Errorf("reply released by London answers %+v and goes to %v; want nothing answered, only SECSTATE WASHDC", rel.Answered, sites)
	}
	isn := f.drafter(t)
	if as, err := f.s.FindActions(isn, cable.ActionFilter{CableID: nodis.CableID}); err != nil || len(as) != 1 || as[0].State == cable.ActionAnswered {
		t.Errorf("the NODIS cable's action after the reply = %+v, %v; want it open", as, err)
	}
	events, err := f.s.FindEvents(isn, 0, nodis.CableID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if e.Kind == cable.EventAnswered || strings.Contains(e.Detail, rel.CableID) {
			t.Errorf("event on the NODIS cable: %+v", e)
		}
	}
	u := &cable.User{Name: "london-nodis", Clearance: "SECRET", Citizenship: "USA", Posts: []string{"AMEMBASSY LONDON"},
		ReadIns: []string{"NODIS"}, Roles: []cable.Role{{Kind: cable.RoleDrafter, Post: "AMEMBASSY LONDON"}, {Kind: cable.RoleReleaser, Post: "AMEMBASSY LONDON"}}}
	if err := f.s.CreateUser(context.Background(), u, "password1"); err != nil {
		t.Fatal(err)
	}
	readIn := cable.NewContextWithUser(context.Background(), u)
	if rel := reply(readIn, 13); len(rel.Answered) != 1 || len(rel.Deliveries) != 2 {
		t.Errorf("reply released by a releaser read in: answers %d, %d copies; want 1 answered, a slug copy for ISN", len(rel.Answered), len(rel.Deliveries))
	}
}

// testTrafficReleaserReads checks that whoever drafted, cleared or
// released a cable may read it (issue 17): their office is a party to
// it, SIPDIS or not.
func testTrafficReleaserReads(t *testing.T, f *trafficFixture) {
	f.clock.Set(time.Date(2008, 3, 3, 12, 0, 0, 0, time.UTC))
	text := strings.Replace(simpleText(21, ""), "SIPDIS\n\n", "", 1)
	rel := f.mustRelease(t, text, "AMEMBASSY PARIS:PRIORITY")
	for name, ctx := range map[string]context.Context{"drafter": f.drafter(t), "releaser": f.releaser(t)} {
		if _, err := f.s.FindCableByID(ctx, rel.CableID); err != nil {
			t.Errorf("the %s reads %s: %v, want the cable", name, rel.CableID, err)
		}
	}
	outsider := f.user(t, "outsider", []string{"AMEMBASSY ROME"})
	if _, err := f.s.FindCableByID(outsider, rel.CableID); cable.KindOf(err) != cable.NotFound {
		t.Errorf("an outsider reads %s without SIPDIS: %v, want NotFound", rel.CableID, err)
	}
}

// testTrafficDraftMarks checks that a draft's readers must be cleared for
// its marks read as a person reads them, and that a mark nobody can read
// keeps the draft from everyone but its drafter and TOP SECRET readers
// (fail closed): a (T/S) paragraph in a SECRET draft is TOP SECRET.
func testTrafficDraftMarks(t *testing.T, f *trafficFixture) {
	eap := f.user(t, "eap", []string{"EAP"}, "clearer:EAP")
	for _, mark := range []string{"T/S", "X//BAD"} {
		text := "S E C R E T\n\nSIPDIS\n\nE.O. 12958: DECL: 03/03/2018\nTAGS: PREL\nSUBJECT: (U) DRAFT MARKS\n\n" +
			"Classified By: ISN Director J. Doe, Reasons 1.4(b)\n\n1. (S) Secret text.\n\n2. (" + mark + ") Withheld text.\n\nRICE\n"
		d := &cable.Draft{Origin: "ISN", Text: text, Clearances: []cable.Clearance{{Office: "EAP"}},
			Addressees: []cable.Addressee{{PLAD: "AMEMBASSY PARIS", Precedence: cable.Priority}}}
		if err := f.s.CreateDraft(f.drafter(t), d); err != nil {
			t.Fatal(err)
		}
		// The drafter may fix a mark nobody can read; a (T/S) they are not
		// cleared for is TOP SECRET to them too.
		_, err := f.s.FindDraftByID(f.drafter(t), d.ID)
		if want := mark == "X//BAD"; (err == nil) != want {
			t.Errorf("(%s): the SECRET drafter reads the draft: %v, want %v", mark, err, want)
		}
		if _, err := f.s.FindDraftByID(eap, d.ID); cable.KindOf(err) != cable.NotFound {
			t.Errorf("(%s): a SECRET clearer reads a draft with a paragraph marked (%s): %v, want NotFound", mark, mark, err)
		}
	}
}
