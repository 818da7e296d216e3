package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/storetest"
)

// TestCLILeaks asks the CLI, as every reader of the leak truth
// (storetest's testdata/leaks, written by hand from MARKINGS.md), what the
// truth says each is shown: cable view of each cable shows the truth's
// banner and paragraphs; a search for each part's word finds its cable
// exactly when the reader sees the part; cable refs of a cable the reader
// does not find answers as for a cable that does not exist; and a listing
// counts the cables the reader finds.
func TestCLILeaks(t *testing.T) {
	t.Parallel()
	lt := storetest.MustLoadLeakTruth(t)
	dir := t.TempDir()
	db := sqlite.NewDB(filepath.Join(dir, sqlite.FileName))
	db.PasswordIterations = 1000
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var cs []*cable.Cable
	files := map[string]string{}
	for _, tc := range lt.Cables {
		cs = append(cs, cabletext.Parse(tc.Src))
		files[tc.ID] = filepath.Join(dir, tc.ID+".txt")
		if err := os.WriteFile(files[tc.ID], tc.Src, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ImportCables(ctx, cs); err != nil {
		t.Fatal(err)
	}
	readers := accountReaders(lt)
	for _, u := range readers {
		u := *u
		if err := db.CreateUser(ctx, &u, "a test password"); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	env := map[string]string{"CABLE_DATA": dir}
	for _, u := range lt.Readers[1:] {
		t.Run(u.Name, func(t *testing.T) {
			t.Parallel()
			found := 0
			for _, tc := range lt.Cables {
				if _, ok := tc.Found(u.Name); ok {
					found++
				}
				checkCLIView(t, env, u, tc, files[tc.ID])
				checkCLISearch(t, env, u, tc)
			}
			res := runMainIO(t, env, "", append([]string{"search"}, append(readerArgs(u), "--json", "--facets", "--limit", "100", "Paragraph OR Ambassador")...)...)
			lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
			var sum struct {
				Total int `json:"total"`
			}
			if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil || sum.Total > found {
				t.Errorf("search total %d (%v); the truth says %s finds %d cables", sum.Total, err, u.Name, found)
			}
		})
	}
}

// readerArgs returns the flags that make a command of the archive read
// as u: --public for the reading room's reader, --as otherwise. They
// come after the command's name.
func readerArgs(u *cable.User) []string {
	if u.Public {
		return []string{"--public"}
	}
	return []string{"--as", u.Name}
}

// accountReaders returns the readers of the truth who have an account:
// not "none", who is not signed in, nor "public", the reading room's
// reader, who has none (--public).
func accountReaders(lt *storetest.LeakTruth) []*cable.User {
	var out []*cable.User
	for _, u := range lt.Readers[1:] {
		if !u.Public {
			out = append(out, u)
		}
	}
	return out
}

// checkCLIView checks cable view of tc's file as reader u against the
// truth. A view of a file knows nothing of the archive's distribution
// but what the file says, as the truth does.
func checkCLIView(t *testing.T, env map[string]string, u *cable.User, tc *storetest.TruthCable, file string) {
	t.Helper()
	args := []string{"view", file, "--format", "json", "--clearance", u.Clearance, "--citizenship", u.Citizenship}
	for _, p := range u.Posts {
		args = append(args, "--member", p)
	}
	for _, r := range u.ReadIns {
		args = append(args, "--read-in", r)
	}
	if u.Public {
		args = []string{"view", file, "--format", "json", "--public"}
	}
	res := runMainIO(t, env, "", args...)
	sh, found := tc.Found(u.Name)
	if !found {
		if res.code == 0 {
			t.Errorf("cable view %s as %s: exit 0, want not found", tc.ID, u.Name)
		}
		return
	}
	var doc api.CableView
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatalf("cable view %s as %s: %v: %s %s", tc.ID, u.Name, err, res.stdout, res.stderr)
	}
	if v := doc.View; v.Banner != sh.Banner || v.SubjectShown != sh.Subject || !slices.Equal(v.Shown, sh.Paragraphs) {
		t.Errorf("cable view %s as %s: banner %q, subject %v, paragraphs %v; the truth says %q, %v, %v",
			tc.ID, u.Name, v.Banner, v.SubjectShown, v.Shown, sh.Banner, sh.Subject, sh.Paragraphs)
	}
	for _, part := range tc.Parts() {
		if got, want := strings.Contains(res.stdout, tc.Words[part]), tc.Sees(u.Name, part); got != want && part != "tag" {
			t.Errorf("cable view %s as %s shows part %s: %v; the truth says %v", tc.ID, u.Name, part, got, want)
		}
	}
}

// checkCLISearch searches the archive for each part's word of tc, and
// asks for its references, as reader name.
func checkCLISearch(t *testing.T, env map[string]string, u *cable.User, tc *storetest.TruthCable) {
	t.Helper()
	name, as := u.Name, readerArgs(u)
	for _, part := range tc.Parts() {
		args := append([]string{"search"}, append(as, "--json", tc.Words[part])...)
		if part == "tag" {
			args = append([]string{"search"}, append(as, "--json", "--tag", tc.Words[part])...)
		}
		res := runMainIO(t, env, "", args...)
		hit := false
		for _, line := range strings.Split(strings.TrimSpace(res.stdout), "\n") {
			var h api.SearchHit
			if json.Unmarshal([]byte(line), &h) == nil && h.ID == tc.ID {
				hit = true
			}
		}
		if want := tc.Sees(name, part); hit != want {
			t.Errorf("cable search %v: found %v; the truth says %s sees %s part %s: %v", args[1:], hit, name, tc.ID, part, want)
		}
	}
	if _, found := tc.Found(name); !found {
		refs := runMainIO(t, env, "", append(append([]string{"refs"}, as...), tc.ID)...)
		missing := runMainIO(t, env, "", append(append([]string{"refs"}, as...), "99STATE1")...)
		if refs.code != 1 || strings.ReplaceAll(errLine(refs.stderr), tc.ID, "ID") != strings.ReplaceAll(errLine(missing.stderr), "99STATE1", "ID") {
			t.Errorf("cable refs %s of a cable %s does not find: %d %q; a missing cable: %d %q",
				tc.ID, name, refs.code, refs.stderr, missing.code, missing.stderr)
		}
	}
}

// errLine returns the last line of a command's standard error, its error:
// the lines before it are the log's.
func errLine(stderr string) string {
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	return lines[len(lines)-1]
}
