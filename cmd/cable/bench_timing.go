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
// SECRET reader and as the public reader, --queries searches for that
// word and for "timingabsent", interleaved (with and without suggestions),
// and the same for a phrase and a prefix, and prints p50 of each and the
// differences.

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
	readers := []struct {
		label string
		user  *cable.User
	}{
		{"US SECRET", &cable.User{Name: "bench-us-secret", Clearance: "SECRET", Citizenship: "USA"}},
		{"public", cable.PublicUser()},
	}
	probes := []struct {
		label, canary, absent string
		suggest               bool
	}{
		{"word only in withheld text", "timingcanary", "timingabsent", false},
		{"word, with suggestions", "timingcanary", "timingabsent", true},
		{"phrase only in withheld text", `"the timingcanary"`, `"the timingabsent"`, false},
		{"prefix only in withheld text", "timingcan*", "timingabs*", false},
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "timing probe, %d cables + %d withheld portions, %d searches each\t canary p50\t absent p50\t diff p50\t diff p99\t\n", f.count, timingWithheld, f.queries)
	for _, r := range readers {
		uctx := cable.NewContextWithUser(ctx, r.user)
		for _, p := range probes {
			canary, absent, err := timeProbe(uctx, db, p.canary, p.absent, p.suggest, f.queries)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "%s: %s\t%s\t%s\t%s\t%s\t\n", r.label, p.label, ms(canary.pct(50)), ms(absent.pct(50)),
				ms(canary.pct(50)-absent.pct(50)), ms(canary.pct(99)-absent.pct(99)))
		}
	}
	return w.Flush()
}

// timeProbe times n searches for canary and n for absent, interleaved.
// Neither may find anything.
func timeProbe(ctx context.Context, db *sqlite.DB, canary, absent string, suggest bool, n int) (c, a latencies, err error) {
	for i := range n * 2 {
		text, lat := absent, &a
		if i%2 == 0 {
			text, lat = canary, &c
		}
		t := time.Now()
		res, err := db.Search(ctx, cable.SearchQuery{Text: text, Suggestions: suggest})
		if err != nil {
			return c, a, err
		}
		if res.Total != 0 {
			return c, a, fmt.Errorf("timing probe: %s finds %d cables, want none", text, res.Total)
		}
		lat.add(time.Since(t), 0)
	}
	return c, a, nil
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
