// Package metrics is cable's Prometheus metrics (docs/operations.md): the
// HTTP requests, searches, outbox, deliveries and relays, speed of service
// against each precedence's objective, acknowledgements and escalations,
// logins, security alerts, ingest progress and the database pools.
//
// Metrics are for the operators who watch the communications center, on
// a listener of their own (cable serve --metrics-addr), never the public
// one. Even so no label holds a cable id, a subject, a user name or a
// query term: labels are routes (patterns, not paths), statuses,
// precedences, site PLADs, outcomes and kinds, all from small fixed sets.
//
// A nil *Metrics is valid and records nothing, so that the code that
// counts need not ask whether metrics are on.
package metrics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the collectors in a registry of their own.
type Metrics struct {
	Registry *prometheus.Registry

	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	search      *prometheus.HistogramVec
	deliveries  *prometheus.CounterVec
	relays      *prometheus.CounterVec
	receipts    *prometheus.CounterVec
	sos         *prometheus.HistogramVec
	sosMissed   *prometheus.CounterVec
	escalations *prometheus.CounterVec
	notices     *prometheus.CounterVec
	logins      *prometheus.CounterVec
	alerts      *prometheus.CounterVec
	ingestDone  prometheus.Gauge
	ingestTotal prometheus.Gauge
	ingested    *prometheus.CounterVec
}

// sosBuckets are the speed-of-service histogram's bounds, in seconds:
// from a second to past ROUTINE's 6-hour objective, with each objective
// (10 min, 30 min, 3 h, 6 h) a bound so that "met" is exact.
var sosBuckets = []float64{1, 5, 15, 60, 300, 600, 1200, 1800, 3600, 10800, 21600, 43200, 86400}

// New returns metrics registered in a new registry, with the Go runtime's
// and the process's collectors.
func New() *Metrics {
	r := prometheus.NewRegistry()
	r.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := &Metrics{Registry: r}
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		c := prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "cable", Name: name, Help: help}, labels)
		r.MustRegister(c)
		return c
	}
	histogram := func(name, help string, buckets []float64, labels ...string) *prometheus.HistogramVec {
		h := prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "cable", Name: name, Help: help, Buckets: buckets}, labels)
		r.MustRegister(h)
		return h
	}
	m.requests = counter("http_requests_total", "HTTP requests answered, by route pattern and status.", "route", "status")
	m.latency = histogram("http_request_duration_seconds", "Time to answer an HTTP request, by route pattern.", prometheus.DefBuckets, "route")
	m.search = histogram("search_duration_seconds", "Time a search took in the store, by query kind.", prometheus.DefBuckets, "kind")
	m.deliveries = counter("deliveries_total", "Copies the dispatcher handled, by outcome (delivered, relayed).", "outcome")
	m.relays = counter("relays_total", "Copies relayed to other sites' nodes, by outcome.", "outcome")
	m.receipts = counter("receipts_total", "Relay receipts handled, by outcome.", "outcome")
	m.sos = histogram("speed_of_service_seconds", "Time from release to the addressee's inbox, by precedence.", sosBuckets, "precedence")
	m.sosMissed = counter("speed_of_service_missed_total", "Copies delivered later than their precedence's objective.", "precedence")
	m.escalations = counter("escalations_total", "Unacknowledged copies escalated, by precedence and level (1 duty officers, 2 management).",
		"precedence", "level")
	m.notices = counter("escalation_notices_total", "Escalation notices sent, by channel (webhook, email) and outcome.", "channel", "outcome")
	m.logins = counter("logins_total", "Password logins, by outcome (ok, failed, throttled, busy).", "outcome")
	m.alerts = counter("security_alerts_total", "Insider-threat alerts raised (bulk reads, search paging, lockouts), by kind.", "what")
	m.ingested = counter("ingest_cables_total", "Cables an ingest stored or refused, by outcome.", "outcome")
	m.ingestDone = prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "cable", Name: "ingest_done", Help: "Inputs the running ingest has read."})
	m.ingestTotal = prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "cable", Name: "ingest_inputs", Help: "Inputs the running ingest will read."})
	r.MustRegister(m.ingestDone, m.ingestTotal)
	objectives := prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: "cable", Name: "speed_of_service_objective_seconds",
		Help: "Each precedence's speed-of-service objective."}, []string{"precedence"})
	r.MustRegister(objectives)
	for _, p := range precedences {
		objectives.WithLabelValues(p.String()).Set(traffic.Objective(p).Seconds())
	}
	m.zero()
	return m
}

// zero makes the series a dashboard expects exist from the start, at 0,
// so that "no FLASH missed its objective" is a 0 and not a gap.
func (m *Metrics) zero() {
	for _, p := range precedences {
		m.sos.WithLabelValues(p.String())
		m.sosMissed.WithLabelValues(p.String())
		for _, level := range []string{"1", "2"} {
			m.escalations.WithLabelValues(p.String(), level)
		}
	}
	for _, o := range []string{"delivered", "relayed"} {
		m.deliveries.WithLabelValues(o)
	}
	for _, o := range []string{"sent", "failed"} {
		m.relays.WithLabelValues(o)
	}
	m.receipts.WithLabelValues("sent")
	for _, o := range []string{"ok", "failed", "throttled", "busy"} {
		m.logins.WithLabelValues(o)
	}
	for _, k := range []string{"listing", "words", "phrase", "boolean"} {
		m.search.WithLabelValues(k)
	}
	// The kinds package guard raises (read budget spent, search hits
	// paged, an account or address locked).
	for _, w := range []string{"read-budget", "search-paging", "login-locked"} {
		m.alerts.WithLabelValues(w)
	}
	for _, c := range []string{"webhook", "email"} {
		for _, o := range []string{"sent", "failed"} {
			m.notices.WithLabelValues(c, o)
		}
	}
}

