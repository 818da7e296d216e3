package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/storetest"
)

// TestDB_IndexCatchesUp checks that the search index, a file of its own,
// ends up as one kept up to date would be: when an import's change to it
// was committed to the archive's queue but not applied (a crash between
// the two commits), and when the index file is lost.
func TestDB_IndexCatchesUp(t *testing.T) {
	t.Parallel()
	ctx := cable.NewContextWithUser(context.Background(), &cable.User{Name: "s", Clearance: "SECRET", Citizenship: "USA"})
	cs := MustGenerate(t, 7, 120)
	// New versions of the first ten cables, with a word of their own.
	var v2 []*cable.Cable
	for _, c := range cs[:10] {
		v2 = append(v2, cabletext.Parse([]byte(strings.ReplaceAll(string(cabletext.Lossless(c)), " the ", " the zebrafish "))))
	}
	queries := []string{"zebrafish", "the", "report", "embassy AND minister", `"foreign ministry"`}
	answers := func(db *sqlite.DB) map[string][]string {
		out := map[string][]string{}
		for _, q := range queries {
			res, err := db.Search(ctx, cable.SearchQuery{Text: q, Limit: 100, CountLimit: 5000})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				out[q] = append(out[q], h.ID+" "+h.Snippet)
			}
		}
		return out
	}

	kept := MustOpenDB(t)
	MustImport(t, kept, cs)
	MustImport(t, kept, v2)
	want := answers(kept)
	if len(want["zebrafish"]) == 0 {
		t.Fatal("no hits for the new versions' word: the test shows nothing")
	}

	path := filepath.Join(t.TempDir(), sqlite.FileName)
	db := sqlite.NewDB(path)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	MustImport(t, db, cs[:60])
	for _, part := range [][]*cable.Cable{cs[60:], v2} {
		if err := db.ImportUnindexed(ctx, part); err != nil {
			t.Fatal(err)
		}
	}
	reopen := func(between func()) {
		t.Helper()
		db.Close()
		between()
		db = sqlite.NewDB(path)
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
	}
	reopen(func() {})
	t.Cleanup(func() { db.Close() })
	if diff := cmp.Diff(want, answers(db)); diff != "" {
		t.Errorf("after reopening with changes queued, answers differ (-kept up +caught up):\n%s", diff)
	}
	reopen(func() {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(db.Files()[1] + suffix)
		}
	})
	if diff := cmp.Diff(want, answers(db)); diff != "" {
		t.Errorf("after losing the index file, answers differ (-kept up +rebuilt):\n%s", diff)
	}
	if err := db.CheckIndex(ctx); err != nil {
		t.Errorf("integrity check of the rebuilt index: %v", err)
	}
	// A rebuild killed half-way (its format not yet marked, part of the
	// text gone), and an index that claims changes the archive never
	// issued (an archive restored from an older backup), are rebuilt.
	for name, damage := range map[string]string{
		"killed rebuild": `PRAGMA user_version = 0; DELETE FROM portions_fts WHERE rowid IN (SELECT rowid FROM portions_fts LIMIT 300)`,
		"index ahead":    `UPDATE index_state SET applied = applied + 1000; DELETE FROM portions_fts WHERE rowid IN (SELECT rowid FROM portions_fts LIMIT 300)`,
	} {
		reopen(func() {
			ix, err := sql.Open("sqlite", db.Files()[1])
			if err == nil {
				_, err = ix.Exec(damage)
				ix.Close()
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		})
		if diff := cmp.Diff(want, answers(db)); diff != "" {
			t.Errorf("after a %s, answers differ (-kept up +reopened):\n%s", name, diff)
		}
	}
}

