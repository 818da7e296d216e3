package escalate

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/cable/cable/internal/cable"
)

// hangingStore names one recipient for every copy, who may know of every
// cable, and keeps the audit log in memory.
type hangingStore struct {
	mu    sync.Mutex
	audit []string
}

func (s *hangingStore) EscalationRecipients(context.Context, string, int) ([]*cable.User, error) {
	return []*cable.User{{Name: "duty"}}, nil
}

func (s *hangingStore) SubjectFor(context.Context, *cable.User, string) (string, bool, error) {
	return "", true, nil
}

func (s *hangingStore) AuditEscalation(_ context.Context, _, id, detail string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.audit = append(s.audit, id+": "+detail)
	return nil
}

// A webhook that hangs holds MaxAlertBatches batches of alerts; the next
// batch is not alerted, and the audit log says so, rather than a goroutine
// more waiting on the webhook for every escalation.
func TestNotifyBounded(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	arrived := make(chan struct{}, MaxAlertBatches+1)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-release
	}))
	defer hook.Close()
	store := &hangingStore{}
	n := &Notifier{Store: store, Webhook: hook.URL, BaseURL: "https://cable.example"}
	copyOf := func(id string) []*cable.Delivery {
		return []*cable.Delivery{{CableID: id, Site: "AMEMBASSY ROME", Precedence: cable.Flash}}
	}
	for i := range MaxAlertBatches {
		n.Notify(context.Background(), 1, copyOf("08STATE"+string(rune('A'+i))))
	}
	for range MaxAlertBatches {
		<-arrived // every batch is posting, and hangs
	}
	n.Notify(context.Background(), 1, copyOf("08STATE999"))
	close(release)
	n.Wait()
	var dropped []string
	for _, a := range store.audit {
		if strings.Contains(a, "not alerted") {
			dropped = append(dropped, a)
		}
	}
	if len(dropped) != 1 || !strings.HasPrefix(dropped[0], "08STATE999: level 1 FLASH at AMEMBASSY ROME: not alerted") {
		t.Errorf("audit of copies not alerted = %q, want the 17th batch's copy", dropped)
	}
}
