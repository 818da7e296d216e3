package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/gen"
	"github.com/cable/cable/internal/sqlite"
)

const benchUsage = `usage: cable bench parse DIR
       cable bench ingest [--count N] [--seed S] [--data DIR | --database URL] [--batch B]
       cable bench search [--count N] [--seed S] [--data DIR | --database URL] [--queries Q] [--fts5]
       cable bench audit [--count N] [--seed S] [--data DIR] [--queries Q] [--clients C]
       cable bench timing [--count N] [--seed S] [--data DIR] [--queries Q] [--fts5]
       cable bench relay [--copies N] [--backlog B] [--flash F] [--catchup C]

parse   parses the .txt cables of DIR in memory, repeatedly.
ingest  generates N synthetic cables (cable gen), parses them and imports
        them in batches into a fresh database: in a temporary directory,
        or in --data DIR, which must hold no cables; with --database, into
        a new schema of that PostgreSQL database, dropped afterwards.
timing  times, as a SECRET reader, searches for a word found only in
        3,000 TOP SECRET portions and for a word found nowhere, among N
        generated cables: the difference is what a reader could learn.
search  times Search for several readers and the bare FTS5 index on Q
        queries of each kind, on the database of --data DIR when it holds
        the N cables of seed S, else on one it fills first.
        Timing and search build the portion engine first (docs/search.md)
        unless --fts5 asks for FTS5 alone, as before the engine. With
        --database, search fills a new schema of that PostgreSQL database
        (dropped afterwards) and times the same queries there.
audit   times the audit log's part of search alone: reads and one-word
        searches with the log off and on, by one client and by --clients
        at once, on the same database as search.
relay   runs two nodes on loopback and measures one link: throughput with
        signing and verification, FLASH behind a ROUTINE backlog, catch-up
        after an outage (cable bench relay -h).
`

// runBench runs one of the benchmarks and prints its figures.
func runBench(ctx context.Context, m *Main, args []string) error {
	if len(args) == 0 {
		return usageError(strings.TrimSpace(benchUsage))
	}
	switch args[0] {
	case "parse":
		return benchParse(ctx, m, args[1:])
	case "ingest":
		return benchIngest(ctx, m, args[1:])
	case "search":
		return benchSearch(ctx, m, args[1:])
	case "audit":
		return benchAudit(ctx, m, args[1:])
	case "traffic":
		return benchTraffic(ctx, m, args[1:])
	case "timing":
		return benchTiming(ctx, m, args[1:])
	case "relay":
		return benchRelay(ctx, m, args[1:])
	}
	return usageError(fmt.Sprintf("bench: unknown benchmark %q\n%s", args[0], strings.TrimSpace(benchUsage)))
}

// benchParse reads every cable into memory first, then parses them on one
// goroutine, repeating for at least two seconds, and prints throughput and
// allocations per cable. The files are converted to strings once, before
// the clock starts, and parsed with ParseString, which shares their memory
// (Parse would copy each file on every round), so the figures are the
// reader's own. The parsed cables are dropped as it goes, so the live heap
// shows that memory stays flat however large the corpus.
func benchParse(ctx context.Context, m *Main, args []string) error {
	if len(args) != 1 {
		return usageError(strings.TrimSpace(benchUsage))
	}
	files, err := inputFiles(args)
	if err != nil {
		return err
	}
	var srcs []string
	total := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		srcs = append(srcs, string(b))
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
		for _, src := range srcs {
			cabletext.ParseString(src)
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
	fmt.Fprintf(m.Stdout, "             (read and converted to strings before timing; parsed with ParseString, which does not copy them)\n")
	fmt.Fprintf(m.Stdout, "throughput:  %.1f MB/s, %.0f cables/s\n", mb/elapsed.Seconds(), float64(n)/elapsed.Seconds())
	fmt.Fprintf(m.Stdout, "allocations: %.1f allocs/cable, %.1f KB/cable\n",
		float64(after.Mallocs-before.Mallocs)/float64(n), float64(after.TotalAlloc-before.TotalAlloc)/float64(n)/1e3)
	fmt.Fprintf(m.Stdout, "heap:        %.1f MB live before (the corpus in memory), %.1f MB peak while parsing\n",
		float64(before.HeapAlloc)/1e6, float64(peak)/1e6)
	return nil
}

// benchFlags are the flags the store benchmarks share.
type benchFlags struct {
	count   int
	seed    int64
	data    string
	batch   int
	queries int
	counts  int
	profile string
	url     string
	fts5    bool
	clients int
}

// startEngine builds the portion engine for the searches to come, unless
// --fts5 asks for FTS5 alone, and says how long it took.
func (f *benchFlags) startEngine(ctx context.Context, w io.Writer, db *sqlite.DB) error {
	if f.fts5 {
		fmt.Fprintln(w, "searching with FTS5 alone (--fts5)")
		return nil
	}
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapInuse
	}
	before, start := heap(), time.Now()
	if err := db.StartSearchEngine(ctx); err != nil {
		return err
	}
	took, after := time.Since(start), heap()
	how := "built"
	path, read := db.EngineSnapshot()
	if read {
		how = "read from its snapshot"
	}
	fmt.Fprintf(w, "search engine %s in %s, %.1f MB of heap", how, took.Round(time.Millisecond), float64(after-min(before, after))/1e6)
	if st, err := os.Stat(path); err == nil {
		fmt.Fprintf(w, "; snapshot %.1f MB", float64(st.Size())/1e6)
	}
	fmt.Fprintln(w)
	if st, ok := db.EngineStats(); ok {
		fmt.Fprintf(w, "  %d portions, %d terms, %d posting lists of %.1f MB serialized, term sequences %.1f MB\n",
			st.Portions, st.Tokens, st.Lists, float64(st.Bytes)/1e6, float64(st.SeqBytes)/1e6)
	}
	return nil
}

