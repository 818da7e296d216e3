package storetest

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/escalate"
)

// EscalationStore is a traffic store whose escalations reach people
// (package escalate) at two levels.
type EscalationStore interface {
	escalate.Store
	delivery.SecondEscalator
}

// testTrafficEscalation escalates an unacknowledged SECRET FLASH copy to
// Rome's duty officers and then to its management, through a webhook
// (real HTTP) and e-mail (an in-process SMTP server), and checks what each
// person is told: the id, precedence and link, the subject only to whom
// may see it, never text; nothing to a duty officer who may not know of
// the cable (lowduty, CONFIDENTIAL, for a SECRET cable); and that every
// alert is audited with its outcome, a failed post included.
func testTrafficEscalation(t *testing.T, f *trafficFixture) {
	es, ok := f.s.(EscalationStore)
	if !ok {
		t.Skip("the store has no second escalation level nor recipients (escalate.Store)")
	}
	f.user(t, "duty", []string{"AMEMBASSY ROME"}, "duty-officer:AMEMBASSY ROME")
	f.user(t, "boss", []string{"AMEMBASSY ROME"}, "releaser:AMEMBASSY ROME")
	low := &cable.User{Name: "lowduty", Clearance: "CONFIDENTIAL", Citizenship: "USA", Posts: []string{"AMEMBASSY ROME"},
		Roles: []cable.Role{{Kind: cable.RoleDutyOfficer, Post: "AMEMBASSY ROME"}}}
	if err := f.s.CreateUser(context.Background(), low, "password1"); err != nil {
		t.Fatal(err)
	}
	id := f.mustRelease(t, secretText(7), "AMEMBASSY ROME:FLASH").CableID
	f.deliverAll(t, 10)

	hook := &hookRecorder{failLevel: 2}
	srv := httptest.NewServer(hook)
	defer srv.Close()
	mail := StartMailServer(t)
	n := &escalate.Notifier{Store: es, Webhook: srv.URL, BaseURL: "https://cable.example/", Logger: slog.New(slog.DiscardHandler),
		Mail:   &escalate.Mailer{Addr: mail.Addr, From: "cable@rome.example"},
		Roster: map[string]string{"duty": "duty@rome.example", "boss": "boss@rome.example"}}
	window := func(p cable.Precedence) time.Duration { return delivery.DefaultAckTimeout(p) }

	f.clock.Add(9 * time.Minute)
	if ds, err := f.s.EscalateUnacknowledged(context.Background(), window); err != nil || len(ds) != 0 {
		t.Fatalf("escalated after 9 minutes: %v, %v", ds, err)
	}
	f.clock.Add(2 * time.Minute)
	first, err := f.s.EscalateUnacknowledged(context.Background(), window)
	if err != nil || len(first) != 1 {
		t.Fatalf("first escalation = %v, %v; want the FLASH copy", first, err)
	}
	n.Notify(context.Background(), 1, first)
	n.Wait()
	if second, err := es.EscalateSecond(context.Background(), window); err != nil || len(second) != 0 {
		t.Fatalf("second escalation at once = %v, %v; want none before its window", second, err)
	}
	f.clock.Add(10 * time.Minute)
	second, err := es.EscalateSecond(context.Background(), window)
	if err != nil || len(second) != 1 || second[0].EscalationLevel() != 2 {
		t.Fatalf("second escalation = %v, %v; want the copy, at level 2", second, err)
	}
	n.Notify(context.Background(), 2, second)
	n.Wait()

	link := "https://cable.example/cables/" + id
	want := []escalate.Alert{
		{Cable: id, Precedence: "FLASH", Site: "AMEMBASSY ROME", Level: 1, Recipient: "duty", Subject: "TRAFFIC TEST 7", Link: link},
		{Cable: id, Precedence: "FLASH", Site: "AMEMBASSY ROME", Level: 2, Recipient: "boss", Subject: "TRAFFIC TEST 7", Link: link},
	}
	if diff := cmp.Diff(want, hook.alerts()); diff != "" {
		t.Errorf("webhook alerts (-want +got):\n%s", diff)
	}
	checkEscalationMail(t, mail.Messages(), id)
	checkEscalationAudit(t, f, id)
}

