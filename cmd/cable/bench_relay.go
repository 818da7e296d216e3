package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/gen"
	"github.com/cable/cable/internal/network"
	"github.com/cable/cable/internal/traffic"
)

const benchRelayUsage = `usage: cable bench relay [--copies N] [--backlog B] [--flash F] [--catchup C] [--batch K] [--cpuprofile FILE]
Runs two nodes (SECSTATE WASHDC and AMEMBASSY BEIJING) in this process on
loopback, each with its own data directory and site key, and measures, on
Washington's one link to Beijing, with every copy signed at the origin and
verified, parsed and archived at the destination:

throughput  N ROUTINE copies (default 10,000) sealed at Washington while
            the link is up: copies delivered into Beijing's inboxes per
            second (goal ≥ 2,000/s);
flash       B ROUTINE copies (default 100,000) queued while Beijing is down,
            then F FLASH cables (default 50) released by Washington one
            every 100 ms once Beijing is back and draining the backlog:
            release at the origin to delivery at the destination, p50 and
            p99 (goal p99 < 250 ms);
catch-up    C copies (default 50,000), of every precedence, queued while
            Beijing is down (an outage of any length: only the queue
            counts), then Beijing restarted: all delivered, in precedence
            order, at ≥ 2,000/s.

The copies are distinct synthetic cables (cable gen), sent at most 100 a
day so that no sent-minute of the archive fills.`

// benchRelay runs the relay benchmark.
func benchRelay(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("bench relay", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprintln(m.Stderr, benchRelayUsage); fs.PrintDefaults() }
	copies := fs.Int("copies", 10_000, "copies for the throughput phase (0 skips it)")
	backlog := fs.Int("backlog", 100_000, "ROUTINE copies queued ahead of the FLASH releases")
	flashes := fs.Int("flash", 50, "FLASH cables released behind the backlog (0 skips the phase)")
	catchup := fs.Int("catchup", 50_000, "copies queued during the outage (0 skips the phase)")
	batch := fs.Int("batch", network.DefaultRelayBatch, "copies Washington's dispatcher claims and posts to Beijing at a time")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to `file`")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 || *copies < 0 || *backlog < 0 || *flashes < 0 || *catchup < 0 {
		return usageError(benchRelayUsage)
	}
	root, err := os.MkdirTemp("", "cable-bench-relay-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(root)
	b, err := newRelayBench(ctx, m, root, *batch)
	if err != nil {
		return err
	}
	defer b.close()
	stop, err := (&benchFlags{profile: *profile}).startProfile()
	if err != nil {
		return err
	}
	defer stop()
	fmt.Fprintf(m.Stdout, "cable bench relay: 2 nodes on loopback, %d CPU cores (GOMAXPROCS %d), %s\n", runtime.NumCPU(),
		runtime.GOMAXPROCS(0), runtime.Version())
	if *copies > 0 {
		if err := b.throughput(ctx, *copies); err != nil {
			return err
		}
	}
	if *flashes > 0 {
		if err := b.flash(ctx, *backlog, *flashes); err != nil {
			return err
		}
	}
	if *catchup > 0 {
		return b.catchUp(ctx, *catchup)
	}
	return nil
}

// relayBench is one run: Washington relays to Beijing, which records
// when each copy reaches its inbox.
type relayBench struct {
	m      *Main
	w, b   *benchNode
	gen    *gen.Generator
	next   int // the generator's next cable
	logger *slog.Logger

	mu      sync.Mutex
	arrived map[string]time.Time // cable id → delivered at Beijing
	order   []cable.Precedence   // precedences in the order delivered
}

