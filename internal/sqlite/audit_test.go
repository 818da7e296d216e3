package sqlite_test

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/storetest"
)

func TestAudit(t *testing.T) {
	storetest.RunAudit(t, storetest.AuditHarness{
		Open: func(tb testing.TB) storetest.AuditStore { return MustOpenDB(tb) },
		Exec: func(tb testing.TB, s storetest.AuditStore, stmt string, args ...any) {
			tb.Helper()
			mustExecFile(tb, s.(*sqlite.DB).AuditFile(), stmt, args...)
		},
	})
}

// mustExecFile runs a statement on a SQLite file through database/sql and
// the project's driver, as someone with the file would.
func mustExecFile(tb testing.TB, path, stmt string, args ...any) {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(stmt, args...); err != nil {
		tb.Fatalf("%s: %v", stmt, err)
	}
}

// TestAuditMigrate opens a data directory whose cable-audit.db has the
// plain table of before the tree: its rows become the first entries.
func TestAuditMigrate(t *testing.T) {
	dir := t.TempDir()
	mustExecFile(t, filepath.Join(dir, "cable-audit.db"), `CREATE TABLE audit (
		id INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL,
		cable TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '');
		INSERT INTO audit (at, user, action, cable, detail) VALUES
		('2024-01-02T03:04:05.123456789Z', 'ann', 'read', '07STATE159388', ''),
		('2024-01-02T03:04:06Z', 'bob', 'search', '', 'tunisia')`)
	db := sqlite.NewDB(filepath.Join(dir, sqlite.FileName))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var got []string
	db.ScanAudit(context.Background(), func(e audit.Stored) error {
		got = append(got, fmt.Sprintf("%d %s %s %s %s %q", e.Seq, e.At.Format(time.RFC3339Nano), e.User, e.Kind, e.Cable, e.Detail))
		return nil
	})
	want := []string{
		`1 2024-01-02T03:04:05.123456Z ann read 07STATE159388 ""`,
		`2 2024-01-02T03:04:06Z bob search  "tunisia"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries after migration (-want +got):\n%s", diff)
	}
	_, key, _ := ed25519.GenerateKey(nil)
	(&audit.Signer{Log: db, Key: key}).SignNow(context.Background())
	if r, err := audit.Verify(context.Background(), db, key.Public().(ed25519.PublicKey)); err != nil || r.Problem != nil || r.Entries != 2 {
		t.Errorf("Verify after migration = %v, %v, want intact with 2 entries", r, err)
	}
}

// TestAuditHandlesShareTheLog appends from two handles on one data
// directory, as a server and a CLI command do, interleaved and at once:
// each keeps the tree's frontier in memory, and must catch up with what
// the other appended, so that the log stays one gapless tree that
// verifies, and both give the same root.
func TestAuditHandlesShareTheLog(t *testing.T) {
	dir := t.TempDir()
	open := func() *sqlite.DB {
		db := sqlite.NewDB(filepath.Join(dir, sqlite.FileName))
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	a, b := open(), open()
	ctx := context.Background()
	for i := range 20 {
		db := a
		if i%3 == 0 {
			db = b
		}
		if err := db.Audit(ctx, audit.KindRead, fmt.Sprintf("07STATE%d", i), ""); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 2)
	for _, db := range []*sqlite.DB{a, b} {
		go func() {
			for i := range 25 {
				if err := db.Audit(ctx, audit.KindSearch, "", fmt.Sprint(i)); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	na, ra, errA := a.AuditRoot(ctx)
	nb, rb, errB := b.AuditRoot(ctx)
	if errA != nil || errB != nil || na != 70 || nb != 70 || ra != rb {
		t.Fatalf("AuditRoot = %d %x %v and %d %x %v, want 70 entries and one root", na, ra, errA, nb, rb, errB)
	}
	_, key, _ := ed25519.GenerateKey(nil)
	(&audit.Signer{Log: a, Key: key}).SignNow(ctx)
	if r, err := audit.Verify(ctx, b, key.Public().(ed25519.PublicKey)); err != nil || r.Problem != nil || r.Entries != 70 {
		t.Errorf("Verify = %+v, %v, want intact with 70 entries", r, err)
	}
	// A third handle starts from the checkpoint AuditRoot left and the
	// entries after it.
	if err := a.Audit(ctx, audit.KindRead, "07STATE159388", ""); err != nil {
		t.Fatal(err)
	}
	c := open()
	if n, r, err := c.AuditRoot(ctx); err != nil || n != 71 {
		t.Errorf("a new handle's AuditRoot = %d, %v; want 71", n, err)
	} else if _, ra, _ := a.AuditRoot(ctx); r != ra {
		t.Errorf("a new handle's root %x differs from %x", r, ra)
	}
}
