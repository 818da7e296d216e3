package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
)

// handlerFunc is a handler that returns its error instead of writing it:
// errorHandler writes it, in one way for every route.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// statusOf is the one table from error kind to HTTP status. Forbidden is
// for administrative actions only: a cable the caller may not see is
// NotFound, because its existence is itself classified.
func statusOf(k cable.Kind) int {
	switch k {
	case cable.Invalid:
		return http.StatusBadRequest
	case cable.Unauthenticated:
		return http.StatusUnauthorized
	case cable.Forbidden:
		return http.StatusForbidden
	case cable.NotFound:
		return http.StatusNotFound
	case cable.Conflict:
		return http.StatusConflict
	case cable.Unavailable:
		return http.StatusServiceUnavailable
	case cable.Exhausted:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// errorHandler adapts h to an http.Handler that writes h's error as JSON:
// {"error": message}. The message of an Internal error is generic and its
// detail goes to the log; other kinds carry a message made to be shown.
func (s *Server) errorHandler(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// writeError writes err as an error answer.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	kind := cable.KindOf(err)
	status := statusOf(kind)
	msg := cable.MessageOf(err)
	if kind == cable.Internal {
		msg = "internal error"
		if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
			return // the client went away; nobody is left to answer
		}
		s.Logger.Error("request failed", "request_id", requestIDOf(r.Context()), "method", r.Method, "path", r.URL.Path, "user", userName(r.Context()), "err", err)
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="cable"`)
	}
	writeJSON(w, status, api.Error{Error: msg})
}

// writeJSON writes v as the JSON answer with status. It returns nil, so
// that handlers may end with it: once the answer has begun, a failure to
// write it (the client went away) cannot be answered.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v) // the wire types always encode
	return nil
}

// writeText writes a telegram (or any text) as a text/plain answer. It
// returns nil, as writeJSON does.
func writeText(w http.ResponseWriter, text string) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(text))
	return nil
}

// maxBody bounds request bodies: the API takes small JSON documents only.
const maxBody = 1 << 20

// decodeJSON reads the request body into v. Unknown fields are an error,
// so that a misspelt field is not silently ignored.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &cable.Error{Kind: cable.Invalid, Message: "request body: " + err.Error(), Err: err}
	}
	return nil
}
