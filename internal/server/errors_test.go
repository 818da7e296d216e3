package server_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/sqlite"
)

// faultDB is a store whose Search is replaced, to inject failures.
type faultDB struct {
	*sqlite.DB
	search func(ctx context.Context, q cable.SearchQuery) (*cable.SearchResult, error)
}

func (f *faultDB) Search(ctx context.Context, q cable.SearchQuery) (*cable.SearchResult, error) {
	return f.search(ctx, q)
}

// TestErrors checks the table from error kind to status, and that only an
// internal error is logged, with its detail, and answered without it.
func TestErrors(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	token := MustCreateUser(t, db, testUsers()[1])
	fdb := &faultDB{DB: db}
	s, logs := MustOpenServer(t, fdb)
	c := &client{tb: t, base: s.URL(), token: token}
	tests := []struct {
		name   string
		err    error
		status int
		body   string
	}{
		{"invalid", cable.Errorf(cable.Invalid, "bad query"), 400, "bad query"},
		{"unauthenticated", cable.Errorf(cable.Unauthenticated, "who are you"), 401, "who are you"},
		{"forbidden", cable.Errorf(cable.Forbidden, "not you"), 403, "not you"},
		{"not found", cable.Errorf(cable.NotFound, "cable X not found"), 404, "cable X not found"},
		{"conflict", cable.Errorf(cable.Conflict, "twice"), 409, "twice"},
		{"unavailable", cable.Errorf(cable.Unavailable, "try later"), 503, "try later"},
		{"internal", &cable.Error{Kind: cable.Internal, Message: "index ZQSECRET broken"}, 500, "internal error"},
		{"foreign", errors.New("disk ZQSECRET on fire"), 500, "internal error"},
		{"wrapped", errorf("search: %w", cable.Errorf(cable.Invalid, "bad")), 400, "bad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fdb.search = func(context.Context, cable.SearchQuery) (*cable.SearchResult, error) { return nil, tt.err }
			a := c.get("/api/v1/search?q=" + url.QueryEscape(tt.name))
			if a.status != tt.status || a.body != errorBody(tt.body) {
				t.Errorf("GET = %d %q, want %d %q", a.status, a.body, tt.status, errorBody(tt.body))
			}
			logged := hasLine(logs.String(), "request failed", tt.err.Error())
			if logged != (tt.status == 500) {
				t.Errorf("error logged = %v, want %v:\n%s", logged, tt.status == 500, logs.String())
			}
		})
	}
	t.Run("panic", func(t *testing.T) {
		fdb.search = func(context.Context, cable.SearchQuery) (*cable.SearchResult, error) { panic("ZQPANIC") }
		a := c.get("/api/v1/search")
		if a.status != 500 || a.body != errorBody("internal error") || !hasLine(logs.String(), "panic", "ZQPANIC") {
			t.Errorf("GET = %d %q, want 500 and the panic logged", a.status, a.body)
		}
	})
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

func TestMiddleware(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	a := f.as(t, "us-s").get("/api/v1/cables/" + seedID + "?format=text&q=ZQQUERY")
	for h, want := range map[string]string{
		"Cache-Control":           "no-store",
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
		"Referrer-Policy":         "no-referrer",
		"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
	} {
		if got := a.header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	logs := f.logs.String()
	// q is no parameter of the cable's endpoint: the answer is 400
	// (api_params.go), and its log line still leaves the query out.
	if !hasLine(logs, `"msg":"request"`, `"method":"GET"`, `"path":"/api/v1/cables/`+seedID+`"`, `"status":400`, `"user":"us-s"`) {
		t.Errorf("no request log line:\n%s", logs)
	}
	if strings.Contains(logs, "ZQQUERY") {
		t.Errorf("the log holds the query string:\n%s", logs)
	}
	// Anything the table does not route is a JSON 404; a routed path
	// with another method is a 405 (api_params_test.go).
	if a := f.as(t, "us-s").do("DELETE", "/api/v1/nothing/"+seedID, nil); a.status != http.StatusNotFound ||
		a.body != errorBody("no such endpoint: DELETE /api/v1/nothing/"+seedID) {
		t.Errorf("DELETE nothing = %d %q, want 404", a.status, a.body)
	}
}
