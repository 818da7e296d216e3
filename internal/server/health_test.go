package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/server"
	"github.com/cable/cable/internal/sqlite"
	"github.com/google/go-cmp/cmp"
)

// slowDB is a real store whose health check takes longer than /readyz
// waits, as a database that no longer answers.
type slowDB struct{ *sqlite.DB }

func (d slowDB) HealthCheck(ctx context.Context) (cable.StoreHealth, error) {
	<-ctx.Done()
	return cable.StoreHealth{}, ctx.Err()
}

// TestHealth checks /healthz, which touches nothing, and /readyz, which
// fails when the database is slow or a check fails.
func TestHealth(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	failing := server.ReadyCheck{Name: "dispatcher", Check: func(context.Context) (any, error) {
		return nil, errors.New("has not run for 5m0s")
	}}
	passing := server.ReadyCheck{Name: "relay_links", Check: func(context.Context) (any, error) {
		return map[string]int{"up": 1, "down": 1}, nil
	}}
	tests := []struct {
		name   string
		db     server.DB
		checks []server.ReadyCheck
		status int
		want   map[string]bool // each check's ok
		errs   map[string]string
	}{
		{"ready", db, []server.ReadyCheck{passing}, 200, map[string]bool{"database": true, "relay_links": true}, nil},
		{"a check fails", db, []server.ReadyCheck{passing, failing}, 503,
			map[string]bool{"database": true, "relay_links": true, "dispatcher": false}, map[string]string{"dispatcher": "has not run"}},
		{"database does not answer", slowDB{db}, nil, 503, map[string]bool{"database": false},
			map[string]string{"database": "no answer within 50ms"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &server.Server{Addr: "127.0.0.1:0", DB: tt.db, Logger: slog.New(slog.DiscardHandler),
				ReadyTimeout: 50 * time.Millisecond, ReadyChecks: tt.checks}
			if err := s.Open(); err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			c := &client{tb: t, base: s.URL()}
			if a := c.get("/healthz"); a.status != 200 || a.body != "{\"status\":\"ok\"}\n" {
				t.Errorf("/healthz = %d %q", a.status, a.body)
			}
			a := c.get("/readyz")
			var got struct {
				Status string `json:"status"`
				Checks map[string]struct {
					OK     bool            `json:"ok"`
					Detail json.RawMessage `json:"detail"`
					Error  string          `json:"error"`
				} `json:"checks"`
			}
			a.decode(t, &got)
			if a.status != tt.status || !strings.HasPrefix(a.header.Get("Content-Type"), "application/json") {
				t.Errorf("/readyz = %d %s, want %d JSON", a.status, a.header.Get("Content-Type"), tt.status)
			}
			oks := map[string]bool{}
			for name, c := range got.Checks {
				oks[name] = c.OK
				if want := tt.errs[name]; !strings.Contains(c.Error, want) || (want == "") != (c.Error == "") {
					t.Errorf("check %s: error %q, want %q", name, c.Error, want)
				}
			}
			if diff := cmp.Diff(tt.want, oks); diff != "" {
				t.Errorf("/readyz checks (-want +got):\n%s\n%s", diff, a.body)
			}
		})
	}
	// A ready database says what it checked.
	s, _ := MustOpenServer(t, db)
	a := (&client{tb: t, base: s.URL()}).get("/readyz")
	if !strings.Contains(a.body, `"migrations":`) || !strings.Contains(a.body, `"index_behind":0`) {
		t.Errorf("/readyz = %s, want the migrations and the index's lag", a.body)
	}
}

// TestRequestLog checks the JSON request log: every line carries the
// request id (the proxy's when sane, else made), the route's pattern, the
// user; and never the query string.
func TestRequestLog(t *testing.T) {
	t.Parallel()
	f := MustOpenFixture(t, "us-s")
	c := f.as(t, "us-s")
	tests := []struct {
		name, path, sentID string
		route              string
		keepID             bool
	}{
		{"cable view", "/api/v1/cables/08STATE100001", "proxy-7f3a.1", "GET /api/v1/cables/{id}", true},
		{"search, forged id", "/api/v1/search?q=ZQTSA1", "evil\"id line", "GET /api/v1/search", false},
		{"unknown path", "/api/v1/nothing", "", "/api/", false},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", c.base+tt.path, nil)
		req.Header.Set("Authorization", "Bearer "+c.token)
		if tt.sentID != "" {
			req.Header.Set("X-Request-Id", tt.sentID)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		id := resp.Header.Get("X-Request-Id")
		if (id == tt.sentID) != tt.keepID || id == "" {
			t.Errorf("%s: X-Request-Id %q (sent %q), want kept = %v", tt.name, id, tt.sentID, tt.keepID)
		}
		found := false
		for _, line := range strings.Split(f.logs.String(), "\n") {
			var l map[string]any
			if json.Unmarshal([]byte(line), &l) != nil || l["msg"] != "request" || l["request_id"] != id {
				continue
			}
			found = true
			if l["route"] != tt.route || l["user"] != "us-s" || strings.Contains(line, "?q=") || strings.Contains(line, "ZQTSA1") {
				t.Errorf("%s: request line %s, want route %q, user us-s, no query", tt.name, line, tt.route)
			}
		}
		if !found {
			t.Errorf("%s: no JSON request line with id %q in\n%s", tt.name, id, f.logs.String())
		}
	}
}
