// Package server is cable's HTTP server: the JSON API under /api/v1/ and
// the web UI's server-rendered pages beside it (page_*.go, templates/,
// static/). Every route is in routes.go; handlers return errors, which
// errors.go turns into statuses in one table (and page_auth.go into error
// pages).
//
// Every cable answer is built from the caller's view (package access): a
// cable the caller may not know of is 404, worded exactly as for a cable
// that does not exist, and never 403.
package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/metrics"
)

// Defaults of [Server]'s fields.
const (
	DefaultAddr            = ":8080"
	DefaultSessionTTL      = 12 * time.Hour
	DefaultShutdownTimeout = 10 * time.Second
	DefaultSearchTimeout   = 5 * time.Second
	DefaultIdleTimeout     = 30 * time.Minute
	// DefaultSearchAlertHits is how many search hits a user may page
	// through in an hour before the security officers are alerted.
	DefaultSearchAlertHits = 1000
)

// DB is what the server needs of a store. A store that also implements
// cable.TrafficService serves the traffic pages (inbox, compose, drafts);
// without it the archive pages still work (see Server.traffic).
type DB interface {
	cable.CableService
	cable.UserService
	// FindAudit returns the audit entries of cable id (all entries when id
	// is empty), newest first. It returns Forbidden unless the caller is an
	// administrator.
	FindAudit(ctx context.Context, id string, limit int) ([]cable.AuditEntry, error)
	// CountAuditByDay counts the audit entries of kinds in [since, until)
	// a day (UTC) and kind, oldest first; Forbidden unless the caller is
	// an administrator.
	CountAuditByDay(ctx context.Context, since, until time.Time, kinds ...string) ([]cable.AuditDay, error)
	// Audit appends an entry to the audit log for an action of the caller
	// in ctx (kind is one of package audit's Kind words), or returns an
	// error: the action must then not happen.
	Audit(ctx context.Context, kind, id, detail string) error
	// The insider-threat controls: budgets, alerts, sessions, tokens,
	// throttling, two-person changes (package guard).
	cable.GuardService
	SetUserBudget(ctx context.Context, name string, b cable.ReadBudget) error
}

// Server serves the API. Set its fields, then call Open; Close stops it.
type Server struct {
	// Addr is the TCP address to listen on; ":0" picks a free port (see
	// URL). Defaults to DefaultAddr.
	Addr string
	// DB is the store. Required.
	DB DB
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// Now returns the current time, which views depend on
	// (declassification) and sessions expire by. Defaults to time.Now.
	Now func() time.Time
	// SessionKey signs session cookies; at least 32 bytes (see LoadKey).
	// Without it, POST /api/v1/login answers 503 and only API tokens
	// authenticate.
	SessionKey []byte
	// SessionTTL is how long a login lasts at most, and IdleTimeout how
	// long a session lasts without a request. Default to
	// DefaultSessionTTL and DefaultIdleTimeout.
	SessionTTL  time.Duration
	IdleTimeout time.Duration
	// ReadBudget is a reader's budget of full reads (budget.go); defaults
	// to cable.DefaultReadBudget. RoleBudgets raise it for the holders of
	// a traffic role (a post's duty officer reads more); a user's own
	// budget, set by a security officer, overrides both.
	ReadBudget  cable.ReadBudget
	RoleBudgets map[cable.RoleKind]cable.ReadBudget
	// SearchAlertHits is how many search hits a user may page through in
	// an hour before an alert. Defaults to DefaultSearchAlertHits.
	SearchAlertHits int
	// AlertWebhook, when set, is a URL each alert is POSTed to as JSON.
	AlertWebhook string
	// TwoPerson makes a change of a user's access a request that a second
	// administrator approves (api_guard.go).
	TwoPerson bool
	// TLSCert and TLSKey, when set, are the PEM files Open serves HTTPS
	// with.
	TLSCert, TLSKey string
	// ShutdownTimeout bounds how long Close waits for requests in flight.
	// Defaults to DefaultShutdownTimeout.
	ShutdownTimeout time.Duration
	// SearchTimeout bounds the work of one search, suggestions included:
	// past it the store's statements are cancelled and the caller gets a
	// 503, so that one costly search cannot hold the database and the
	// cores from everyone else. Defaults to DefaultSearchTimeout.
	SearchTimeout time.Duration
	// MaxLogins bounds the password checks in flight, and LoginWait how
	// long a login waits for one of them before it is refused with 503
	// (auth_limit.go). Default to DefaultMaxLogins() and DefaultLoginWait.
	MaxLogins int
	LoginWait time.Duration
	// Relay, when set, serves /relay/v1/ (package relay): the endpoint
	// other sites' nodes post copies and receipts to (docs/sites.md).
	Relay http.Handler
	// MaxUserSearches bounds one caller's searches in flight; one more is
	// refused with 503 (search_limit.go). Defaults to
	// DefaultMaxUserSearches.
	MaxUserSearches int
	// ReadyTimeout bounds /readyz's checks; IndexLagReady is how many
	// changes the search index may be behind for /readyz to pass;
	// ReadyChecks are its checks besides the database's (health.go).
	// Default to DefaultReadyTimeout and DefaultIndexLagReady.
	ReadyTimeout  time.Duration
	IndexLagReady int
	ReadyChecks   []ReadyCheck
	// Metrics, when set, counts requests, searches, logins and alerts
	// (package metrics); they are served on a listener of their own, never
	// this one.
	Metrics *metrics.Metrics
	// PublicRate is how many requests to the public reading room one
	// client address may make a minute (public_limit.go). Defaults to
	// DefaultPublicRate.
	PublicRate int
	// AutosaveEvery is how often the compose page saves a changed form as
	// a draft (page_autosave.go). Defaults to DefaultAutosaveEvery.
	AutosaveEvery time.Duration

	ln       net.Listener
	http     *http.Server
	done     chan struct{}
	pages    pageSet       // the web UI's templates, parsed by init
	logins   chan struct{} // a slot per password check in flight
	searches searchSlots   // each caller's searches in flight
	// alertCounts are the navigation's counts of saved searches' new
	// matches (page_saved_cache.go).
	alertCounts alertCache
	alerts      chan struct{} // a slot per webhook post in flight
	// apiRoutes are the API's routes with a method, for the Allow
	// header of a 405 (api_params.go).
	apiRoutes *http.ServeMux
	// publicLimit is the reading room's allowance per client address.
	publicLimit *addrLimiter
}

