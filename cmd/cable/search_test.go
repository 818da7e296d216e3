package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/sqlite"
)

// replyCable is an unclassified SIPDIS cable from Beijing that cites the
// seed.
const replyCable = `R 131200Z JAN 08
FM AMEMBASSY BEIJING
TO SECSTATE WASHDC ROUTINE
UNCLAS BEIJING 000004

SIPDIS

E.O. 12958: N/A
TAGS: PARM, CH
SUBJECT: (U) DEMARCHE DELIVERED ON ARMS TRANSFERS

REF: 07 STATE 159388

1. (U) Post delivered the points of reftel on the Iran shipment.
RANDT
`

// mustArchive returns the environment of a data directory that holds the
// seed and replyCable, and the users us-s (US SECRET) and us-c (US
// CONFIDENTIAL).
func mustArchive(tb testing.TB) map[string]string {
	tb.Helper()
	dir := tb.TempDir()
	db := sqlite.NewDB(filepath.Join(dir, sqlite.FileName))
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	seed, err := os.ReadFile(seedFile)
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	if _, err := db.ImportCables(ctx, []*cable.Cable{cabletext.Parse(seed), cabletext.ParseString(replyCable)}); err != nil {
		tb.Fatal(err)
	}
	for _, u := range []*cable.User{
		{Name: "us-s", Clearance: "SECRET", Citizenship: "USA"},
		{Name: "us-c", Clearance: "CONFIDENTIAL", Citizenship: "USA"},
	} {
		if err := db.CreateUser(ctx, u, "a test password"); err != nil {
			tb.Fatal(err)
		}
	}
	return map[string]string{"CABLE_DATA": dir}
}

