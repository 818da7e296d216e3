package server

import (
	"net/http"

	"github.com/cable/cable/internal/cable"
)

// route is one line of the route table.
type route struct {
	pattern string // a Go 1.22 ServeMux pattern: "GET /api/v1/cables/{id}"
	gate    gate
	handler handlerFunc
}

// routes returns the server's handler: every route, in one table.
func (s *Server) routes() http.Handler {
	table := []route{
		{"GET /healthz", public, s.handleHealth},

		{"POST /api/v1/login", public, s.handleLogin},
		{"POST /api/v1/logout", public, s.handleLogout},
		{"GET /api/v1/me", signedIn, s.handleMe},
		{"POST /api/v1/me/tokens", signedIn, s.handleMyTokenCreate},

		{"GET /api/v1/cables/{id}", signedIn, s.handleCableView},
		{"GET /api/v1/cables/{id}/release", signedIn, s.handleCableRelease},
		{"GET /api/v1/cables/{id}/versions", signedIn, s.handleCableVersions},
		{"GET /api/v1/cables/{id}/refs", signedIn, s.handleCableRefs},
		{"GET /api/v1/cables/{id}/raw", signedIn, s.handleCableRaw},
		{"GET /api/v1/search", signedIn, s.handleSearch},

		{"GET /api/v1/users", adminOnly, s.handleUserList},
		{"POST /api/v1/users", adminOnly, s.handleUserCreate},
		{"PATCH /api/v1/users/{name}", adminOnly, s.handleUserUpdate},
		{"POST /api/v1/users/{name}/tokens", adminOnly, s.handleTokenCreate},
		{"GET /api/v1/audit", adminOnly, s.handleAuditList},

		// Anything else under /api/ is a JSON 404, after authentication,
		// so that an unauthenticated request to the API is always 401.
		{"/api/", signedIn, s.handleAPINotFound},
	}
	mux := http.NewServeMux()
	for _, rt := range table {
		mux.Handle(rt.pattern, s.errorHandler(s.guard(rt.gate, rt.handler)))
	}
	return s.middleware(mux)
}

// handleHealth answers that the server is up.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) handleAPINotFound(w http.ResponseWriter, r *http.Request) error {
	return cable.Errorf(cable.NotFound, "no such endpoint: %s %s", r.Method, r.URL.Path)
}
