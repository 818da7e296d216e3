package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDirectoryNetwork makes two sites' data directories, has each trust
// the other's card, routes a third post via the second, and checks what
// cable directory network says of each: route, link, fingerprint.
func TestDirectoryNetwork(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	wdata, bdata := filepath.Join(dir, "w"), filepath.Join(dir, "b")
	mustTrafficUsers(t, wdata)
	run := func(data string, args ...string) string {
		t.Helper()
		r := runMainIO(t, map[string]string{"CABLE_DATA": data}, "", args...)
		if r.code != 0 {
			t.Fatalf("cable %s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
		return r.stdout
	}
	run(wdata, "site", "init", "--name", "SECSTATE WASHDC")
	run(bdata, "site", "init", "--name", "AMEMBASSY BEIJING")
	card := filepath.Join(dir, "beijing.card")
	if err := os.WriteFile(card, []byte(run(bdata, "site", "card", "--relay-url", "http://127.0.0.1:1")), 0o600); err != nil {
		t.Fatal(err)
	}
	trusted := run(wdata, "site", "trust", card)
	run(wdata, "directory", "set", "--as", "admin", "AMEMBASSY LONDON", "--via", "AMEMBASSY BEIJING")
	out := run(wdata, "directory", "network")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	fingerprint := trusted[strings.Index(trusted, "fingerprint ")+len("fingerprint "):]
	for _, want := range []struct{ site, text string }{
		{"SECSTATE WASHDC", "local"},
		{"AMEMBASSY BEIJING", "direct not tried yet 0 0 " + strings.TrimSpace(fingerprint)},
		{"AMEMBASSY LONDON", "via AMEMBASSY BEIJING"},
	} {
		found := false
		for _, l := range lines {
			l = strings.Join(strings.Fields(l), " ") // columns padded to fit
			found = found || (strings.HasPrefix(l, want.site) && strings.Contains(l, want.text))
		}
		if !found {
			t.Errorf("no line for %s with %q in\n%s", want.site, want.text, out)
		}
	}
}
