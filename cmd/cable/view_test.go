package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/api"
)

// seedFile is the seed cable, 07STATE159388.
const seedFile = "../../internal/cabletext/testdata/seed.txt"

// cliResult is what one run of the program printed and its exit status.
type cliResult struct {
	stdout, stderr string
	code           int
}

// runMainIO runs the program with args, standard input stdin and environment
// env, as main does.
func runMainIO(tb testing.TB, env map[string]string, stdin string, args ...string) cliResult {
	tb.Helper()
	var out, errb bytes.Buffer
	m := &Main{
		Stdin:  strings.NewReader(stdin),
		Stdout: &out,
		Stderr: &errb,
		Getenv: func(k string) string { return env[k] },
		Logger: slog.New(slog.NewTextHandler(&errb, nil)),
	}
	err := m.Run(context.Background(), args)
	code := m.exitCode(err)
	return cliResult{out.String(), errb.String(), code}
}

// TestView_Seed checks cable view against the table of MARKINGS.md §6.
func TestView_Seed(t *testing.T) {
	t.Parallel()
	noSIPDIS := filepath.Join(t.TempDir(), "nosipdis.txt")
	src, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(noSIPDIS, bytes.Replace(src, []byte("SIPDIS SIPDIS"), nil, 1), 0o600); err != nil {
		t.Fatal(err)
	}
	all := []int{1, 2, 3, 4, 5, 6, 7, 8}
	tests := []struct {
		name string
		args []string
		want api.ViewInfo
	}{
		{"US SECRET", []string{seedFile, "--clearance", "SECRET", "--citizenship", "USA"},
			api.ViewInfo{Banner: "SECRET//NOFORN", SubjectShown: true, Shown: all}},
		{"US CONFIDENTIAL", []string{seedFile, "--clearance", "CONFIDENTIAL", "--citizenship", "USA"},
			api.ViewInfo{Banner: "UNCLASSIFIED", Shown: []int{7, 8}, Withheld: []int{1, 2, 3, 4, 5, 6}}},
		{"CHN SECRET member of Embassy Beijing", []string{seedFile, "--clearance", "SECRET", "--citizenship", "CHN", "--member", "AMEMBASSY BEIJING"},
			api.ViewInfo{Banner: "SECRET//REL TO USA, CHN", Release: true, Shown: []int{2, 6, 7, 8}}},
		{"GBR SECRET member of Embassy Beijing", []string{seedFile, "--clearance", "SECRET", "--citizenship", "GBR", "--member", "AMEMBASSY BEIJING"},
			api.ViewInfo{Banner: "UNCLASSIFIED", Release: true, Shown: []int{7, 8}}},
		{"release copy for CHN", []string{seedFile, "--clearance", "S", "--citizenship", "China", "--release"},
			api.ViewInfo{Banner: "SECRET//REL TO USA, CHN", Release: true, Shown: []int{2, 6, 7, 8}}},
		{"no SIPDIS: US SECRET in Beijing", []string{noSIPDIS, "--clearance", "SECRET", "--citizenship", "USA", "--member", "AMEMBASSY BEIJING"},
			api.ViewInfo{Banner: "SECRET//NOFORN", SubjectShown: true, Shown: all}},
		{"declassified", []string{seedFile, "--clearance", "UNCLASSIFIED", "--citizenship", "USA", "--member", "AMEMBASSY BEIJING", "--at", "2033-01-01"},
			api.ViewInfo{Banner: "UNCLASSIFIED", Declassified: true, SubjectShown: true, Shown: all}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"view", "--format", "json", "--at", "2026-11-29"}, tt.args...)
			r := runMainIO(t, nil, "", args...)
			if r.code != 0 {
				t.Fatalf("cable %s: exit %d: %s", strings.Join(args, " "), r.code, r.stderr)
			}
			var doc api.CableView
			if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, doc.View); diff != "" {
				t.Errorf("view (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("no SIPDIS: US SECRET at no post is not found", func(t *testing.T) {
		t.Parallel()
		r := runMainIO(t, nil, "", "view", noSIPDIS, "--clearance", "SECRET", "--citizenship", "USA", "--member", "AMEMBASSY ROME")
		if r.code != 1 || r.stdout != "" || r.stderr != "cable: cable 07STATE159388 not found\n" {
			t.Errorf("exit %d, stdout %q, stderr %q; want 1 and not found", r.code, r.stdout, r.stderr)
		}
	})
}

func TestView_Text(t *testing.T) {
	t.Parallel()
	r := runMainIO(t, nil, "", "view", seedFile, "--clearance", "CONFIDENTIAL", "--citizenship", "USA", "--at", "2026-11-29")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"UNCLASSIFIED\n\nVZCZCXYZ0001\n", "UNCLAS STATE 159388", "\n3. (S//NF) [withheld]\n",
		"7. (U) Please report delivery", "\nUNCLASSIFIED\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text view lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, secret := range []string{"litmus", "Hezbollah", "IMPENDING", "RICE"} {
		if strings.Contains(r.stdout, secret) {
			t.Errorf("text view of US CONFIDENTIAL shows %q", secret)
		}
	}
	r = runMainIO(t, nil, "", "view", seedFile, "--clearance", "SECRET", "--citizenship", "CHN", "--member", "AMEMBASSY BEIJING", "--at", "2026-11-29")
	if !strings.HasPrefix(r.stdout, "SECRET//REL TO USA, CHN\n\n") || !strings.HasSuffix(r.stdout, "\nSECRET//REL TO USA, CHN\n") ||
		strings.Contains(r.stdout, "[withheld]") || strings.Contains(r.stdout, "SIPDIS") || !strings.Contains(r.stdout, "6. (S//REL TO USA, CHN) BEGIN TALIKING") {
		t.Errorf("release copy for CHN: want the banner top and bottom, paragraph 6, no placeholders, no SIPDIS:\n%s", r.stdout)
	}
}

func TestView_ErrUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{seedFile, "--citizenship", "USA"}, "--clearance is required"},
		{[]string{seedFile, "--clearance", "HIGH", "--citizenship", "USA"}, `--clearance "HIGH"`},
		{[]string{seedFile, "--clearance", "SECRET"}, `--citizenship ""`},
		{[]string{seedFile, "--clearance", "SECRET", "--citizenship", "USA", "--read-in", "MAGIC"}, `--read-in "MAGIC"`},
		{[]string{seedFile, "--clearance", "SECRET", "--citizenship", "USA", "--format", "pdf"}, `--format "pdf"`},
		{[]string{seedFile, "--clearance", "SECRET", "--citizenship", "USA", "--release"}, "--release"},
		{[]string{seedFile, "--clearance", "SECRET", "--citizenship", "USA", "--at", "tomorrow"}, `--at "tomorrow"`},
		{[]string{"--clearance", "SECRET", "--citizenship", "USA"}, "usage: cable view FILE"},
	}
	for _, tt := range tests {
		r := runMainIO(t, nil, "", append([]string{"view"}, tt.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("cable view %v: exit %d, stderr %q; want 2 and %q", tt.args, r.code, r.stderr, tt.want)
		}
	}
}
