package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
)

// mustInboxMix releases, as ISN, one UNCLASSIFIED cable a precedence to
// Embassy Beijing an hour apart, FLASH first, and a FLASH cable to Beijing
// and EAP last; it waits until Beijing's five copies are delivered, and
// returns the cables' ids by precedence ("FLASH+EAP" for the last).
func mustInboxMix(t *testing.T, f *webFixture) map[string]string {
	t.Helper()
	ctx := context.Background()
	isn, err := f.tr.FindUserByName(ctx, "isn-drafter")
	if err != nil {
		t.Fatal(err)
	}
	as := cable.NewContextWithUser(ctx, isn)
	ids := map[string]string{}
	for i, p := range []string{"FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE", "FLASH+EAP"} {
		f.at(12, 1, 8+i, 0)
		text := fmt.Sprintf("UNCLAS\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL, KNNP\nSUBJECT: INBOX TEST %d\n\n1. (U) Test text %d.\n\nRICE\n", i, i)
		prec, eap, _ := strings.Cut(p, "+")
		pr, err := cable.ParsePrecedence(prec)
		if err != nil {
			t.Fatal(err)
		}
		d := &cable.Draft{Origin: "ISN", Text: text, Addressees: []cable.Addressee{{PLAD: "AMEMBASSY BEIJING", Role: cable.RoleTo, Precedence: pr}}}
		if eap != "" {
			d.Addressees = append(d.Addressees, cable.Addressee{PLAD: "EAP", Role: cable.RoleTo, Precedence: pr})
		}
		if err := f.tr.CreateDraft(as, d); err != nil {
			t.Fatal(err)
		}
		rel, err := f.tr.ReleaseDraft(as, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		ids[p] = rel.CableID
	}
	duty, err := f.tr.FindUserByName(ctx, "beijing-duty")
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		items, err := f.tr.Inbox(cable.NewContextWithUser(ctx, duty), cable.InboxFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) == len(ids) {
			return ids
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d copies delivered", len(items), len(ids))
		}
	}
}

// TestPages_InboxSortFilter: the inbox sorts and filters the copies that
// do not await an acknowledgement, keeps the FLASH copies awaiting one
// pinned above them whatever the sort and filter, and keeps its query in
// its form and links (issue 17, goal "Inbox like a mail client").
func TestPages_InboxSortFilter(t *testing.T) {
	f := MustOpenWeb(t)
	ids := mustInboxMix(t, f)
	duty := newBrowser(t, f.srv.URL()).login("beijing-duty", testPassword)
	name := map[string]string{}
	for p, id := range ids {
		name[id] = p
	}
	names := func(d *doc, sel string) string {
		var out []string
		for _, id := range d.attrs(sel+" tr[data-cable]", "data-cable") {
			out = append(out, name[id])
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []struct {
		query, traffic string
	}{
		{"", "IMMEDIATE PRIORITY ROUTINE"},
		{"sort=date", "ROUTINE PRIORITY IMMEDIATE"},
		{"sort=precedence", "IMMEDIATE PRIORITY ROUTINE"},
		{"precedence=ROUTINE", "ROUTINE"},
		{"precedence=FLASH", ""},
		{"state=unread&sort=date", "ROUTINE PRIORITY IMMEDIATE"},
		{"state=acknowledged", ""},
	} {
		t.Run(tc.query, func(t *testing.T) {
			d := mustStatus(t, "inbox?"+tc.query, duty.get("/?"+tc.query), http.StatusOK)
			// (In either order: the first may have been escalated by
			// the time the last arrived.)
			if got := strings.Fields(names(d, "#await")); !slices.Equal(slices.Sorted(slices.Values(got)), []string{"FLASH", "FLASH+EAP"}) {
				t.Errorf("pinned: %q, want the two FLASH copies", got)
			}
			if got := names(d, "#traffic"); got != tc.traffic {
				t.Errorf("listed: %q, want %q", got, tc.traffic)
			}
			// The query is kept: in the form, and where the
			// acknowledgement form goes back to.
			want, _ := url.ParseQuery(tc.query)
			back, _ := url.Parse(strings.Join(d.attrs(`#ack-form input[name="back"]`, "value"), ""))
			for k := range want {
				if back.Query().Get(k) != want.Get(k) {
					t.Errorf("the acknowledgement goes back to %q, without %s=%s", back, k, want.Get(k))
				}
			}
			if v := want.Get("sort"); v != "" && !slices.Equal(d.attrs("#f-sort option[selected]", "value"), []string{v}) {
				t.Errorf("the form's order is %q, want %s", d.attrs("#f-sort option[selected]", "value"), v)
			}
		})
	}
	for _, q := range []string{"state=lost", "sort=size", "precedence=SLOW"} {
		mustStatus(t, q, duty.get("/?"+q), http.StatusBadRequest)
		if a := duty.get("/api/v1/inbox?" + q); a.status != http.StatusBadRequest {
			t.Errorf("GET /api/v1/inbox?%s = %d, want 400", q, a.status)
		}
	}
	// The API reads the same filters and order.
	var items []api.InboxItem
	duty.get("/api/v1/inbox?sort=date&precedence=ROUTINE&state=unread").decode(t, &items)
	if len(items) != 1 || items[0].CableID != ids["ROUTINE"] {
		t.Errorf("GET /api/v1/inbox?sort=date&precedence=ROUTINE&state=unread = %+v, want the ROUTINE copy", items)
	}
}

// TestPages_InboxAckForged: a form forged to acknowledge another office's
// copy is refused and acknowledges nothing, not even the caller's own
// copies it also names.
func TestPages_InboxAckForged(t *testing.T) {
	f := MustOpenWeb(t)
	ids := mustInboxMix(t, f)
	id := ids["FLASH+EAP"]
	duty := newBrowser(t, f.srv.URL()).login("beijing-duty", testPassword)
	form := formValues(parsePage(t, duty.get("/")), "#ack-form")
	form["copy"] = []string{id + "|AMEMBASSY BEIJING", id + "|EAP"}
	form.Set("op", "bulk")
	if a := duty.post("/inbox/ack", form); a.status != http.StatusBadRequest || strings.Contains(a.body, "acknowledged by") {
		t.Errorf("forged acknowledgement = %d, want 400 and nothing acknowledged", a.status)
	}
	ctx := context.Background()
	for _, who := range []string{"beijing-duty", "eap-clearer"} {
		u, err := f.tr.FindUserByName(ctx, who)
		if err != nil {
			t.Fatal(err)
		}
		items, err := f.tr.Inbox(cable.NewContextWithUser(ctx, u), cable.InboxFilter{CableID: id})
		if err != nil || len(items) != 1 || items[0].AckedBy != "" {
			t.Errorf("%s's copy after the forged form: %+v, %v; want it unacknowledged", who, items, err)
		}
	}
	// The caller's own copies, in bulk, are acknowledged.
	form["copy"] = []string{id + "|AMEMBASSY BEIJING", ids["FLASH"] + "|AMEMBASSY BEIJING"}
	d := mustStatus(t, "bulk acknowledgement", duty.post("/inbox/ack", form), http.StatusOK)
	if n := len(d.all("#await tr[data-cable]")); n != 0 {
		t.Errorf("%d copies still await an acknowledgement after the bulk one", n)
	}
}
