package main

import (
	"strings"
	"testing"
)

// TestUserGuard lists and revokes a token, sets a budget and unlocks an
// account from the command line.
func TestUserGuard(t *testing.T) {
	t.Parallel()
	env := map[string]string{"CABLE_DATA": t.TempDir()}
	run := func(args ...string) cliResult {
		t.Helper()
		return runMainIO(t, env, "a long password\n", append([]string{"user"}, args...)...)
	}
	if r := run("add", "alice", "--clearance", "SECRET", "--citizenship", "USA", "--password-stdin"); r.code != 0 {
		t.Fatalf("add = %d %q", r.code, r.stderr)
	}
	if r := run("token", "alice", "--label", "laptop"); r.code != 0 || !strings.Contains(r.stderr, "expires in 90 days") {
		t.Fatalf("token = %d %q", r.code, r.stderr)
	}
	for _, step := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"list", []string{"token", "list", "alice"}, 0, "1   laptop"},
		{"revoke", []string{"token", "revoke", "alice", "1"}, 0, "token 1 of alice revoked"},
		{"listed revoked", []string{"token", "list", "alice"}, 0, "revoked"},
		{"revoke again", []string{"token", "revoke", "alice", "1"}, 1, "token 1 of alice not found"},
		{"revoke a word", []string{"token", "revoke", "alice", "one"}, 2, "want a number"},
		{"budget", []string{"budget", "alice", "--hour", "50", "--day", "300"}, 0, "budget of alice: 50 an hour, 300 a day"},
		{"budget of nobody", []string{"budget", "nobody", "--hour", "5"}, 1, "user nobody not found"},
		{"unlock", []string{"unlock", "alice"}, 0, "alice may log in again"},
	} {
		r := run(step.args...)
		if r.code != step.code || !strings.Contains(r.stdout+r.stderr, step.want) {
			t.Errorf("%s: %v = %d %q %q, want %d and %q", step.name, step.args, r.code, r.stdout, r.stderr, step.code, step.want)
		}
	}
}
