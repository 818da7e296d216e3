package storetest

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
)

// AuditStore is a store with its tamper-evident audit log.
type AuditStore interface {
	Store
	audit.Log
	// Audit appends an entry for an action of ctx's caller, or fails.
	Audit(ctx context.Context, kind, id, detail string) error
	FindAudit(ctx context.Context, id string, limit int) ([]cable.AuditEntry, error)
}

// AuditHarness opens stores for RunAudit and tampers with them.
type AuditHarness struct {
	// Open returns an empty store.
	Open func(tb testing.TB) AuditStore
	// Exec runs SQL on the store's audit tables from outside the store,
	// as someone with the database would: the statement's parameters are
	// written ?, and the tables are audit_log (seq, at, user, action,
	// cable, detail, client, leaf, in that order), audit_head and
	// audit_tree_heads.
	Exec func(tb testing.TB, s AuditStore, stmt string, args ...any)
}

// RunAudit runs the audit log's conformance tests.
func RunAudit(t *testing.T, h AuditHarness) {
	t.Run("Kinds", func(t *testing.T) { testAuditKinds(t, h) })
	t.Run("Tamper", func(t *testing.T) { testAuditTamper(t, h) })
	t.Run("Concurrent", func(t *testing.T) { testAuditConcurrent(t, h) })
	t.Run("FailClosed", func(t *testing.T) { testAuditFailClosed(t, h) })
}

// auditAdmin is the caller of the audit tests: an administrator cleared
// for the seed, from an address.
func auditAdmin() context.Context {
	ctx := cable.NewContextWithUser(context.Background(), &cable.User{Name: "root", Clearance: "SECRET", Citizenship: "USA", Admin: true})
	return cable.NewContextWithClient(ctx, "192.0.2.7")
}

