package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// GuardStore is a store with the insider-threat controls (package guard).
type GuardStore interface {
	AuditStore
	cable.GuardService
	SetUserBudget(ctx context.Context, name string, b cable.ReadBudget) error
	// CountAuditByDay counts the audit entries of kinds in [since, until)
	// a day (UTC) and kind; administrators only.
	CountAuditByDay(ctx context.Context, since, until time.Time, kinds ...string) ([]cable.AuditDay, error)
}

// GuardClock is a test's clock, which it moves by hand.
type GuardClock struct{ T time.Time }

// Now returns the clock's time.
func (c *GuardClock) Now() time.Time { return c.T }

// RunGuard runs the conformance tests of the insider-threat controls on
// stores that open returns, empty, on clock's time.
func RunGuard(t *testing.T, open func(tb testing.TB, clock *GuardClock) GuardStore) {
	t.Run("Budget", func(t *testing.T) { testBudget(t, open) })
	t.Run("BudgetConcurrent", func(t *testing.T) { testBudgetConcurrent(t, open) })
	t.Run("Raise", func(t *testing.T) { testRaise(t, open) })
	t.Run("Sessions", func(t *testing.T) { testSessions(t, open) })
	t.Run("Tokens", func(t *testing.T) { testTokens(t, open) })
	t.Run("Throttle", func(t *testing.T) { testThrottle(t, open) })
	t.Run("TwoPerson", func(t *testing.T) { testTwoPerson(t, open) })
}

// BudgetCable returns generated cable k: SECRET, SIPDIS, from the
// Department to London, id 08STATE00k; with nodis, only its parties may
// know of it.
func BudgetCable(k int, nodis bool) []byte {
	captions := "SIPDIS"
	if nodis {
		captions = "NODIS"
	}
	return []byte(fmt.Sprintf("P 011200Z JAN 08\nFM SECSTATE WASHDC\nTO AMEMBASSY LONDON PRIORITY\n"+
		"S E C R E T STATE %06d\n\n%s\n\nE.O. 12958: DECL: 12/31/2030\nTAGS: PREL\nSUBJECT: BUDGET TEST %d\n\n"+
		"Classified By: Desk Officer Jane Doe. Reasons 1.4(d).\n\n1. (S) Paragraph of cable %d.\n\nRICE\n", k, captions, k, k))
}

// BudgetCableID is the id of BudgetCable(k, _).
func BudgetCableID(k int) string { return cabletext.Parse(BudgetCable(k, false)).ID }

// guardSetup opens a store at 2010-05-01 with cables 1..n and a NODIS
// cable 0, and users reader (SECRET, no posts) and two administrators.
func guardSetup(t *testing.T, open func(testing.TB, *GuardClock) GuardStore, n int) (GuardStore, *GuardClock) {
	t.Helper()
	clock := &GuardClock{T: time.Date(2010, 5, 1, 9, 0, 0, 0, time.UTC)}
	s := open(t, clock)
	srcs := [][]byte{BudgetCable(0, true)}
	for k := 1; k <= n; k++ {
		srcs = append(srcs, BudgetCable(k, false))
	}
	MustImport(t, s, srcs...)
	for _, u := range []*cable.User{
		{Name: "reader", Clearance: "SECRET", Citizenship: "USA"},
		{Name: "root", Clearance: "SECRET", Citizenship: "USA", Admin: true},
		{Name: "root2", Clearance: "SECRET", Citizenship: "USA", Admin: true},
	} {
		if err := s.CreateUser(context.Background(), u, "password-"+u.Name); err != nil {
			t.Fatal(err)
		}
	}
	return s, clock
}

// asUser returns the context of a stored user, from an address.
func asUser(t *testing.T, s GuardStore, name, addr string) context.Context {
	t.Helper()
	u, err := s.FindUserByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return cable.NewContextWithClient(cable.NewContextWithUser(context.Background(), u), addr)
}

// read reads cable k with a meter of limit and returns the use and error.
func read(s GuardStore, ctx context.Context, k int, limit cable.ReadBudget) (cable.BudgetUse, error) {
	m := &cable.ReadMeter{Limit: limit}
	_, err := s.FindCableByID(cable.NewContextWithMeter(ctx, m), BudgetCableID(k))
	return m.Use, err
}

