package main

import (
	"context"
	"fmt"
	"runtime"
	"text/tabwriter"
	"time"

	"github.com/cable/cable/internal/cable"
)

// benchSearchPostgres is bench search on PostgreSQL: a new schema of the
// database f.url, dropped afterwards, filled with the same generated
// cables as the SQLite run of the same --count and --seed, one process's
// search engine built, then the same queries for the same readers. Its
// figures beside the SQLite run's give the cost of a headquarters'
// database (each search reads the change log, its page and writes its
// audit entry over the network).
func benchSearchPostgres(ctx context.Context, m *Main, f *benchFlags) error {
	db, closeDB, err := openBenchSchema(m, f.url)
	if err != nil {
		return err
	}
	defer closeDB()
	batches, _ := generateBatches(ctx, f)
	p := newProgress(m.Stderr, "fill", f.count)
	n := 0
	for cs := range batches {
		if _, err := db.ImportBulk(ctx, cs); err != nil {
			return err
		}
		n += len(cs)
		p.add(len(cs))
	}
	if _, _, err := db.OptimizeAfterImport(ctx, n); err != nil {
		return err
	}
	p.done()
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	if err := db.StartSearchEngine(ctx); err != nil {
		return err
	}
	took := time.Since(start)
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	fmt.Fprintf(m.Stdout, "search engine built in %s (%.0f cables/s), %.1f MB of heap\n", took.Round(time.Millisecond),
		float64(n)/took.Seconds(), float64(after.HeapInuse-min(before.HeapInuse, after.HeapInuse))/1e6)
	readers := benchReaders()
	for i := range readers {
		if !readers[i].public {
			if err := db.CreateUser(ctx, &readers[i].user, "bench-password"); err != nil {
				return err
			}
		}
	}
	kinds := benchQueries(f.seed, f.count, f.queries)
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(m.Stdout, "\nsearch on PostgreSQL: %d cables, %d queries of each kind, limit 20, single-threaded, exact totals\n", n, f.queries)
	fmt.Fprintf(m.Stdout, "latency p50 / p99, mean process CPU time a query (the server's is not counted), median total hits\n")
	fmt.Fprint(tw, "reader\t")
	for _, k := range kinds {
		fmt.Fprintf(tw, "%s\tCPU\thits\t", k.name)
	}
	fmt.Fprintln(tw)
	for _, r := range readers {
		fmt.Fprintf(m.Stderr, "search: as %s…\n", r.label)
		rctx := r.context(ctx)
		lat, err := timeKinds(ctx, kinds, func(q benchQuery) (int, error) {
			res, err := db.Search(rctx, cable.SearchQuery{Text: q.text, Limit: 20, Sort: q.sort, Facets: q.facets})
			if err != nil {
				return 0, err
			}
			return res.Total, nil
		})
		if err != nil {
			return fmt.Errorf("search as %s: %w", r.label, err)
		}
		fmt.Fprintf(tw, "%s\t", r.label)
		for k := range kinds {
			l := &lat[k]
			fmt.Fprintf(tw, "%s / %s\t%s\t%d\t", ms(l.pct(50)), ms(l.pct(99)), ms(l.cpu/time.Duration(max(len(l.times), 1))), l.medianHits())
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}
