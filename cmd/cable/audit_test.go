package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestAudit plays the demo, checks that its audit log verifies, proves an
// entry as an outside auditor would, then changes one row of the log
// through database/sql and the project's SQLite driver, as someone with
// the file might, and checks that verify fails and names the entry.
func TestAudit(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	run := func(args ...string) cliResult {
		t.Helper()
		return runMainIO(t, map[string]string{"CABLE_DATA": data}, "", args...)
	}
	if r := run("demo", "--quiet"); r.code != 0 {
		t.Fatalf("demo = %d %s", r.code, r.stderr)
	}
	if r := run("audit", "sign"); r.code != 0 || !strings.Contains(r.stdout, "signed the tree head of") {
		t.Fatalf("audit sign = %d %q %q", r.code, r.stdout, r.stderr)
	}
	r := run("audit", "verify")
	if r.code != 0 || !regexp.MustCompile(`^audit log intact: \d+ entries, 1 signed tree heads`).MatchString(r.stdout) {
		t.Fatalf("audit verify = %d %q %q, want 0 and intact", r.code, r.stdout, r.stderr)
	}
	key := run("audit", "key")
	pub := strings.SplitN(key.stdout, "\n", 2)[0]
	if key.code != 0 || len(pub) != 44 {
		t.Fatalf("audit key = %d %q", key.code, key.stdout)
	}

	proof := run("audit", "proof", "3")
	file := filepath.Join(t.TempDir(), "proof.json")
	if err := os.WriteFile(file, []byte(proof.stdout), 0o600); err != nil || proof.code != 0 {
		t.Fatalf("audit proof 3 = %d %q %v", proof.code, proof.stderr, err)
	}
	if r := run("audit", "check-proof", file, "--pubkey", pub); r.code != 0 || !strings.HasPrefix(r.stdout, "proof holds: entry 3 ") {
		t.Errorf("audit check-proof = %d %q %q", r.code, r.stdout, r.stderr)
	}
	forged := strings.Replace(proof.stdout, `"seq": 3`, `"seq": 2`, 1)
	os.WriteFile(file, []byte(forged), 0o600)
	if r := run("audit", "check-proof", file, "--pubkey", pub); r.code != 1 || !strings.HasPrefix(r.stdout, "proof FAILS") {
		t.Errorf("audit check-proof of a forged proof = %d %q %q, want 1 and FAILS", r.code, r.stdout, r.stderr)
	}

	db, err := sql.Open("sqlite", filepath.Join(data, "cable-audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`UPDATE audit_log SET user = 'nobody' WHERE seq = 2`)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	r = run("audit", "verify", "--pubkey", pub)
	if r.code != 1 || !strings.Contains(r.stdout, "TAMPERED: entry 2 was changed") {
		t.Errorf("audit verify after an edit = %d %q %q, want 1 naming entry 2", r.code, r.stdout, r.stderr)
	}
}
