package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/cable/cable/internal/cable"
)

// Pages sit behind the same login as the API: the session cookie that POST
// /api/v1/login sets (auth.go). The login page posts an HTML form instead
// of JSON, so that it works without JavaScript, and sets the same cookie.
// A page asked for without a session redirects to the login page, which
// sends the user back where they were going.

// pageHandler adapts a page handler: it runs h behind gate g (auth.go's
// guard) and writes an error as an HTML page, or, for a request without a
// session, as a redirect to the login page.
func (s *Server) pageHandler(g gate, h handlerFunc) http.Handler {
	guarded := s.guard(g, h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := guarded(w, r); err != nil {
			s.writePageError(w, r, err)
		}
	})
}

// errorPage is the data of error.html.
type errorPage struct {
	layout
	Status  int
	Message string
}

// writePageError writes err as an error page. Kinds map to statuses by
// statusOf, as for the API, and only Internal errors are logged.
func (s *Server) writePageError(w http.ResponseWriter, r *http.Request, err error) {
	kind := cable.KindOf(err)
	if kind == cable.Unauthenticated {
		next := ""
		if r.Method == http.MethodGet {
			next = r.URL.RequestURI()
		}
		redirect(w, r, loginPath(next, cable.MessageOf(err)))
		return
	}
	msg := cable.MessageOf(err)
	if kind == cable.Internal {
		if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
			return
		}
		msg = "Something went wrong on the server. The error has been logged."
		s.Logger.Error("request failed", "request_id", requestIDOf(r.Context()), "method", r.Method, "path", r.URL.Path, "user", userName(r.Context()), "err", err)
	}
	data := errorPage{Status: statusOf(kind), Message: msg}
	if u, aerr := s.authenticate(r); aerr == nil {
		r = r.WithContext(cable.NewContextWithUser(r.Context(), u))
		data.layout = s.page(r, "")
	}
	if rerr := s.render(w, data.Status, "error.html", data); rerr != nil {
		s.Logger.Error("render error page", "err", rerr)
		http.Error(w, msg, data.Status)
	}
}

// loginPath returns the login page's path, to come back to next.
func loginPath(next, why string) string {
	v := url.Values{}
	if safeNext(next) != "/" {
		v.Set("next", next)
	}
	if strings.Contains(why, "expired") {
		v.Set("done", "session-end")
	}
	if len(v) == 0 {
		return "/login"
	}
	return "/login?" + v.Encode()
}

// safeNext returns next if it is a path on this server, else "/": the
// login form must not send a user to another site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

// loginPage is the data of login.html.
type loginPage struct {
	layout
	Name, Next, Error string
	Configured        bool
}

// handleLoginPage shows the login form.
func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.authenticate(r); err == nil {
		return redirect(w, r, safeNext(r.URL.Query().Get("next")))
	}
	data := loginPage{layout: s.page(r, ""), Next: safeNext(r.URL.Query().Get("next")), Configured: s.SessionKey != nil}
	return s.render(w, http.StatusOK, "login.html", data)
}

// handleLoginForm checks the login form's name and password, sets the
// session cookie and sends the user on.
func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) error {
	data := loginPage{layout: s.page(r, ""), Name: r.PostFormValue("name"), Next: safeNext(r.PostFormValue("next")),
		Configured: s.SessionKey != nil}
	if !data.Configured {
		data.Error = "Login is not configured on this server."
		return s.render(w, http.StatusServiceUnavailable, "login.html", data)
	}
	u, err := s.checkPassword(r.Context(), data.Name, r.PostFormValue("password"))
	if cable.KindOf(err) == cable.Unauthenticated {
		data.Error = "That name and password do not match."
		return s.render(w, http.StatusUnauthorized, "login.html", data)
	}
	if cable.KindOf(err) == cable.Exhausted {
		setRetryAfter(w, err, s.Now())
		data.Error = "Too many failed logins from this account or address: wait, or ask an administrator to unlock the account."
		return s.render(w, http.StatusTooManyRequests, "login.html", data)
	}
	if errors.Is(err, errLoginBusy) {
		setRetryAfter(w, err, s.Now())
		data.Error = "The server is busy with other logins. Try again in a moment."
		return s.render(w, http.StatusServiceUnavailable, "login.html", data)
	}
	if err != nil {
		return err
	}
	if err := s.startSession(w, r, u); err != nil {
		return err
	}
	s.Logger.Info("login", "user", u.Name, "via", "page")
	return redirect(w, r, data.Next)
}

// handleLogoutForm ends the session, deletes its cookie and shows the
// login page.
func (s *Server) handleLogoutForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.endSession(r); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode,
	})
	return redirect(w, r, withDone("/login", "logged-out"))
}
