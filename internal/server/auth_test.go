package server_test

import (
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/server"
)

// apiRoutes are a request to every API route but login and logout.
var apiRoutes = []struct{ method, path string }{
	{"GET", "/api/v1/me"},
	{"POST", "/api/v1/me/tokens"},
	{"GET", "/api/v1/cables/" + seedID},
	{"GET", "/api/v1/cables/" + seedID + "/release?country=GBR"},
	{"GET", "/api/v1/cables/" + seedID + "/versions"},
	{"GET", "/api/v1/cables/" + seedID + "/refs"},
	{"GET", "/api/v1/cables/" + seedID + "/raw"},
	{"GET", "/api/v1/search?q=iran"},
	{"GET", "/api/v1/users"},
	{"POST", "/api/v1/users"},
	{"PATCH", "/api/v1/users/us-s"},
	{"POST", "/api/v1/users/us-s/tokens"},
	{"GET", "/api/v1/audit"},
	{"GET", "/api/v1/nothing-here"},
}

func TestAuth_Unauthenticated(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	tests := []struct {
		name, auth, want string
	}{
		{"no credentials", "", "sign in: send Authorization: Bearer TOKEN, or log in at /api/v1/login"},
		{"unknown token", "Bearer cbl_0000", "unknown, expired or revoked token"},
		{"not a bearer", "Basic dXM6cw==", "authorization: want Bearer TOKEN"},
		{"empty bearer", "Bearer ", "authorization: want Bearer TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, rt := range apiRoutes {
				req, _ := http.NewRequest(rt.method, f.srv.URL()+rt.path, strings.NewReader("{}"))
				if tt.auth != "" {
					req.Header.Set("Authorization", tt.auth)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") == "" ||
					resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
					t.Errorf("%s %s = %d %s, want 401 JSON with WWW-Authenticate", rt.method, rt.path, resp.StatusCode, resp.Header)
				}
			}
		})
	}
	c := &client{tb: t, base: f.srv.URL()}
	if a := c.get("/api/v1/me"); a.body != errorBody(tests[0].want) {
		t.Errorf("GET /api/v1/me = %q", a.body)
	}
	c.token = "cbl_0000"
	if a := c.get("/api/v1/me"); a.body != errorBody(tests[1].want) {
		t.Errorf("GET /api/v1/me with a bad token = %q", a.body)
	}
}

func TestAuth_AdminOnly(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	for _, rt := range apiRoutes {
		if !strings.Contains(rt.path, "/users") && !strings.Contains(rt.path, "/audit") {
			continue
		}
		a := f.as(t, "us-ts").do(rt.method, rt.path, map[string]string{})
		if a.status != http.StatusForbidden || a.body != errorBody("only administrators may do this") {
			t.Errorf("%s %s as a non-admin = %d %q, want 403", rt.method, rt.path, a.status, a.body)
		}
	}
}

