package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// BenchmarkTimingProbe is cable bench timing's probe on PostgreSQL, whose
// searches the portion engine answers (docs/search.md): 2,000
// generated cables and 1,500 TOP SECRET cables of two portions each that
// hold "timingcanary"; a US SECRET reader searches for the canary and for
// a word found nowhere. The difference between the two is what a reader
// could learn of withheld text (issue 12, item 4).
func BenchmarkTimingProbe(b *testing.B) {
	MustTestURL(b)
	db := MustOpenDB(b)
	MustImport(b, db, MustGenerate(b, 1, 2000))
	var withheld []*cable.Cable
	for k := range 1500 {
		withheld = append(withheld, cabletext.ParseString(fmt.Sprintf("P 0%d1200Z MAR 09\nFM SECSTATE WASHDC\nTO AMEMBASSY LONDON PRIORITY\n"+
			"T O P S E C R E T STATE %06d\n\nSIPDIS\n\nE.O. 12958: DECL: 12/31/2040\nTAGS: PREL\nSUBJECT: (TS) timingcanary probe %d\n\n"+
			"Classified By: Desk Officer Jane Doe. Reasons 1.4(d).\n\n1. (TS) The timingcanary.\n\nRICE\n", k%9+1, 900000+k, k)))
	}
	MustImport(b, db, withheld)
	ctx := cable.NewContextWithUser(context.Background(), &cable.User{Name: "s", Clearance: "SECRET", Citizenship: "USA"})
	for _, word := range []string{"timingcanary", "timingabsent", `"the timingcanary"`, `"the timingabsent"`} {
		b.Run(word, func(b *testing.B) {
			for b.Loop() {
				res, err := db.Search(ctx, cable.SearchQuery{Text: word})
				if err != nil || res.Total != 0 {
					b.Fatalf("Search(%s) = %v, %v; want nothing", word, res, err)
				}
			}
		})
	}
}
