package server_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/server"
)

// TestSearch_Bounds checks that a query past a bound is refused with a 400
// that names the bound, by the API (with and without suggestions) and by
// the search page, before the store does any work.
func TestSearch_Bounds(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	tests := []struct{ name, q, want string }{
		// The 10,000-term OR: the byte bound, checked first, refuses it.
		{"10,000-term OR", strings.Repeat("iran OR ", 9999) + "iran", "query has 79996 bytes, more than the 1000 allowed"},
		{"65 terms", strings.TrimSpace(strings.Repeat("iran ", 65)), "query has 65 terms, more than the 64 allowed: search for fewer words"},
		{"bytes", strings.Repeat("x", 1001), "query has 1001 bytes, more than the 1000 allowed: search for fewer words"},
		{"depth", strings.Repeat("(", 17) + "iran" + strings.Repeat(")", 17), "query nests parentheses more than 16 deep: use fewer"},
		{"NUL", "iran\x00", "query: control character U+0000 at column 5: remove it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := f.as(t, "us-s")
			for _, extra := range []string{"", "&suggest=1"} {
				a := c.get("/api/v1/search?q=" + url.QueryEscape(tt.q) + extra)
				if a.status != http.StatusBadRequest || !strings.Contains(a.body, tt.want) {
					t.Errorf("search%s = %d %s, want 400 %q", extra, a.status, a.body, tt.want)
				}
			}
			b := newBrowser(t, f.srv.URL()).login("us-s", testPassword)
			a := b.get("/search?q=" + url.QueryEscape(tt.q))
			if got := parsePage(t, a).text(".alert"); a.status != http.StatusBadRequest || !strings.Contains(got, tt.want) {
				t.Errorf("search page = %d, error %q, want 400 %q", a.status, got, tt.want)
			}
		})
	}
	if strings.Contains(f.logs.String(), "request failed") {
		t.Errorf("a refused query was logged as a failure:\n%s", f.logs)
	}
}

// deadlineDB is the fixture's store, recording how each search ended.
type deadlineDB struct {
	server.DB
	mu   sync.Mutex
	errs []error
}

func (d *deadlineDB) Search(ctx context.Context, q cable.SearchQuery) (*cable.SearchResult, error) {
	if _, ok := ctx.Deadline(); !ok {
		return nil, errors.New("search without a deadline")
	}
	res, err := d.DB.Search(ctx, q)
	d.mu.Lock()
	d.errs = append(d.errs, err)
	d.mu.Unlock()
	return res, err
}

// TestSearch_Deadline checks that a search past the server's deadline is
// a 503 that says the search took too long, on the API and the page, that
// the store's search stops with the deadline's error rather than finishing,
// and that a search within the deadline is unaffected.
func TestSearch_Deadline(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	db := &deadlineDB{DB: f.db}
	s := &server.Server{Addr: "127.0.0.1:0", DB: db, Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return now },
		SessionKey: []byte(strings.Repeat("d", 32)), SearchTimeout: time.Nanosecond}
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := "search took too long (more than 1ns): narrow it with fewer words or more filters"
	c := &client{tb: t, base: s.URL(), token: f.tokens["us-s"]}
	if a := c.get("/api/v1/search?q=litmus&suggest=1"); a.status != http.StatusServiceUnavailable || a.body != errorBody(want) {
		t.Errorf("search = %d %s, want 503 %q", a.status, a.body, want)
	}
	b := newBrowser(t, s.URL()).login("us-s", testPassword)
	a := b.get("/search?q=litmus")
	if got := parsePage(t, a).text(".alert"); a.status != http.StatusServiceUnavailable || !strings.Contains(got, want) {
		t.Errorf("search page = %d, error %q, want 503 %q", a.status, got, want)
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	for i, err := range db.errs {
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("search %d ended with %v, want the deadline's error", i, err)
		}
	}
	if len(db.errs) != 2 {
		t.Errorf("the store ran %d searches, want 2", len(db.errs))
	}
	if a := f.as(t, "us-s").get("/api/v1/search?q=litmus"); a.status != http.StatusOK {
		t.Errorf("search within the default deadline = %d %s", a.status, a.body)
	}
}
