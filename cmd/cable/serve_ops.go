package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/cable/cable/internal/metrics"
	"github.com/cable/cable/internal/sqlite"
)

// opsFlagSet holds serve's operations flags (docs/operations.md): logs
// and metrics.
type opsFlagSet struct {
	format, level *string
	metricsAddr   *string
}

// opsFlags defines serve's operations flags on fs.
func opsFlags(fs *flag.FlagSet) *opsFlagSet {
	return &opsFlagSet{
		format:      fs.String("log-format", "text", "write the log as `text` or json (one object a line, for a log collector)"),
		level:       fs.String("log-level", "info", "log at `LEVEL` and above: debug, info, warn or error"),
		metricsAddr: fs.String("metrics-addr", "", "serve Prometheus metrics at /metrics on `ADDRESS` (e.g. 127.0.0.1:9464), apart from the public listener; off when empty"),
	}
}

// logger returns the logger the flags ask for, writing to w.
func (o *opsFlagSet) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(*o.level)); err != nil {
		return nil, usageError(fmt.Sprintf("serve: --log-level %q: want debug, info, warn or error", *o.level))
	}
	opts := &slog.HandlerOptions{Level: level}
	switch *o.format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usageError(fmt.Sprintf("serve: --log-format %q: want text or json", *o.format))
}

// startMetrics makes m.Metrics and serves them on --metrics-addr, before
// the database opens, so that an ingest's progress shows; nil and no
// metrics when the address is empty.
func (o *opsFlagSet) startMetrics(m *Main) (*metrics.Listener, error) {
	if *o.metricsAddr == "" {
		return nil, nil
	}
	m.Metrics = metrics.New()
	l, err := m.Metrics.Listen(*o.metricsAddr, m.Logger)
	if err != nil {
		m.Metrics = nil
		return nil, err
	}
	m.Logger.Info("serving metrics", "url", l.URL())
	return l, nil
}

// watchSQLite adds the embedded archive's gauges to the metrics: its
// outbox and acknowledgements, and its connection pools.
func watchSQLite(m *Main, db *sqlite.DB) {
	if m.Metrics == nil {
		return
	}
	m.Metrics.WatchTraffic(sqlite.NewTraffic(db), m.Logger)
	for name, p := range db.Pools() {
		m.Metrics.WatchDB(name, p)
	}
}
