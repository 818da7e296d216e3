package server

import (
	"fmt"
	"net/http"
	"strings"

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
		{"GET /readyz", public, s.handleReady},
		{"GET /metrics", public, s.handleMetricsElsewhere},

		{"POST /api/v1/login", public, s.handleLogin},
		{"POST /api/v1/logout", public, s.handleLogout},
		{"GET /api/v1/me", signedIn, s.handleMe},
		{"POST /api/v1/me/tokens", signedIn, s.handleMyTokenCreate},
		{"GET /api/v1/me/tokens", signedIn, s.handleMyTokens},
		{"DELETE /api/v1/me/tokens/{id}", signedIn, s.handleMyTokenRevoke},
		{"POST /api/v1/me/password", signedIn, s.handleMyPassword},
		{"GET /api/v1/me/budget", signedIn, s.handleMyBudget},
		{"POST /api/v1/me/raises", signedIn, s.handleRaiseRequest},
		{"GET /api/v1/raises", signedIn, s.handleRaiseList},
		{"POST /api/v1/raises/{id}", adminOnly, s.handleRaiseDecide},
		{"GET /api/v1/alerts", adminOnly, s.handleAlertList},

		{"GET /api/v1/cables", signedIn, s.handleCableList},
		{"GET /api/v1/cables/{id}", signedIn, s.handleCableView},
		{"GET /api/v1/cables/{id}/release", signedIn, s.handleCableRelease},
		{"GET /api/v1/cables/{id}/versions", signedIn, s.handleCableVersions},
		{"GET /api/v1/cables/{id}/refs", signedIn, s.handleCableRefs},
		{"GET /api/v1/cables/{id}/raw", signedIn, s.handleCableRaw},
		{"GET /api/v1/cables/{id}/signature", signedIn, s.handleCableSignature},
		{"GET /api/v1/cables/{id}/reviews", signedIn, s.handleReviewList},
		{"GET /api/v1/cables/{id}/quality", signedIn, s.handleCableQuality},
		{"POST /api/v1/cables/{id}/reviews", signedIn, s.handleReviewCreate},
		{"GET /api/v1/review/queue", signedIn, s.handleReviewQueue},
		{"GET /api/v1/search", signedIn, s.handleSearch},
		{"GET /api/v1/searches", signedIn, s.handleSavedList},
		{"POST /api/v1/searches", signedIn, s.handleSavedCreate},
		{"GET /api/v1/searches/{id}", signedIn, s.handleSavedView},
		{"DELETE /api/v1/searches/{id}", signedIn, s.handleSavedDelete},
		{"POST /api/v1/searches/{id}/seen", signedIn, s.handleSavedSeen},

		// The public reading room (api_public.go, page_public.go): anyone,
		// signed in or not, as the public reader, limited per address.
		{"GET /api/v1/public/search", public, s.reading(s.handlePublicSearch)},
		{"GET /api/v1/public/cables/{id}", public, s.reading(s.handlePublicCable)},

		{"GET /api/v1/users", adminOnly, s.handleUserList},
		{"POST /api/v1/users", adminOnly, s.handleUserCreate},
		{"PATCH /api/v1/users/{name}", adminOnly, s.handleUserUpdate},
		{"POST /api/v1/users/{name}/tokens", adminOnly, s.handleTokenCreate},
		{"DELETE /api/v1/users/{name}/tokens/{id}", adminOnly, s.handleTokenRevoke},
		{"PUT /api/v1/users/{name}/budget", adminOnly, s.handleBudgetSet},
		{"POST /api/v1/users/{name}/unlock", adminOnly, s.handleUnlock},
		{"GET /api/v1/user-changes", adminOnly, s.handleUserChangeList},
		{"POST /api/v1/user-changes/{id}", adminOnly, s.handleUserChangeDecide},
		{"GET /api/v1/audit", adminOnly, s.handleAuditList},

		// Traffic (api_directory.go, api_traffic.go): the store's
		// TrafficService decides roles and access; 503 without one.
		{"GET /api/v1/directory", signedIn, s.handleDirectoryList},
		{"GET /api/v1/directory/{plad}", signedIn, s.handleDirectoryView},
		{"POST /api/v1/directory", adminOnly, s.handleDirectoryCreate},
		{"PATCH /api/v1/directory/{plad}", adminOnly, s.handleDirectoryUpdate},
		{"PUT /api/v1/directory/{plad}/serials/{year}", adminOnly, s.handleSerialSet},
		{"POST /api/v1/drafts", signedIn, s.handleAPIDraftCreate},
		{"GET /api/v1/drafts", signedIn, s.handleAPIDraftList},
		{"GET /api/v1/drafts/{id}", signedIn, s.handleAPIDraftView},
		{"PATCH /api/v1/drafts/{id}", signedIn, s.handleAPIDraftUpdate},
		{"POST /api/v1/drafts/{id}/clearances", signedIn, s.handleAPIDraftClear},
		{"POST /api/v1/drafts/{id}/release", signedIn, s.handleAPIDraftRelease},
		{"GET /api/v1/inbox", signedIn, s.handleInboxList},
		{"POST /api/v1/inbox/{id}/read", signedIn, s.handleInboxRead},
		{"POST /api/v1/inbox/{id}/ack", signedIn, s.handleInboxAck},
		{"GET /api/v1/cables/{id}/deliveries", signedIn, s.handleCableDeliveries},
		{"GET /api/v1/cables/{id}/events", signedIn, s.handleCableEvents},
		{"GET /api/v1/actions", signedIn, s.handleActionList},
		{"GET /api/v1/actions/report", signedIn, s.handleTaskingReport},
		{"GET /api/v1/speed-of-service", adminOnly, s.handleSpeedOfService},

		// Anything else under /api/ is a JSON 404, after authentication,
		// so that an unauthenticated request to the API is always 401.
		{"/api/", signedIn, s.handleAPINotFound},

		// The web UI (page_*.go): HTML pages and form posts outside
		// /api/v1/. A page asked for without a session redirects to
		// /login; errors are pages.
		{"GET /static/", public, s.handleStatic},
		{"GET /print.css", public, s.handlePrintCSS},
		{"GET /login", public, s.handleLoginPage},
		{"POST /login", public, s.handleLoginForm},
		{"POST /logout", public, s.handleLogoutForm},

		{"GET /{$}", signedIn, s.handleInboxPage},
		{"POST /inbox/ack", signedIn, s.handleAckForm},

		{"GET /cables/{id}", signedIn, s.handleCablePage},
		{"GET /cables/{id}/telegram", signedIn, s.handleTelegramPage},
		{"GET /cables/{id}/versions", signedIn, s.handleVersionsPage},
		{"GET /cables/{id}/release", signedIn, s.handleReleasePage},
		{"GET /search", signedIn, s.handleSearchPage},
		{"GET /searches", signedIn, s.handleSearchesPage},
		{"POST /searches", signedIn, s.handleSearchSave},
		{"POST /searches/{id}/delete", signedIn, s.handleSearchDelete},
		{"POST /searches/{id}/seen", signedIn, s.handleSearchSeen},
		{"GET /public", public, s.reading(s.handlePublicSearchPage)},
		{"GET /public/cables/{id}", public, s.reading(s.handlePublicCablePage)},

		{"GET /compose", signedIn, s.handleComposePage},
		{"POST /compose/check", signedIn, s.handleComposeCheck},
		{"GET /drafts", signedIn, s.handleDraftsPage},
		{"POST /drafts", signedIn, s.handleDraftCreate},
		{"POST /drafts/autosave", signedIn, s.handleAutosaveCreate},
		{"POST /drafts/{id}/autosave", signedIn, s.handleAutosaveUpdate},
		{"GET /drafts/{id}", signedIn, s.handleDraftPage},
		{"POST /drafts/{id}", signedIn, s.handleDraftSave},
		{"POST /drafts/{id}/clear", signedIn, s.handleDraftClear},
		{"POST /drafts/{id}/release", signedIn, s.handleDraftRelease},

		{"GET /reports", signedIn, s.handleReportsPage},

		{"GET /budget", signedIn, s.handleBudgetPage},
		{"POST /budget", signedIn, s.handleBudgetForm},

		{"GET /admin", adminOnly, s.handleAdminPage},
		{"POST /admin/raises/{id}", adminOnly, s.handleAdminRaise},
		{"POST /admin/changes/{id}", adminOnly, s.handleAdminChange},
		{"POST /admin/users", adminOnly, s.handleAdminUserCreate},
		{"GET /admin/users/{name}", adminOnly, s.handleAdminUserPage},
		{"POST /admin/users/{name}", adminOnly, s.handleAdminUserSave},
		{"POST /admin/sites", adminOnly, s.handleAdminSiteCreate},

		{"/", signedIn, s.handlePageNotFound},
	}
	mux := http.NewServeMux()
	s.apiRoutes = http.NewServeMux()
	for _, rt := range table {
		if isPagePattern(rt.pattern) {
			mux.Handle(rt.pattern, routed(rt.pattern, s.pageHandler(rt.gate, rt.handler)))
			continue
		}
		h := rt.handler
		if strings.Contains(rt.pattern, " /api/") {
			h = knownParams(rt.pattern, h)
			s.apiRoutes.Handle(rt.pattern, http.NotFoundHandler())
		}
		mux.Handle(rt.pattern, routed(rt.pattern, s.errorHandler(s.guard(rt.gate, h))))
	}
	if s.Relay != nil {
		// The relay endpoint is for sites, not users: package relay
		// authenticates each request by its site signature.
		mux.Handle("/relay/", routed("/relay/", s.Relay))
	}
	return s.middleware(mux)
}