func parseBenchFlags(m *Main, name string, args []string) (*benchFlags, error) {
	f := &benchFlags{}
	fs := flag.NewFlagSet("bench "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { io.WriteString(m.Stderr, benchUsage); fs.PrintDefaults() }
	fs.IntVar(&f.count, "count", 25000, "number of generated cables")
	fs.Int64Var(&f.seed, "seed", 1, "generator seed")
	fs.StringVar(&f.data, "data", "", "data directory (default: a temporary one, removed afterwards)")
	fs.IntVar(&f.batch, "batch", 500, "cables per ImportCables call")
	fs.IntVar(&f.queries, "queries", 300, "queries of each kind")
	fs.IntVar(&f.counts, "count-limit", 0, "matching cables a search counts before it reports a lower bound (default: the store's)")
	fs.StringVar(&f.profile, "cpuprofile", "", "write a CPU profile of the measured phase to `file`")
	fs.StringVar(&f.url, "database", "", "(ingest, search) import into a new schema of the PostgreSQL database at `URL`, dropped afterwards")
	fs.IntVar(&f.clients, "clients", 8, "(search, audit) concurrent clients of the audit log's concurrent rows")
	fs.BoolVar(&f.fts5, "fts5", false, "(search, timing) search with FTS5 alone, without the portion engine, for comparison")
	if err := fs.Parse(args); err != nil {
		return nil, flagError(err)
	}
	if fs.NArg() > 0 || f.count <= 0 || f.batch <= 0 || f.queries <= 0 {
		return nil, usageError(strings.TrimSpace(benchUsage))
	}
	return f, nil
}

// openBenchDB opens the database of the benchmark's data directory, a
// temporary one unless --data names one. close removes a temporary one.
func (f *benchFlags) openDB(m *Main) (db *sqlite.DB, close func(), err error) {
	dir := f.data
	temp := dir == ""
	if temp {
		if dir, err = os.MkdirTemp("", "cable-bench-"); err != nil {
			return nil, nil, err
		}
	}
	mm := *m
	mm.Config.DataDir = dir
	mm.Logger = slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if db, err = mm.openDB(); err != nil {
		return nil, nil, err
	}
	return db, func() {
		db.Close()
		if temp {
			os.RemoveAll(dir)
		}
	}, nil
}

// startProfile starts a CPU profile when --cpuprofile is set; the returned
// function stops it.
func (f *benchFlags) startProfile() (stop func(), err error) {
	if f.profile == "" {
		return func() {}, nil
	}
	out, err := os.Create(f.profile)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(out); err != nil {
		out.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); out.Close() }, nil
}

// benchIngest measures the import of generated cables into an empty
// database and prints throughput, database size and peak heap.
func benchIngest(ctx context.Context, m *Main, args []string) error {
	f, err := parseBenchFlags(m, "ingest", args)
	if err != nil {
		return err
	}
	if f.url != "" {
		return benchIngestPostgres(ctx, m, f)
	}
	db, closeDB, err := f.openDB(m)
	if err != nil {
		return err
	}
	defer closeDB()
	if st, err := db.Stats(ctx); err != nil {
		return err
	} else if st.Cables > 0 {
		return fmt.Errorf("bench ingest: %s already holds %d cables: give an empty --data directory", db.Path, st.Cables)
	}
	stop, err := f.startProfile()
	if err != nil {
		return err
	}
	r, err := fillDB(ctx, m, db, f)
	stop()
	if err != nil {
		return err
	}
	return r.print(ctx, m.Stdout, db, f)
}

// ingestResult is what fillDB measured.
type ingestResult struct {
	cables, bytes  int
	wall, inImport time.Duration
	cpu            time.Duration // process CPU time, user and system, over the import
	peakHeap       uint64
	walBefore      int64         // WAL size before the final checkpoint
	optimize       time.Duration // the index optimize after the import
}

