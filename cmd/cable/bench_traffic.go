package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/traffic"
)

const benchTrafficUsage = `usage: cable bench traffic [--backlog N] [--releases R] [--batch B] [--data DIR] [--database URL [--processes P]]
Queues a backlog of N ROUTINE copies (default 100,000), starts the
dispatcher, and releases R cables (default 1,000) one after another while the
backlog drains, at FLASH, NIACT IMMEDIATE, IMMEDIATE, PRIORITY and ROUTINE
in turn, each TO one post at its precedence and INFO another ROUTINE. It
prints releases per second, deliveries per second, and release-to-inbox
latency (from the call to release to the dispatcher's delivery) p50/p99
per precedence. Goals: FLASH p99 under 100 ms behind the backlog; at least
1,000 deliveries per second. --data must name a new or empty directory.
With --database it then runs the same on PostgreSQL, in a schema of its
own that it drops afterwards, with P dispatchers (default 2), each on a
pool of its own as a "cable serve" process has, and prints the two stores'
figures side by side with their ratio, and where the time went: a FLASH's
latency split into its release call and the wait for the delivery, and
the round trips of a release and of a delivery batch, traced, with each
statement's mean and p99. Goals there: FLASH p99 under 100 ms; at least
5,000 deliveries per second.`

// benchTraffic measures release and delivery with a ROUTINE backlog.
func benchTraffic(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("bench traffic", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprintln(m.Stderr, benchTrafficUsage); fs.PrintDefaults() }
	backlog := fs.Int("backlog", 100_000, "queue `N` ROUTINE copies before releasing")
	releases := fs.Int("releases", 1000, "release `R` cables while the backlog drains")
	batch := fs.Int("batch", delivery.DefaultBatch, "copies per delivery transaction")
	data := fs.String("data", "", "data `directory` (default: a temporary one)")
	database := fs.String("database", "", "then run it on the PostgreSQL database at `URL` too")
	procs := fs.Int("processes", 2, "with --database: dispatch from `P` stores, each with its own pool")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 || *backlog < 0 || *releases < 5 || *procs < 1 {
		return usageError(benchTrafficUsage)
	}
	if *data == "" {
		dir, err := os.MkdirTemp("", "cable-bench-traffic-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		*data = dir
	}
	m.Config.DataDir = *data
	db, err := m.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	tr := sqlite.NewTraffic(db)
	b := &trafficBench{m: m, tr: tr, dispatch: []delivery.Store{tr}, delivered: map[string]time.Time{}}
	if *database != "" {
		fmt.Fprintln(m.Stdout, "== SQLite, one process")
	}
	if err := b.setUp(ctx, *releases, *backlog); err != nil {
		return err
	}
	lite, err := b.run(ctx, *batch, *backlog, filepath.Join(*data, sqlite.FileName))
	if err != nil || *database == "" {
		return err
	}
	fmt.Fprintf(m.Stdout, "\n== PostgreSQL, %d dispatching processes\n", *procs)
	pg, err := benchTrafficPostgres(ctx, m, *database, *procs, *releases, *backlog, *batch)
	if err != nil {
		return err
	}
	compareTraffic(m, lite, pg, *procs)
	return nil
}

// trafficBench is one run of the benchmark.
type trafficBench struct {
	m        *Main
	tr       benchStore
	dispatch []delivery.Store // a dispatcher runs on each
	admin    context.Context
	as       context.Context
	drafts   []int64
	precs    []cable.Precedence
	// trace, when set, times the releases' and dispatchers' statements
	// (PostgreSQL).
	trace *pgTrace

	mu        sync.Mutex
	delivered map[string]time.Time    // cable/site → when the dispatcher delivered it
	returned  map[string]time.Time    // cable/site → when its release call returned
	batchOf   map[string][2]time.Time // cable/site → when the call that delivered it began and ended (traced runs)
	count     int
	lastAt    time.Time
	backlog   int       // backlog copies delivered
	drained   time.Time // when the last of them was
}

var benchPosts = []string{"AMEMBASSY PARIS", "AMEMBASSY LONDON", "AMEMBASSY ROME", "AMEMBASSY TOKYO", "AMEMBASSY BERLIN",
	"AMEMBASSY MOSCOW", "AMEMBASSY CAIRO", "AMEMBASSY OTTAWA"}

// setUp creates the users, the drafts to release, and the backlog.
func (b *trafficBench) setUp(ctx context.Context, releases, backlog int) error {
	users := []*cable.User{
		{Name: "bench-admin", Clearance: "SECRET", Citizenship: "USA", Admin: true},
		{Name: "bench-drafter", Clearance: "SECRET", Citizenship: "USA", Posts: []string{"ISN"},
			Roles: []cable.Role{{Kind: cable.RoleDrafter, Post: "ISN"}, {Kind: cable.RoleReleaser, Post: "SECSTATE WASHDC"}}},
	}
	for _, u := range users {
		if err := b.tr.CreateUser(ctx, u, "bench-password"); err != nil {
			return fmt.Errorf("bench traffic needs an empty data directory: %w", err)
		}
	}
	b.admin = cable.NewContextWithUser(ctx, users[0])
	as := cable.NewContextWithUser(ctx, users[1])
	b.as = as
	fmt.Fprintf(b.m.Stdout, "preparing %d drafts and a backlog of %d ROUTINE copies…\n", releases, backlog)
	for i := 0; i <= releases; i++ {
		p := cable.Precedences[i%len(cable.Precedences)]
		d := &cable.Draft{Origin: "ISN", Text: benchText(i), Addressees: []cable.Addressee{
			{PLAD: benchPosts[i%len(benchPosts)], Role: cable.RoleTo, Precedence: p},
			{PLAD: benchPosts[(i+3)%len(benchPosts)], Role: cable.RoleInfo, Precedence: cable.Routine},
		}}
		if err := b.tr.CreateDraft(as, d); err != nil {
			return err
		}
		b.drafts, b.precs = append(b.drafts, d.ID), append(b.precs, p)
	}
	// The first draft carries the backlog: its cable is what the backlog's
	// copies deliver.
	rel, err := b.tr.ReleaseDraft(as, b.drafts[0])
	if err != nil {
		return err
	}
	b.drafts, b.precs = b.drafts[1:], b.precs[1:]
	if _, err := b.tr.DeliverQueued(ctx, 10); err != nil {
		return err
	}
	return b.tr.QueueBacklog(b.admin, rel.CableID, backlog, cable.Routine, time.Now())
}

func benchText(i int) string {
	return fmt.Sprintf("UNCLAS\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL, KNNP\nSUBJECT: BENCHMARK TRAFFIC %d\n\n"+
		"1. (U) Benchmark cable %d, released while the outbox drains a backlog.\n\n2. (U) Please report receipt by December 31, 2030.\n\nBENCH\n", i, i)
}

// onDeliver counts delivered copies and notes when each benchmark copy
// (not the backlog's) arrived.
func (b *trafficBench) onDeliver(ds []*cable.Delivery) {
	now := time.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	b.count += len(ds)
	b.lastAt = now
	for _, d := range ds {
		if isBacklog(d.Site) {
			b.backlog++
			b.drained = now
			continue
		}
		b.delivered[d.CableID+"/"+d.Site] = now
	}
}

func isBacklog(site string) bool { return len(site) > 8 && site[:8] == "BACKLOG " }

// run starts the dispatchers, releases the drafts while the backlog
// drains, waits for every copy and prints the figures.
func (b *trafficBench) run(ctx context.Context, batch, backlog int, path string) (*trafficFigures, error) {
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(b.drafts), func(i, j int) {
		b.drafts[i], b.drafts[j] = b.drafts[j], b.drafts[i]
		b.precs[i], b.precs[j] = b.precs[j], b.precs[i]
	})
	start := time.Now()
	for _, st := range b.dispatch {
		if b.trace != nil {
			st = b.traced(st)
		}
		d := &delivery.Dispatcher{Store: st, Batch: batch, PollInterval: 100 * time.Millisecond, Logger: b.m.Logger, OnDeliver: b.onDeliver}
		if err := d.Start(ctx); err != nil {
			return nil, err
		}
		defer d.Stop()
	}
	released := map[string]time.Time{}
	precOf := map[string]cable.Precedence{}
	b.returned, b.batchOf = map[string]time.Time{}, map[string][2]time.Time{}
	copies := 0
	for _, id := range b.drafts {
		ctx := b.as
		if b.trace != nil {
			ctx = b.trace.mark(ctx, "release")
		}
		t0 := time.Now()
		rel, err := b.tr.ReleaseDraft(ctx, id)
		if err != nil {
			return nil, err
		}
		t1 := time.Now()
		for _, c := range rel.Deliveries {
			key := rel.CableID + "/" + c.Site
			released[key], precOf[key], b.returned[key] = t0, c.Precedence, t1
			copies++
		}
	}
	releasing := time.Since(start)
	want := backlog + copies
	for {
		b.mu.Lock()
		n, last := b.count, b.lastAt
		b.mu.Unlock()
		if n >= want {
			b.mu.Lock()
			drain := b.drained.Sub(start)
			b.mu.Unlock()
			return b.report(releasing, drain, last.Sub(start), backlog, n, released, precOf, path), nil
		}
		if time.Since(start) > 15*time.Minute {
			return nil, fmt.Errorf("bench traffic: %d of %d copies delivered after 15 minutes", n, want)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// report prints the figures and whether the goals are met, and returns
// them.
func (b *trafficBench) report(releasing, draining, total time.Duration, backlog, delivered int, released map[string]time.Time,
	precOf map[string]cable.Precedence, path string) *trafficFigures {
	lat := map[cable.Precedence][]time.Duration{}
	b.mu.Lock()
	for key, t0 := range released {
		lat[precOf[key]] = append(lat[precOf[key]], b.delivered[key].Sub(t0))
	}
	b.mu.Unlock()
	w := b.m.Stdout
	rate := float64(delivered) / total.Seconds()
	if backlog > 0 {
		rate = float64(backlog) / draining.Seconds()
	}
	fmt.Fprintf(w, "released %d cables in %s while the backlog drained: %.0f releases/s\n", len(b.drafts), releasing.Round(time.Millisecond),
		float64(len(b.drafts))/releasing.Seconds())
	if backlog > 0 {
		fmt.Fprintf(w, "drained the backlog of %d ROUTINE copies in %s: %.0f deliveries/s\n", backlog, draining.Round(time.Millisecond), rate)
	}
	fmt.Fprintf(w, "delivered %d copies in all in %s\n", delivered, total.Round(time.Millisecond))
	fmt.Fprintf(w, "release-to-inbox latency per precedence (copies of the released cables):\n")
	fmt.Fprintf(w, "  %-16s %6s %10s %10s %10s %10s\n", "PRECEDENCE", "COPIES", "P50", "P99", "MAX", "OBJECTIVE")
	for _, p := range cable.Precedences {
		ds := lat[p]
		slices.Sort(ds)
		if len(ds) == 0 {
			continue
		}
		fmt.Fprintf(w, "  %-16s %6d %10s %10s %10s %10s\n", p, len(ds), roundLat(traffic.Percentile(ds, 0.5)),
			roundLat(traffic.Percentile(ds, 0.99)), roundLat(ds[len(ds)-1]), traffic.Objective(p))
	}
	b.printPhases(released, precOf)
	flash := traffic.Percentile(lat[cable.Flash], 0.99)
	fmt.Fprintf(w, "goals: FLASH p99 %s < 100ms: %s; %.0f deliveries/s ≥ 1000: %s\n", roundLat(flash), passMiss(flash < 100*time.Millisecond),
		rate, passMiss(rate >= 1000))
	if fi, err := os.Stat(path); err == nil {
		fmt.Fprintf(w, "database: %s, %.1f MB\n", path, float64(fi.Size())/1e6)
	}
	f := &trafficFigures{releases: float64(len(b.drafts)) / releasing.Seconds(), deliveries: rate, p50: map[cable.Precedence]time.Duration{},
		p99: map[cable.Precedence]time.Duration{}}
	for p, ds := range lat {
		f.p50[p], f.p99[p] = traffic.Percentile(ds, 0.5), traffic.Percentile(ds, 0.99)
	}
	return f
}

// printPhases splits the FLASH copies' latency in two: the release call
// (from the call to its return, which includes the commit) and the wait
// from its return to the delivery (the notification, the batch in hand,
// the delivery's own statement). The second may be negative: another
// process's dispatcher can deliver a copy before the release call has
// returned.
func (b *trafficBench) printPhases(released map[string]time.Time, precOf map[string]cable.Precedence) {
	var call, after, wait, batch []time.Duration
	b.mu.Lock()
	for key, t0 := range released {
		if precOf[key] != cable.Flash {
			continue
		}
		call = append(call, b.returned[key].Sub(t0))
		after = append(after, b.delivered[key].Sub(b.returned[key]))
		if bt, ok := b.batchOf[key]; ok {
			wait, batch = append(wait, bt[0].Sub(b.returned[key])), append(batch, bt[1].Sub(bt[0]))
		}
	}
	b.mu.Unlock()
	if len(call) == 0 {
		return
	}
	pp := func(ds []time.Duration) string {
		slices.Sort(ds)
		return fmt.Sprintf("p50 %s p99 %s", roundLat(traffic.Percentile(ds, 0.5)), roundLat(traffic.Percentile(ds, 0.99)))
	}
	fmt.Fprintf(b.m.Stdout, "FLASH phases: release call %s; return→inbox %s\n", pp(call), pp(after))
	if len(wait) > 0 {
		fmt.Fprintf(b.m.Stdout, "  of which return→start of the delivering call %s; that call %s\n", pp(wait), pp(batch))
	}
}

// traced returns st with its delivery batches traced (scopes "delivery
// batch" and "urgent delivery"), noting when the call that delivered
// each benchmark copy began and ended. It keeps st's urgent lane
// (delivery.UrgentDeliverer).
func (b *trafficBench) traced(st delivery.Store) delivery.Store {
	t := tracedStore{Store: st, b: b}
	if u, ok := st.(delivery.UrgentDeliverer); ok {
		return tracedUrgent{tracedStore: t, u: u}
	}
	return t
}

type tracedStore struct {
	delivery.Store
	b *trafficBench
}

func (s tracedStore) DeliverQueued(ctx context.Context, n int) ([]*cable.Delivery, error) {
	return s.b.timeBatch(func() ([]*cable.Delivery, error) {
		return s.Store.DeliverQueued(s.b.trace.mark(ctx, "delivery batch"), n)
	})
}

type tracedUrgent struct {
	tracedStore
	u delivery.UrgentDeliverer
}

func (s tracedUrgent) DeliverUrgent(ctx context.Context, n int, atLeast cable.Precedence) ([]*cable.Delivery, error) {
	return s.b.timeBatch(func() ([]*cable.Delivery, error) {
		return s.u.DeliverUrgent(s.b.trace.mark(ctx, "urgent delivery"), n, atLeast)
	})
}

// timeBatch runs a delivery call and notes when it began and ended for
// each benchmark copy it delivered.
func (b *trafficBench) timeBatch(deliver func() ([]*cable.Delivery, error)) ([]*cable.Delivery, error) {
	start := time.Now()
	ds, err := deliver()
	end := time.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, d := range ds {
		if !isBacklog(d.Site) {
			b.batchOf[d.CableID+"/"+d.Site] = [2]time.Time{start, end}
		}
	}
	return ds, err
}

func roundLat(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Millisecond)
}

func passMiss(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}