// TestDB_IndexTwoWriters checks two handles on one archive, as cable
// ingest beside cable serve: each applies its own changes to the index
// and skips those the other applied, so that nothing is indexed twice.
func TestDB_IndexTwoWriters(t *testing.T) {
	t.Parallel()
	ctx := cable.NewContextWithUser(context.Background(), &cable.User{Name: "s", Clearance: "SECRET", Citizenship: "USA"})
	cs := MustGenerate(t, 9, 90)
	path := filepath.Join(t.TempDir(), sqlite.FileName)
	var dbs [2]*sqlite.DB
	for i := range dbs {
		dbs[i] = sqlite.NewDB(path)
		if err := dbs[i].Open(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { dbs[i].Close() })
	}
	for i := 0; i < len(cs); i += 30 {
		if _, err := dbs[i/30%2].ImportCables(ctx, cs[i:i+30]); err != nil {
			t.Fatalf("import %d-%d: %v", i, i+30, err)
		}
	}
	kept := MustOpenDB(t)
	MustImport(t, kept, cs)
	for _, q := range []string{"report", "the", `"foreign ministry"`} {
		want, err := kept.Search(ctx, cable.SearchQuery{Text: q, CountLimit: 5000})
		if err != nil {
			t.Fatal(err)
		}
		for i, db := range dbs {
			got, err := db.Search(ctx, cable.SearchQuery{Text: q, CountLimit: 5000})
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total {
				t.Errorf("handle %d: Search(%s) found %d cables; one handle found %d", i, q, got.Total, want.Total)
			}
		}
		// Indexed twice, a portion would match twice.
		want2, err := kept.BareSearch(ctx, q, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := dbs[0].BareSearch(ctx, q, 0); err != nil || got != want2 {
			t.Errorf("BareSearch(%s) = %d, %v; one handle indexed %d matching portions", q, got, err, want2)
		}
	}
	if err := dbs[0].CheckIndex(ctx); err != nil {
		t.Errorf("integrity check: %v", err)
	}
}

// TestDB_IndexRebuiltOnce opens an archive whose index file was lost from
// two handles at once, as cable serve and cable search started together
// after an upgrade: one rebuilds the index while the other waits for it,
// and the index holds each portion once.
func TestDB_IndexRebuiltOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cs := MustGenerate(t, 11, 400)
	path := filepath.Join(t.TempDir(), sqlite.FileName)
	db := sqlite.NewDB(path)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	MustImport(t, db, cs)
	index := db.Files()[1]
	db.Close()
	kept := MustOpenDB(t)
	MustImport(t, kept, cs)
	for round := range 3 {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(index + suffix)
		}
		var dbs [2]*sqlite.DB
		errs := make(chan error, len(dbs))
		for i := range dbs {
			dbs[i] = sqlite.NewDB(path)
			go func() { errs <- dbs[i].Open() }()
		}
		for range dbs {
			if err := <-errs; err != nil {
				t.Fatalf("round %d: open: %v", round, err)
			}
		}
		for _, q := range []string{"report", "the", `"foreign ministry"`} {
			want, err := kept.BareSearch(ctx, q, 0)
			if err != nil {
				t.Fatal(err)
			}
			for i, db := range dbs {
				if got, err := db.BareSearch(ctx, q, 0); err != nil || got != want {
					t.Errorf("round %d, handle %d: BareSearch(%s) = %d, %v; want %d", round, i, q, got, err, want)
				}
			}
		}
		if err := dbs[0].CheckIndex(ctx); err != nil {
			t.Errorf("round %d: integrity check: %v", round, err)
		}
		for _, db := range dbs {
			db.Close()
		}
	}
}

