package server_test

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/gen"
	"github.com/cable/cable/internal/server"
)

// webhook is an httptest server that keeps the alerts posted to it.
type webhook struct {
	*httptest.Server
	mu     sync.Mutex
	alerts []map[string]any
}

func newWebhook(t *testing.T) *webhook {
	h := &webhook{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var a map[string]any
		if err := json.NewDecoder(r.Body).Decode(&a); err != nil {
			t.Errorf("webhook body: %v", err)
		}
		h.mu.Lock()
		h.alerts = append(h.alerts, a)
		h.mu.Unlock()
	}))
	t.Cleanup(h.Close)
	return h
}

// await returns the alerts once there are n, or fails after 10 s.
func (h *webhook) await(t *testing.T, n int) []map[string]any {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		h.mu.Lock()
		got := append([]map[string]any(nil), h.alerts...)
		h.mu.Unlock()
		if len(got) >= n {
			return got
		}
	}
	t.Fatalf("webhook: fewer than %d alerts after 10 s", n)
	return nil
}

// bulkCables returns the cables the bulk-read test reads: the corpus's
// ($CABLE_CORPUS), else 600 generated ones.
func bulkCables(t *testing.T) []*cable.Cable {
	var cs []*cable.Cable
	if dir := os.Getenv("CABLE_CORPUS"); dir != "" {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		for _, p := range paths {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			cs = append(cs, cabletext.Parse(src))
		}
		return cs
	}
	g := &gen.Generator{Seed: 2010}
	for i := 0; i < 600; i++ {
		cs = append(cs, cabletext.Parse(g.Cable(i)))
	}
	return cs
}

// TestBudget_BulkRead plays the 2010 pattern: a SECRET API token reads
// up to 5,000 distinct cables as fast as it can. It is stopped at its
// budget (200 an hour), every later read of a cable it may know of is
// 429 with Retry-After, one alert reaches the webhook, and the audit log
// still verifies.
func TestBudget_BulkRead(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	cs := bulkCables(t)
	for i := 0; i < len(cs); i += 500 {
		if _, err := db.ImportCables(context.Background(), cs[i:min(i+500, len(cs))]); err != nil {
			t.Fatal(err)
		}
	}
	token := MustCreateUser(t, db, &cable.User{Name: "manning", Clearance: "SECRET", Citizenship: "USA"})
	hook := newWebhook(t)
	s := &server.Server{Addr: "127.0.0.1:0", DB: db, Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return now },
		AlertWebhook: hook.URL}
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	counts := map[int]int{}
	var warned, retry string
	hiddenAfter := 0 // 404s after the budget was spent: still 404
	start := time.Now()
	for i, c := range cs[:min(5000, len(cs))] {
		req, _ := http.NewRequest("GET", s.URL()+"/api/v1/cables/"+c.ID+"/raw", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusNotFound && counts[http.StatusTooManyRequests] > 0 {
			hiddenAfter++
		}
		counts[resp.StatusCode]++
		if h := resp.Header.Get("Cable-Read-Budget"); h != "" && warned == "" {
			warned = h
		}
		if resp.StatusCode == http.StatusTooManyRequests && retry == "" {
			retry = resp.Header.Get("Retry-After")
		}
		if resp.StatusCode == http.StatusOK && counts[http.StatusTooManyRequests] > 0 {
			t.Fatalf("read %d (%s) answered 200 after the budget was spent", i, c.ID)
		}
	}
	t.Logf("%d reads in %s: %v", min(5000, len(cs)), time.Since(start).Round(time.Millisecond), counts)
	if counts[http.StatusOK] != cable.DefaultReadBudget.Hour || counts[http.StatusTooManyRequests] == 0 {
		t.Errorf("answers %v: want %d OK, then 429", counts, cable.DefaultReadBudget.Hour)
	}
	if hiddenAfter == 0 {
		t.Errorf("no cable the reader may not know of came after the budget was spent; the test proves less than it says")
	}
	if !strings.HasPrefix(warned, "161/200; resets=") {
		t.Errorf("first Cable-Read-Budget header %q, want 161/200 (past 80%%)", warned)
	}
	if retry != "3600" {
		t.Errorf("Retry-After %q, want 3600 (the clock stands still)", retry)
	}
	got := hook.await(t, 1)
	if len(got) != 1 || got[0]["user"] != "manning" || got[0]["what"] != "read-budget" {
		t.Errorf("webhook alerts %v: want one read-budget alert about manning", got)
	}
	_, key, _ := ed25519.GenerateKey(nil)
	if _, _, err := (&audit.Signer{Log: db, Key: key}).SignNow(context.Background()); err != nil {
		t.Fatal(err)
	}
	rep, err := audit.Verify(context.Background(), db, key.Public().(ed25519.PublicKey))
	if err != nil || rep.Problem != nil {
		t.Fatalf("audit verify: %v, %+v", err, rep)
	}
	alerts, err := db.FindAlerts(context.Background(), 10)
	if err != nil || len(alerts) != 1 {
		t.Errorf("alerts on the admin page: %v, %v", alerts, err)
	}
}
