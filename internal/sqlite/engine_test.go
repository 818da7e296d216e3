package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/gen"
	"github.com/cable/cable/internal/index"
	"github.com/cable/cable/internal/sqlite"
)

// The engine's tokens must be FTS5's while the two answer the same
// queries: generated cables and odd text, token by token.
func TestEngineTokensAreFTS5s(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	texts := []string{
		"Café Zürich, naïve façade; ÀÉÎÕÜ", "U.S.-PRC talks 1973-79 09STATE12345", "Пекин и Москва", "北京 東京",
		"aing eed feed agreed bled sing hopping falling filing happy controll generalizations",
		"snake_case dot.separated", "Cafe\u0301", "ŒUVRE Æsir ß ǅ", "x\u00a0y\u2028z",
	}
	g := &gen.Generator{Seed: 3}
	for i := range 300 {
		texts = append(texts, string(g.Cable(i)))
	}
	want, err := db.FTS5Tokens(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	bad := 0
	for i, text := range texts {
		if diff := cmp.Diff(want[i], index.Tokens(text)); diff != "" {
			if bad++; bad <= 5 {
				t.Errorf("text %d (%.60q…): FTS5 and the engine tokenize otherwise (-fts5 +engine):\n%s", i, text, diff)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d texts tokenize otherwise", bad, len(texts))
	}
}

// On the corpus, the token sequences cost minutes to compare: the
// engine's vocabulary, with each token's number of cables, is held to
// FTS5's instead.
func TestEngineVocabularyIsFTS5sOnCorpus(t *testing.T) {
	dir := os.Getenv("CABLE_CORPUS")
	if dir == "" {
		t.Skip("CABLE_CORPUS is not set")
	}
	t.Parallel()
	db := MustOpenDB(t)
	texts := corpusTexts(t, dir)
	want, err := db.FTS5Vocabulary(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, text := range texts {
		seen := map[string]bool{}
		index.Each(text, func(tok string) {
			if !seen[tok] {
				seen[tok] = true
				got[tok]++
			}
		})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FTS5's and the engine's vocabularies of the corpus differ (-fts5 +engine):\n%s", diff)
	}
}

// corpusTexts reads every file of the corpus directory dir.
func corpusTexts(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		out = append(out, string(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// withheldCanaries returns n TOP SECRET cables whose every portion holds
// word, and two SECRET cables that hold it in a paragraph, numbered from
// STATE first.
func withheldCanaries(t *testing.T, word string, n, first int) []*cable.Cable {
	t.Helper()
	var cs []*cable.Cable
	for k := range n + 2 {
		level, mark := "T O P S E C R E T", "TS"
		if k >= n {
			level, mark = "S E C R E T", "S"
		}
		src := fmt.Sprintf("P 0%d1200Z MAR 09\nFM SECSTATE WASHDC\nTO AMEMBASSY LONDON PRIORITY\n%s STATE %06d\n\nSIPDIS\n\n"+
			"E.O. 12958: DECL: 12/31/2040\nTAGS: PREL\nSUBJECT: (%s) %s probe %d\n\n"+
			"Classified By: Desk Officer Jane Doe. Reasons 1.4(d).\n\n1. (%s) The %s.\n\nRICE\n",
			k%9+1, level, first+k, mark, word, k, mark, word)
		cs = append(cs, cabletext.ParseString(src))
	}
	return cs
}

// A reader's search reads the postings of the classes they may see and
// no others: a word in 300 withheld cables costs a SECRET reader the
// postings of the two cables they may see.
func TestEngineReadsNoWithheldPostings(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	MustImport(t, db, MustGenerate(t, 5, 100))
	MustImport(t, db, withheldCanaries(t, "enginecanary", 300, 900000))
	users := []struct {
		name string
		user *cable.User
		// the postings the word's search reads, and the cables it finds
		reads, hits int
	}{
		{"US SECRET", &cable.User{Name: "s", Clearance: "SECRET", Citizenship: "USA"}, 4, 2},
		{"US TOP SECRET", &cable.User{Name: "t", Clearance: "TOP SECRET", Citizenship: "USA"}, 604, 302},
		{"GBR SECRET, no post", &cable.User{Name: "g", Clearance: "SECRET", Citizenship: "GBR"}, 0, 0},
		{"US UNCLASSIFIED", &cable.User{Name: "u", Clearance: "UNCLASSIFIED", Citizenship: "USA"}, 0, 0},
	}
	// A phrase reads the portions that hold all its words (the
	// paragraphs, not the subjects); a prefix, those of its terms.
	terms := []struct {
		query, term string
		readsBy     func(reads int) int
	}{
		{"enginecanary", `"enginecanary"`, func(r int) int { return r }},
		{"enginecan*", `"enginecan"*`, func(r int) int { return r }},
		{`"the enginecanary"`, `"the enginecanary"`, func(r int) int { return r / 2 }},
	}
	for _, u := range users {
		for _, tt := range terms {
			t.Run(u.name+"/"+tt.query, func(t *testing.T) {
				ctx := cable.NewContextWithUser(context.Background(), u.user)
				reads, err := db.EngineReads(ctx, tt.term)
				if err != nil {
					t.Fatal(err)
				}
				res, err := db.Search(ctx, cable.SearchQuery{Text: tt.query})
				if err != nil {
					t.Fatal(err)
				}
				if want := tt.readsBy(u.reads); reads != want || res.Total != u.hits {
					t.Errorf("%s: engine reads %d postings and finds %d cables, want %d and %d", tt.query, reads, res.Total, want, u.hits)
				}
			})
		}
	}
}

// The engine follows changes made through another handle on the same
// archive (another process): from the queue, or rebuilt once the queue
// no longer holds them.
func TestEngineFollowsOtherHandles(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	other := sqlite.NewDB(db.Path)
	other.PasswordIterations = 1000
	if err := other.Open(); err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx := cable.NewContextWithUser(context.Background(), &cable.User{Name: "t", Clearance: "TOP SECRET", Citizenship: "USA"})
	find := func(word string, want int) {
		t.Helper()
		res, err := db.Search(ctx, cable.SearchQuery{Text: word})
		if err != nil {
			t.Fatal(err)
		}
		reads, err := db.EngineReads(ctx, `"`+word+`"`)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != want || reads != 2*want {
			t.Errorf("%s: %d cables found, %d postings in the engine; want %d and %d", word, res.Total, reads, want, 2*want)
		}
	}
	MustImport(t, other, withheldCanaries(t, "firstword", 3, 900000))
	find("firstword", 5) // caught up from the queue
	MustImport(t, other, withheldCanaries(t, "secondword", 4, 910000)[:3])
	MustImport(t, other, withheldCanaries(t, "thirdword", 2, 920000)[:1]) // prunes the queue
	find("secondword", 3)
	find("thirdword", 1)
}

// When a declassification date passes, what it declassified is found
// through the engine; when the clock goes back, it is not.
func TestEngineFollowsDeclassification(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	cs := withheldCanaries(t, "declcanary", 3, 930000)[:3]
	MustImport(t, db, cs)
	ctx := cable.NewContextWithUser(context.Background(), &cable.User{Name: "s", Clearance: "SECRET", Citizenship: "USA"})
	for _, tt := range []struct {
		day  string
		want int
	}{{"2040-12-30", 0}, {"2040-12-31", 3}, {"2041-06-01", 3}, {"2039-01-01", 0}} {
		day, err := time.Parse(time.DateOnly, tt.day)
		if err != nil {
			t.Fatal(err)
		}
		db.Now = func() time.Time { return day.Add(12 * time.Hour) }
		res, err := db.Search(ctx, cable.SearchQuery{Text: "declcanary"})
		if err != nil {
			t.Fatal(err)
		}
		reads, err := db.EngineReads(ctx, `"declcanary"`)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != tt.want || reads != 2*tt.want {
			t.Errorf("on %s: %d cables found, engine reads %d postings; want %d and %d", tt.day, res.Total, reads, tt.want, 2*tt.want)
		}
	}
}

// Reviewers' decisions move portions between the engine's classes: the
// public reader reads the postings of what it may see, no more, and finds
// what a decision released.
func TestEngineFollowsReviews(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	src := func(n int, decl string) *cable.Cable {
		return cabletext.ParseString(fmt.Sprintf("P 0%d1200Z MAR 09\nFM SECSTATE WASHDC\nTO AMEMBASSY LONDON PRIORITY\nS E C R E T STATE %06d\n\nSIPDIS\n\n"+
			"E.O. 12958: DECL: %s\nTAGS: PREL\nSUBJECT: (U) review probe %d\n\n"+
			"Classified By: Desk Officer Jane Doe. Reasons 1.4(d).\n\n1. (S) The revcanary one.\n\n2. (C) The revcanary two.\n\nRICE\n",
			n, 940000+n, decl, n))
	}
	MustImport(t, db, []*cable.Cable{src(1, "01/01/2010"), src(2, "12/31/2040")})
	public := cable.NewPublicContext(context.Background())
	reviewer := cable.NewContextWithUser(context.Background(), &cable.User{Name: "rev", Clearance: "SECRET", Citizenship: "USA",
		Roles: []cable.Role{{Kind: cable.RoleReviewer}}})
	check := func(when string, reads, found int) {
		t.Helper()
		res, err := db.Search(public, cable.SearchQuery{Text: "revcanary"})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.EngineReads(public, `"revcanary"`)
		if err != nil {
			t.Fatal(err)
		}
		if got != reads || res.Total != found {
			t.Errorf("%s: the public finds %d cables, the engine reads %d postings; want %d and %d", when, res.Total, got, found, reads)
		}
	}
	review := func(r cable.Review) {
		t.Helper()
		if err := db.RecordReview(reviewer, &r); err != nil {
			t.Fatal(err)
		}
	}
	check("declassified in 2010", 2, 1)
	review(cable.Review{Cable: "09STATE940001", Part: "1", Action: cable.Redact, Code: "(b)(1)"})
	check("paragraph 1 redacted", 1, 1)
	review(cable.Review{Cable: "09STATE940001", Part: "2", Action: cable.Redact, Code: "(b)(1)"})
	check("both redacted", 0, 0)
	review(cable.Review{Cable: "09STATE940002", Action: cable.Declassify, From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)})
	check("the 2040 cable declassified from 2020", 2, 1)
}