// TestDB_Reindex checks that Check finds an index that lost text, that
// Reindex rebuilds it, and that searches meanwhile answer from the old
// index, whole, until the new one commits.
func TestDB_Reindex(t *testing.T) {
	t.Parallel()
	ctx := cable.NewContextWithUser(context.Background(), &cable.User{Name: "s", Clearance: "SECRET", Citizenship: "USA"})
	db := MustOpenDB(t)
	MustImport(t, db, MustGenerate(t, 13, 150))
	answers := func() map[string]int {
		out := map[string]int{}
		for _, q := range []string{"report", "the", `"foreign ministry"`, "embassy AND minister"} {
			res, err := db.Search(ctx, cable.SearchQuery{Text: q, CountLimit: 5000})
			if err != nil {
				t.Fatal(err)
			}
			out[q] = res.Total
		}
		return out
	}
	want := answers()
	check := func(damaged bool) {
		t.Helper()
		c, err := db.Check(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c.Cables != 150 || c.Portions == 0 || c.Words == 0 {
			t.Errorf("Check = %+v, want 150 cables, and portions and words", c)
		}
		if got := len(c.Problems) > 0; got != damaged {
			t.Errorf("Check found problems %q; want some = %v", c.Problems, damaged)
		}
	}
	check(false)
	ix, err := sql.Open("sqlite", db.Files()[1])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Exec(`DELETE FROM portions_fts WHERE rowid IN (SELECT rowid FROM portions_fts LIMIT 40)`); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	check(true)
	if err := db.Reindex(ctx); err != nil {
		t.Fatal(err)
	}
	check(false)
	if diff := cmp.Diff(want, answers()); diff != "" {
		t.Errorf("after Reindex (-before +after):\n%s", diff)
	}
	// Searching while the rebuild goes answers from the old index; a
	// change queued meanwhile is applied after it.
	extra := MustGenerate(t, 14, 1)
	extra[0] = cabletext.Parse([]byte(strings.Replace(string(cabletext.Lossless(extra[0])), " the ", " the quokkas ", 1)))
	calls := 0
	db.IndexProgress = func(done, total int) {
		calls++
		if diff := cmp.Diff(want, answers()); diff != "" {
			t.Errorf("during a rebuild, at %d of %d (-before +during):\n%s", done, total, diff)
		}
		if calls == 1 {
			if err := db.ImportUnindexed(ctx, extra); err != nil {
				t.Error(err)
			}
		}
	}
	if err := db.Reindex(ctx); err != nil {
		t.Fatal(err)
	}
	if calls < 2 {
		t.Errorf("the rebuild reported its progress %d times, want its start and end", calls)
	}
	if res, err := db.Search(ctx, cable.SearchQuery{Text: "quokkas"}); err != nil || res.Total != 1 {
		t.Errorf("a cable imported during the rebuild: Search = %v, %v; want it found", res, err)
	}
}

// TestDB_IndexOnlyWhatWasStored changes the marking the archive holds for
// the seed's NOFORN paragraph to plain U, as if a newer parser read the
// raw text otherwise than the one that stored it, and rebuilds the index:
// the paragraph's text, which the raw text still marks S//NF, must not
// be indexed under that portion, or a CONFIDENTIAL reader would find it.
func TestDB_IndexOnlyWhatWasStored(t *testing.T) {
	t.Parallel()
	usC := cable.NewContextWithUser(context.Background(), &cable.User{Name: "c", Clearance: "CONFIDENTIAL", Citizenship: "USA"})
	db := MustOpenDB(t)
	MustImport(t, db, []*cable.Cable{cabletext.Parse(storetest.Seed(t))})
	if res, err := db.Search(usC, cable.SearchQuery{Text: "Hezbollah"}); err != nil || res.Total != 0 {
		t.Fatalf("before: Search(Hezbollah) as CONFIDENTIAL = %v, %v; want nothing", res, err)
	}
	ar, err := sql.Open("sqlite", db.Files()[0])
	if err != nil {
		t.Fatal(err)
	}
	res, err := ar.Exec(`UPDATE portions SET level = 0, noforn = 0, plain = 1 WHERE kind = 'paragraph' AND number = 3`)
	ar.Close()
	if n, _ := res.RowsAffected(); err != nil || n != 1 {
		t.Fatalf("mark paragraph 3 plain U: %d rows, %v", n, err)
	}
	if err := db.Reindex(usC); err != nil {
		t.Fatal(err)
	}
	if res, err := db.Search(usC, cable.SearchQuery{Text: "Hezbollah"}); err != nil || res.Total != 0 {
		t.Errorf("after the rebuild: Search(Hezbollah) as CONFIDENTIAL = %+v, %v; want nothing", res, err)
	}
}
