package sqlite_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/quality"
	"github.com/cable/cable/internal/sqlite"
)

// The engine answers a search whole (engine_query.go): its totals are
// exact past the streams' count limit and its facets count every hit.
// Both are held to the set-based path in SQL (SearchExact, FacetsExact),
// for readers of each kind, with every filter the engine checks itself.
func TestEngineTotalsAndFacetsAreExact(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	MustImport(t, db, MustGenerate(t, 11, 1300))
	from, to := dateRange(t, db)
	readers := map[string]*cable.User{
		"US TOP SECRET":         {Name: "t", Clearance: "TOP SECRET", Citizenship: "USA", ReadIns: []string{"NODIS", "EXDIS"}},
		"US CONFIDENTIAL":       {Name: "c", Clearance: "CONFIDENTIAL", Citizenship: "USA"},
		"US UNCLASSIFIED post":  {Name: "u", Clearance: "UNCLASSIFIED", Citizenship: "USA", Posts: []string{"SECSTATE WASHDC"}},
		"CHN SECRET Beijing":    {Name: "f", Clearance: "SECRET", Citizenship: "CHN", Posts: []string{"AMEMBASSY BEIJING"}},
		"GBR SECRET London":     {Name: "g", Clearance: "SECRET", Citizenship: "GBR", Posts: []string{"AMEMBASSY LONDON"}},
		"US SECRET Beijing, RO": {Name: "b", Clearance: "SECRET", Citizenship: "USA", Posts: []string{"AMEMBASSY BEIJING"}},
	}
	queries := map[string]cable.SearchQuery{
		"the":                  {Text: "the"},
		"no words":             {},
		"report NOT nuclear":   {Text: "report NOT nuclear"},
		"phrase":               {Text: `"the embassy"`},
		"prefix OR word":       {Text: "nucl* OR minister"},
		"tag PREL":             {Text: "the", Tags: []string{"prel"}},
		"tag, no words":        {Tags: []string{"PREL"}},
		"caption NOFORN":       {Caption: "noforn"},
		"caption SIPDIS":       {Text: "report", Caption: "SIPDIS"},
		"origin by PLAD":       {Text: "the", Origin: "AMEMBASSY BEIJING"},
		"addressee":            {Text: "the", Addressee: "AMEMBASSY BEIJING"},
		"dates":                {Text: "the", From: from, To: to},
		"classified SECRET":    {Text: "the", Classified: "SECRET"},
		"classified nonsense":  {Text: "the", Classified: "PURPLE"},
		"relevance, filtered":  {Text: "report minister", Sort: "relevance", Tags: []string{"PREL"}},
		"no words, addressee":  {Addressee: "SECSTATE WASHDC", From: from},
		"unclassified, dates":  {Classified: "UNCLASSIFIED", From: from, To: to},
		"caption, no such tag": {Caption: "NODIS", Tags: []string{"NOSUCHTAG"}},
	}
	for _, kind := range quality.Kinds {
		queries["quality "+kind] = cable.SearchQuery{Quality: kind}
		queries["the, quality "+kind] = cable.SearchQuery{Text: "the", Quality: kind}
	}
	for name, u := range readers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := cable.NewContextWithUser(context.Background(), u)
			for qname, q := range queries {
				checkWhole(t, ctx, db, qname, q)
			}
		})
	}
	// A common word's total is exact past the count limit the streams
	// stop at.
	ctx := cable.NewContextWithUser(context.Background(), readers["US TOP SECRET"])
	res, err := db.Search(ctx, cable.SearchQuery{Text: "the"})
	if err != nil {
		t.Fatal(err)
	}
	if !res.TotalExact || res.Total <= sqlite.DefaultCountLimit {
		t.Errorf("Search(the) = total %d, exact %v; want an exact total past %d", res.Total, res.TotalExact, sqlite.DefaultCountLimit)
	}
}

// checkWhole holds one search's total, page and facets to the set-based
// path.
func checkWhole(t *testing.T, ctx context.Context, db *sqlite.DB, name string, q cable.SearchQuery) {
	t.Helper()
	want, err := db.SearchExact(ctx, q)
	if err != nil {
		t.Fatalf("SearchExact(%s) = %v", name, err)
	}
	wantFacets, err := db.FacetsExact(ctx, q)
	if err != nil {
		t.Fatalf("FacetsExact(%s) = %v", name, err)
	}
	q.Facets, q.Limit = true, 100
	res, err := db.Search(ctx, q)
	if err != nil {
		t.Fatalf("Search(%s) = %v", name, err)
	}
	if !res.TotalExact || res.Total != len(want) {
		t.Errorf("Search(%s): total %d (exact %v), want exactly %d", name, res.Total, res.TotalExact, len(want))
	}
	if len(res.Hits) != min(len(want), 100) {
		t.Errorf("Search(%s): %d hits on the page, want %d", name, len(res.Hits), min(len(want), 100))
	}
	if diff := cmp.Diff(wantFacets, res.Facets); diff != "" {
		t.Errorf("Search(%s): facets differ from SQL's over every hit (-sql +engine):\n%s", name, diff)
	}
}

// BenchmarkEngineSearch measures searches the engine answers whole, with
// exact totals and facets, over generated cables.
func BenchmarkEngineSearch(b *testing.B) {
	db := MustOpenDB(b)
	MustImport(b, db, MustGenerate(b, 5, 3000))
	ctx := cable.NewContextWithUser(context.Background(), &cable.User{Name: "s", Clearance: "SECRET", Citizenship: "USA"})
	for _, q := range []cable.SearchQuery{
		{Text: "the"}, {Text: "the", Facets: true}, {Text: "report minister"}, {Text: `"the embassy"`, Facets: true},
		{Text: "the", Sort: "relevance"}, {Tags: []string{"PREL"}, Facets: true},
	} {
		b.Run(q.Text+map[bool]string{true: ",facets"}[q.Facets]+q.Sort, func(b *testing.B) {
			for b.Loop() {
				if _, err := db.Search(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A query that is one cable id finds that cable first, as the cable
// (its id is no word of its text), for a reader who may know of it, and
// nothing for one who may not.
func TestEngineFindsCablesByID(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	MustImport(t, db, MustGenerate(t, 13, 400))
	us := cable.NewContextWithUser(context.Background(), &cable.User{Name: "s", Clearance: "SECRET", Citizenship: "USA"})
	chn := cable.NewContextWithUser(context.Background(), &cable.User{Name: "f", Clearance: "SECRET", Citizenship: "CHN", Posts: []string{"AMEMBASSY BEIJING"}})
	usKnows, err := db.SearchExact(us, cable.SearchQuery{})
	if err != nil {
		t.Fatal(err)
	}
	chnKnows, err := db.SearchExact(chn, cable.SearchQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var id string
	for _, k := range usKnows {
		if !slices.Contains(chnKnows, k) {
			id = k
			break
		}
	}
	if id == "" {
		t.Fatal("no cable the US reader knows and the Chinese reader does not")
	}
	parsed, err := cable.ParseID(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{id, strings.ToLower(id), id[:2] + " " + parsed.Station + " " + strconv.Itoa(parsed.Serial), parsed.Station + " " + strconv.Itoa(parsed.Serial)} {
		res, err := db.Search(us, cable.SearchQuery{Text: q, Facets: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].ID != id {
			t.Errorf("Search(%q) as the US reader: first hit %v, want %s", q, res.Hits, id)
		}
		res, err = db.Search(chn, cable.SearchQuery{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if h.ID == id {
				t.Errorf("Search(%q) finds %s for a reader who may not know of it", q, id)
			}
		}
	}
}