// mustVerify signs the store's head and verifies the log.
func mustVerify(tb testing.TB, s AuditStore, key ed25519.PrivateKey) *audit.Report {
	tb.Helper()
	ctx := context.Background()
	if _, _, err := (&audit.Signer{Log: s, Key: key}).SignNow(ctx); err != nil {
		tb.Fatal(err)
	}
	r, err := audit.Verify(ctx, s, key.Public().(ed25519.PublicKey))
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// entries returns the kinds, users, cables and clients of the log, in order.
func entries(tb testing.TB, s AuditStore) []string {
	tb.Helper()
	var out []string
	err := s.ScanAudit(context.Background(), func(e audit.Stored) error {
		out = append(out, fmt.Sprintf("%d %s %s %s %s", e.Seq, e.Kind, e.User, e.Cable, e.Client))
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// testAuditKinds does one of each audited action and reads the log back.
func testAuditKinds(t *testing.T, h AuditHarness) {
	s := h.Open(t)
	ctx := auditAdmin()
	MustImport(t, s, Seed(t))
	u := &cable.User{Name: "desk", Clearance: "SECRET", Citizenship: "USA"}
	if err := s.CreateUser(ctx, u, "correct horse"); err != nil {
		t.Fatal(err)
	}
	s.Authenticate(ctx, "desk", "wrong password")
	if _, err := s.Authenticate(ctx, "desk", "correct horse"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateToken(ctx, "desk", "cli"); err != nil {
		t.Fatal(err)
	}
	clr := "CONFIDENTIAL"
	if _, err := s.UpdateUser(ctx, "desk", cable.UserUpdate{Clearance: &clr}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindCableByID(ctx, "07STATE159388"); err != nil {
		t.Fatal(err)
	}
	s.FindCableByID(ctx, "07NOSUCH1")
	if _, err := s.Search(ctx, cable.SearchQuery{Text: "tunisia"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindRefs(ctx, "07STATE159388"); err != nil {
		t.Fatal(err)
	}
	if err := s.Audit(ctx, audit.KindLogout, "", ""); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"1 user-create root  192.0.2.7",
		"2 login-failed desk  192.0.2.7",
		"3 login desk  192.0.2.7",
		"4 token-issue root  192.0.2.7",
		"5 user-update root  192.0.2.7",
		"6 read root 07STATE159388 192.0.2.7",
		"7 read-denied root 07NOSUCH1 192.0.2.7",
		"8 search root  192.0.2.7",
		"9 refs root 07STATE159388 192.0.2.7",
		"10 logout root  192.0.2.7",
	}
	if diff := cmp.Diff(want, entries(t, s)); diff != "" {
		t.Errorf("audit log (-want +got):\n%s", diff)
	}
	es, err := s.FindAudit(ctx, "", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 3 || es[0].Action != audit.KindLogout || es[2].Action != audit.KindSearch || es[2].Detail != "tunisia" || es[2].Seq != 8 {
		t.Errorf("FindAudit(limit 3) = %+v, want logout, refs and the search for tunisia", es)
	}
	_, key, _ := ed25519.GenerateKey(nil)
	if r := mustVerify(t, s, key); r.Problem != nil || r.Entries != 10 {
		t.Errorf("Verify = %s, want intact with 10 entries", r)
	}
}

// testAuditTamper changes the stored log as someone with the database
// might, and checks that Verify names the entry.
func testAuditTamper(t *testing.T, h AuditHarness) {
	tests := []struct {
		name   string
		stmts  []string
		edit   bool // also write entry 5's recomputed leaf hash
		first  uint64
		last   uint64
		substr string
	}{
		{name: "edit", stmts: []string{`UPDATE audit_log SET detail = 'nothing to see' WHERE seq = 5`},
			first: 5, last: 5, substr: "entry 5 was changed"},
		{name: "edit cable", stmts: []string{`UPDATE audit_log SET cable = '' WHERE seq = 7`},
			first: 7, last: 7, substr: "entry 7 was changed"},
		{name: "edit leaf hash", stmts: []string{`UPDATE audit_log SET leaf = (SELECT leaf FROM audit_log WHERE seq = 2) WHERE seq = 3`},
			first: 3, last: 3, substr: "entry 3 was changed"},
		{name: "edit entry and leaf hash", edit: true, first: 1, last: 12, substr: "an entry from 1 to 12 was changed with its leaf hash"},
		{name: "delete", stmts: []string{`DELETE FROM audit_log WHERE seq = 4`}, first: 4, last: 4, substr: "entry 4 is missing"},
		{name: "delete the last", stmts: []string{`DELETE FROM audit_log WHERE seq = 12`}, first: 12, last: 12, substr: "entries 12 to 12 are missing"},
		{name: "insert", stmts: []string{
			`UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 4`,
			`UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1004`,
			`INSERT INTO audit_log SELECT 4, at, 'eve', action, cable, detail, client, leaf FROM audit_log WHERE seq = 3`,
		}, first: 4, last: 4, substr: "entry 4 was changed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := h.Open(t)
			ctx := auditAdmin()
			MustImport(t, s, Seed(t))
			for range 12 {
				if _, err := s.FindCableByID(ctx, "07STATE159388"); err != nil {
					t.Fatal(err)
				}
			}
			_, key, _ := ed25519.GenerateKey(nil)
			if r := mustVerify(t, s, key); r.Problem != nil {
				t.Fatalf("Verify before tampering = %s", r)
			}
			for _, stmt := range tt.stmts {
				h.Exec(t, s, stmt)
			}
			if tt.edit {
				e := storedEntry(t, s, 5)
				e.Detail = "nothing to see"
				leaf := e.Entry.Leaf()
				h.Exec(t, s, `UPDATE audit_log SET detail = 'nothing to see', leaf = ? WHERE seq = 5`, leaf[:])
			}
			r, err := audit.Verify(context.Background(), s, key.Public().(ed25519.PublicKey))
			if err != nil {
				t.Fatal(err)
			}
			if p := r.Problem; p == nil || p.First != tt.first || p.Last != tt.last || !strings.Contains(p.Why, tt.substr) {
				t.Errorf("Verify after %s = %s, want entries %d to %d: %q", tt.name, r, tt.first, tt.last, tt.substr)
			}
		})
	}
}

// storedEntry returns entry seq.
func storedEntry(tb testing.TB, s AuditStore, seq uint64) audit.Stored {
	var out audit.Stored
	s.ScanAudit(context.Background(), func(e audit.Stored) error {
		if e.Seq == seq {
			out = e
		}
		return nil
	})
	if out.Seq != seq {
		tb.Fatalf("no entry %d", seq)
	}
	return out
}

// testAuditConcurrent reads and writes from many goroutines at once: the
// log must come out gap-free and verify, with one entry per action.
func testAuditConcurrent(t *testing.T, h AuditHarness) {
	s := h.Open(t)
	ctx := auditAdmin()
	MustImport(t, s, Seed(t))
	if err := s.CreateUser(ctx, &cable.User{Name: "desk", Clearance: "SECRET", Citizenship: "USA"}, "correct horse"); err != nil {
		t.Fatal(err)
	}
	const workers, each = 8, 12
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				var err error
				switch (w + i) % 4 {
				case 0:
					_, err = s.FindCableByID(ctx, "07STATE159388")
				case 1:
					_, err = s.Search(ctx, cable.SearchQuery{Text: "tunisia"})
				case 2:
					_, err = s.CreateToken(ctx, "desk", fmt.Sprintf("t%d-%d", w, i))
				case 3:
					err = s.Audit(ctx, audit.KindLogout, "", "")
				}
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	_, key, _ := ed25519.GenerateKey(nil)
	if r := mustVerify(t, s, key); r.Problem != nil || r.Entries != 1+workers*each {
		t.Errorf("Verify = %s, want intact with %d entries", r, 1+workers*each)
	}
}

// testAuditFailClosed breaks the log and checks that reads and changes
// fail rather than go unrecorded.
func testAuditFailClosed(t *testing.T, h AuditHarness) {
	s := h.Open(t)
	ctx := auditAdmin()
	MustImport(t, s, Seed(t))
	if err := s.CreateUser(ctx, &cable.User{Name: "desk", Clearance: "SECRET", Citizenship: "USA"}, "correct horse"); err != nil {
		t.Fatal(err)
	}
	h.Exec(t, s, `ALTER TABLE audit_log RENAME TO audit_log_gone`)
	if c, err := s.FindCableByID(ctx, "07STATE159388"); err == nil || c != nil {
		t.Errorf("FindCableByID with the log broken = %v, %v, want an error and no cable", c, err)
	}
	if res, err := s.Search(ctx, cable.SearchQuery{Text: "tunisia"}); err == nil || res != nil {
		t.Errorf("Search with the log broken = %v, %v, want an error and no result", res, err)
	}
	if g, err := s.FindRefs(ctx, "07STATE159388"); err == nil || g != nil {
		t.Errorf("FindRefs with the log broken = %v, %v, want an error and no graph", g, err)
	}
	if u, err := s.Authenticate(ctx, "desk", "correct horse"); err == nil || u != nil {
		t.Errorf("Authenticate with the log broken = %v, %v, want an error and no user", u, err)
	}
	if tok, err := s.CreateToken(ctx, "desk", "cli"); err == nil || tok != "" {
		t.Errorf("CreateToken with the log broken = %q, %v, want an error and no token", tok, err)
	}
	clr := "TOP SECRET"
	if _, err := s.UpdateUser(ctx, "desk", cable.UserUpdate{Clearance: &clr}); err == nil {
		t.Error("UpdateUser with the log broken = nil, want an error")
	}
	if u, err := s.FindUserByName(ctx, "desk"); err != nil || u.Clearance != "SECRET" {
		t.Errorf("desk after a failed update = %+v, %v, want clearance SECRET still", u, err)
	}
	if err := s.CreateUser(ctx, &cable.User{Name: "other", Clearance: "SECRET", Citizenship: "USA"}, "correct horse"); err == nil {
		t.Error("CreateUser with the log broken = nil, want an error")
	}
	if _, err := s.FindUserByName(ctx, "other"); cable.KindOf(err) != cable.NotFound {
		t.Errorf("FindUserByName(other) after a failed create = %v, want NotFound", err)
	}
}
