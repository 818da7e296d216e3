package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/cable/cable/internal/cabletext"
)

// runBench runs one of the benchmarks and prints its figures.
func runBench(ctx context.Context, m *Main, args []string) error {
	if len(args) == 0 {
		return usageError("usage: cable bench parse DIR")
	}
	switch args[0] {
	case "parse":
		return benchParse(ctx, m, args[1:])
	}
	return usageError(fmt.Sprintf("bench: unknown benchmark %q", args[0]))
}

// benchParse reads every cable into memory first, then parses them on one
// goroutine, repeating for at least two seconds, and prints throughput and
// allocations per cable. The parsed cables are dropped as it goes, so the
// live heap shows that memory stays flat however large the corpus.
func benchParse(ctx context.Context, m *Main, args []string) error {
	if len(args) != 1 {
		return usageError("usage: cable bench parse DIR")
	}
	files, err := inputFiles(args)
	if err != nil {
		return err
	}
	var srcs [][]byte
	total := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		srcs = append(srcs, b)
		total += len(b)
	}
	if len(srcs) == 0 {
		return fmt.Errorf("bench parse: no .txt cables in %s", args[0])
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	rounds, peak := 0, uint64(0)
	for rounds == 0 || time.Since(start) < 2*time.Second {
		if err := ctx.Err(); err != nil {
			return err
		}
		for _, b := range srcs {
			cabletext.Parse(b)
		}
		rounds++
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapAlloc)
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	n := rounds * len(srcs)
	mb := float64(total*rounds) / 1e6
	fmt.Fprintf(m.Stdout, "parsed %d cables (%.1f MB) %d times on one goroutine in %s\n", len(srcs), float64(total)/1e6, rounds, elapsed.Round(time.Millisecond))
	fmt.Fprintf(m.Stdout, "throughput:  %.1f MB/s, %.0f cables/s\n", mb/elapsed.Seconds(), float64(n)/elapsed.Seconds())
	fmt.Fprintf(m.Stdout, "allocations: %.1f allocs/cable, %.1f KB/cable\n",
		float64(after.Mallocs-before.Mallocs)/float64(n), float64(after.TotalAlloc-before.TotalAlloc)/float64(n)/1e3)
	fmt.Fprintf(m.Stdout, "heap:        %.1f MB live before (the corpus in memory), %.1f MB peak while parsing\n",
		float64(before.HeapAlloc)/1e6, float64(peak)/1e6)
	return nil
}
