package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMarkProbe is issue 12's check of unreadable and tolerant marks
// through the CLI: the seed with paragraph 7 marked (TOP SECRET), or
// (T/S), or with a mark nobody can read, viewed and searched by a SECRET
// reader, shows and finds nothing of it; a TOP SECRET reader reads a TOP
// SECRET paragraph, but nobody reads one whose mark cannot be read.
func TestMarkProbe(t *testing.T) {
	t.Parallel()
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	env := map[string]string{"CABLE_DATA": filepath.Join(dir, "data"), "CABLE_PASSWORD_ITERATIONS": "1000"}
	for _, u := range []struct{ name, clearance string }{{"probe-s", "SECRET"}, {"probe-ts", "TOP SECRET"}} {
		if r := runMainIO(t, env, "a long password\n", "user", "add", u.name, "--clearance", u.clearance, "--citizenship", "USA", "--password-stdin"); r.code != 0 {
			t.Fatalf("user add %s: %d %s", u.name, r.code, r.stderr)
		}
	}
	for i, tc := range []struct {
		mark, shownToS, tsFinds string
	}{
		{"TOP SECRET", "7. (TS) [withheld]", "yes"},
		{"T/S", "7. (TS) [withheld]", "yes"},
		{"X//BAD", "7. (?) [withheld: unreadable mark]", "no"},
	} {
		word := "MARKPROBE" + strings.Repeat("Q", i+1)
		src := strings.Replace(string(seed), "7.(U) Please report", "7. ("+tc.mark+") "+word+" Please report", 1)
		src = strings.Replace(src, "07STATE159388", "07STATE15938"+string(rune('0'+i)), 1)
		src = strings.Replace(src, "STATE 159388", "STATE 15938"+string(rune('0'+i)), 1)
		file := filepath.Join(dir, word+".txt")
		if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		v := runMainIO(t, env, "", "view", file, "--clearance", "SECRET", "--citizenship", "USA")
		if v.code != 0 || strings.Contains(v.stdout, word) || !strings.Contains(v.stdout, tc.shownToS) {
			t.Errorf("(%s): cable view as SECRET: exit %d, want %q and no %s:\n%s", tc.mark, v.code, tc.shownToS, word, v.stdout)
		}
		if r := runMainIO(t, env, "", "ingest", file); r.code != 0 {
			t.Fatalf("ingest: %d %s", r.code, r.stderr)
		}
		if s := runMainIO(t, env, "", "search", "--as", "probe-s", "--json", word); strings.Contains(s.stdout, `"id"`) {
			t.Errorf("(%s): cable search %s as SECRET finds %s", tc.mark, word, s.stdout)
		}
		s := runMainIO(t, env, "", "search", "--as", "probe-ts", "--json", word)
		if got := strings.Contains(s.stdout, `"id"`); got != (tc.tsFinds == "yes") {
			t.Errorf("(%s): cable search %s as TOP SECRET finds it: %v, want %s", tc.mark, word, got, tc.tsFinds)
		}
	}
}
