package main

import (
	"strings"
	"testing"
)

// TestHelp checks that asking for help, of cable or of a command, prints
// the usage with its flags and exits 0 (issue 17: "cable --help" said
// "unknown command" and "demo --help" ended "flag: help requested").
func TestHelp(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--help"}, "usage: cable COMMAND"},
		{[]string{"-h"}, "usage: cable COMMAND"},
		{[]string{"demo", "--help"}, "-serve"},
		{[]string{"ingest", "-h"}, "-max-member-size"},
		{[]string{"search", "--help"}, "-as"},
	} {
		r := runMainIO(t, nil, "", tc.args...)
		out := r.stdout + r.stderr
		if r.code != 0 || !strings.Contains(out, tc.want) || strings.Contains(out, "help requested") {
			t.Errorf("cable %s: exit %d, output %q; want 0 and %q", strings.Join(tc.args, " "), r.code, out, tc.want)
		}
	}
	if r := runMainIO(t, nil, "", "screenshots"); r.code != 2 {
		t.Errorf("cable screenshots in the binary users run: exit %d, want 2 (built only with -tags screenshots)", r.code)
	}
}
