package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// importerData is where package importer keeps its fixtures: small
// invented exports in the published layouts.
const importerData = "../../internal/importer/testdata"

// refusal is an input an ingest must refuse: its name's tail (file:line
// for a row) and a pattern of the reason.
type refusal struct{ name, reason string }

// layoutCase is one ingest of published layouts.
type layoutCase struct {
	name    string
	args    []string // flags and paths, relative to the case's input directory
	ids     []string // the cables stored
	refused []refusal
}

func layoutCases(t *testing.T, dir string) []layoutCase {
	copyTestFile(t, filepath.Join(importerData, "nara.csv"), filepath.Join(dir, "export.dat"))
	// A row of 100 KB between two good rows, read with a bound of 64 KB:
	// each row takes two lines, its body's and the closing quote's.
	var big strings.Builder
	for i, body := range []string{"UNCLAS CAIRO 1\n", "UNCLAS CAIRO 2\n" + strings.Repeat("A CABLE TOO LONG. ", 100<<10/18), "UNCLAS CAIRO 3\n"} {
		fmt.Fprintf(&big, "\"%d\",\"5/25/2009 10:15\",\"09CAIRO%d\",\"Embassy Cairo\",\"UNCLASSIFIED\",\"\",\"\",\"%s\"\n", i+1, i+1, body)
	}
	writeFile(t, filepath.Join(dir, "big.csv"), big.String())
	writeFile(t, filepath.Join(dir, "other.csv"), "name,address\nx,y\n")
	// Pages in an archive (with an empty big.txt after the first member),
	// and a CSV export, which as a member is passed over.
	pages := filepath.Join(dir, "pages")
	if err := os.Mkdir(pages, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"2007/11/07STATE159388.html", "2009/05/09CAIRO912.html", "2010/02/10CAIRO200.html"} {
		copyTestFile(t, filepath.Join(importerData, "cablegate/cable", p), filepath.Join(pages, filepath.Base(p)))
	}
	copyTestFile(t, filepath.Join(importerData, "nara.csv"), filepath.Join(pages, "nara.csv"))
	writeTarGz(t, filepath.Join(dir, "pages.tar.gz"), pages, 0)
	return []layoutCase{
		{"cablegate csv", []string{filepath.Join(importerData, "cables.csv")},
			[]string{"07STATE159388", "09CAIRO912", "09CAIRO915", "66BUENOSAIRES2481"},
			[]refusal{{"cables.csv:123", "7 fields, want 8"}, {"cables.csv:124", `date \\"13/45/2009 9:00\\"`}}},
		{"cablegate pages", []string{filepath.Join(importerData, "cablegate")},
			[]string{"07STATE159388", "09CAIRO912"},
			[]refusal{{"10CAIRO200.html", "no metadata"}}},
		{"pages in a tar.gz", []string{filepath.Join(dir, "pages.tar.gz")},
			[]string{"07STATE159388", "09CAIRO912"},
			[]refusal{{"pages.tar.gz:cables/10CAIRO200.html", "no metadata"}, {"pages.tar.gz:cables/big.txt", "empty file"}}},
		{"nara csv", []string{filepath.Join(importerData, "nara.csv")},
			[]string{"75STATE12345", "76PARIS4567", "77ROME777"},
			[]refusal{{"nara.csv:18", "6 fields, want 9"}, {"nara.csv:22", "is not a cable id"}}},
		{"format named", []string{"--format", "nara-csv", filepath.Join(dir, "export.dat")},
			[]string{"75STATE12345", "76PARIS4567", "77ROME777"},
			[]refusal{{"export.dat:18", "6 fields, want 9"}, {"export.dat:22", "is not a cable id"}}},
		{"row over the bound", []string{"--max-member-size", "64KB", filepath.Join(dir, "big.csv")},
			[]string{"09CAIRO1", "09CAIRO3"},
			[]refusal{{"big.csv:3", "row of 102472 bytes, over the limit of 65536"}}},
		{"csv of no layout", []string{filepath.Join(dir, "other.csv")}, nil,
			[]refusal{{"other.csv", "cannot tell the layout"}}},
	}
}

// TestIngestLayouts ingests each published layout twice into a new
// archive: the first run stores the good cables and refuses each bad row
// or page alone, by file and line, with exit status 1; the second
// changes nothing.
func TestIngestLayouts(t *testing.T) {
	for _, tc := range layoutCases(t, t.TempDir()) {
		t.Run(tc.name, func(t *testing.T) {
			data := t.TempDir()
			args := append([]string{"ingest", "--data", data}, tc.args...)
			var states []string
			for run, want := range []string{
				fmt.Sprintf("ingested: %d new, 0 unchanged, 0 new versions, %d not stored", len(tc.ids), len(tc.refused)),
				fmt.Sprintf("ingested: 0 new, %d unchanged, 0 new versions, %d not stored", len(tc.ids), len(tc.refused)),
			} {
				r := runMainIO(t, map[string]string{"CABLE_DATA": data}, "", args...)
				checkIngestRun(t, run, r, want, tc.refused)
				states = append(states, archiveState(t, data))
			}
			if diff := cmp.Diff(tc.ids, currentIDs(states[0])); diff != "" {
				t.Errorf("cables stored (-want +got):\n%s", diff)
			}
			if states[1] != states[0] {
				t.Errorf("the second run changed the archive (-first +second):\n%s", cmp.Diff(states[0], states[1]))
			}
		})
	}
}

// TestIngestLayoutsPostgres runs the ingest of cables.csv on PostgreSQL:
// the layouts' code is the store's same, so one layout is enough.
func TestIngestLayoutsPostgres(t *testing.T) {
	url := mustPostgresURL(t)
	tc := layoutCases(t, t.TempDir())[0]
	args := append([]string{"ingest", "--database", url}, tc.args...)
	for run, want := range []string{
		fmt.Sprintf("ingested: %d new, 0 unchanged, 0 new versions, %d not stored", len(tc.ids), len(tc.refused)),
		fmt.Sprintf("ingested: 0 new, %d unchanged, 0 new versions, %d not stored", len(tc.ids), len(tc.refused)),
	} {
		r := runMainIO(t, map[string]string{"CABLE_DATA": t.TempDir()}, "", args...)
		checkIngestRun(t, run, r, want, tc.refused)
	}
}

// checkIngestRun checks an ingest's exit status, summary and reports of
// what it refused.
func checkIngestRun(t *testing.T, run int, r cliResult, summary string, refused []refusal) {
	t.Helper()
	wantCode := 0
	if len(refused) > 0 {
		wantCode = 1
	}
	if r.code != wantCode || !strings.Contains(r.stdout, summary) {
		t.Fatalf("run %d: exit %d, output %q; want %d and %q\n%s", run+1, r.code, r.stdout, wantCode, summary, r.stderr)
	}
	for _, b := range refused {
		re := regexp.MustCompile(`cable not stored" file=\S*` + regexp.QuoteMeta(b.name) + ` .*` + b.reason)
		if !re.MatchString(r.stderr) {
			t.Errorf("run %d: no report of %s (%s):\n%s", run+1, b.name, b.reason, r.stderr)
		}
	}
}

// currentIDs returns the ids of the cables in an archiveState.
func currentIDs(state string) []string {
	var ids []string
	for _, line := range strings.Split(state, "\n") {
		if id, ok := strings.CutSuffix(line, " current 1"); ok {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyTestFile(t *testing.T, from, to string) {
	t.Helper()
	writeFile(t, to, string(mustRead(t, from)))
}