// precedences are every precedence, most urgent first.
var precedences = []cable.Precedence{cable.Flash, cable.NiactImmediate, cable.Immediate, cable.Priority, cable.Routine}

// Handler serves the registry in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry})
}

// ObserveRequest counts an answered request. route is the pattern that
// took it ("" for none, counted as "unmatched").
func (m *Metrics) ObserveRequest(route string, status int, d time.Duration) {
	if m == nil {
		return
	}
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

// ObserveSearch records a search's time in the store.
func (m *Metrics) ObserveSearch(q cable.SearchQuery, d time.Duration) {
	if m == nil {
		return
	}
	m.search.WithLabelValues(SearchKind(q)).Observe(d.Seconds())
}

// Delivered records copies the dispatcher delivered (outcome "delivered")
// or relayed, with each one's speed of service against its objective.
func (m *Metrics) Delivered(ds []*cable.Delivery) {
	if m == nil {
		return
	}
	for _, d := range ds {
		outcome := "delivered"
		if d.Relay != "" {
			outcome = "relayed"
		}
		m.deliveries.WithLabelValues(outcome).Inc()
		if d.DeliveredAt.IsZero() || d.QueuedAt.IsZero() {
			continue
		}
		took := d.DeliveredAt.Sub(d.QueuedAt)
		p := d.Precedence.String()
		m.sos.WithLabelValues(p).Observe(took.Seconds())
		if took > traffic.Objective(d.Precedence) {
			m.sosMissed.WithLabelValues(p).Inc()
		}
	}
}

// Relayed counts n copies relayed with an outcome (sent, refused, failed):
// for package relay to call.
func (m *Metrics) Relayed(outcome string, n int) {
	if m != nil && n > 0 {
		m.relays.WithLabelValues(outcome).Add(float64(n))
	}
}

// Receipt counts n relay receipts with an outcome (taken, forwarded,
// sent): for package relay to call.
func (m *Metrics) Receipt(outcome string, n int) {
	if m != nil && n > 0 {
		m.receipts.WithLabelValues(outcome).Add(float64(n))
	}
}

// Escalated counts an escalation of a copy at precedence p to level.
func (m *Metrics) Escalated(p cable.Precedence, level int) {
	if m != nil {
		m.escalations.WithLabelValues(p.String(), strconv.Itoa(level)).Inc()
	}
}

// Notice counts an escalation notice sent on channel with outcome.
func (m *Metrics) Notice(channel, outcome string) {
	if m != nil {
		m.notices.WithLabelValues(channel, outcome).Inc()
	}
}

// Login counts a password login's outcome.
func (m *Metrics) Login(outcome string) {
	if m != nil {
		m.logins.WithLabelValues(outcome).Inc()
	}
}

// Alert counts an insider-threat alert of kind what.
func (m *Metrics) Alert(what string) {
	if m != nil {
		m.alerts.WithLabelValues(what).Inc()
	}
}

// IngestProgress sets the running ingest's progress.
func (m *Metrics) IngestProgress(done, total int) {
	if m != nil {
		m.ingestDone.Set(float64(done))
		m.ingestTotal.Set(float64(total))
	}
}

// Ingested counts n cables an ingest handled with an outcome (stored,
// unchanged, refused).
func (m *Metrics) Ingested(outcome string, n int) {
	if m != nil && n > 0 {
		m.ingested.WithLabelValues(outcome).Add(float64(n))
	}
}

// Listener serves the metrics on an address of their own.
type Listener struct {
	srv  *http.Server
	ln   net.Listener
	done chan struct{}
}

// Listen serves m at /metrics on addr (":0" picks a port) in the
// background until Close. Only /metrics answers: the listener is for
// Prometheus, and it has no login, so it belongs on an address that only
// the operators' network reaches.
func (m *Metrics) Listen(addr string, logger *slog.Logger) (*Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	l := &Listener{ln: ln, done: make(chan struct{}),
		srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
			ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}}
	go func() {
		defer close(l.done)
		if err := l.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("metrics: serve", "err", err)
		}
	}()
	return l, nil
}

// URL is the metrics' URL, e.g. http://127.0.0.1:9464/metrics.
func (l *Listener) URL() string {
	addr := l.ln.Addr().(*net.TCPAddr)
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(addr.Port)) + "/metrics"
}

// Close stops the listener; it is safe on nil.
func (l *Listener) Close() error {
	if l == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := l.srv.Shutdown(ctx)
	<-l.done
	return err
}

// RelayCount counts n copies or receipts a node's relay sent with an
// outcome: it is relay.Node.Count.
func (m *Metrics) RelayCount(what, outcome string, n int) {
	switch what {
	case "copies":
		m.Relayed(outcome, n)
	case "receipts":
		m.Receipt(outcome, n)
	}
}
