package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestUser(t *testing.T) {
	t.Parallel()
	env := map[string]string{"CABLE_DATA": t.TempDir()}
	run := func(stdin string, args ...string) cliResult {
		t.Helper()
		return runMainIO(t, env, stdin, append([]string{"user"}, args...)...)
	}
	t.Run("Add", func(t *testing.T) {
		r := run("a long password\n", "add", "alice", "--clearance", "secret", "--citizenship", "US",
			"--post", "AMEMBASSY BEIJING", "--post", "ISN", "--read-in", "nodis", "--role", "drafter:ISN", "--admin", "--password-stdin")
		if r.code != 0 || r.stdout != "added user alice: SECRET, USA\n" {
			t.Fatalf("user add = %d %q %q", r.code, r.stdout, r.stderr)
		}
		r = run("another password\n", "add", "bob", "--clearance", "C", "--citizenship", "GBR")
		if r.code != 0 || !strings.Contains(r.stderr, "password for bob") {
			t.Fatalf("user add with a prompt = %d %q %q", r.code, r.stdout, r.stderr)
		}
		if r := run("", "add", "svc", "--clearance", "U", "--citizenship", "USA", "--no-password"); r.code != 0 {
			t.Fatalf("user add --no-password = %d %q", r.code, r.stderr)
		}
	})
	t.Run("ErrAdd", func(t *testing.T) {
		tests := []struct {
			stdin string
			args  []string
			code  int
			want  string
		}{
			{"pw123456\n", []string{"carol", "--citizenship", "USA"}, 2, "--clearance is required"},
			{"pw123456\n", []string{"carol", "--clearance", "SECRET"}, 2, "--citizenship is required"},
			{"pw123456\n", []string{"--clearance", "SECRET", "--citizenship", "USA"}, 2, "give one NAME"},
			{"pw123456\n", []string{"carol", "--clearance", "HIGH", "--citizenship", "USA"}, 1, `clearance "HIGH"`},
			// A bad attribute is reported before a password is asked for.
			{"", []string{"carol", "--clearance", "HIGH", "--citizenship", "USA", "--password-stdin"}, 1, `clearance "HIGH"`},
			{"pw123456\n", []string{"carol", "--clearance", "SECRET", "--citizenship", "XX"}, 1, `citizenship "XX"`},
			{"pw123456\n", []string{"carol", "--clearance", "SECRET", "--citizenship", "USA", "--read-in", "MAGIC"}, 1, `read-in "MAGIC"`},
			{"pw123456\n", []string{"carol", "--clearance", "SECRET", "--citizenship", "USA", "--role", "boss"}, 2, `--role: role "boss"`},
			{"pw123456\n", []string{"carol", "--clearance", "SECRET", "--citizenship", "USA", "--role", "boss:ISN"}, 1, `role "boss"`},
			{"short\n", []string{"carol", "--clearance", "SECRET", "--citizenship", "USA"}, 1, "password must have at least 8 characters"},
			{"", []string{"carol", "--clearance", "SECRET", "--citizenship", "USA", "--password-stdin"}, 2, "password: none given"},
			{"pw123456\n", []string{"alice", "--clearance", "SECRET", "--citizenship", "USA"}, 1, "user alice already exists"},
			{"pw123456\n", []string{"Alice", "--clearance", "SECRET", "--citizenship", "USA"}, 1,
				"cable: user name Alice is taken: user alice exists, and names must differ in more than case"},
			// A bad name is reported before a password is asked for.
			{"", []string{"alice\u202egpj.exe", "--clearance", "SECRET", "--citizenship", "USA", "--password-stdin"}, 1,
				`cable: user name "alice\u202egpj.exe": bidirectional control U+202E at column 6: want a name that shows as it is stored`},
			{"", []string{"carol\t", "--clearance", "SECRET", "--citizenship", "USA", "--password-stdin"}, 1,
				`cable: user name "carol\t": '\t' at column 6: want a name without spaces, ':' or '/'`},
		}
		for _, tt := range tests {
			r := run(tt.stdin, append([]string{"add"}, tt.args...)...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("user add %v = %d %q, want %d and %q", tt.args, r.code, r.stderr, tt.code, tt.want)
			}
		}
	})
	t.Run("Set", func(t *testing.T) {
		if r := run("", "set", "bob", "--clearance", "SECRET", "--post", "AMEMBASSY LONDON", "--admin=false"); r.code != 0 {
			t.Fatalf("user set = %d %q", r.code, r.stderr)
		}
		if r := run("", "set", "alice", "--admin=false", "--read-in", ""); r.code != 0 {
			t.Fatalf("user set = %d %q", r.code, r.stderr)
		}
		if r := run("new password\n", "set", "alice", "--password-stdin"); r.code != 0 {
			t.Fatalf("user set --password-stdin = %d %q", r.code, r.stderr)
		}
		for _, tt := range []struct {
			args []string
			code int
			want string
		}{
			{[]string{"bob"}, 2, "nothing to change"},
			{[]string{"nobody", "--clearance", "SECRET"}, 1, "user nobody not found"},
			{[]string{"bob", "--clearance", "HIGH"}, 1, `clearance "HIGH"`},
		} {
			if r := run("", append([]string{"set"}, tt.args...)...); r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("user set %v = %d %q, want %d and %q", tt.args, r.code, r.stderr, tt.code, tt.want)
			}
		}
	})
	t.Run("List", func(t *testing.T) {
		r := run("", "list")
		want := []string{
			"NAME   CLEARANCE     CITIZENSHIP  ADMIN  POSTS                   READ-INS  ROLES",
			"alice  SECRET        USA                 AMEMBASSY BEIJING; ISN  -         drafter:ISN",
			"bob    SECRET        GBR                 AMEMBASSY LONDON        -         -",
			"svc    UNCLASSIFIED  USA                 -                       -         -",
		}
		if diff := cmp.Diff(want, strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")); diff != "" {
			t.Errorf("user list (-want +got):\n%s", diff)
		}
	})
	t.Run("Token", func(t *testing.T) {
		r := run("", "token", "alice", "--label", "laptop")
		if r.code != 0 || !strings.HasPrefix(r.stdout, "cbl_") || strings.Count(r.stdout, "\n") != 1 {
			t.Fatalf("user token = %d %q %q", r.code, r.stdout, r.stderr)
		}
		if r := run("", "token", "nobody"); r.code != 1 || !strings.Contains(r.stderr, "user nobody not found") {
			t.Errorf("user token nobody = %d %q", r.code, r.stderr)
		}
	})
	if r := run("", "frobnicate"); r.code != 2 || !strings.Contains(r.stderr, `unknown subcommand "frobnicate"`) {
		t.Errorf("user frobnicate = %d %q", r.code, r.stderr)
	}
}
