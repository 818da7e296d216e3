package server_test

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/server"
)

// holdSearchDB is the fixture's store, holding every search of "held"
// until release is closed and counting those it holds.
type holdSearchDB struct {
	server.DB
	release chan struct{}

	mu   sync.Mutex
	held int
}

func (h *holdSearchDB) Search(ctx context.Context, q cable.SearchQuery) (*cable.SearchResult, error) {
	if q.Text == "held" {
		h.mu.Lock()
		h.held++
		h.mu.Unlock()
		select {
		case <-h.release:
		case <-ctx.Done():
		}
	}
	return h.DB.Search(ctx, q)
}

func (h *holdSearchDB) holding() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.held
}

// TestSearch_PerUserBound checks that one caller may have at most
// MaxUserSearches searches in flight: one more is refused at once with
// 503, and another user's search goes on.
func TestSearch_PerUserBound(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	db := &holdSearchDB{DB: f.db, release: make(chan struct{})}
	s := &server.Server{Addr: "127.0.0.1:0", DB: db, Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return now },
		SessionKey: []byte(strings.Repeat("f", 32)), MaxUserSearches: 2}
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	flooder := &client{tb: t, base: s.URL(), token: f.tokens["us-s"]}
	other := &client{tb: t, base: s.URL(), token: f.tokens["us-c"]}
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if a := flooder.get("/api/v1/search?q=held"); a.status != http.StatusOK {
				t.Errorf("a held search = %d %s", a.status, a.body)
			}
		}()
	}
	for deadline := time.Now().Add(10 * time.Second); db.holding() < 2 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	if a := flooder.get("/api/v1/search?q=litmus"); a.status != http.StatusServiceUnavailable || !strings.Contains(a.body, "too many searches") {
		t.Errorf("a third search of the same caller = %d %s, want 503", a.status, a.body)
	}
	if a := flooder.get("/search?q=litmus"); a.status != http.StatusServiceUnavailable {
		t.Errorf("the search page as a third search = %d, want 503", a.status)
	}
	if a := other.get("/api/v1/search?q=litmus"); a.status != http.StatusOK {
		t.Errorf("another user's search = %d %s, want 200", a.status, a.body)
	}
	close(db.release)
	wg.Wait()
	if a := flooder.get("/api/v1/search?q=litmus"); a.status != http.StatusOK {
		t.Errorf("a search after the held ones = %d, want 200", a.status)
	}
}
