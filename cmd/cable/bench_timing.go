package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/sqlite"
)

// The timing probe measures what an adversarial review found: a search
// for a word found only in withheld text took longer than one for a word
// found nowhere, so a reader could learn that the word is in text they
// may not see. It fills an archive with --count generated cables and
// 3,000 TOP SECRET portions holding "timingcanary", then times, as a US
// SECRET reader, --queries searches for that word and for "timingabsent",
// interleaved, with and without suggestions, and prints p50 and p99 of
// each and their difference.

// timingWithheld is the number of withheld portions holding the canary.
const timingWithheld = 3000

// benchTiming runs the timing probe.
func benchTiming(ctx context.Context, m *Main, args []string) error {
	f, err := parseBenchFlags(m, "timing", args)
	if err != nil {
		return err
	}
	db, closeDB, err := f.openDB(m)
	if err != nil {
		return err
	}
	defer closeDB()
	if st, err := db.Stats(ctx); err != nil {
		return err
	} else if st.Cables == 0 {
		if _, err := fillDB(ctx, m, db, f); err != nil {
			return err
		}
		if err := fillWithheld(ctx, db); err != nil {
			return err
		}
	}
	if err := f.startEngine(ctx, m.Stdout, db); err != nil {
		return err
	}
	u := &cable.User{Name: "bench-us-secret", Clearance: "SECRET", Citizenship: "USA"}
	uctx := cable.NewContextWithUser(ctx, u)
	w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "timing probe, %d cables + %d withheld portions, %d searches each, US SECRET\t p50\t p99\t\n", f.count, timingWithheld, f.queries)
	for _, suggest := range []bool{false, true} {
		var canary, absent latencies
		for i := range f.queries * 2 {
			word, lat := "timingabsent", &absent
			if i%2 == 0 {
				word, lat = "timingcanary", &canary
			}
			t := time.Now()
			res, err := db.Search(uctx, cable.SearchQuery{Text: word, Suggestions: suggest})
			if err != nil {
				return err
			}
			if res.Total != 0 {
				return fmt.Errorf("timing probe: %s finds %d cables for a SECRET reader, want none", word, res.Total)
			}
			lat.add(time.Since(t), 0)
		}
		label := "search"
		if suggest {
			label = "search with suggestions"
		}
		fmt.Fprintf(w, "%s: word only in withheld text\t%s\t%s\t\n", label, ms(canary.pct(50)), ms(canary.pct(99)))
		fmt.Fprintf(w, "%s: word found nowhere\t%s\t%s\t\n", label, ms(absent.pct(50)), ms(absent.pct(99)))
		fmt.Fprintf(w, "%s: difference\t%s\t%s\t\n", label, ms(canary.pct(50)-absent.pct(50)), ms(canary.pct(99)-absent.pct(99)))
	}
	return w.Flush()
}

// fillWithheld adds 1,500 TOP SECRET cables of two portions each that hold
// the canary.
func fillWithheld(ctx context.Context, db *sqlite.DB) error {
	var cs []*cable.Cable
	for k := range timingWithheld / 2 {
		src := fmt.Sprintf("P 0%d1200Z MAR 09\nFM SECSTATE WASHDC\nTO AMEMBASSY LONDON PRIORITY\nT O P S E C R E T STATE %06d\n\nSIPDIS\n\n"+
			"E.O. 12958: DECL: 12/31/2040\nTAGS: PREL\nSUBJECT: (TS) timingcanary probe %d\n\n"+
			"Classified By: Desk Officer Jane Doe. Reasons 1.4(d).\n\n1. (TS) The %s timingcanary.\n\nRICE\n",
			k%9+1, 900000+k, k, strings.Repeat("withheld words ", k%4))
		cs = append(cs, cabletext.ParseString(src))
	}
	_, err := db.ImportCables(ctx, cs)
	return err
}