func newRelayBench(ctx context.Context, m *Main, root string, batch int) (*relayBench, error) {
	b := &relayBench{m: m, gen: &gen.Generator{Seed: 14}, arrived: map[string]time.Time{},
		logger: slog.New(slog.DiscardHandler)}
	var err error
	if b.w, err = newBenchNode(ctx, root, "SECSTATE WASHDC"); err != nil {
		return nil, err
	}
	if b.b, err = newBenchNode(ctx, root, "AMEMBASSY BEIJING"); err != nil {
		b.w.close()
		return nil, err
	}
	b.b.onDeliver = b.delivered
	b.w.batch, b.b.batch = batch, batch
	for _, n := range []*benchNode{b.w, b.b} {
		if err := n.start(ctx, b.logger); err != nil {
			b.close()
			return nil, err
		}
	}
	if err := b.w.trust(ctx, b.b); err != nil {
		return nil, err
	}
	return b, b.b.trust(ctx, b.w)
}

func (b *relayBench) close() {
	b.w.close()
	b.b.close()
}

// delivered is Beijing's dispatcher's report of copies put in its inboxes.
func (b *relayBench) delivered(ds []*cable.Delivery) {
	now := time.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, d := range ds {
		b.arrived[d.CableID] = now
		b.order = append(b.order, d.Precedence)
	}
}

// seal queues n copies at precedence p at Washington, in transactions of
// up to 2,000, and returns their cable ids.
func (b *relayBench) seal(ctx context.Context, n int, p cable.Precedence) ([]string, error) {
	var ids []string
	for n > 0 {
		k := min(n, 2000)
		tgs := make([]string, k)
		for i := range tgs {
			tgs[i] = string(b.gen.Cable(b.next))
			b.next++
		}
		got, err := b.w.tr.SealBacklog(b.w.admin, tgs, b.b.plad, p, time.Now())
		if err != nil {
			return nil, err
		}
		ids = append(ids, got...)
		n -= k
	}
	return ids, nil
}

