package metrics

import (
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// WatchPgxPool reports a PostgreSQL pool's statistics, read at each
// scrape from stat (postgres.DB.PoolStat), as the go_sql_* series do for
// SQLite's database/sql pools.
func (m *Metrics) WatchPgxPool(stat func() *pgxpool.Stat) {
	if m == nil {
		return
	}
	gauge := func(name, help string, v func(s *pgxpool.Stat) float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "cable", Subsystem: "pg_pool", Name: name, Help: help},
			func() float64 { return v(stat()) })
	}
	counter := func(name, help string, v func(s *pgxpool.Stat) float64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: "cable", Subsystem: "pg_pool", Name: name, Help: help},
			func() float64 { return v(stat()) })
	}
	m.Registry.MustRegister(
		gauge("max_conns", "Most connections the pool opens.", func(s *pgxpool.Stat) float64 { return float64(s.MaxConns()) }),
		gauge("total_conns", "Connections open.", func(s *pgxpool.Stat) float64 { return float64(s.TotalConns()) }),
		gauge("acquired_conns", "Connections in use.", func(s *pgxpool.Stat) float64 { return float64(s.AcquiredConns()) }),
		gauge("idle_conns", "Connections idle.", func(s *pgxpool.Stat) float64 { return float64(s.IdleConns()) }),
		counter("acquires_total", "Connections acquired.", func(s *pgxpool.Stat) float64 { return float64(s.AcquireCount()) }),
		counter("empty_acquires_total", "Acquires that waited, the pool being empty.",
			func(s *pgxpool.Stat) float64 { return float64(s.EmptyAcquireCount()) }),
		counter("acquire_seconds_total", "Time spent acquiring connections.",
			func(s *pgxpool.Stat) float64 { return s.AcquireDuration().Seconds() }),
	)
}
