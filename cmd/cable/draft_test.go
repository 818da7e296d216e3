package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/sqlite"
)

// mustTrafficUsers creates, in the data directory dir, the users of the
// traffic CLI tests.
func mustTrafficUsers(tb testing.TB, dir string) {
	tb.Helper()
	if err := os.MkdirAll(dir, 0o750); err != nil {
		tb.Fatal(err)
	}
	db := sqlite.NewDB(filepath.Join(dir, sqlite.FileName))
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	role := func(kind cable.RoleKind, post string) []cable.Role { return []cable.Role{{Kind: kind, Post: post}} }
	for _, u := range []*cable.User{
		{Name: "admin", Admin: true},
		{Name: "drafter", Posts: []string{"ISN"}, Roles: role(cable.RoleDrafter, "ISN")},
		{Name: "eap", Posts: []string{"EAP"}, Roles: role(cable.RoleClearer, "EAP")},
		{Name: "tee", Posts: []string{"T"}, Roles: role(cable.RoleClearer, "T")},
		{Name: "releaser", Posts: []string{"S/ES"}, Roles: role(cable.RoleReleaser, "SECSTATE WASHDC")},
		{Name: "duty", Posts: []string{"AMEMBASSY ATLANTIS"}, Roles: role(cable.RoleDutyOfficer, "AMEMBASSY ATLANTIS")},
	} {
		u.Clearance, u.Citizenship = "SECRET", "USA"
		if err := db.CreateUser(context.Background(), u, "password1"); err != nil {
			tb.Fatal(err)
		}
	}
}

const cliDraftText = `UNCLAS

SIPDIS

E.O. 12958: N/A
TAGS: PREL, KNNP
SUBJECT: REQUEST FOR VIEWS ON ATLANTIS

1. (U) ACTION REQUEST: Please report the host government's views by December 31, 2030.

2. (U) Please slug all responses for ISN and T.

RICE
`