// await waits until Beijing has delivered every id, and returns when the
// first and the last of them arrived.
func (b *relayBench) await(ctx context.Context, ids []string, limit time.Duration) (first, last time.Time, err error) {
	deadline := time.Now().Add(limit)
	for {
		b.mu.Lock()
		n := 0
		first, last = time.Time{}, time.Time{}
		for _, id := range ids {
			if at, ok := b.arrived[id]; ok {
				n++
				if first.IsZero() || at.Before(first) {
					first = at
				}
				if at.After(last) {
					last = at
				}
			}
		}
		b.mu.Unlock()
		if n == len(ids) {
			return first, last, nil
		}
		if time.Now().After(deadline) {
			return first, last, fmt.Errorf("bench relay: %d of %d copies delivered after %s", n, len(ids), limit)
		}
		select {
		case <-ctx.Done():
			return first, last, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// throughput seals copies while the link is up and measures how fast
// Beijing delivers them.
func (b *relayBench) throughput(ctx context.Context, n int) error {
	start := time.Now()
	ids, err := b.seal(ctx, n, cable.Routine)
	if err != nil {
		return err
	}
	sealed := time.Since(start)
	_, last, err := b.await(ctx, ids, 15*time.Minute)
	if err != nil {
		return err
	}
	rate := float64(n) / last.Sub(start).Seconds()
	fmt.Fprintf(b.m.Stdout, "throughput: %d ROUTINE copies sealed in %s (%.0f/s), all delivered at Beijing %s after the first seal: %.0f copies/s (goal ≥ 2000: %s)\n",
		n, sealed.Round(time.Millisecond), float64(n)/sealed.Seconds(), last.Sub(start).Round(time.Millisecond), rate, passMiss(rate >= 2000))
	return nil
}

// outage stops Beijing, runs queue, and starts Beijing again; it returns
// when Beijing was started.
func (b *relayBench) outage(ctx context.Context, queue func() error) (time.Time, error) {
	b.b.stop()
	if err := queue(); err != nil {
		return time.Time{}, err
	}
	b.mu.Lock()
	b.order = nil
	b.mu.Unlock()
	at := time.Now()
	return at, b.b.start(ctx, b.logger)
}

// flash queues a ROUTINE backlog during an outage, brings Beijing back
// and releases FLASH cables one every 100 ms while the backlog drains.
func (b *relayBench) flash(ctx context.Context, backlog, flashes int) error {
	drafts := make([]int64, flashes)
	for i := range drafts {
		d := &cable.Draft{Origin: b.w.plad, Text: benchText(i), Addressees: []cable.Addressee{{PLAD: b.b.plad, Role: cable.RoleTo, Precedence: cable.Flash}}}
		if err := b.w.tr.CreateDraft(b.w.staff, d); err != nil {
			return err
		}
		drafts[i] = d.ID
	}
	var queued []string
	up, err := b.outage(ctx, func() (err error) {
		queued, err = b.seal(ctx, backlog, cable.Routine)
		return err
	})
	if err != nil {
		return err
	}
	if _, _, err := b.await(ctx, queued[:1], time.Minute); err != nil {
		return err
	}
	released := map[string]time.Time{}
	var ids []string
	var calls []time.Duration // the release calls alone
	for _, id := range drafts {
		t0 := time.Now()
		rel, err := b.w.tr.ReleaseDraft(b.w.staff, id)
		if err != nil {
			return err
		}
		calls = append(calls, time.Since(t0))
		released[rel.CableID] = t0
		ids = append(ids, rel.CableID)
		time.Sleep(100 * time.Millisecond)
	}
	if _, _, err := b.await(ctx, ids, 5*time.Minute); err != nil {
		return err
	}
	b.mu.Lock()
	var lat []time.Duration
	for _, id := range ids {
		lat = append(lat, b.arrived[id].Sub(released[id]))
	}
	left := 0
	for _, id := range queued {
		if _, ok := b.arrived[id]; !ok {
			left++
		}
	}
	b.mu.Unlock()
	slices.Sort(lat)
	slices.Sort(calls)
	p99 := traffic.Percentile(lat, 0.99)
	fmt.Fprintf(b.m.Stdout, "flash: %d FLASH released behind %d queued ROUTINE copies (%d still queued after the last FLASH arrived): release to delivery p50 %s, p99 %s, max %s (goal p99 < 250ms: %s)\n",
		flashes, backlog, left, roundLat(traffic.Percentile(lat, 0.5)), roundLat(p99), roundLat(lat[len(lat)-1]), passMiss(p99 < 250*time.Millisecond))
	fmt.Fprintf(b.m.Stdout, "       of which the release call itself (archive, seal, queue): p50 %s, p99 %s\n",
		roundLat(traffic.Percentile(calls, 0.5)), roundLat(traffic.Percentile(calls, 0.99)))
	first, last, err := b.await(ctx, queued, 15*time.Minute)
	if err != nil {
		return err
	}
	rate := float64(backlog) / last.Sub(first).Seconds()
	fmt.Fprintf(b.m.Stdout, "       the backlog drained in %s from Beijing's restart: %.0f copies/s\n", last.Sub(up).Round(time.Millisecond), rate)
	return nil
}

// catchUp queues copies of every precedence during an outage and
// measures how Beijing catches up when it comes back.
func (b *relayBench) catchUp(ctx context.Context, n int) error {
	var ids []string
	up, err := b.outage(ctx, func() error {
		for i, p := range cable.Precedences {
			k := n / len(cable.Precedences)
			if i == 0 {
				k += n % len(cable.Precedences)
			}
			got, err := b.seal(ctx, k, p)
			if err != nil {
				return err
			}
			ids = append(ids, got...)
		}
		return nil
	})
	if err != nil {
		return err
	}
	first, last, err := b.await(ctx, ids, 15*time.Minute)
	if err != nil {
		return err
	}
	b.mu.Lock()
	inversions := 0
	for i := 1; i < len(b.order); i++ {
		if b.order[i] > b.order[i-1] {
			inversions++
		}
	}
	b.mu.Unlock()
	rate := float64(n) / last.Sub(up).Seconds()
	fmt.Fprintf(b.m.Stdout, "catch-up: %d copies of every precedence queued during an outage, all delivered %s after Beijing restarted (first after %s): %.0f copies/s (goal ≥ 2000: %s); %d copies arrived after a less urgent one (precedence order: %s)\n",
		n, last.Sub(up).Round(time.Millisecond), first.Sub(up).Round(time.Millisecond), rate, passMiss(rate >= 2000), inversions, passMiss(inversions == 0))
	return nil
}
