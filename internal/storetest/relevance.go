package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cable/cable/internal/cable"
)

// testRelevanceBlind checks that the order of a relevance search does not
// depend on withheld text (MARKINGS.md §5). The reader's visible portions
// hold "rankcanary" and "rankcontrol" equally often, in counts that run
// against those of "zebraprobe"; many TOP SECRET portions also hold
// "rankcanary". A SECRET reader's "rankcanary OR zebraprobe" must then
// rank exactly as "rankcontrol OR zebraprobe": a ranking that weighed
// rankcanary by how common it is in all the text (as FTS5's bm25() does)
// would give it little weight, order by zebraprobe instead, and so tell
// the reader how much withheld text holds the word.
func testRelevanceBlind(t *testing.T, s Store) {
	var srcs [][]byte
	for k := range 40 {
		z, r := 1+k%4, 4-k%4
		paras := []string{
			"(S) " + strings.Repeat("zebraprobe ", z) + strings.Repeat("padding ", (k*7)%13),
			"(S) " + strings.Repeat("rankcanary rankcontrol ", r),
		}
		for range k % 3 {
			paras = append(paras, "(S) zebraprobe again")
		}
		if k%3 == 0 { // a withheld paragraph beside the visible ones
			paras = append(paras, "(TS) rankcanary rankcanary zebraprobe")
		}
		srcs = append(srcs, rankCable(1000+k, paras))
	}
	for k := range 300 {
		srcs = append(srcs, rankCable(2000+k, []string{"(TS) rankcanary " + strings.Repeat("rankcanary ", k%5), "(TS) other words"}))
	}
	MustImport(t, s, srcs...)
	ctx := as("SECRET", "USA")
	order := func(q string) []string {
		res, err := s.Search(ctx, cable.SearchQuery{Text: q, Sort: "relevance", Limit: 100})
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, fmt.Sprintf("%s %.6f", h.ID, h.Score))
		}
		return out
	}
	canary, control := order("rankcanary OR zebraprobe"), order("rankcontrol OR zebraprobe")
	if len(control) != 40 {
		t.Fatalf("rankcontrol OR zebraprobe finds %d cables, want 40", len(control))
	}
	if !slices.Equal(canary, control) {
		t.Errorf("relevance depends on withheld text:\n rankcanary OR zebraprobe: %v\nrankcontrol OR zebraprobe: %v", canary, control)
	}
}

// rankCable is a SIPDIS cable with the given marked paragraphs, numbered
// n; its banner covers them.
func rankCable(n int, paras []string) []byte {
	var b strings.Builder
	level := "S E C R E T"
	for _, p := range paras {
		if strings.HasPrefix(p, "(TS)") {
			level = "T O P S E C R E T"
		}
	}
	fmt.Fprintf(&b, "P 0%d1200Z FEB 08\nFM SECSTATE WASHDC\nTO AMEMBASSY LONDON PRIORITY\n%s STATE %06d\n\nSIPDIS\n\n", n%9+1, level, n)
	fmt.Fprintf(&b, "E.O. 12958: DECL: 12/31/2030\nTAGS: PREL\nSUBJECT: (U) RANK TEST %d\n\nClassified By: Desk Officer Jane Doe. Reasons 1.4(d).\n\n", n)
	for i, p := range paras {
		fmt.Fprintf(&b, "%d. %s.\n\n", i+1, p)
	}
	b.WriteString("RICE\n")
	return []byte(b.String())
}
