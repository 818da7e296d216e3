package server

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/cable/cable/internal/cable"
)

// Liveness and readiness (docs/operations.md). /healthz says the process
// answers and touches nothing else, so that a supervisor restarts only a
// process that is stuck. /readyz says whether this process should be
// sent traffic: the database answers a query within ReadyTimeout, its
// migrations are current, the search index is not far behind, and each
// of ReadyChecks (the dispatcher, the relay links) passes. Both are
// public and say nothing of the archive: counts and states, no names.

// Defaults of the readiness fields of [Server].
const (
	DefaultReadyTimeout  = time.Second
	DefaultIndexLagReady = 1000
)

// ReadyCheck is one check of /readyz besides the database's.
type ReadyCheck struct {
	Name string
	// Check returns what /readyz shows of the check (counts, states:
	// nothing secret, /readyz is public), and an error when the server
	// should not be sent traffic. Its ctx ends after ReadyTimeout.
	Check func(ctx context.Context) (detail any, err error)
}

// healthChecker is a store that can say how it is (cable.StoreHealth).
type healthChecker interface {
	HealthCheck(ctx context.Context) (cable.StoreHealth, error)
}

// readyResult is one check in /readyz's answer.
type readyResult struct {
	OK     bool   `json:"ok"`
	Detail any    `json:"detail,omitempty"`
	Error  string `json:"error,omitempty"`
}

// handleHealth answers that the process is up, and nothing more.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// handleReady runs the checks, all within ReadyTimeout, and answers 200
// when all pass and 503 when one does not.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), s.ReadyTimeout)
	defer cancel()
	checks := map[string]readyResult{"database": s.checkDatabase(ctx)}
	for _, c := range s.ReadyChecks {
		detail, err := c.Check(ctx)
		res := readyResult{OK: err == nil, Detail: detail}
		if err != nil {
			res.Error = err.Error()
		}
		checks[c.Name] = res
	}
	status, word := http.StatusOK, "ready"
	for _, c := range checks {
		if !c.OK {
			status, word = http.StatusServiceUnavailable, "not ready"
		}
	}
	return writeJSON(w, status, map[string]any{"status": word, "checks": checks})
}

// checkDatabase asks the store how it is. A store error is logged, not
// shown: it may name files and hosts.
func (s *Server) checkDatabase(ctx context.Context) readyResult {
	hc, ok := s.DB.(healthChecker)
	if !ok {
		return readyResult{OK: true, Detail: "no health check"}
	}
	start := time.Now()
	h, err := hc.HealthCheck(ctx)
	took := time.Since(start)
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return readyResult{Error: "no answer within " + s.ReadyTimeout.String()}
	case err != nil:
		s.Logger.Error("readiness: database", "err", err)
		return readyResult{Error: "the database did not answer"}
	}
	detail := map[string]any{"migrations": h.Migrations, "known_migrations": h.Known, "index_behind": h.IndexBehind,
		"took_ms": took.Milliseconds()}
	switch {
	case h.Migrations < h.Known:
		return readyResult{Detail: detail, Error: "migrations pending: run cable with this binary once to apply them"}
	case h.Migrations > h.Known:
		return readyResult{Detail: detail, Error: "the database was migrated by a newer binary"}
	case h.IndexBehind > s.IndexLagReady:
		return readyResult{Detail: detail, Error: "the search index is behind"}
	}
	return readyResult{OK: true, Detail: detail}
}
