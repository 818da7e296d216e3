package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cable/cable/internal/traffic"
)

// pgTrace times what PostgreSQL does for the calls the benchmark marks
// (traceScope): every statement, batch, COPY and prepare a release
// sends, and the pool's wait for a connection. bench traffic prints it
// after the PostgreSQL run, so that a FLASH's latency can be split into
// its release's round trips, its commit and the dispatcher's part.
//
// It is a pgx tracer (pgx.QueryTracer and its kin), set on the pools of
// the benchmark's stores only.
type pgTrace struct {
	mu     sync.Mutex
	scopes map[string]*scopeStat
}

// traceScope names the calls a context belongs to: "release" for the
// benchmark's releases, "dispatch" for the dispatchers'.
type traceScope struct{ name string }

type traceScopeKey struct{}

// traceSpan is one traced operation in flight.
type traceSpan struct {
	scope *traceScope
	label string
	start time.Time
}

type traceSpanKey struct{}

// scopeStat is what one scope's calls spent.
type scopeStat struct {
	calls int                // calls marked with the scope (mark)
	ops   map[string]*opStat // by label
	trips int                // round trips: statements, batches, COPYs
	// prepares are the statements prepared (once per connection).
	prepares int
	each     map[string][]time.Duration // per label, each duration (for p99)
}

type opStat struct {
	n     int
	total time.Duration
}

func newPGTrace() *pgTrace { return &pgTrace{scopes: map[string]*scopeStat{}} }

// mark returns ctx with its database calls counted under scope name; call
// it once per call traced (it counts calls).
func (t *pgTrace) mark(ctx context.Context, name string) context.Context {
	t.mu.Lock()
	t.scope(name).calls++
	t.mu.Unlock()
	return context.WithValue(ctx, traceScopeKey{}, &traceScope{name: name})
}

func (t *pgTrace) scope(name string) *scopeStat {
	s := t.scopes[name]
	if s == nil {
		s = &scopeStat{ops: map[string]*opStat{}, each: map[string][]time.Duration{}}
		t.scopes[name] = s
	}
	return s
}

// start begins a span when ctx is marked.
func (t *pgTrace) start(ctx context.Context, label string) context.Context {
	sc, ok := ctx.Value(traceScopeKey{}).(*traceScope)
	if !ok {
		return ctx
	}
	return context.WithValue(ctx, traceSpanKey{}, &traceSpan{scope: sc, label: label, start: time.Now()})
}

// What a span was, for the counts.
const (
	spanWait    = iota // a pool's wait for a connection
	spanTrip           // a statement, batch or COPY: a round trip
	spanPrepare        // a statement prepared, on its first use on a connection
)

// end records the span ctx began, of kind spanWait, spanTrip or
// spanPrepare.
func (t *pgTrace) end(ctx context.Context, kind int) {
	sp, ok := ctx.Value(traceSpanKey{}).(*traceSpan)
	if !ok {
		return
	}
	d := time.Since(sp.start)
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.scope(sp.scope.name)
	o := s.ops[sp.label]
	if o == nil {
		o = &opStat{}
		s.ops[sp.label] = o
	}
	o.n++
	o.total += d
	s.each[sp.label] = append(s.each[sp.label], d)
	switch kind {
	case spanTrip:
		s.trips++
	case spanPrepare:
		s.prepares++
	}
}

// sqlLabel shortens a statement to its first words, spaces collapsed.
func sqlLabel(sql string) string {
	s := strings.Join(strings.Fields(sql), " ")
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return s
}

func (t *pgTrace) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	return t.start(ctx, sqlLabel(d.SQL))
}

func (t *pgTrace) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryEndData) {
	t.end(ctx, spanTrip)
}

func (t *pgTrace) TraceBatchStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceBatchStartData) context.Context {
	label := fmt.Sprintf("batch of %d", d.Batch.Len())
	if d.Batch.Len() > 0 {
		label += ": " + sqlLabel(d.Batch.QueuedQueries[0].SQL)
	}
	return t.start(ctx, label)
}

func (t *pgTrace) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}

func (t *pgTrace) TraceBatchEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchEndData) {
	t.end(ctx, spanTrip)
}

func (t *pgTrace) TraceCopyFromStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceCopyFromStartData) context.Context {
	return t.start(ctx, "COPY "+d.TableName.Sanitize())
}

func (t *pgTrace) TraceCopyFromEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceCopyFromEndData) {
	t.end(ctx, spanTrip)
}

func (t *pgTrace) TracePrepareStart(ctx context.Context, _ *pgx.Conn, d pgx.TracePrepareStartData) context.Context {
	return t.start(ctx, "prepare: "+sqlLabel(d.SQL))
}

func (t *pgTrace) TracePrepareEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TracePrepareEndData) {
	t.end(ctx, spanPrepare)
}

func (t *pgTrace) TraceAcquireStart(ctx context.Context, _ *pgxpool.Pool, _ pgxpool.TraceAcquireStartData) context.Context {
	return t.start(ctx, "(wait for a pooled connection)")
}

func (t *pgTrace) TraceAcquireEnd(ctx context.Context, _ *pgxpool.Pool, _ pgxpool.TraceAcquireEndData) {
	t.end(ctx, spanWait)
}

// print writes each scope's round trips per call and its operations
// by the time they took in all, the costliest first (at most top).
func (t *pgTrace) print(w io.Writer, top int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	names := make([]string, 0, len(t.scopes))
	for n := range t.scopes {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		s := t.scopes[n]
		if s.calls == 0 {
			continue
		}
		var total time.Duration
		labels := make([]string, 0, len(s.ops))
		for l, o := range s.ops {
			labels = append(labels, l)
			total += o.total
		}
		slices.SortFunc(labels, func(a, b string) int { return cmp.Compare(s.ops[b].total, s.ops[a].total) })
		fmt.Fprintf(w, "database time per %s (%d calls): %.1f round trips (and %d statements prepared in all), %s in all\n", n, s.calls,
			float64(s.trips)/float64(s.calls), s.prepares, roundLat(total/time.Duration(s.calls)))
		fmt.Fprintf(w, "  %8s %10s %10s %10s  %s\n", "PER CALL", "MEAN", "P99", "PER CALL", "OPERATION")
		for _, l := range labels[:min(top, len(labels))] {
			o, ds := s.ops[l], s.each[l]
			slices.Sort(ds)
			fmt.Fprintf(w, "  %8.2f %10s %10s %10s  %s\n", float64(o.n)/float64(s.calls), roundLat(o.total/time.Duration(o.n)),
				roundLat(traffic.Percentile(ds, 0.99)), roundLat(o.total/time.Duration(s.calls)), l)
		}
	}
}
