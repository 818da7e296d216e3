package server

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
)

// middleware wraps the routes in what every request goes through, outermost
// first: the request log (with panic recovery), security headers, and
// cross-origin protection for state-changing requests.
func (s *Server) middleware(h http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusForbidden, api.Error{Error: "cross-origin request refused"})
	}))
	return s.logRequests(securityHeaders(cop.Handler(h)))
}

// requestInfo is what the request log learns while the request runs.
type requestInfo struct {
	user string
}

type requestInfoKey struct{}

func requestInfoFrom(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return info
}

// statusWriter records the status and size of an answer.
type statusWriter struct {
	http.ResponseWriter
	status int
	size   int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.size += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests logs every request once it is answered: method, path,
// status, size, duration and user. The query string is not logged: it holds
// search terms, which may be classified words. A panic is logged and
// answered 500.
func (s *Server) logRequests(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &requestInfo{}
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Logger.Error("panic", "method", r.Method, "path", r.URL.Path, "user", info.user, "panic", v)
				if sw.status == 0 {
					writeJSON(sw, http.StatusInternalServerError, api.Error{Error: "internal error"})
				}
			}
			s.Logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
				"size", sw.size, "duration", time.Since(start), "user", info.user, "remote", r.RemoteAddr)
		}()
		ctx := context.WithValue(r.Context(), requestInfoKey{}, info)
		// The audit log records where each action came from.
		ctx = cable.NewContextWithClient(ctx, r.RemoteAddr)
		h.ServeHTTP(sw, r.WithContext(ctx))
	})
}

// securityHeaders sets the headers every answer carries. Answers are never
// cached (they hold cable text, and what a reader may see changes with
// their clearance); they are not to be sniffed as another type nor framed.
// The JSON API also gets a Content-Security-Policy that allows nothing; the
// web UI's pages will set their own.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Cache-Control", "no-store")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		if isAPI(r) {
			hd.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		}
		h.ServeHTTP(w, r)
	})
}

func isAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz"
}
