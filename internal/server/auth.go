package server

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
)

// Authentication. An API client sends "Authorization: Bearer TOKEN", a
// token from UserService.CreateToken (cable user token NAME). A browser
// logs in with POST /api/v1/login and is given a session cookie.
//
// Sessions are rows in the store (package guard), not signed cookies: the
// cookie holds a random secret and the store its hash, so that logout
// ends the session wherever the cookie was copied, and a password change
// or an administrator's change of the user's clearance, citizenship,
// read-ins or posts ends the user's other sessions. A session ends after
// IdleTimeout without a request (30 minutes by default) and SessionTTL
// after login (12 hours), as NIST SP 800-63B asks of a session that
// reads classified material. The user is looked up on every request, so
// a change of access applies at once. SessionKey (session.key) is still
// what turns logins on.
//
// The cookie is HttpOnly and SameSite=Strict, and Secure when the request
// came over TLS. http.CrossOriginProtection (middleware.go) also refuses
// cross-origin POST and PATCH requests.

// sessionCookie is the name of the session cookie.
const sessionCookie = "cable_session"

// minKeySize is the least number of bytes of a session key.
const minKeySize = 32

// LoadKey returns the session key stored in the file path, creating the
// file with a new random key, readable by its owner only, when there is
// none.
func LoadKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		if len(b) < minKeySize {
			return nil, fmt.Errorf("session key %s: %d bytes, want at least %d", path, len(b), minKeySize)
		}
		return b, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("session key: %w", err)
	}
	b = make([]byte, minKeySize)
	rand.Read(b)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("session key: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return nil, fmt.Errorf("session key: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("session key: %w", err)
	}
	return b, nil
}

// errNotSignedIn is the answer to a request without credentials.
var errNotSignedIn = cable.Errorf(cable.Unauthenticated, "sign in: send Authorization: Bearer TOKEN, or log in at /api/v1/login")

// authenticate returns the user a request comes from, or an
// Unauthenticated error.
func (s *Server) authenticate(r *http.Request) (*cable.User, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			return nil, cable.Errorf(cable.Unauthenticated, "authorization: want Bearer TOKEN")
		}
		return s.DB.UserByToken(r.Context(), strings.TrimSpace(token))
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil, errNotSignedIn
	}
	if s.SessionKey == nil || c.Value == "" {
		return nil, cable.Errorf(cable.Unauthenticated, "session expired: log in again")
	}
	return s.DB.UserBySession(r.Context(), c.Value, s.Now(), s.IdleTimeout)
}

// sessionOf returns the hash of the request's session, or "".
func sessionOf(r *http.Request) string {
	if r.Header.Get("Authorization") != "" {
		return ""
	}
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		return cable.SessionHash(c.Value)
	}
	return ""
}

// endSession ends the request's session, if it has one, wherever its
// cookie was copied; the store audits the logout. A logout that cannot be
// recorded fails.
func (s *Server) endSession(r *http.Request) error {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	return s.DB.EndSession(r.Context(), c.Value)
}

// startSession starts a session for u in the store and sets its cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *cable.User) error {
	now := s.Now()
	exp := now.Add(s.SessionTTL)
	secret, err := s.DB.CreateSession(r.Context(), u.ID, now, exp)
	if err != nil {
		return err
	}
	if info := requestInfoFrom(r.Context()); info != nil {
		info.user = u.Name // the login's request line names who logged in
	}
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    secret,
		Path:     "/",
		Expires:  exp,
		MaxAge:   int(s.SessionTTL / time.Second),
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteStrictMode,
	})
	return nil
}

// gate says who may call a route.
type gate int

const (
	public    gate = iota // anyone
	signedIn              // any user
	adminOnly             // administrators
)

// guard runs h with the caller in the request's context, after checking
// that g lets them in.
func (s *Server) guard(g gate, h handlerFunc) handlerFunc {
	if g == public {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		u, err := s.authenticate(r)
		if err != nil {
			return err
		}
		if g == adminOnly && !u.Admin {
			return cable.Errorf(cable.Forbidden, "only administrators may do this")
		}
		if info := requestInfoFrom(r.Context()); info != nil {
			info.user = u.Name
		}
		ctx := cable.NewContextWithUser(r.Context(), u)
		if h := sessionOf(r); h != "" {
			ctx = cable.NewContextWithSession(ctx, h)
		}
		return h(w, r.WithContext(ctx))
	}
}

// caller returns the user a guarded handler runs for.
func caller(ctx context.Context) *cable.User { return cable.UserFromContext(ctx) }

// readerOf returns the access reader of the caller.
func readerOf(ctx context.Context) access.Reader { return access.ReaderOf(caller(ctx)) }

// userName returns the caller's name, or "" before authentication.
func userName(ctx context.Context) string {
	if u := caller(ctx); u != nil {
		return u.Name
	}
	if info := requestInfoFrom(ctx); info != nil {
		return info.user
	}
	return ""
}

// handleLogin checks a name and password and sets the session cookie.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	if s.SessionKey == nil {
		return cable.Errorf(cable.Unavailable, "login is not configured on this server: use an API token")
	}
	var req api.Login
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	u, err := s.checkPassword(r.Context(), req.Name, req.Password)
	if err != nil {
		setRetryAfter(w, err, s.Now())
		return err
	}
	if err := s.startSession(w, r, u); err != nil {
		return err
	}
	s.Logger.Info("login", "user", u.Name)
	return writeJSON(w, http.StatusOK, api.FromUser(u))
}

// handleLogout ends the session and deletes its cookie.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	if err := s.endSession(r); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode,
	})
	w.WriteHeader(http.StatusNoContent)
	return nil
}