// Open validates the configuration, listens on Addr and serves in the
// background.
func (s *Server) Open() error {
	if err := s.init(); err != nil {
		return err
	}
	var tc *tls.Config
	if s.TLSCert != "" {
		var err error
		if tc, err = s.tlsConfig(); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.Addr, err)
	}
	s.ln = ln
	s.http = &http.Server{
		Handler:           s.routes(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.Logger.Handler(), slog.LevelWarn),
		TLSConfig:         tc,
	}
	s.done = make(chan struct{})
	go func() {
		defer close(s.done)
		serve := func() error { return s.http.Serve(ln) }
		if s.TLSCert != "" {
			serve = func() error { return s.http.ServeTLS(ln, "", "") }
		}
		if err := serve(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.Logger.Error("serve", "err", err)
		}
	}()
	return nil
}

// init checks the fields and fills in defaults.
func (s *Server) init() error {
	if s.DB == nil {
		return errors.New("server: no DB")
	}
	if (s.TLSCert == "") != (s.TLSKey == "") {
		return errors.New("server: TLS needs both a certificate and a key")
	}
	if s.SessionKey != nil && len(s.SessionKey) < minKeySize {
		return fmt.Errorf("server: session key has %d bytes, want at least %d", len(s.SessionKey), minKeySize)
	}
	if s.Addr == "" {
		s.Addr = DefaultAddr
	}
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.SessionTTL <= 0 {
		s.SessionTTL = DefaultSessionTTL
	}
	if s.IdleTimeout <= 0 {
		s.IdleTimeout = DefaultIdleTimeout
	}
	if s.ReadBudget.Hour <= 0 {
		s.ReadBudget.Hour = cable.DefaultReadBudget.Hour
	}
	if s.ReadBudget.Day <= 0 {
		s.ReadBudget.Day = cable.DefaultReadBudget.Day
	}
	if s.SearchAlertHits <= 0 {
		s.SearchAlertHits = DefaultSearchAlertHits
	}
	if s.alerts == nil {
		s.alerts = make(chan struct{}, maxAlertPosts)
	}
	if s.ShutdownTimeout <= 0 {
		s.ShutdownTimeout = DefaultShutdownTimeout
	}
	if s.SearchTimeout <= 0 {
		s.SearchTimeout = DefaultSearchTimeout
	}
	if s.MaxUserSearches <= 0 {
		s.MaxUserSearches = DefaultMaxUserSearches
	}
	if s.PublicRate <= 0 {
		s.PublicRate = DefaultPublicRate
	}
	if s.publicLimit == nil {
		s.publicLimit = newAddrLimiter(s.PublicRate)
	}
	if s.MaxLogins <= 0 {
		s.MaxLogins = DefaultMaxLogins()
	}
	if s.ReadyTimeout <= 0 {
		s.ReadyTimeout = DefaultReadyTimeout
	}
	if s.IndexLagReady <= 0 {
		s.IndexLagReady = DefaultIndexLagReady
	}
	if s.LoginWait <= 0 {
		s.LoginWait = DefaultLoginWait
	}
	if s.logins == nil {
		s.logins = make(chan struct{}, s.MaxLogins)
	}
	if s.pages == nil {
		pages, err := parsePages()
		if err != nil {
			return fmt.Errorf("server: %w", err)
		}
		s.pages = pages
	}
	return nil
}

// Handler validates the configuration and returns the server's handler
// without listening: for tests and benchmarks that serve through
// httptest, and for embedding the server in another one.
func (s *Server) Handler() (http.Handler, error) {
	if err := s.init(); err != nil {
		return nil, err
	}
	return s.routes(), nil
}

// URL returns the base URL the server is reachable at, e.g.
// http://localhost:8080; a wildcard address is written as localhost. It is
// empty before Open.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	addr := s.ln.Addr().(*net.TCPAddr)
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "localhost"
	}
	scheme := "http"
	if s.TLSCert != "" {
		scheme = "https"
	}
	return scheme + "://" + net.JoinHostPort(host, fmt.Sprint(addr.Port))
}

// Close stops accepting connections and waits up to ShutdownTimeout for
// the requests in flight, then closes what is left. It is safe to call
// before Open and more than once.
func (s *Server) Close() error {
	if s.http == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.ShutdownTimeout)
	defer cancel()
	err := s.http.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		s.Logger.Warn("shutdown timed out: closing open connections", "timeout", s.ShutdownTimeout)
		err = s.http.Close()
	}
	<-s.done
	return err
}
