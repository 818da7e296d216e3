package metrics

import (
	"context"
	"database/sql"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/relay"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// scrapeTimeout bounds the store's queries of one scrape.
const scrapeTimeout = 2 * time.Second

// TrafficCounter is a store that counts its outbox and pending
// acknowledgements (sqlite.Traffic).
type TrafficCounter interface {
	TrafficCounts(ctx context.Context) (*cable.TrafficCounts, error)
}

// WatchTraffic reports the outbox depth and the acknowledgements pending,
// by precedence and site, read from s at each scrape. A store that does
// not answer in time is counted in cable_scrape_errors_total and logged.
func (m *Metrics) WatchTraffic(s TrafficCounter, logger *slog.Logger) {
	if m == nil {
		return
	}
	m.Registry.MustRegister(&trafficCollector{s: s, logger: logger,
		total: prometheus.NewDesc("cable_outbox_total", "Copies waiting in the outbox, by precedence (every precedence, 0 included).",
			[]string{"precedence"}, nil),
		links: prometheus.NewDesc("cable_relay_link_up", "Whether the relay link to a next hop is up (1) or down (0).",
			[]string{"hop"}, nil),
		outbox: prometheus.NewDesc("cable_outbox_depth", "Copies waiting in the outbox (queued or being relayed), by precedence and site.",
			[]string{"precedence", "site"}, nil),
		acks: prometheus.NewDesc("cable_acks_pending", "Delivered copies waiting for their acknowledgement, by precedence and site.",
			[]string{"precedence", "site"}, nil),
		escalated: prometheus.NewDesc("cable_acks_escalated", "Escalated copies still not acknowledged, by precedence, site and level.",
			[]string{"precedence", "site", "level"}, nil),
		errors: prometheus.NewCounter(prometheus.CounterOpts{Namespace: "cable", Name: "scrape_errors_total",
			Help: "Scrapes whose store counts failed."}),
	})
}

// WatchDB reports a database/sql pool's statistics (open, in use, idle,
// waits) under db="name".
func (m *Metrics) WatchDB(name string, db *sql.DB) {
	if m == nil || db == nil {
		return
	}
	m.Registry.MustRegister(collectors.NewDBStatsCollector(db, name))
}

type trafficCollector struct {
	s                       TrafficCounter
	logger                  *slog.Logger
	total, links            *prometheus.Desc
	outbox, acks, escalated *prometheus.Desc
	errors                  prometheus.Counter
}

func (c *trafficCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.total
	ch <- c.links
	ch <- c.outbox
	ch <- c.acks
	ch <- c.escalated
	c.errors.Describe(ch)
}

func (c *trafficCollector) Collect(ch chan<- prometheus.Metric) {
	defer c.errors.Collect(ch)
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	tc, err := c.s.TrafficCounts(ctx)
	if err != nil {
		c.errors.Inc()
		if c.logger != nil {
			c.logger.Warn("metrics: traffic counts", "err", err)
		}
		return
	}
	emit := func(d *prometheus.Desc, qs []cable.QueueCount) {
		for _, q := range qs {
			ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, float64(q.N), q.Precedence.String(), q.Site)
		}
	}
	emit(c.outbox, tc.Outbox)
	total := map[cable.Precedence]int{}
	for _, q := range tc.Outbox {
		total[q.Precedence] += q.N
	}
	for _, p := range precedences {
		ch <- prometheus.MustNewConstMetric(c.total, prometheus.GaugeValue, float64(total[p]), p.String())
	}
	if ll, ok := c.s.(LinkLister); ok {
		c.collectLinks(ctx, ll, ch)
	}
	emit(c.acks, tc.AcksPending)
	for _, q := range tc.Escalated {
		ch <- prometheus.MustNewConstMetric(c.escalated, prometheus.GaugeValue, float64(q.N), q.Precedence.String(), q.Site,
			strconv.Itoa(q.Level))
	}
}

// LinkLister is a store that knows its relay links (sqlite.Traffic).
type LinkLister interface {
	Links(ctx context.Context) ([]*relay.Link, error)
}

// collectLinks reports each relay link's state, read from the store,
// which package relay keeps.
func (c *trafficCollector) collectLinks(ctx context.Context, ll LinkLister, ch chan<- prometheus.Metric) {
	links, err := ll.Links(ctx)
	if err != nil {
		c.errors.Inc()
		return
	}
	for _, l := range links {
		up := 0.0
		if l.Up {
			up = 1
		}
		ch <- prometheus.MustNewConstMetric(c.links, prometheus.GaugeValue, up, l.Hop)
	}
}

// SearchKind names a query's kind for the search histogram: "listing"
// (no words), "words", "phrase" (quotes) or "boolean" (AND, OR, NOT,
// parentheses); "+facets" when it counts facets. The words themselves are
// never a label.
func SearchKind(q cable.SearchQuery) string {
	kind := "listing"
	t := strings.TrimSpace(q.Text)
	switch {
	case t == "":
	case strings.ContainsAny(t, "()") || hasOperator(t):
		kind = "boolean"
	case strings.Contains(t, `"`):
		kind = "phrase"
	default:
		kind = "words"
	}
	if q.Facets {
		kind += "+facets"
	}
	return kind
}

func hasOperator(t string) bool {
	for _, w := range strings.Fields(t) {
		if w == "AND" || w == "OR" || w == "NOT" {
			return true
		}
	}
	return false
}
