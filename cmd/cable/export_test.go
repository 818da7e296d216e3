package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/storetest"
)

// openExportArchive stores the leak truth's cables (storetest's
// testdata/leaks, written by hand) in a data directory, with accounts
// for us-s and an administrator, and returns the environment that names
// it.
func openExportArchive(t *testing.T) (map[string]string, *storetest.LeakTruth, string) {
	t.Helper()
	lt := storetest.MustLoadLeakTruth(t)
	dir := t.TempDir()
	db := sqlite.NewDB(filepath.Join(dir, sqlite.FileName))
	db.PasswordIterations = 1000
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	var cs []*cable.Cable
	for _, src := range lt.Sources() {
		cs = append(cs, cabletext.Parse(src))
	}
	if _, err := db.ImportCables(ctx, cs); err != nil {
		t.Fatal(err)
	}
	for _, u := range []*cable.User{lt.Reader("us-s"), {Name: "boss", Clearance: "SECRET", Citizenship: "USA", Admin: true}} {
		u := *u
		if err := db.CreateUser(ctx, &u, "a test password"); err != nil {
			t.Fatal(err)
		}
	}
	return map[string]string{"CABLE_DATA": dir}, lt, dir
}

// TestExport exports as a reader in each format and checks the export
// against the leak truth: the cables the reader finds, each with the
// truth's banner, and no word of a part the reader may not see; the tar
// holds a telegram a cable and a manifest; a spent budget stops the
// export with what it wrote; every export is audited.
func TestExport(t *testing.T) {
	t.Parallel()
	env, lt, dir := openExportArchive(t)
	found := func(reader string) map[string]string {
		out := map[string]string{}
		for _, tc := range lt.Cables {
			if sh, ok := tc.Found(reader); ok {
				out[tc.ID] = sh.Banner
			}
		}
		return out
	}
	res := runMainIO(t, env, "", "export", "--as", "us-s", "--format", "jsonl")
	if res.code != 0 {
		t.Fatalf("export: %d %s", res.code, res.stderr)
	}
	got, hashed := map[string]string{}, 0
	for _, line := range strings.Split(strings.TrimSpace(res.stdout), "\n") {
		var l struct {
			ID, Banner, Citation, SHA256 string
			View                         struct{ Banner string }
		}
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		got[l.ID] = l.View.Banner
		// The version's hash only for a cable the reader reads whole
		// (TestProbeExportHash checks one they do not).
		if l.SHA256 != "" {
			hashed++
		}
		if l.Banner != l.View.Banner || (l.SHA256 != "" && len(l.SHA256) != 64) || !strings.Contains(l.Citation, l.ID) ||
			strings.Contains(l.Citation, "sha256") != (l.SHA256 != "") {
			t.Errorf("line of %s: banner %q, sha256 %q, citation %q", l.ID, l.Banner, l.SHA256, l.Citation)
		}
	}
	if hashed == 0 {
		t.Errorf("jsonl export as us-s: no line has its version's hash, though us-s reads some cables whole")
	}
	if diff := cmp.Diff(found("us-s"), got); diff != "" {
		t.Errorf("jsonl export as us-s: cables and banners (-truth +got):\n%s", diff)
	}
	checkUnseen(t, lt, "us-s", res.stdout)

	csvRes := runMainIO(t, env, "", "export", "--as", "us-s", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(csvRes.stdout)).ReadAll()
	if err != nil || len(rows) != len(got)+1 || !slices.Equal(rows[0], csvHeader) {
		t.Errorf("csv export: %d rows, %v; want a header and %d", len(rows), err, len(got))
	}
	checkUnseen(t, lt, "us-s", csvRes.stdout)

	out := filepath.Join(dir, "room.tar.gz")
	tarRes := runMainIO(t, env, "", "export", "--public", "--format", "tar.gz", "--out", out, "ZS08 OR ZS17 OR ZS21 OR ZS03")
	body := readTarGz(t, out)
	var files []string
	for name := range body {
		files = append(files, name)
	}
	want := []string{"08STATE200008.txt", "08STATE200017.txt", "08STATE200021.txt", "manifest.jsonl"}
	slices.Sort(files)
	if tarRes.code != 0 || !slices.Equal(files, want) || strings.Count(body["manifest.jsonl"], "\n") != 3 {
		t.Errorf("public tar.gz export: %d %s, files %v; want %v with a manifest of 3", tarRes.code, tarRes.stderr, files, want)
	}
	if !strings.Contains(tarRes.stderr, "export") {
		t.Errorf("no progress on standard error: %q", tarRes.stderr)
	}
	checkUnseen(t, lt, "public", strings.Join(mapValues(body), "\n"))

	// A read counts once a window: a reader who has read nothing yet.
	spent := runMainIO(t, env, "", "export", "--as", "boss", "--read-budget-hour", "2")
	if n := strings.Count(spent.stdout, "\n"); spent.code == 0 || n != 2 || !strings.Contains(spent.stderr, "budget") {
		t.Errorf("export past a budget of 2: exit %d, %d lines, %q; want a failure after 2 cables that names the budget", spent.code, n, errLine(spent.stderr))
	}
	checkExportAudit(t, dir, []string{"jsonl: 2 cables (stopped", "tar.gz: 3 cables", "csv: " + itoa(len(got)) + " cables", "jsonl: " + itoa(len(got)) + " cables"})
}