func testBudget(t *testing.T, open func(testing.TB, *GuardClock) GuardStore) {
	s, clock := guardSetup(t, open, 8)
	ctx := asUser(t, s, "reader", "192.0.2.1")
	limit := cable.ReadBudget{Hour: 3, Day: 5}
	for _, step := range []struct {
		name    string
		k       int
		advance time.Duration
		want    cable.Kind // of the error; Internal for none
		hour    int
		alert   bool
	}{
		{"first", 1, 0, cable.Internal, 1, false},
		{"second", 2, 0, cable.Internal, 2, false},
		{"again is free", 1, time.Minute, cable.Internal, 2, false},
		{"third", 3, 0, cable.Internal, 3, false},
		{"fourth is refused and alerts", 4, 0, cable.Exhausted, 3, true},
		{"fifth is refused, no second alert", 5, 0, cable.Exhausted, 3, false},
		{"unknown cable is not found", 0, 0, cable.NotFound, 0, false},
		{"hour later", 4, time.Hour, cable.Internal, 1, false},
		{"fifth of the day", 5, 0, cable.Internal, 2, false},
		{"sixth of the day is refused", 6, 0, cable.Exhausted, 2, true},
		{"a day later", 6, 24 * time.Hour, cable.Internal, 1, false},
	} {
		clock.T = clock.T.Add(step.advance)
		use, err := read(s, ctx, step.k, limit)
		if got := kindOrNone(err); got != step.want {
			t.Fatalf("%s: read cable %d: got %v (%v), want %v", step.name, step.k, got, err, step.want)
		}
		var spent *cable.BudgetSpent
		if errors.As(err, &spent) {
			if (spent.Alert != nil) != step.alert {
				t.Errorf("%s: alert %v, want %v", step.name, spent.Alert, step.alert)
			}
			if !spent.Refill.After(clock.T) {
				t.Errorf("%s: refills at %v, not after now %v", step.name, spent.Refill, clock.T)
			}
			continue
		}
		if err == nil && use.Hour != step.hour {
			t.Errorf("%s: use %+v, want %d this hour", step.name, use, step.hour)
		}
	}
	if _, err := s.FindAlerts(ctx, 10); cable.KindOf(err) != cable.Forbidden {
		t.Errorf("a reader lists alerts: %v, want Forbidden", err)
	}
	alerts, err := s.FindAlerts(asUser(t, s, "root", ""), 10)
	if err != nil || len(alerts) != 2 || alerts[0].User != "reader" || alerts[0].What != "read-budget" {
		t.Errorf("alerts: %+v, %v; want two read-budget alerts about reader", alerts, err)
	}
	kinds := map[string]int{}
	es, _ := s.FindAudit(asUser(t, s, "root", ""), "", 1000)
	for _, e := range es {
		kinds[e.Action]++
	}
	if kinds[audit.KindReadRefused] != 3 || kinds[audit.KindAlert] != 2 || kinds[audit.KindRead] != 7 {
		t.Errorf("audit kinds %v: want 3 read-refused, 2 alert, 7 read", kinds)
	}
	testAlertCounts(t, s, ctx)
}

// testAlertCounts: the insider-threat report's counts of testBudget's
// refusals (three, on 1 May, with two alerts about reader), for
// administrators only, bounded by their range.
func testAlertCounts(t *testing.T, s GuardStore, reader context.Context) {
	t.Helper()
	root := asUser(t, s, "root", "")
	may1 := time.Date(2010, 5, 1, 0, 0, 0, 0, time.UTC)
	days, err := s.CountAuditByDay(root, may1.AddDate(0, 0, -30), may1.AddDate(0, 0, 3), audit.KindAlert, audit.KindReadRefused)
	want := []cable.AuditDay{{Day: may1, Kind: audit.KindAlert, N: 2}, {Day: may1, Kind: audit.KindReadRefused, N: 3}}
	if err != nil || !slices.Equal(days, want) {
		t.Errorf("CountAuditByDay = %+v, %v; want %+v", days, err, want)
	}
	if days, err := s.CountAuditByDay(root, may1.AddDate(0, 0, 1), may1.AddDate(0, 0, 3), audit.KindAlert); err != nil || len(days) != 0 {
		t.Errorf("CountAuditByDay(from 2 May) = %+v, %v; want nothing", days, err)
	}
	if _, err := s.CountAuditByDay(reader, may1, may1.AddDate(0, 0, 1), audit.KindAlert); cable.KindOf(err) != cable.Forbidden {
		t.Errorf("a reader counts the audit log: %v, want Forbidden", err)
	}
	users, err := s.CountAlertsByUser(root, may1, may1.AddDate(0, 0, 3), 10)
	if err != nil || len(users) != 1 || users[0].User != "reader" || users[0].N != 2 || users[0].Last.Day() != 1 {
		t.Errorf("CountAlertsByUser = %+v, %v; want reader's 2", users, err)
	}
	if users, err := s.CountAlertsByUser(root, may1.AddDate(0, 0, -30), may1, 10); err != nil || len(users) != 0 {
		t.Errorf("CountAlertsByUser(before 1 May) = %+v, %v; want nothing", users, err)
	}
	if _, err := s.CountAlertsByUser(reader, may1, may1.AddDate(0, 0, 1), 10); cable.KindOf(err) != cable.Forbidden {
		t.Errorf("a reader counts alerts: %v, want Forbidden", err)
	}
}

