package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/postgres"
)

// benchStore is what bench traffic drives: a traffic store that can queue
// a backlog.
type benchStore interface {
	trafficDB
	QueueBacklog(ctx context.Context, id string, n int, p cable.Precedence, at time.Time) error
}

// trafficFigures are one store's figures.
type trafficFigures struct {
	releases, deliveries float64 // per second
	p50, p99             map[cable.Precedence]time.Duration
}

// benchTrafficPostgres runs bench traffic on PostgreSQL, in a new schema
// of the database at url dropped afterwards, with procs stores on that
// schema (a pool, a listener and a dispatcher each, as procs "cable serve"
// processes have); releases go through the first.
func benchTrafficPostgres(ctx context.Context, m *Main, url string, procs, releases, backlog, batch int) (*trafficFigures, error) {
	b := make([]byte, 6)
	rand.Read(b)
	schema := "cable_bench_" + hex.EncodeToString(b)
	var stores []*postgres.Traffic
	trace := newPGTrace()
	defer func() {
		for i := len(stores) - 1; i >= 0; i-- {
			if i == 0 {
				if err := stores[0].DropSchema(context.Background()); err != nil {
					m.Logger.Error("drop the bench schema", "schema", schema, "err", err)
				}
			}
			stores[i].Close()
		}
	}()
	for range procs {
		db := postgres.NewDB(url)
		db.Schema, db.Logger, db.PasswordIterations = schema, m.Logger, m.Config.PasswordIterations
		db.Tracer = trace
		if err := db.Open(); err != nil {
			return nil, err
		}
		stores = append(stores, postgres.NewTraffic(db))
	}
	tb := &trafficBench{m: m, tr: stores[0], delivered: map[string]time.Time{}, trace: trace}
	for _, s := range stores {
		tb.dispatch = append(tb.dispatch, delivery.Store(s))
	}
	if err := tb.setUp(ctx, releases, backlog); err != nil {
		return nil, err
	}
	f, err := tb.run(ctx, batch, backlog, "")
	if err == nil {
		trace.print(m.Stdout, 12)
	}
	return f, err
}

// compareTraffic prints the two stores' figures side by side, with the
// ratio PostgreSQL/SQLite: what scaling out costs, or gains.
func compareTraffic(m *Main, lite, pg *trafficFigures, procs int) {
	w := m.Stdout
	fmt.Fprintf(w, "\n== SQLite (1 process) against PostgreSQL (%d processes)\n", procs)
	fmt.Fprintf(w, "  %-28s %12s %12s %10s\n", "FIGURE", "SQLITE", "POSTGRESQL", "PG/SQLITE")
	row := func(name string, a, b float64, unit string) {
		ratio := "-"
		if a > 0 {
			ratio = fmt.Sprintf("%.2f", b/a)
		}
		fmt.Fprintf(w, "  %-28s %12s %12s %10s\n", name, fmt.Sprintf("%.0f%s", a, unit), fmt.Sprintf("%.0f%s", b, unit), ratio)
	}
	row("releases/s", lite.releases, pg.releases, "")
	row("deliveries/s", lite.deliveries, pg.deliveries, "")
	for _, p := range cable.Precedences {
		if _, ok := lite.p99[p]; !ok {
			continue
		}
		ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
		row(p.String()+" p50 latency", ms(lite.p50[p]), ms(pg.p50[p]), "ms")
		row(p.String()+" p99 latency", ms(lite.p99[p]), ms(pg.p99[p]), "ms")
	}
	flash := pg.p99[cable.Flash]
	fmt.Fprintf(w, "goals on PostgreSQL: FLASH p99 %s < 100ms: %s; %.0f deliveries/s ≥ 5000: %s\n", roundLat(flash),
		passMiss(flash < 100*time.Millisecond), pg.deliveries, passMiss(pg.deliveries >= 5000))
}
