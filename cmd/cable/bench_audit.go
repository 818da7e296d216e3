package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/gen"
	"github.com/cable/cable/internal/sqlite"
)

// benchAudit runs the audit part of the search benchmark alone, on the
// same database (cable bench audit): what an operator tuning the log's
// file needs, without the minutes of the search tables.
func benchAudit(ctx context.Context, m *Main, args []string) error {
	f, err := parseBenchFlags(m, "audit", args)
	if err != nil {
		return err
	}
	db, closeDB, err := f.openDB(m)
	if err != nil {
		return err
	}
	defer closeDB()
	st, err := db.Stats(ctx)
	if err != nil {
		return err
	}
	switch {
	case st.Cables == 0:
		if _, err := fillDB(ctx, m, db, f); err != nil {
			return err
		}
	case st.Cables != f.count:
		return fmt.Errorf("bench audit: %s holds %d cables, not %d: give --count %d or an empty --data directory", db.Path, st.Cables, f.count, st.Cables)
	}
	if err := f.startEngine(ctx, m.Stdout, db); err != nil {
		return err
	}
	readers, err := benchUsers(ctx, db)
	if err != nil {
		return err
	}
	stop, err := f.startProfile()
	if err != nil {
		return err
	}
	defer stop()
	return runAuditBench(ctx, m.Stdout, db, f, readers[0], benchQueries(f.seed, f.count, f.queries))
}

// runAuditBench measures what the audit log adds to a read
// (FindCableByID) and a search (one word): each query runs with the log
// off (sqlite.DB.NoAudit, which exists for this alone) and on. Run by one
// client, the two alternate query by query, so that both see the same
// cache and the same noise; run by --clients at once, as a server's
// requests are, they alternate in rounds. The goal (issue 13) is at most
// 10% added at p99.
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
	// A read through the server is counted against the reader's budget
	// (docs/security.md), here one it never reaches, in the transaction
	// that audits it; with the log off it is counted all the same.
	metered := func(i int) error {
		mctx := cable.NewContextWithMeter(rctx, &cable.ReadMeter{Limit: cable.ReadBudget{Hour: 1 << 30, Day: 1 << 30}})
		if _, err := db.FindCableByID(mctx, ids[i%len(ids)]); cable.KindOf(err) != cable.NotFound {
			return err
		}
		return nil
	}
	clients := max(f.clients, 1)
	fmt.Fprintf(w, "\naudit log cost, as %s: latency p50 / p99 without → with the log (the entry committed before the answer)\n", reader.label)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, op := range []struct {
		name    string
		run     func(int) error
		n       int
		clients int
	}{
		{"read (FindCableByID), 1 client", read, 4 * len(ids), 1},
		{fmt.Sprintf("read (FindCableByID), %d clients", clients), read, 4 * clients * len(ids), clients},
		{fmt.Sprintf("read, budget counted, %d clients", clients), metered, 4 * clients * len(ids), clients},
		{"search (one word), 1 client", search, len(words), 1},
		{fmt.Sprintf("search (one word), %d clients", clients), search, clients * len(words), clients},
	} {
		off, on, err := timeAudit(db, op.run, op.n, op.clients)
		if err != nil {
			return fmt.Errorf("audit bench %s: %w", op.name, err)
		}
		printCost(tw, op.name, off, on)
	}
	// What the count adds to an audited read.
	plain, counted, err := timeBoth(read, metered, 4*len(ids))
	if err != nil {
		return fmt.Errorf("audit bench budget: %w", err)
	}
	printCost(tw, "read, audited → and budget counted", plain, counted)
	return tw.Flush()
}

// printCost prints a row of the audit bench: a's and b's p50 and p99, and
// what b adds.
func printCost(w io.Writer, name string, a, b latencies) {
	fmt.Fprintf(w, "%s\t%s / %s → %s / %s\tp50 %+.0f%%, p99 %+.0f%%\n", name, ms(a.pct(50)), ms(a.pct(99)), ms(b.pct(50)), ms(b.pct(99)),
		added(a.pct(50), b.pct(50)), added(a.pct(99), b.pct(99)))
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

// auditRounds is how many rounds a concurrent audit bench alternates
// between the log off and on: enough that a burst of the machine's other
// work lands in both.
const auditRounds = 10

// timeAudit runs run(0..n-1) twice, with the log off and on, after a
// warm-up, and returns both sets of times. With one client the two
// alternate call by call; with more, NoAudit being the handle's, they
// alternate in rounds, each round's calls shared among the clients.
func timeAudit(db *sqlite.DB, run func(int) error, n, clients int) (off, on latencies, err error) {
	defer func() { db.NoAudit = false }()
	for i := range min(n, 20) {
		if err := run(i); err != nil {
			return off, on, err
		}
	}
	if clients <= 1 {
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
	per := max(n/auditRounds, clients)
	for round := range auditRounds {
		for k := range 2 {
			audited := (round+k)%2 == 1
			db.NoAudit = !audited
			into := &off
			if audited {
				into = &on
			}
			if err := timeClients(run, round*per, per, clients, into); err != nil {
				return off, on, err
			}
		}
	}
	return off, on, nil
}

// timeClients runs run(from..from+n-1) on clients goroutines, which take
// the next call as they finish one, and adds each call's time to into.
func timeClients(run func(int) error, from, n, clients int, into *latencies) error {
	var (
		mu    sync.Mutex
		next  = from
		first error
		wg    sync.WaitGroup
	)
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= from+n {
					return
				}
				t := time.Now()
				err := run(i)
				d := time.Since(t)
				mu.Lock()
				into.add(d, 0)
				if err != nil && first == nil {
					first = err
				}
				mu.Unlock()
				if err != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}

// added is how much b adds to a, in percent.
func added(a, b time.Duration) float64 { return 100 * float64(b-a) / float64(max(a, 1)) }
