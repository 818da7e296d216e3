package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
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
	id    string // the request id, answered as X-Request-Id
	user  string
	route string // the route's pattern, set when a route takes the request
}

// requestIDHeader carries a request's id: taken from a proxy in front when
// it sends a sane one, else made here, and answered either way, so that a
// user's report, the proxy's log and this log name the same request.
const requestIDHeader = "X-Request-Id"

// requestID returns the id of r: the client's when it is 1 to 64 letters,
// digits, dots, dashes or underscores (anything else could forge log
// lines), else 16 random hex digits.
func requestID(r *http.Request) string {
	if id := r.Header.Get(requestIDHeader); id != "" && len(id) <= 64 && strings.Trim(id, idChars) == "" {
		return id
	}
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

const idChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-"

// routed records the route's pattern for the request log and the metrics:
// the pattern, never the path, names a route without the ids in it.
func routed(pattern string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if info := requestInfoFrom(r.Context()); info != nil {
			info.route = pattern
		}
		h.ServeHTTP(w, r)
	})
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

// logRequests logs every request once it is answered: its id, method,
// route, path, status, size, duration and user; and counts it in the
// metrics. The query string is not logged: it holds search terms, which
// may be classified words. A panic is logged and answered 500.
func (s *Server) logRequests(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &requestInfo{id: requestID(r)}
		w.Header().Set(requestIDHeader, info.id)
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Logger.Error("panic", "request_id", info.id, "method", r.Method, "route", info.route, "path", r.URL.Path,
					"user", info.user, "panic", v)
				if sw.status == 0 {
					writeJSON(sw, http.StatusInternalServerError, api.Error{Error: "internal error"})
				}
			}
			d := time.Since(start)
			s.Logger.Info("request", "request_id", info.id, "method", r.Method, "route", info.route, "path", r.URL.Path,
				"status", sw.status, "size", sw.size, "duration", d, "user", info.user, "remote", r.RemoteAddr)
			s.Metrics.ObserveRequest(info.route, sw.status, d)
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
	return strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz" || r.URL.Path == "/readyz"
}

// requestIDOf returns the id of the request ctx belongs to, or "".
func requestIDOf(ctx context.Context) string {
	if info := requestInfoFrom(ctx); info != nil {
		return info.id
	}
	return ""
}
