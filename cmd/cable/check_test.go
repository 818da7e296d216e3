package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs cable with args and returns its output and exit status.
func runCLI(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	m := NewMain()
	m.Stdout, m.Stderr = &out, &errb
	m.Getenv = func(k string) string { return env[k] }
	code = m.exitCode(m.Run(context.Background(), args))
	return out.String(), errb.String(), code
}

const seedPath = "../../internal/cabletext/testdata/seed.txt"

func TestCheckSeed(t *testing.T) {
	out, _, code := runCLI(t, nil, "check", seedPath)
	if code != 0 {
		t.Errorf("check of the legacy seed exit = %d, want 0 (warnings only)", code)
	}
	want := "seed.txt:13:36: warning: classification: banner SECRET must be SECRET//NOFORN because of paragraphs 3, 4 and 5"
	if !strings.Contains(out, want) {
		t.Errorf("check output lacks %q:\n%s", want, out)
	}
}

func TestCheckStrictFindings(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "new.txt")
	os.WriteFile(bad, []byte("S E C R E T STATE 000001\n\nSIPDIS NODIS\n\nSUBJECT: TEST\n\n1. (S) one\n2. two\n3. (X) three\n"), 0o644)
	out, _, code := runCLI(t, nil, "check", bad)
	if code != 1 {
		t.Errorf("check exit = %d, want 1", code)
	}
	for _, want := range []string{
		"new.txt:1:1: error: TAGS: no TAGS line",
		"error: E.O.: a classified cable needs an E.O. 12958 line",
		"error: Classified By:",
		"new.txt:8:1: error: paragraph 2: paragraph has no portion mark",
		"new.txt:9:5: error: paragraph 3: portion mark (X) cannot be read",
		"error: captions: captions SIPDIS and NODIS",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	if _, stderr, code := runCLI(t, nil, "check", filepath.Join(dir, "missing.txt")); code != 1 || !strings.Contains(stderr, "missing.txt") {
		t.Errorf("check of a missing file: exit %d, stderr %q; want 1 and the file named", code, stderr)
	}
}

func TestCheckMarks(t *testing.T) {
	dir := t.TempDir()
	seed, _ := os.ReadFile(seedPath)
	os.WriteFile(filepath.Join(dir, "seed.txt"), seed, 0o644)
	out, _, code := runCLI(t, nil, "check", "--marks", dir)
	if code != 0 {
		t.Fatalf("check --marks exit = %d", code)
	}
	for _, want := range []string{"cables:                                   1 (1 classified)", "banner below the roll-up of its portions: 1", "distinct portion marks:                   4, of which 4 read"} {
		if !strings.Contains(out, want) {
			t.Errorf("check --marks output lacks %q:\n%s", want, out)
		}
	}
}
