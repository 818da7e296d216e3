package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// TestReindex checks cable reindex and reindex --check on an archive
// whose index is whole, then lost text, then was rebuilt.
func TestReindex(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	env := map[string]string{"CABLE_DATA": data}
	if r := runMainIO(t, env, "", "ingest", seedFile); r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	checkOK := func(when string) {
		t.Helper()
		r := runMainIO(t, env, "", "reindex", "--check")
		if r.code != 0 || !strings.Contains(r.stdout, "archive: 1 cables") || !strings.Contains(r.stdout, "no damage found") {
			t.Errorf("%s: reindex --check = %d\n%s%s", when, r.code, r.stdout, r.stderr)
		}
	}
	checkOK("after ingest")
	ix, err := sql.Open("sqlite", filepath.Join(data, "cable-index.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Exec(`DELETE FROM portions_fts WHERE rowid IN (SELECT rowid FROM portions_fts LIMIT 3)`); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	r := runMainIO(t, env, "", "reindex", "--check")
	if r.code != 1 || !strings.Contains(r.stdout, "damage: search index: holds") {
		t.Errorf("reindex --check of a damaged index = %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runMainIO(t, env, "", "reindex")
	if r.code != 0 || !strings.Contains(r.stdout, "reindexed 1 cables") || !strings.Contains(r.stderr, "reindex [") {
		t.Errorf("reindex = %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	checkOK("after reindex")
	r = runMainIO(t, env, "", "reindex", "--data", filepath.Join(data, "none"))
	if r.code == 0 || !strings.Contains(r.stderr, "no archive in") {
		t.Errorf("reindex of a missing archive = %d %q", r.code, r.stderr)
	}
}
