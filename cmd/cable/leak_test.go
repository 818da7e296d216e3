package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/storetest"
)

// TestCLILeaks asks the CLI what the store's leak suite asks the store, as
// readers of every kind: a search for each paragraph's marker word finds
// its cable exactly when package access lets the reader see the paragraph;
// cable refs of a cable the reader may not know of answers "not found",
// as for a cable that does not exist; and totals never count more cables
// than the reader may know of.
func TestCLILeaks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := sqlite.NewDB(filepath.Join(dir, sqlite.FileName))
	db.PasswordIterations = 1000
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var cs []*cable.Cable
	for _, src := range storetest.LeakCables() {
		cs = append(cs, cabletext.Parse(src))
	}
	if _, err := db.ImportCables(ctx, cs); err != nil {
		t.Fatal(err)
	}
	readers := storetest.LeakReaders()[1:]
	for _, u := range readers {
		u := *u
		if err := db.CreateUser(ctx, &u, "a test password"); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	env := map[string]string{"CABLE_DATA": dir}
	now := time.Now()
	for _, u := range readers {
		t.Run(u.Name, func(t *testing.T) {
			r := storetest.ReaderFor(u)
			known := 0
			for k, c := range cs {
				d := access.DistributionOf(c)
				if access.Knows(r, c, d, now) {
					known++
				}
				checkCLICable(t, env, u.Name, r, c, k, d, now)
			}
			res := runMainIO(t, env, "", "search", "--as", u.Name, "--json", "--facets", "--limit", "100", "Paragraph")
			lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
			var sum struct {
				Total int `json:"total"`
			}
			if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil || sum.Total > known {
				t.Errorf("search total %d (%v), but the reader may know of %d cables", sum.Total, err, known)
			}
		})
	}
}

// checkCLICable checks one cable through the CLI for one reader.
func checkCLICable(t *testing.T, env map[string]string, name string, r access.Reader, c *cable.Cable, k int, d access.Distribution, now time.Time) {
	t.Helper()
	admits := access.Admits(r, d)
	for _, p := range access.PortionsAt(c, now) {
		if p.Kind != access.PortionParagraph {
			continue
		}
		word := fmt.Sprintf("PARZ%dX%d", k, p.Number)
		res := runMainIO(t, env, "", "search", "--as", name, "--json", word)
		found := false
		for _, line := range strings.Split(strings.TrimSpace(res.stdout), "\n") {
			var h api.SearchHit
			if json.Unmarshal([]byte(line), &h) == nil && h.ID == c.ID {
				found = true
			}
		}
		if want := admits && access.CanSee(r, p.Marking); found != want {
			t.Errorf("cable search %s: found %v, access says visible %v", word, found, want)
		}
	}
	refs := runMainIO(t, env, "", "refs", "--as", name, c.ID)
	missing := runMainIO(t, env, "", "refs", "--as", name, "99STATE1")
	if !access.Knows(r, c, d, now) {
		if refs.code != 1 || strings.ReplaceAll(refs.stderr, c.ID, "ID") != strings.ReplaceAll(missing.stderr, "99STATE1", "ID") {
			t.Errorf("cable refs %s of a cable the reader may not know of: %d %q; a missing cable: %d %q",
				c.ID, refs.code, refs.stderr, missing.code, missing.stderr)
		}
	}
}
