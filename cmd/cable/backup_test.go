package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/sqlite"
)

// countCables counts the cables of the archive in dir, read-only, beside
// whatever writes it.
func countCables(tb testing.TB, dir string) int {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqlite.FileName)+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM cables`).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// TestBackup_DuringIngest backs up an archive while an ingest writes it,
// restores the backup, and checks that nothing stored before the backup
// began is lost and that the restored archive passes reindex --check and
// audit verify (which restore runs).
func TestBackup_DuringIngest(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	gen, data := filepath.Join(tmp, "gen"), filepath.Join(tmp, "data")
	env := map[string]string{"CABLE_DATA": data, "CABLE_PASSWORD_ITERATIONS": "1000"}
	if r := runMainIO(t, env, "", "gen", "--count", "2500", "--seed", "19", "--out", gen); r.code != 0 {
		t.Fatalf("gen = %d %s", r.code, r.stderr)
	}
	if r := runMainIO(t, env, "", "ingest", filepath.Join(gen, "000")); r.code != 0 {
		t.Fatalf("first ingest = %d %s", r.code, r.stderr)
	}
	if r := runMainIO(t, env, "", "user", "add", "reader", "--clearance", "SECRET", "--citizenship", "USA", "--no-password"); r.code != 0 {
		t.Fatalf("user add = %d %s", r.code, r.stderr)
	}
	first := countCables(t, data)
	done := make(chan cliResult, 1)
	go func() { done <- runMainIO(t, env, "", "ingest", filepath.Join(gen, "001"), filepath.Join(gen, "002")) }()
	for deadline := time.Now().Add(time.Minute); countCables(t, data) == first && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	before := countCables(t, data)
	backup := filepath.Join(tmp, "backup")
	r := runMainIO(t, env, "", "backup", backup)
	if r.code != 0 {
		t.Fatalf("backup = %d %s", r.code, r.stderr)
	}
	if ing := <-done; ing.code != 0 {
		t.Fatalf("second ingest = %d %s", ing.code, ing.stderr)
	}
	restored := filepath.Join(tmp, "restored")
	r = runMainIO(t, env, "", "restore", "--data", restored, backup)
	if r.code != 0 || !strings.Contains(r.stdout, "no damage found") || !strings.Contains(r.stdout, "audit log intact") {
		t.Fatalf("restore = %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	got, final := countCables(t, restored), countCables(t, data)
	t.Logf("cables: %d before the second ingest, %d as the backup began, %d restored, %d in the end", first, before, got, final)
	if before == final {
		t.Log("the ingest ended before the backup began: this run checked a backup at rest")
	}
	if got < before || got > final {
		t.Errorf("restored %d cables, want from %d (stored before the backup) to %d", got, before, final)
	}
	// The restored archive serves: its search finds what the index holds.
	r = runMainIO(t, map[string]string{"CABLE_DATA": restored}, "", "search", "--as", "reader", "--limit", "1", "STATE")
	if r.code != 0 {
		t.Errorf("search of the restored archive = %d %s", r.code, r.stderr)
	}
}

// TestRestore_Refuses checks that restore refuses a damaged or incomplete
// backup and a data directory in use, and says why.
func TestRestore_Refuses(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	data := filepath.Join(tmp, "data")
	env := map[string]string{"CABLE_DATA": data}
	if r := runMainIO(t, env, "", "ingest", seedFile); r.code != 0 {
		t.Fatalf("ingest = %d %s", r.code, r.stderr)
	}
	if err := os.WriteFile(filepath.Join(data, "session.key"), []byte("0123456789abcdef0123456789abcdef"), 0o600); err != nil {
		t.Fatal(err)
	}
	// The engine's snapshot is derived data: a backup leaves it out.
	if err := os.WriteFile(filepath.Join(data, "cable-engine.snap"), []byte("derived"), 0o600); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(tmp, "good")
	if r := runMainIO(t, env, "", "backup", good); r.code != 0 || !strings.Contains(r.stdout, "session.key") || strings.Contains(r.stdout, "engine.snap") {
		t.Fatalf("backup = %d %s %s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(good, "cable-engine.snap")); !os.IsNotExist(err) {
		t.Errorf("the backup holds the engine's snapshot: %v", err)
	}
	if r := runMainIO(t, env, "", "backup", good); r.code == 0 || !strings.Contains(r.stderr, "not empty") {
		t.Errorf("backup over a backup = %d %s, want refused: not empty", r.code, r.stderr)
	}
	damaged := copyDir(t, good, filepath.Join(tmp, "damaged"))
	f, err := os.OpenFile(filepath.Join(damaged, "cable.db"), os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte("x"), 5000)
	f.Close()
	incomplete := copyDir(t, good, filepath.Join(tmp, "incomplete"))
	os.Remove(filepath.Join(incomplete, manifestFile))
	for _, tt := range []struct {
		name, backup, into, want string
	}{
		{"damaged", damaged, filepath.Join(tmp, "r1"), "cable.db has changed since the backup"},
		{"no manifest", incomplete, filepath.Join(tmp, "r2"), "is no complete backup"},
		{"into a data directory in use", good, data, "is not empty"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := runMainIO(t, nil, "", "restore", "--data", tt.into, tt.backup)
			if r.code == 0 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("restore = %d %s, want refused: %s", r.code, r.stderr, tt.want)
			}
		})
	}
	// $CABLE_DATABASE does not turn restore's checks to another archive.
	r := runMainIO(t, map[string]string{"CABLE_DATABASE": "postgres://nobody@127.0.0.1:1/none"}, "", "restore", "--data", filepath.Join(tmp, "r3"), good)
	if r.code != 0 {
		t.Fatalf("restore of the good backup = %d %s", r.code, r.stderr)
	}
	if b, err := os.ReadFile(filepath.Join(tmp, "r3", "session.key")); err != nil || string(b) != "0123456789abcdef0123456789abcdef" {
		t.Errorf("restored session.key = %q, %v", b, err)
	}
}

func copyDir(tb testing.TB, src, dst string) string {
	tb.Helper()
	if err := os.MkdirAll(dst, 0o700); err != nil {
		tb.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range entries {
		if err := copyFile(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			tb.Fatal(err)
		}
	}
	return dst
}

// TestBackup_NoPgDump checks that backup --database without pg_dump says
// what is missing rather than failing obscurely. (It sets PATH, so it
// does not run in parallel.)
func TestBackup_NoPgDump(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	out := filepath.Join(t.TempDir(), "backup")
	r := runMainIO(t, nil, "", "backup", "--data", t.TempDir(), "--database", "postgres://cable@localhost/none", out)
	if r.code == 0 || !strings.Contains(r.stderr, "pg_dump is not installed") {
		t.Errorf("backup --database without pg_dump = %d %s, want: pg_dump is not installed", r.code, r.stderr)
	}
}
