package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"text/tabwriter"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/gen"
	"github.com/cable/cable/internal/sqlite"
)

// runAuditBench measures what the audit log adds to a read
// (FindCableByID) and a search (one word): each query runs with the log
// off (sqlite.DB.NoAudit, which exists for this alone) and on, in turns
// whose order alternates, so that both see the same cache and the same
// noise. The goal (issue 13) is at most 10% added at p99.
func runAuditBench(ctx context.Context, w io.Writer, db *sqlite.DB, f *benchFlags, reader benchReader, kinds []benchKind) error {
	rctx := cable.NewContextWithUser(ctx, &reader.user)
	r := rand.New(rand.NewPCG(uint64(f.seed), 0xa0d17))
	g := &gen.Generator{Seed: f.seed}
	ids := make([]string, f.queries)
	for i := range ids {
		ids[i] = cabletext.Parse(g.Cable(r.IntN(f.count))).ID
	}
	read := func(i int) error {
		// A cable the reader may not know of is a read too (read-denied).
		if _, err := db.FindCableByID(rctx, ids[i%len(ids)]); cable.KindOf(err) != cable.NotFound {
			return err
		}
		return nil
	}
	words := kinds[0].queries
	search := func(i int) error {
		_, err := db.Search(rctx, cable.SearchQuery{Text: words[i%len(words)].text, Limit: 20, CountLimit: f.counts})
		return err
	}
	fmt.Fprintf(w, "\naudit log cost, as %s: latency p50 / p99 without → with the log (the entry written before the answer)\n", reader.label)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, op := range []struct {
		name string
		run  func(int) error
		n    int
	}{{"read (FindCableByID)", read, 4 * len(ids)}, {"search (one word)", search, len(words)}} {
		off, on, err := timeAudit(db, op.run, op.n)
		if err != nil {
			return fmt.Errorf("audit bench %s: %w", op.name, err)
		}
		fmt.Fprintf(tw, "%s\t%s / %s → %s / %s\tp50 %+.0f%%, p99 %+.0f%%\n", op.name, ms(off.pct(50)), ms(off.pct(99)), ms(on.pct(50)), ms(on.pct(99)),
			added(off.pct(50), on.pct(50)), added(off.pct(99), on.pct(99)))
	}
	// The read budget: the same audited read, counted against a budget
	// it never reaches (docs/security.md), or not.
	metered := func(i int) error {
		mctx := cable.NewContextWithMeter(rctx, &cable.ReadMeter{Limit: cable.ReadBudget{Hour: 1 << 30, Day: 1 << 30}})
		if _, err := db.FindCableByID(mctx, ids[i%len(ids)]); cable.KindOf(err) != cable.NotFound {
			return err
		}
		return nil
	}
	plain, counted, err := timeBoth(read, metered, 4*len(ids))
	if err != nil {
		return fmt.Errorf("audit bench budget: %w", err)
	}
	fmt.Fprintf(tw, "%s\t%s / %s → %s / %s\tp50 %+.0f%%, p99 %+.0f%%\n", "read, audited → and budget counted", ms(plain.pct(50)),
		ms(plain.pct(99)), ms(counted.pct(50)), ms(counted.pct(99)), added(plain.pct(50), counted.pct(50)), added(plain.pct(99), counted.pct(99)))
	return tw.Flush()
}

// timeBoth runs a(i) and b(i) for i in 0..n-1, in turns whose order
// alternates, and returns both sets of times.
func timeBoth(a, b func(int) error, n int) (ta, tb latencies, err error) {
	for i := range n {
		for k := range 2 {
			run, into := a, &ta
			if (i+k)%2 == 1 {
				run, into = b, &tb
			}
			t := time.Now()
			if err := run(i); err != nil {
				return ta, tb, err
			}
			into.add(time.Since(t), 0)
		}
	}
	return ta, tb, nil
}

// timeAudit runs run(0..n-1) twice each, with the log off and on, after a
// warm-up, and returns both sets of times.
func timeAudit(db *sqlite.DB, run func(int) error, n int) (off, on latencies, err error) {
	defer func() { db.NoAudit = false }()
	for i := range min(n, 20) {
		if err := run(i); err != nil {
			return off, on, err
		}
	}
	for i := range n {
		for k := range 2 {
			audited := (i+k)%2 == 1
			db.NoAudit = !audited
			t := time.Now()
			if err := run(i); err != nil {
				return off, on, err
			}
			if audited {
				on.add(time.Since(t), 0)
			} else {
				off.add(time.Since(t), 0)
			}
		}
	}
	return off, on, nil
}

// added is how much b adds to a, in percent.
func added(a, b time.Duration) float64 { return 100 * float64(b-a) / float64(max(a, 1)) }
