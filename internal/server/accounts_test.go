package server_test

import (
	"bytes"
	"crypto/tls"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/server"
	"github.com/cable/cable/internal/sqlite"
)

// movable is a clock a test moves.
type movable struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movable) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *movable) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// accounts is a server with users reader, admin and admin2, on a clock.
type accounts struct {
	db     *sqlite.DB
	srv    *server.Server
	clock  *movable
	tokens map[string]string
}

func openAccounts(t *testing.T, configure func(*server.Server)) *accounts {
	t.Helper()
	db := MustOpenDB(t)
	MustImport(t, db, "../cabletext/testdata/seed.txt")
	clock := &movable{t: now}
	db.Now = clock.Now
	a := &accounts{db: db, clock: clock, tokens: map[string]string{}}
	for _, u := range []*cable.User{
		{Name: "reader", Clearance: "SECRET", Citizenship: "USA"},
		{Name: "admin", Clearance: "SECRET", Citizenship: "USA", Admin: true},
		{Name: "admin2", Clearance: "SECRET", Citizenship: "USA", Admin: true},
	} {
		a.tokens[u.Name] = MustCreateUser(t, db, u)
	}
	a.srv = &server.Server{Addr: "127.0.0.1:0", DB: db, Logger: slog.New(slog.DiscardHandler), Now: clock.Now,
		SessionKey: bytes.Repeat([]byte("a"), 32)}
	if configure != nil {
		configure(a.srv)
	}
	if err := a.srv.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.srv.Close() })
	return a
}

// login logs name in with password pw and returns the answer and a client
// with the session cookie, if one was set.
func (a *accounts) login(t *testing.T, name, pw string) (answer, *client) {
	t.Helper()
	c := &client{tb: t, base: a.srv.URL()}
	req, _ := http.NewRequest("POST", a.srv.URL()+"/api/v1/login", strings.NewReader(`{"name":"`+name+`","password":"`+pw+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", "")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.Name == "cable_session" {
			c.cookie = ck
		}
	}
	return answer{status: resp.StatusCode, header: resp.Header}, c
}

func (a *accounts) as(t *testing.T, name string) *client {
	return &client{tb: t, base: a.srv.URL(), token: a.tokens[name]}
}

func wantStatus(t *testing.T, what string, got answer, want int) {
	t.Helper()
	if got.status != want {
		t.Errorf("%s = %d %s, want %d", what, got.status, got.body, want)
	}
}

// TestAccounts_Sessions checks the session rules: logout ends a copied
// cookie too, a password change ends the user's other sessions, an
// administrator's change of clearance ends them all, and sessions end
// after 30 idle minutes and 12 hours.
func TestAccounts_Sessions(t *testing.T) {
	t.Parallel()
	a := openAccounts(t, nil)
	_, one := a.login(t, "reader", testPassword)
	copied := &client{tb: t, base: one.base, cookie: one.cookie}
	wantStatus(t, "me", copied.get("/api/v1/me"), http.StatusOK)
	wantStatus(t, "logout", one.do("POST", "/api/v1/logout", nil), http.StatusNoContent)
	wantStatus(t, "copied cookie after logout", copied.get("/api/v1/me"), http.StatusUnauthorized)

	_, two := a.login(t, "reader", testPassword)
	_, three := a.login(t, "reader", testPassword)
	pw := "a-new-password"
	wantStatus(t, "password change", two.do("POST", "/api/v1/me/password", api.PasswordChange{Current: testPassword, Password: pw}), http.StatusNoContent)
	wantStatus(t, "the session that changed it", two.get("/api/v1/me"), http.StatusOK)
	wantStatus(t, "another session after a password change", three.get("/api/v1/me"), http.StatusUnauthorized)
	cl := "CONFIDENTIAL"
	wantStatus(t, "clearance change", a.as(t, "admin").do("PATCH", "/api/v1/users/reader", api.UserUpdate{Clearance: &cl}), http.StatusOK)
	wantStatus(t, "session after a change of clearance", two.get("/api/v1/me"), http.StatusUnauthorized)

	_, idle := a.login(t, "reader", pw)
	_, busy := a.login(t, "reader", pw)
	for i := 0; i < 24; i++ { // 24 × 29 min = 11 h 36 min
		a.clock.Add(29 * time.Minute)
		wantStatus(t, "busy session", busy.get("/api/v1/me"), http.StatusOK)
	}
	wantStatus(t, "idle session", idle.get("/api/v1/me"), http.StatusUnauthorized)
	a.clock.Add(29 * time.Minute)
	wantStatus(t, "session past 12 hours", busy.get("/api/v1/me"), http.StatusUnauthorized)
}