func kindOrNone(err error) cable.Kind {
	if err == nil {
		return cable.Internal
	}
	if cable.KindOf(err) == cable.Internal {
		return -1
	}
	return cable.KindOf(err)
}

func testRaise(t *testing.T, open func(testing.TB, *GuardClock) GuardStore) {
	s, _ := guardSetup(t, open, 4)
	ctx := asUser(t, s, "reader", "")
	root, root2 := asUser(t, s, "root", ""), asUser(t, s, "root2", "")
	limit := cable.ReadBudget{Hour: 1, Day: 10}
	if _, err := read(s, ctx, 1, limit); err != nil {
		t.Fatal(err)
	}
	if _, err := read(s, ctx, 2, limit); cable.KindOf(err) != cable.Exhausted {
		t.Fatalf("second read: %v, want Exhausted", err)
	}
	if _, err := s.RequestRaise(ctx, cable.ReadBudget{Hour: 2}, "  "); cable.KindOf(err) != cable.Invalid {
		t.Errorf("raise without justification: %v, want Invalid", err)
	}
	id, err := s.RequestRaise(ctx, cable.ReadBudget{Hour: 2}, "cable review for the Secretary's trip")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DecideRaise(ctx, id, true); cable.KindOf(err) != cable.Forbidden {
		t.Errorf("reader grants own raise: %v, want Forbidden", err)
	}
	own, err := s.RequestRaise(root, cable.ReadBudget{Day: 5}, "my own")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DecideRaise(root, own, true); cable.KindOf(err) != cable.Forbidden {
		t.Errorf("officer grants own raise: %v, want Forbidden", err)
	}
	if err := s.DecideRaise(root2, id, true); err != nil {
		t.Fatal(err)
	}
	if err := s.DecideRaise(root2, id, false); cable.KindOf(err) != cable.Conflict {
		t.Errorf("decided twice: %v, want Conflict", err)
	}
	for k := 2; k <= 3; k++ {
		if _, err := read(s, ctx, k, limit); err != nil {
			t.Errorf("read %d after raise: %v", k, err)
		}
	}
	if _, err := read(s, ctx, 4, limit); cable.KindOf(err) != cable.Exhausted {
		t.Errorf("read past the raise: %v, want Exhausted", err)
	}
	rs, err := s.FindRaises(ctx)
	if err != nil || len(rs) != 1 || rs[0].Status != "granted" || rs[0].DecidedBy != "root2" {
		t.Errorf("reader's raises: %+v, %v", rs, err)
	}
	if err := s.SetUserBudget(root, "root", cable.ReadBudget{Hour: 999}); cable.KindOf(err) != cable.Forbidden {
		t.Errorf("officer sets own budget: %v, want Forbidden", err)
	}
	if err := s.SetUserBudget(root, "reader", cable.ReadBudget{Hour: 10}); err != nil {
		t.Fatal(err)
	}
	if _, err := read(s, ctx, 4, limit); err != nil {
		t.Errorf("read with own budget: %v", err)
	}
	if u, err := s.ReadBudgetUse(ctx, limit); err != nil || u.Hour != 4 || u.Limit.Hour != 12 {
		t.Errorf("use %+v, %v: want 4 of 12", u, err)
	}
}

// mustFail checks that err is of kind want.
func mustFail(t *testing.T, what string, err error, want cable.Kind) {
	t.Helper()
	if err == nil || cable.KindOf(err) != want {
		t.Errorf("%s: %v, want %v", what, err, want)
	}
}