// fillDB generates f.count cables, parses them and imports them in
// batches of f.batch. Generation and parsing run on one goroutine ahead
// of the importer, so the figures are those of the import with the
// source text ready, as when cable ingest reads files.
func fillDB(ctx context.Context, m *Main, db *sqlite.DB, f *benchFlags) (*ingestResult, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches, total := generateBatches(ctx, f)
	peak := watchHeap(ctx)
	p := newProgress(m.Stderr, "ingest", f.count)
	r := &ingestResult{}
	start, cpu0 := time.Now(), cpuTime()
	for cs := range batches {
		t := time.Now()
		if _, err := db.ImportBulk(ctx, cs); err != nil {
			return nil, err
		}
		r.inImport += time.Since(t)
		r.cables += len(cs)
		p.add(len(cs))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := db.FlushIndex(); err != nil {
		return nil, err
	}
	r.wall, r.cpu = time.Since(start), cpuTime()-cpu0
	p.done()
	r.bytes = int(total.Load())
	for _, f := range db.Files() {
		r.walBefore += fileSize(f + "-wal")
	}
	r.peakHeap = peak()
	t := time.Now()
	if err := db.OptimizeIndex(ctx); err != nil {
		return nil, err
	}
	r.optimize = time.Since(t)
	return r, nil
}

// generateBatches generates f.count cables and parses them, on one
// goroutine ahead of the importer, in batches of f.batch, counting their
// bytes in total.
func generateBatches(ctx context.Context, f *benchFlags) (<-chan []*cable.Cable, *atomic.Int64) {
	g := &gen.Generator{Seed: f.seed}
	batches := make(chan []*cable.Cable, 4)
	total := &atomic.Int64{}
	go func() {
		defer close(batches)
		for first := 0; first < f.count; first += f.batch {
			cs := make([]*cable.Cable, 0, f.batch)
			for i := first; i < min(first+f.batch, f.count); i++ {
				src := g.Cable(i)
				total.Add(int64(len(src)))
				cs = append(cs, cabletext.Parse(src))
			}
			select {
			case batches <- cs:
			case <-ctx.Done():
				return
			}
		}
	}()
	return batches, total
}

// watchHeap samples the heap every 20 ms until ctx ends; the returned
// function gives the highest figure seen.
func watchHeap(ctx context.Context) func() uint64 {
	var peak atomic.Uint64
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > peak.Load() {
			peak.Store(v)
		}
	}
	go func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() uint64 { read(); return peak.Load() }
}

func fileSize(name string) int64 {
	fi, err := os.Stat(name)
	if err != nil {
		return 0
	}
	return fi.Size()
}

func (r *ingestResult) print(ctx context.Context, w io.Writer, db *sqlite.DB, f *benchFlags) error {
	if err := db.Checkpoint(ctx); err != nil {
		return err
	}
	st, err := db.Stats(ctx)
	if err != nil {
		return err
	}
	var size int64
	for _, f := range db.Files() {
		size += fileSize(f) + fileSize(f+"-wal")
	}
	mb := float64(r.bytes) / 1e6
	fmt.Fprintf(w, "ingest: %d generated cables (seed %d, %.1f MB of text) in batches of %d, %d cores\n",
		r.cables, f.seed, mb, f.batch, runtime.GOMAXPROCS(0))
	fmt.Fprintf(w, "  wall:        %s, %.0f cables/s, %.2f MB/s (generation and parsing overlap on another goroutine)\n",
		r.wall.Round(time.Millisecond), float64(r.cables)/r.wall.Seconds(), mb/r.wall.Seconds())
	fmt.Fprintf(w, "  in import:   %s, %.0f cables/s, %.2f MB/s (time inside ImportCables)\n",
		r.inImport.Round(time.Millisecond), float64(r.cables)/r.inImport.Seconds(), mb/r.inImport.Seconds())
	if r.cpu > 0 {
		fmt.Fprintf(w, "  CPU:         %s user+system on %.2f cores on average, %.2f ms a cable (generation and parsing included)\n",
			r.cpu.Round(time.Millisecond), r.cpu.Seconds()/r.wall.Seconds(), r.cpu.Seconds()*1000/float64(r.cables))
	}
	fmt.Fprintf(w, "  database:    %.1f MB after checkpoint (%.2f× the text; WAL was %.1f MB before it), %s\n",
		float64(size)/1e6, float64(size)/float64(max(r.bytes, 1)), float64(r.walBefore)/1e6, strings.Join(db.Files(), " and "))
	fmt.Fprintf(w, "  rows:        %d cables, %d portions, %d references\n", st.Cables, st.Portions, st.Refs)
	fmt.Fprintf(w, "  peak heap:   %.1f MB\n", float64(r.peakHeap)/1e6)
	fmt.Fprintf(w, "  optimize:    %s to merge the search index into one segment afterwards (cable ingest does it after a bulk import)\n",
		r.optimize.Round(time.Millisecond))
	return nil
}