// TestAccounts_Tokens lists and revokes the caller's tokens.
func TestAccounts_Tokens(t *testing.T) {
	t.Parallel()
	a := openAccounts(t, nil)
	reader := a.as(t, "reader")
	var ts []api.TokenInfo
	reader.get("/api/v1/me/tokens").decode(t, &ts)
	if len(ts) != 1 || ts[0].Expires != now.Add(cable.DefaultTokenTTL).UTC().Format(time.RFC3339) {
		t.Fatalf("tokens %+v: want one, expiring in 90 days", ts)
	}
	var other []api.TokenInfo
	a.as(t, "admin").get("/api/v1/me/tokens").decode(t, &other)
	wantStatus(t, "revoke another's token", reader.do("DELETE", "/api/v1/me/tokens/"+itoa(other[0].ID), nil), http.StatusNotFound)
	wantStatus(t, "revoke", reader.do("DELETE", "/api/v1/me/tokens/"+itoa(ts[0].ID), nil), http.StatusNoContent)
	wantStatus(t, "revoked token", reader.get("/api/v1/me"), http.StatusUnauthorized)
	a.clock.Add(cable.DefaultTokenTTL)
	wantStatus(t, "expired token", a.as(t, "admin").get("/api/v1/me"), http.StatusUnauthorized)
}

// TestAccounts_Throttle: 30 wrong passwords, then the right one, do not
// log in, and the answer never says which of name or password was wrong.
func TestAccounts_Throttle(t *testing.T) {
	t.Parallel()
	a := openAccounts(t, nil)
	statuses := map[int]int{}
	for i := 0; i < 30; i++ {
		got, _ := a.login(t, "reader", "wrong-password")
		statuses[got.status]++
	}
	got, c := a.login(t, "reader", testPassword)
	if got.status != http.StatusTooManyRequests || c.cookie != nil || got.header.Get("Retry-After") == "" {
		t.Errorf("right password after 30 wrong = %d %v, want 429 with Retry-After and no session", got.status, got.header)
	}
	if statuses[http.StatusUnauthorized] != cable.LoginFreeFailures || statuses[http.StatusTooManyRequests] != 25 {
		t.Errorf("30 wrong passwords answered %v: want 5 × 401 then 429", statuses)
	}
	unknown, _ := a.login(t, "nobody", "wrong-password")
	if unknown.status != http.StatusTooManyRequests {
		t.Errorf("unknown name from the throttled address = %d, want 429 as for a known one", unknown.status)
	}
	wantStatus(t, "unlock", a.as(t, "admin").do("POST", "/api/v1/users/reader/unlock", nil), http.StatusNoContent)
	a.clock.Add(cable.LoginLock + time.Second) // the address's delay runs out too
	if got, _ := a.login(t, "reader", testPassword); got.status != http.StatusOK {
		t.Errorf("after the delay and unlock = %d, want 200", got.status)
	}
}

// TestAccounts_Lock: waiting out every delay, 20 failures lock the
// account for an hour, even for the right password, and the webhook is
// told.
func TestAccounts_Lock(t *testing.T) {
	t.Parallel()
	hook := newWebhook(t)
	a := openAccounts(t, func(s *server.Server) { s.AlertWebhook = hook.URL })
	for n := 0; n < cable.LoginLockFailures; n++ {
		a.clock.Add(cable.LoginDelay(n) + time.Second)
		if got, _ := a.login(t, "reader", "wrong-password"); got.status != http.StatusUnauthorized {
			t.Fatalf("failure %d = %d, want 401", n+1, got.status)
		}
	}
	a.clock.Add(59 * time.Minute)
	if got, _ := a.login(t, "reader", testPassword); got.status != http.StatusTooManyRequests {
		t.Errorf("right password 59 minutes into the lock = %d, want 429", got.status)
	}
	a.clock.Add(2 * time.Minute)
	if got, _ := a.login(t, "reader", testPassword); got.status != http.StatusOK {
		t.Errorf("right password after the lock's hour = %d, want 200", got.status)
	}
	got := hook.await(t, 1)
	if got[0]["what"] != "login-locked" || got[0]["user"] != "reader" {
		t.Errorf("webhook alerts %v: want login-locked about reader", got)
	}
}