func TestSearch(t *testing.T) {
	t.Parallel()
	env := mustArchive(t)
	t.Run("Table", func(t *testing.T) {
		r := runMainIO(t, env, "", "search", "--as", "us-s", "Iran")
		want := []string{
			"ID             DATE        ORIGIN             CLASSIFICATION  SUBJECT",
			"08BEIJING4     2008-01-13  AMEMBASSY BEIJING  UNCLASSIFIED    DEMARCHE DELIVERED ON ARMS TRANSFERS",
			"                                                              Post delivered the points of reftel on the [Iran] shipment.",
			"07STATE159388  2007-11-22  SECSTATE WASHDC    SECRET//NOFORN  DEMARCHE ON IMPENDING CONVENTIONAL ARMS TRANSFER AND INTERIM FOLLOW U…",
		}
		lines := strings.Split(r.stdout, "\n")
		if r.code != 0 || len(lines) < 6 {
			t.Fatalf("search = %d %q %q", r.code, r.stdout, r.stderr)
		}
		if diff := cmp.Diff(want, lines[:4]); diff != "" {
			t.Errorf("search (-want +got):\n%s", diff)
		}
		if !strings.Contains(r.stdout, "\n1–2 of 2 cables\n") {
			t.Errorf("search lacks the count:\n%s", r.stdout)
		}
	})
	t.Run("AsConfidential", func(t *testing.T) {
		// The seed's paragraphs about Iran are withheld from us-c.
		r := runMainIO(t, map[string]string{"CABLE_DATA": env["CABLE_DATA"], "CABLE_USER": "us-c"}, "", "search", "Iran", "--facets")
		if r.code != 0 || strings.Contains(r.stdout, "07STATE159388") || !strings.Contains(r.stdout, "08BEIJING4") ||
			!strings.Contains(r.stdout, "1–1 of 1 cables") || !strings.Contains(r.stdout, "\norigin: AMEMBASSY BEIJING 1\n") {
			t.Errorf("search as us-c = %d:\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("JSON", func(t *testing.T) {
		r := runMainIO(t, env, "", "search", "--as", "us-s", "--json", "--facets", "--tag", "UNGA", "litmus")
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		if r.code != 0 || len(lines) != 2 {
			t.Fatalf("search --json = %d %q %q", r.code, r.stdout, r.stderr)
		}
		var h api.SearchHit
		if err := json.Unmarshal([]byte(lines[0]), &h); err != nil {
			t.Fatal(err)
		}
		if h.ID != "07STATE159388" || !strings.Contains(h.Snippet, "[litmus]") || !cmp.Equal(h.Paragraphs, []int{5}) {
			t.Errorf("hit = %+v", h)
		}
		var sum struct {
			Total  int                    `json:"total"`
			Facets map[string][]api.Facet `json:"facets"`
		}
		if err := json.Unmarshal([]byte(lines[1]), &sum); err != nil || sum.Total != 1 || len(sum.Facets["tag"]) == 0 {
			t.Errorf("last line = %s, %v; want the total and facets", lines[1], err)
		}
	})
	t.Run("Filters", func(t *testing.T) {
		for _, tt := range []struct {
			args []string
			want string
		}{
			{[]string{"--origin", "AMEMBASSY BEIJING"}, "08BEIJING4"},
			{[]string{"--to", "AMEMBASSY BEIJING"}, "07STATE159388"},
			{[]string{"--from", "2008-01-01"}, "08BEIJING4"},
			{[]string{"--until", "2007-11-22"}, "07STATE159388"},
			{[]string{"--class", "SECRET"}, "07STATE159388"},
			{[]string{"--caption", "SIPDIS", "--limit", "1", "--offset", "1"}, "07STATE159388"},
		} {
			r := runMainIO(t, env, "", append([]string{"search", "--as", "us-s", "--json"}, tt.args...)...)
			var h api.SearchHit
			if err := json.Unmarshal([]byte(r.stdout), &h); err != nil || h.ID != tt.want || strings.Count(r.stdout, "\n") != 1 {
				t.Errorf("search %v = %q (%v), want only %s", tt.args, r.stdout, err, tt.want)
			}
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		for _, tt := range []struct {
			env  map[string]string
			args []string
			code int
			want string
		}{
			{env, []string{"iran"}, 2, "say who is reading: --as USER"},
			{env, []string{"--as", "nobody", "iran"}, 1, "user nobody not found"},
			{env, []string{"--as", "us-s", `"iran`}, 1, "unclosed quote"},
			{env, append([]string{"--as", "us-s"}, strings.Fields(strings.Repeat("iran ", 65))...), 1,
				"cable: query has 65 terms, more than the 64 allowed: search for fewer words"},
			{env, []string{"--as", "us-s", strings.Repeat("x", 1001)}, 1, "query has 1001 bytes, more than the 1000 allowed"},
			{env, []string{"--as", "us-s", strings.Repeat("(", 17) + "iran" + strings.Repeat(")", 17)}, 1, "more than 16 deep"},
			{env, []string{"--as", "us-s", "iran\x00"}, 1, "control character U+0000"},
			{env, []string{"--as", "us-s", "--from", "yesterday"}, 2, `--from "yesterday"`},
			{env, []string{"--as", "us-s", "--class", "HIGH"}, 2, `--class "HIGH"`},
			{env, []string{"--as", "us-s", "--sort", "size"}, 2, `--sort "size"`},
			{env, []string{"--as", "us-s", "--limit", "0"}, 2, `--limit 0`},
		} {
			r := runMainIO(t, tt.env, "", append([]string{"search"}, tt.args...)...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("search %v = %d %q, want %d and %q", tt.args, r.code, r.stderr, tt.code, tt.want)
			}
		}
	})
}

func TestRefs(t *testing.T) {
	t.Parallel()
	env := mustArchive(t)
	r := runMainIO(t, env, "", "refs", "--as", "us-s", "07state159388")
	for _, want := range []string{
		"07STATE159388\n\ncites:\n",
		"  A.  STATE 109649  07STATE109649  not in archive\n",
		"\ncited by:\n  08BEIJING4  2008-01-13  DEMARCHE DELIVERED ON ARMS TRANSFERS\n",
		"\nthread:\n  07STATE159388  2007-11-22  DEMARCHE ON IMPENDING",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("refs lacks %q:\n%s%s", want, r.stdout, r.stderr)
		}
	}
	// us-c may not see the seed's banner, which its references take.
	r = runMainIO(t, env, "", "refs", "--as", "us-c", "--json", "07STATE159388")
	var g api.RefGraph
	if err := json.Unmarshal([]byte(r.stdout), &g); err != nil {
		t.Fatalf("refs --json = %q: %v", r.stdout, err)
	}
	if len(g.Cites) != 0 || len(g.CitedBy) != 1 {
		t.Errorf("refs as us-c = %+v, want no cites and one cited-by", g)
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--as", "us-s", "08STATE1"}, 1, "cable 08STATE1 not found"},
		{[]string{"--as", "us-s"}, 2, "usage: cable refs"},
	} {
		r := runMainIO(t, env, "", append([]string{"refs"}, tt.args...)...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("refs %v = %d %q, want %d and %q", tt.args, r.code, r.stderr, tt.code, tt.want)
		}
	}
}