// checkUnseen fails when out holds the word of a part of a cable that the
// truth says reader does not see.
func checkUnseen(t *testing.T, lt *storetest.LeakTruth, reader, out string) {
	t.Helper()
	for _, tc := range lt.Cables {
		for _, part := range tc.Parts() {
			if w := tc.Words[part]; !tc.Sees(reader, part) && strings.Contains(out, w) {
				t.Errorf("export as %s holds %s, part %s of %s, which the truth says %s does not see", reader, w, part, tc.ID, reader)
			}
		}
	}
}

// checkExportAudit checks the audit log's export entries, newest first:
// each begins as want says.
func checkExportAudit(t *testing.T, dir string, want []string) {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(dir, sqlite.FileName))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := cable.NewContextWithUser(context.Background(), &cable.User{Name: "boss", Admin: true})
	es, err := db.FindAudit(ctx, "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		if e.Action == "export" {
			got = append(got, e.Detail)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("export entries %q, want %d", got, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("export entry %d = %q, want it to begin %q", i, got[i], want[i])
		}
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestSearchQuality checks the data-quality filter of cable search and
// cable export: the leak truth's cables that hold an unreadable mark and
// that us-s knows are 10, 17 and 19 (written by hand in its truth).
func TestSearchQuality(t *testing.T) {
	t.Parallel()
	env, _, _ := openExportArchive(t)
	want := []string{"08STATE200010", "08STATE200017", "08STATE200019"}
	for _, args := range [][]string{
		{"search", "--as", "us-s", "--json", "quality:unreadable-mark"},
		{"search", "--as", "us-s", "--json", "--quality", "unreadable-mark"},
		{"export", "--as", "us-s", "--quality", "unreadable-mark"},
	} {
		res := runMainIO(t, env, "", args...)
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(res.stdout), "\n") {
			var h struct{ ID string }
			if json.Unmarshal([]byte(line), &h) == nil && h.ID != "" {
				got = append(got, h.ID)
			}
		}
		slices.Sort(got)
		if res.code != 0 || !slices.Equal(got, want) {
			t.Errorf("cable %s: exit %d, %v; want %v", strings.Join(args, " "), res.code, got, want)
		}
	}
	if res := runMainIO(t, env, "", "search", "--as", "us-s", "--quality", "nonsense"); res.code != 2 {
		t.Errorf("an unknown kind: exit %d, want 2", res.code)
	}
}