// TestAccounts_SeparationOfDuties: an administrator cannot raise their
// own access; with the two-person rule a change waits for another
// administrator, who alone may approve it.
func TestAccounts_SeparationOfDuties(t *testing.T) {
	t.Parallel()
	a := openAccounts(t, func(s *server.Server) { s.TwoPerson = true })
	admin, admin2 := a.as(t, "admin"), a.as(t, "admin2")
	ts := "TOP SECRET"
	nodis := []string{"NODIS"}
	wantStatus(t, "own clearance", admin.do("PATCH", "/api/v1/users/admin", api.UserUpdate{Clearance: &ts}), http.StatusForbidden)
	wantStatus(t, "own read-ins", admin.do("PATCH", "/api/v1/users/admin", api.UserUpdate{ReadIns: &nodis}), http.StatusForbidden)
	wantStatus(t, "token for another", admin.do("POST", "/api/v1/users/reader/tokens", nil), http.StatusForbidden)
	same, name := "SECRET", "Ada Admin"
	wantStatus(t, "own name, clearance unchanged", admin.do("PATCH", "/api/v1/users/admin",
		api.UserUpdate{DisplayName: &name, Clearance: &same}), http.StatusOK)
	_, session := a.login(t, "reader", testPassword)
	wantStatus(t, "reader saved unchanged", admin.do("PATCH", "/api/v1/users/reader", api.UserUpdate{Clearance: &same}), http.StatusOK)
	wantStatus(t, "reader's session after an unchanged save", session.get("/api/v1/me"), http.StatusOK)
	var p api.Pending
	got := admin.do("PATCH", "/api/v1/users/reader", api.UserUpdate{Clearance: &ts})
	wantStatus(t, "reader's clearance", got, http.StatusAccepted)
	got.decode(t, &p)
	if u, _ := a.db.FindUserByName(t.Context(), "reader"); u.Clearance != "SECRET" {
		t.Fatalf("clearance %s before approval", u.Clearance)
	}
	path := "/api/v1/user-changes/" + itoa(p.Change)
	wantStatus(t, "requester approves", admin.do("POST", path, api.Decision{Grant: true}), http.StatusForbidden)
	wantStatus(t, "second administrator approves", admin2.do("POST", path, api.Decision{Grant: true}), http.StatusOK)
	if u, _ := a.db.FindUserByName(t.Context(), "reader"); u.Clearance != "TOP SECRET" {
		t.Errorf("clearance %s after approval", u.Clearance)
	}
}

// TestAccounts_RaiseAndSearchAlert: a reader past their budget asks for a
// raise, which a security officer grants; paging past 1,000 search hits
// in an hour alerts.
func TestAccounts_RaiseAndSearchAlert(t *testing.T) {
	t.Parallel()
	a := openAccounts(t, func(s *server.Server) { s.ReadBudget = cable.ReadBudget{Hour: 1, Day: 5}; s.SearchAlertHits = 2 })
	reader := a.as(t, "reader")
	wantStatus(t, "first read", reader.get("/api/v1/cables/"+seedID), http.StatusOK)
	if page := reader.get("/budget"); !strings.Contains(page.body, "You have read 1 of your budget of 1 cables this hour") {
		t.Errorf("page past 80%% of the budget has no notice:\n%s", page.body[strings.Index(page.body, "<main"):])
	}
	wantStatus(t, "another read", reader.get("/api/v1/cables/NOSUCH"), http.StatusNotFound)
	wantStatus(t, "raise", reader.do("POST", "/api/v1/me/raises", api.RaiseRequest{Hour: 5, Justification: "trip brief"}), http.StatusCreated)
	var rs []api.Raise
	a.as(t, "admin").get("/api/v1/raises").decode(t, &rs)
	if len(rs) != 1 || rs[0].Status != "pending" {
		t.Fatalf("raises %+v", rs)
	}
	wantStatus(t, "grant", a.as(t, "admin").do("POST", "/api/v1/raises/"+itoa(rs[0].ID), api.Decision{Grant: true}), http.StatusNoContent)
	wantStatus(t, "second read", reader.get("/api/v1/cables/"+seedID+"/raw"), http.StatusOK) // the same cable: free
	var b api.Budget
	reader.get("/api/v1/me/budget").decode(t, &b)
	if b.HourLimit != 6 || b.Hour != 1 {
		t.Errorf("budget after the raise %+v: want 1 of 6", b)
	}
	for i := 0; i < 3; i++ {
		wantStatus(t, "search", reader.get("/api/v1/search?q=iran"), http.StatusOK)
	}
	var alerts []api.Alert
	a.as(t, "admin").get("/api/v1/alerts").decode(t, &alerts)
	if len(alerts) != 1 || alerts[0].What != "search-paging" {
		t.Errorf("alerts %+v: want one search-paging", alerts)
	}
}

// TestAccounts_TLS serves HTTPS with a self-signed certificate, and the
// session cookie is Secure.
func TestAccounts_TLS(t *testing.T) {
	t.Parallel()
	cert, key, err := server.SelfSignedCert(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a := openAccounts(t, func(s *server.Server) { s.TLSCert, s.TLSKey = cert, key })
	if !strings.HasPrefix(a.srv.URL(), "https://") {
		t.Fatalf("URL %s", a.srv.URL())
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := hc.Post(a.srv.URL()+"/api/v1/login", "application/json",
		strings.NewReader(`{"name":"reader","password":"`+testPassword+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(resp.Cookies()) != 1 || !resp.Cookies()[0].Secure || resp.TLS == nil {
		t.Errorf("login over TLS: cookies %v", resp.Cookies())
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