// isPagePattern reports whether a route serves the web UI, whose errors
// are pages, rather than the JSON API.
func isPagePattern(pattern string) bool {
	_, p, found := strings.Cut(pattern, " ")
	if !found {
		p = pattern
	}
	return !strings.HasPrefix(p, "/api/") && p != "/healthz" && p != "/readyz" && p != "/metrics"
}

// handleAPINotFound answers a request no API route serves: 405 with the
// Allow header when routes serve its path with other methods, else 404.
func (s *Server) handleAPINotFound(w http.ResponseWriter, r *http.Request) error {
	if allow := allowedMethods(s.apiRoutes, r); len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		return writeJSON(w, http.StatusMethodNotAllowed, map[string]string{
			"error": fmt.Sprintf("%s is not served at %s: use %s", r.Method, r.URL.Path, strings.Join(allow, ", "))})
	}
	return cable.Errorf(cable.NotFound, "no such endpoint: %s %s", r.Method, r.URL.Path)
}

// handleMetricsElsewhere answers that metrics are not served here: they
// have a listener of their own (cable serve --metrics-addr), which only
// the operators' network should reach.
func (s *Server) handleMetricsElsewhere(w http.ResponseWriter, r *http.Request) error {
	return cable.Errorf(cable.NotFound, "metrics are served on the metrics address (cable serve --metrics-addr), not here")
}
