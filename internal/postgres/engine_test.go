package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/postgres"
	"github.com/cable/cable/internal/storetest"
)

// probes returns n TOP SECRET cables and two SECRET ones whose subject and
// paragraph hold word, numbered from first.
func probes(word string, n, first int) [][]byte {
	var out [][]byte
	for k := range n + 2 {
		level, mark := "T O P S E C R E T", "TS"
		if k >= n {
			level, mark = "S E C R E T", "S"
		}
		out = append(out, []byte(fmt.Sprintf("P 0%d1200Z MAR 09\nFM SECSTATE WASHDC\nTO AMEMBASSY LONDON PRIORITY\n%s STATE %06d\n\nSIPDIS\n\n"+
			"E.O. 12958: DECL: 12/31/2040\nTAGS: PREL\nSUBJECT: (%s) %s probe %d\n\n"+
			"Classified By: Desk Officer Jane Doe. Reasons 1.4(d).\n\n1. (%s) The %s.\n\nRICE\n",
			k%9+1, level, first+k, mark, word, k, mark, word)))
	}
	return out
}

// Each process's engine follows what another process writes, through
// the change log: imports, new versions (which delete and insert) and
// declassification; and the log is pruned once every follower has read
// it.
func TestEngineFollowsOtherProcesses(t *testing.T) {
	db := MustOpenDBWithEngine(t)
	other := postgres.NewDB(db.URL)
	other.Schema, other.PasswordIterations, other.MaxConns = db.Schema, 1000, 2
	if err := other.Open(); err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	secret := cable.NewContextWithUser(context.Background(), &cable.User{Name: "s", Clearance: "SECRET", Citizenship: "USA"})
	top := cable.NewContextWithUser(context.Background(), &cable.User{Name: "t", Clearance: "TOP SECRET", Citizenship: "USA"})
	find := func(ctx context.Context, word string, want int) {
		t.Helper()
		before := db.EngineAnswered()
		res, err := db.Search(ctx, cable.SearchQuery{Text: word, Facets: true})
		if err != nil {
			t.Fatal(err)
		}
		if db.EngineAnswered() != before+1 {
			t.Errorf("%s: the engine did not answer", word)
		}
		if res.Total != want || !res.TotalExact {
			t.Errorf("%s: %d cables found (exact %v), want %d", word, res.Total, res.TotalExact, want)
		}
	}
	storetest.MustImport(t, other, probes("firstword", 3, 900000)...)
	find(top, "firstword", 5)
	find(secret, "firstword", 2)

	// A new version of a TOP SECRET probe, now SECRET: the old portions go,
	// the new ones come.
	src := probes("firstword", 3, 900000)[0]
	v2 := strings.NewReplacer("T O P S E C R E T", "S E C R E T", "(TS)", "(S)", "firstword", "secondword").Replace(string(src))
	storetest.MustImport(t, other, []byte(v2))
	find(top, "firstword", 4)
	find(secret, "secondword", 1)

	if n, err := db.LogRows(context.Background()); err != nil || n == 0 {
		t.Fatalf("the change log holds %d rows (%v), want some", n, err)
	}
	// Rows are pruned once every follower's horizon has passed them; a
	// transaction of another test, anywhere in the cluster, holds the
	// horizon back while it runs, so wait for it.
	var n int
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if _, err := db.Search(secret, cable.SearchQuery{Text: "firstword"}); err != nil {
			t.Fatal(err)
		}
		if err := db.EngineBeat(context.Background()); err != nil {
			t.Fatal(err)
		}
		var err error
		if n, err = db.LogRows(context.Background()); err != nil || n == 0 {
			break
		}
	}
	if n != 0 {
		t.Errorf("after every follower read it, the change log holds %d rows, want 0", n)
	}
	storetest.MustImport(t, other, probes("thirdword", 1, 910000)...)
	find(secret, "thirdword", 2)
}

// Two processes, each with its engine, search while one of them imports:
// every search answers a count the archive held at some moment, never
// more, and once the imports end both answer the final count.
func TestEngineConcurrentProcesses(t *testing.T) {
	a := MustOpenDBWithEngine(t)
	b := postgres.NewDB(a.URL)
	b.Schema, b.PasswordIterations, b.MaxConns = a.Schema, 1000, 4
	if err := b.Open(); err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.StartSearchEngine(context.Background()); err != nil {
		t.Fatal(err)
	}
	top := cable.NewContextWithUser(context.Background(), &cable.User{Name: "t", Clearance: "TOP SECRET", Citizenship: "USA"})
	const batches, per = 6, 5 // each batch: per TOP SECRET and 2 SECRET probes
	done := make(chan struct{})
	errs := make(chan error, 2)
	for _, db := range []*postgres.DB{a, b} {
		go func() {
			last := 0
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				res, err := db.Search(top, cable.SearchQuery{Text: "racingword"})
				if err != nil {
					errs <- err
					return
				}
				if res.Total < last || res.Total%(per+2) != 0 || res.Total > batches*(per+2) {
					errs <- fmt.Errorf("a search found %d cables after %d: not a count the archive held", res.Total, last)
					return
				}
				last = res.Total
			}
		}()
	}
	for k := range batches {
		storetest.MustImport(t, b, probes("racingword", per, 930000+k*100)...)
	}
	close(done)
	for range 2 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	for name, db := range map[string]*postgres.DB{"importer": b, "other": a} {
		res, err := db.Search(top, cable.SearchQuery{Text: "racingword"})
		if err != nil || res.Total != batches*(per+2) {
			t.Errorf("%s: after the imports %d cables found (%v), want %d", name, res.Total, err, batches*(per+2))
		}
	}
}

// A build reads the archive in batches, the next while this one is
// indexed: an engine built three cables at a time answers as the one
// that followed every import.
func TestEngineBuildsInBatches(t *testing.T) {
	a := MustOpenDBWithEngine(t)
	storetest.MustImport(t, a, probes("batchword", 9, 940000)...)
	MustImport(t, a, MustGenerate(t, 3, 20))
	postgres.SetEngineBatch(t, 3)
	b := postgres.NewDB(a.URL)
	b.Schema, b.PasswordIterations, b.MaxConns = a.Schema, 1000, 4
	if err := b.Open(); err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for _, u := range storetest.LeakReaders() {
		ctx := cable.NewContextWithUser(context.Background(), u)
		for _, q := range []cable.SearchQuery{{Text: "batchword", Facets: true}, {Facets: true}, {Text: "the", Sort: "relevance"}} {
			want, err := a.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			got, err := b.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s, %+v: built in batches (-followed +built):\n%s", u.Name, q, diff)
			}
		}
	}
}