func TestAuth_Login(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	c := &client{tb: t, base: f.srv.URL()}
	a := c.do("POST", "/api/v1/login", api.Login{Name: "us-s", Password: "wrong password"})
	if a.status != http.StatusUnauthorized || a.body != errorBody("wrong user name or password") {
		t.Errorf("login with a wrong password = %d %q", a.status, a.body)
	}
	if a := c.do("POST", "/api/v1/login", api.Login{Name: "nobody", Password: testPassword}); a.body != errorBody("wrong user name or password") {
		t.Errorf("login as nobody = %d %q, want the same answer as for a wrong password", a.status, a.body)
	}
	if a := c.do("POST", "/api/v1/login", map[string]string{"user": "us-s"}); a.status != http.StatusBadRequest {
		t.Errorf("login with an unknown field = %d %q, want 400", a.status, a.body)
	}

	req, _ := http.NewRequest("POST", f.srv.URL()+"/api/v1/login", strings.NewReader(`{"name":"us-s","password":"`+testPassword+`"}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var cookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "cable_session" {
			cookie = ck
		}
	}
	if resp.StatusCode != http.StatusOK || cookie == nil {
		t.Fatalf("login = %d, cookies %v", resp.StatusCode, resp.Cookies())
	}
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || cookie.Path != "/" || cookie.MaxAge <= 0 {
		t.Errorf("session cookie %+v: want HttpOnly, SameSite=Strict, Path=/, MaxAge", cookie)
	}

	c.cookie = cookie
	var me api.User
	if a := c.get("/api/v1/me"); a.status != http.StatusOK {
		t.Fatalf("GET /api/v1/me with the session = %d %s", a.status, a.body)
	} else if a.decode(t, &me); me.Name != "us-s" {
		t.Errorf("me = %+v", me)
	}

	tampered := *cookie
	tampered.Value = strings.Replace(cookie.Value, cookie.Value[:4], "AAAA", 1)
	c.cookie = &tampered
	if a := c.get("/api/v1/me"); a.status != http.StatusUnauthorized {
		t.Errorf("a tampered cookie = %d, want 401", a.status)
	}

	c.cookie = cookie
	if a := c.do("POST", "/api/v1/logout", nil); a.status != http.StatusNoContent || !strings.Contains(a.header.Get("Set-Cookie"), "Max-Age=0") {
		t.Errorf("logout = %d %q, want 204 and the cookie deleted", a.status, a.header.Get("Set-Cookie"))
	}
}

// TestAuth_SessionExpires checks that a session cookie stops working after
// its time, and when its user is replaced by another of the same name.
func TestAuth_SessionExpires(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	MustCreateUser(t, db, testUsers()[1])
	var clock atomic.Int64 // seconds after now
	s := &server.Server{Addr: "127.0.0.1:0", DB: db, Now: func() time.Time { return now.Add(time.Duration(clock.Load()) * time.Second) },
		SessionKey: []byte(strings.Repeat("s", 32)), SessionTTL: time.Hour}
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := &client{tb: t, base: s.URL()}
	resp, err := http.Post(s.URL()+"/api/v1/login", "application/json",
		strings.NewReader(`{"name":"us-s","password":"`+testPassword+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	c.cookie = resp.Cookies()[0]
	if a := c.get("/api/v1/me"); a.status != http.StatusOK {
		t.Fatalf("me = %d", a.status)
	}
	clock.Store(3601)
	if a := c.get("/api/v1/me"); a.status != http.StatusUnauthorized || a.body != errorBody("session expired: log in again") {
		t.Errorf("me after the session's time = %d %q, want 401", a.status, a.body)
	}
}

func TestAuth_NoSessionKey(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	s := &server.Server{Addr: "127.0.0.1:0", DB: db}
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := &client{tb: t, base: s.URL()}
	a := c.do("POST", "/api/v1/login", api.Login{Name: "x", Password: "y"})
	if a.status != http.StatusServiceUnavailable {
		t.Errorf("login without a session key = %d %q, want 503", a.status, a.body)
	}
}

func TestAuth_CrossOrigin(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	req, _ := http.NewRequest("POST", f.srv.URL()+"/api/v1/users/admin/tokens", strings.NewReader("{}"))
	req.Header.Set("Authorization", "Bearer "+f.tokens["admin"])
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST = %d, want 403", resp.StatusCode)
	}
}

func TestLoadKey(t *testing.T) {
	t.Parallel()
	path := t.TempDir() + "/session.key"
	k1, err := server.LoadKey(path)
	if err != nil || len(k1) < 32 {
		t.Fatalf("LoadKey (new) = %d bytes, %v", len(k1), err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v, %v; want mode 0600", fi.Mode(), err)
	}
	k2, err := server.LoadKey(path)
	if err != nil || string(k1) != string(k2) {
		t.Errorf("LoadKey (again) = %x, %v; want the same key", k2, err)
	}
}