// TestTrafficCLI drives a cable from draft to acknowledgement through the
// commands: a refused release with what to fix, the fixes, release,
// delivery, the inbox, acknowledgement, actions and history.
func TestTrafficCLI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	mustTrafficUsers(t, data)
	text := filepath.Join(dir, "draft.txt")
	if err := os.WriteFile(text, []byte(cliDraftText), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"CABLE_DATA": data}
	run := func(wantCode int, args ...string) cliResult {
		t.Helper()
		r := runMainIO(t, env, "", args...)
		if r.code != wantCode {
			t.Fatalf("cable %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, wantCode, r.stdout, r.stderr)
		}
		return r
	}
	contains := func(what, got string, wants ...string) {
		t.Helper()
		for _, w := range wants {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q:\n%s", what, w, got)
			}
		}
	}

	r := run(0, "draft", "new", "--as", "drafter", "--from", "ISN", "--to", "AMEMBASSY ATLANTIS:FLASH", "--info", "EAP",
		"--clear", "EAP", "--clear", "T", text)
	contains("draft new", r.stdout, "draft 1 created in ISN: awaiting clearance from EAP, T")
	run(2, "draft", "new", "--as", "drafter", "--from", "ISN", "--to", "AMEMBASSY ATLANTIS:SOON", text)

	r = run(1, "release", "--as", "releaser", "1")
	contains("refusal", r.stderr, "release of draft 1 refused:",
		"  - clearances from EAP and T missing (cleared: none)",
		"  - unknown addressee AMEMBASSY ATLANTIS: add it with cable directory add")

	run(0, "clear", "--as", "eap", "1")
	r = run(0, "clear", "--as", "tee", "1")
	contains("clear", r.stdout, "draft 1 cleared for T: cleared, ready for release")
	run(1, "directory", "add", "--as", "drafter", "AMEMBASSY ATLANTIS", "--kind", "post")
	r = run(0, "directory", "add", "--as", "admin", "AMEMBASSY ATLANTIS", "--kind", "post", "--ri", "RUEHXQ", "--country", "GRC")
	contains("directory add", r.stdout, "added AMEMBASSY ATLANTIS (post, RI RUEHXQ, station ATLANTIS)")
	r = run(0, "directory", "list", "atlantis")
	contains("directory list", r.stdout, "AMEMBASSY ATLANTIS  post  RUEHXQ  GRC")

	r = run(0, "release", "--as", "releaser", "--telegram", "1")
	id := regexp.MustCompile(`released draft 1 as (\d\dSTATE1), DTG`).FindStringSubmatch(r.stdout)
	if id == nil {
		t.Fatalf("release printed:\n%s", r.stdout)
	}
	contains("release", r.stdout, "queued for AMEMBASSY ATLANTIS (to, FLASH, to be acknowledged)", "queued for EAP (info, ROUTINE)",
		"action for AMEMBASSY ATLANTIS due 2030-12-31 (text)", "replies to be slugged for ISN, T",
		"ZZ RUEHWEB\n", "TO RUEHXQ/AMEMBASSY ATLANTIS FLASH 0001\n", "INFO RUEHC/SECSTATE WASHDC ROUTINE 0001\n")
	run(1, "release", "--as", "releaser", "1") // released already: a conflict

	r = run(0, "deliver", "--once")
	contains("deliver", r.stdout, "delivered 2 copies")
	r = run(0, "inbox", "--as", "duty")
	contains("inbox", r.stdout, "ACK *  FLASH", id[1], "REQUEST FOR VIEWS ON ATLANTIS")
	r = run(0, "inbox", "--as", "duty", "--open", id[1])
	contains("inbox --open", r.stdout, "UNCLASSIFIED\n\nVZCZCXYZ", "1. (U) ACTION REQUEST")
	run(1, "ack", "--as", "eap", id[1]+"X")
	r = run(0, "ack", "--as", "duty", id[1])
	contains("ack", r.stdout, id[1]+" FLASH copy for AMEMBASSY ATLANTIS acknowledged by duty")
	r = run(0, "inbox", "--as", "duty")
	if strings.Contains(r.stdout, "ACK") {
		t.Errorf("inbox after ack still asks for it:\n%s", r.stdout)
	}

	r = run(0, "actions", "--as", "admin", "--open")
	contains("actions", r.stdout, id[1], "AMEMBASSY ATLANTIS", "2030-12-31", "open")
	r = run(0, "actions", "--as", "admin", "--report")
	contains("actions --report", r.stdout, "AMEMBASSY ATLANTIS")
	r = run(0, "draft", "show", "--as", "drafter", "1")
	contains("draft show", r.stdout, "released as "+id[1], "clearance:  EAP cleared by eap", "history:", "release-refused",
		"delivered", "acknowledged")
	r = run(0, "draft", "list", "--as", "eap")
	contains("draft list", r.stdout, "1      ISN   drafter")
}

func TestDemo(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	r := runMainIO(t, nil, "", "demo", "--data", data)
	if r.code != 0 {
		t.Fatalf("cable demo: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"release is refused:\n    - clearance from T missing (cleared: EAP)\n    - banner SECRET must be SECRET//NOFORN because of paragraphs 3, 4 and 5",
		"releases it as 07STATE159388, DTG 220000Z NOV 07",
		"beijing-duty's inbox, top: 07STATE159388 IMMEDIATE SECRET//NOFORN",
		"beijing-duty acknowledges 07STATE159388",
		"it answers action 1 of 07STATE159388 (due 2007-11-23): on time",
		"isn-drafter finds in the ISN inbox: 07BEIJING7214",
		"t-clearer finds in the T inbox: 07BEIJING7214",
		"eap-clearer finds in the EAP inbox: 07BEIJING7214",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("cable demo output lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := runMainIO(t, nil, "", "demo", "--data", data); r.code != 1 || !strings.Contains(r.stderr, "has been played") {
		t.Errorf("second demo in the same directory: exit %d, %s", r.code, r.stderr)
	}
	r = runMainIO(t, map[string]string{"CABLE_DATA": data, "CABLE_USER": "eap-clearer"}, "", "inbox")
	if r.code != 0 || !strings.Contains(r.stdout, "07BEIJING7214") {
		t.Errorf("the demo's data serves later commands: inbox = %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
