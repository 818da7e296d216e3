package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
)

// TestPages_Escalation releases a FLASH to Beijing that nobody
// acknowledges and checks that the duty officer's inbox shows each level
// of its escalation — in the page's title, on its row, and in the API.
func TestPages_Escalation(t *testing.T) {
	f := MustOpenTrafficAPI(t)
	tr, ok := f.srv.DB.(interface {
		cable.TrafficService
		delivery.Store
		delivery.SecondEscalator
	})
	if !ok {
		t.Fatalf("the traffic store %T does not escalate twice", f.srv.DB)
	}
	isn := cable.NewContextWithUser(context.Background(), trafficUsers()[1])
	d := &cable.Draft{Origin: "ISN", Text: "UNCLAS\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL\nSUBJECT: ESCALATION TEST\n\n1. (U) Test text.\n\nRICE\n",
		Addressees: []cable.Addressee{{PLAD: "AMEMBASSY BEIJING", Role: cable.RoleTo, Precedence: cable.Flash}}}
	if err := tr.CreateDraft(isn, d); err != nil {
		t.Fatal(err)
	}
	rel, err := tr.ReleaseDraft(isn, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	waitDelivered(t, f.as(t, "isn"), rel.CableID)
	duty := newBrowser(t, f.srv.URL()).login("beijing-duty", testPassword)
	check := func(title, badge string, level int) {
		t.Helper()
		p := parsePage(t, duty.get("/"))
		if got := p.text("title"); got != title {
			t.Errorf("title = %q, want %q", got, title)
		}
		sel := `#await tr[data-cable="` + rel.CableID + `"] .badge.escalated`
		if got := strings.Join(p.texts(sel), "|"); got != badge {
			t.Errorf("escalation badge = %q, want %q", got, badge)
		}
		var items []api.InboxItem
		f.as(t, "beijing-duty").get("/api/v1/inbox").expect(t, "GET inbox", http.StatusOK, &items)
		if len(items) != 1 || items[0].Escalation != level {
			t.Errorf("API inbox = %+v, want the copy at escalation level %d", items, level)
		}
	}
	check("(1 awaiting acknowledgement) Inbox · cable", "", 0)
	timeout := func(p cable.Precedence) time.Duration { return delivery.DefaultAckTimeout(p) }
	f.clock.Set(f.clock.Now().Add(11 * time.Minute))
	if _, err := tr.EscalateUnacknowledged(context.Background(), timeout); err != nil {
		t.Fatal(err)
	}
	check("(1 awaiting acknowledgement, 1 escalated) Inbox · cable", "escalated to the duty officers", 1)
	f.clock.Set(f.clock.Now().Add(11 * time.Minute))
	if ds, err := tr.EscalateSecond(context.Background(), timeout); err != nil || len(ds) != 1 {
		t.Fatalf("EscalateSecond = %v, %v", ds, err)
	}
	check("(1 awaiting acknowledgement, 1 escalated) Inbox · cable", "escalated to management", 2)
	if strings.Contains(duty.get("/").body, "Test text") {
		t.Error("the inbox shows the cable's text")
	}
}