func testSessions(t *testing.T, open func(testing.TB, *GuardClock) GuardStore) {
	s, clock := guardSetup(t, open, 0)
	ctx := context.Background()
	u, _ := s.FindUserByName(ctx, "reader")
	start := func() string {
		sec, err := s.CreateSession(ctx, u.ID, clock.T, clock.T.Add(12*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		return sec
	}
	a, b := start(), start()
	for i := 0; i < 24; i++ { // a request every 29 minutes keeps a alive
		clock.T = clock.T.Add(29 * time.Minute)
		if got, err := s.UserBySession(ctx, a, clock.T, 30*time.Minute); err != nil || got.Name != "reader" {
			t.Fatalf("session after %d requests: %v, %v", i, got, err)
		}
	}
	_, err := s.UserBySession(ctx, b, clock.T, 30*time.Minute)
	mustFail(t, "idle session", err, cable.Unauthenticated)
	clock.T = clock.T.Add(29 * time.Minute) // 12h05 after the start
	_, err = s.UserBySession(ctx, a, clock.T, 30*time.Minute)
	mustFail(t, "session past its end", err, cable.Unauthenticated)

	c, d, e := start(), start(), start()
	if err := s.EndSession(ctx, c); err != nil {
		t.Fatal(err)
	}
	_, err = s.UserBySession(ctx, c, clock.T, time.Hour)
	mustFail(t, "logged out session", err, cable.Unauthenticated)
	// A password change in session d ends e, not d.
	self := cable.NewContextWithSession(cable.NewContextWithUser(ctx, u), sessionHash(t, s, d))
	pw := "new-password"
	if _, err := s.UpdateUser(self, "reader", cable.UserUpdate{Password: &pw}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UserBySession(ctx, d, clock.T, time.Hour); err != nil {
		t.Errorf("the session that changed the password: %v", err)
	}
	_, err = s.UserBySession(ctx, e, clock.T, time.Hour)
	mustFail(t, "other session after a password change", err, cable.Unauthenticated)
	// An administrator's change of clearance ends them all.
	cl := "CONFIDENTIAL"
	if _, err := s.UpdateUser(asUser(t, s, "root", ""), "reader", cable.UserUpdate{Clearance: &cl}); err != nil {
		t.Fatal(err)
	}
	_, err = s.UserBySession(ctx, d, clock.T, time.Hour)
	mustFail(t, "session after a change of clearance", err, cable.Unauthenticated)
}

// sessionHash returns the stored hash of a session secret, as the server
// puts it in the context.
func sessionHash(t *testing.T, s GuardStore, secret string) string {
	t.Helper()
	return cable.SessionHash(secret)
}

func testTokens(t *testing.T, open func(testing.TB, *GuardClock) GuardStore) {
	s, clock := guardSetup(t, open, 0)
	bg := context.Background()
	tok, err := s.CreateToken(bg, "reader", "laptop")
	if err != nil {
		t.Fatal(err)
	}
	from := func(addr string) context.Context { return cable.NewContextWithClient(bg, addr) }
	for _, addr := range []string{"192.0.2.1", "192.0.2.1", "198.51.100.9"} {
		if u, err := s.UserByToken(from(addr), tok); err != nil || u.Name != "reader" {
			t.Fatalf("token from %s: %v, %v", addr, u, err)
		}
	}
	es, _ := s.FindAudit(asUser(t, s, "root", ""), "", 100)
	var fresh []string
	for _, e := range es {
		if e.Action == audit.KindTokenNewAddress {
			fresh = append(fresh, e.Client)
		}
	}
	if strings.Join(fresh, " ") != "198.51.100.9 192.0.2.1" {
		t.Errorf("new addresses audited: %v", fresh)
	}
	ts, err := s.FindTokens(bg, "reader")
	if err != nil || len(ts) != 1 || ts[0].Label != "laptop" || !ts[0].Expires.Equal(clock.T.Add(cable.DefaultTokenTTL)) {
		t.Fatalf("tokens: %+v, %v", ts, err)
	}
	mustFail(t, "revoke another's token", s.RevokeToken(bg, "root", ts[0].ID), cable.NotFound)
	old, _ := s.CreateToken(bg, "reader", "old")
	clock.T = clock.T.Add(cable.DefaultTokenTTL)
	_, err = s.UserByToken(from("192.0.2.1"), old)
	mustFail(t, "expired token", err, cable.Unauthenticated)
	clock.T = clock.T.Add(-time.Hour)
	if err := s.RevokeToken(bg, "reader", ts[0].ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.UserByToken(from("192.0.2.1"), tok)
	mustFail(t, "revoked token", err, cable.Unauthenticated)
}

func testThrottle(t *testing.T, open func(testing.TB, *GuardClock) GuardStore) {
	s, clock := guardSetup(t, open, 0)
	ctx := cable.NewContextWithClient(context.Background(), "192.0.2.66")
	// 30 wrong passwords as fast as they come, then the right one.
	for i := 0; i < 30; i++ {
		s.Authenticate(ctx, "reader", "wrong-password")
	}
	_, err := s.Authenticate(ctx, "reader", "password-reader")
	mustFail(t, "right password after 30 wrong", err, cable.Exhausted)
	// Waiting out each delay, the account locks at 20 failures.
	for n := cable.LoginFreeFailures; n < cable.LoginLockFailures; n++ {
		clock.T = clock.T.Add(cable.LoginDelay(n) + time.Second)
		s.Authenticate(ctx, "reader", "wrong-password")
	}
	clock.T = clock.T.Add(30 * time.Minute)
	_, err = s.Authenticate(ctx, "reader", "password-reader")
	mustFail(t, "right password on a locked account", err, cable.Exhausted)
	other := cable.NewContextWithClient(context.Background(), "203.0.113.5")
	_, err = s.Authenticate(other, "reader", "password-reader")
	mustFail(t, "locked account from another address", err, cable.Exhausted)
	_, err = s.Authenticate(other, "nobody", "password-reader")
	mustFail(t, "unknown name says only wrong", err, cable.Unauthenticated)
	mustFail(t, "reader unlocks", s.UnlockLogin(asUser(t, s, "reader", ""), "reader"), cable.Forbidden)
	if err := s.UnlockLogin(asUser(t, s, "root", ""), "reader"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(other, "reader", "password-reader"); err != nil {
		t.Errorf("after unlock: %v", err)
	}
	alerts, _ := s.FindAlerts(asUser(t, s, "root", ""), 10)
	if len(alerts) == 0 || alerts[0].What != "login-locked" {
		t.Errorf("alerts %+v: want login-locked", alerts)
	}
}

func testTwoPerson(t *testing.T, open func(testing.TB, *GuardClock) GuardStore) {
	s, _ := guardSetup(t, open, 0)
	root, root2 := asUser(t, s, "root", ""), asUser(t, s, "root2", "")
	ts := "TOP SECRET"
	id, err := s.RequestUserChange(root, "reader", cable.UserUpdate{Clearance: &ts})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.DecideUserChange(root, id, true)
	mustFail(t, "requester approves", err, cable.Forbidden)
	_, err = s.DecideUserChange(asUser(t, s, "reader", ""), id, true)
	mustFail(t, "reader approves", err, cable.Forbidden)
	cs, err := s.FindUserChanges(root2)
	if err != nil || len(cs) != 1 || cs[0].User != "reader" || cs[0].RequestedBy != "root" {
		t.Fatalf("changes: %+v, %v", cs, err)
	}
	if u, _ := s.FindUserByName(context.Background(), "reader"); u.Clearance != "SECRET" {
		t.Fatalf("clearance changed before approval: %s", u.Clearance)
	}
	u, err := s.DecideUserChange(root2, id, true)
	if err != nil || u.Clearance != "TOP SECRET" {
		t.Fatalf("approved: %v, %v", u, err)
	}
	_, err = s.DecideUserChange(root2, id, true)
	mustFail(t, "approved twice", err, cable.Conflict)
}

// testBudgetConcurrent reads 12 distinct cables at once against a budget
// of 5: exactly 5 are allowed, whatever the interleaving.
func testBudgetConcurrent(t *testing.T, open func(testing.TB, *GuardClock) GuardStore) {
	s, _ := guardSetup(t, open, 12)
	ctx := asUser(t, s, "reader", "")
	var wg sync.WaitGroup
	errs := make([]error, 12)
	for k := 1; k <= 12; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[k-1] = read(s, ctx, k, cable.ReadBudget{Hour: 5, Day: 5})
		}()
	}
	wg.Wait()
	kinds := map[cable.Kind]int{}
	for _, err := range errs {
		kinds[kindOrNone(err)]++
	}
	if kinds[cable.Internal] != 5 || kinds[cable.Exhausted] != 7 {
		t.Errorf("12 concurrent reads against 5: %v (Internal counts the allowed)", kinds)
	}
}