// checkEscalationMail checks the e-mails: one to each recipient with an
// address, none to the one without, the subject only in the body, and no
// text of the cable.
func checkEscalationMail(t *testing.T, got []Mail, id string) {
	t.Helper()
	var to []string
	for _, m := range got {
		to = append(to, m.To)
		if !strings.Contains(m.Data, "Cable: "+id) || !strings.Contains(m.Data, "/cables/"+id) {
			t.Errorf("mail to %s lacks the id or the link:\n%s", m.To, m.Data)
		}
		if strings.Contains(m.Data, "Test text") {
			t.Errorf("mail to %s holds the cable's text:\n%s", m.To, m.Data)
		}
		if head, _, _ := strings.Cut(m.Data, "\n\n"); strings.Contains(head, "TRAFFIC TEST") {
			t.Errorf("mail to %s has the cable's subject in a header:\n%s", m.To, head)
		}
	}
	if diff := cmp.Diff([]string{"duty@rome.example", "boss@rome.example"}, to); diff != "" {
		t.Errorf("mail recipients (-want +got):\n%s", diff)
	}
}

// checkEscalationAudit checks that each alert is in the audit log with
// its outcome.
func checkEscalationAudit(t *testing.T, f *trafficFixture, id string) {
	t.Helper()
	entries, err := f.s.(auditFinder).FindAudit(f.user(t, "admin", nil), id, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		if e.Action == escalate.KindAlert {
			got = append(got, e.Detail)
		}
	}
	for _, want := range []string{
		"level 1 FLASH at AMEMBASSY ROME to duty by webhook: sent",
		"level 1 FLASH at AMEMBASSY ROME to duty <duty@rome.example> by email: sent",
		"level 1 FLASH at AMEMBASSY ROME to lowduty: not alerted: may not know of the cable",
		"level 2 FLASH at AMEMBASSY ROME to boss by webhook: failed: webhook: answered 503 Service Unavailable",
		"level 2 FLASH at AMEMBASSY ROME to boss <boss@rome.example> by email: sent",
	} {
		found := false
		for _, g := range got {
			found = found || g == want
		}
		if !found {
			t.Errorf("audit lacks %q; has:\n%s", want, strings.Join(got, "\n"))
		}
	}
}

type auditFinder interface {
	FindAudit(ctx context.Context, id string, limit int) ([]cable.AuditEntry, error)
}

// secretText is simpleText classified SECRET, its subject and paragraph
// marked (S).
func secretText(n int) string {
	s := strings.Replace(simpleText(n, ""), "UNCLAS", "S E C R E T", 1)
	s = strings.Replace(s, "E.O. 12958: N/A", "E.O. 12958: DECL: 12/31/2030", 1)
	s = strings.Replace(s, "1. (U)", "Classified By: Test. Reasons: 1.4(d).\n\n1. (S)", 1)
	return strings.Replace(s, "SUBJECT: TRAFFIC", "SUBJECT: (S) TRAFFIC", 1)
}

// hookRecorder is a webhook that keeps the alerts posted to it and
// answers 503 to those of failLevel.
type hookRecorder struct {
	mu        sync.Mutex
	got       []escalate.Alert
	failLevel int
}

func (h *hookRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	var a escalate.Alert
	if err := json.Unmarshal(b, &a); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	a.DeliveredAt = "" // the clock's; checked by the mail
	h.mu.Lock()
	h.got = append(h.got, a)
	h.mu.Unlock()
	if a.Level == h.failLevel {
		http.Error(w, "down", http.StatusServiceUnavailable)
	}
}

func (h *hookRecorder) alerts() []escalate.Alert {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]escalate.Alert(nil), h.got...)
}
