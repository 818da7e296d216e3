package server

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
)

// Authentication. An API client sends "Authorization: Bearer TOKEN", a
// token from UserService.CreateToken (cable user token NAME). A browser
// logs in with POST /api/v1/login and is given a session cookie.
//
// Sessions are signed cookies, not rows: the cookie holds the user's name
// and id and an expiry, with an HMAC-SHA256 under the server's key, which
// LoadKey keeps in the data directory (session.key). Nothing is stored per
// session, so a server restart keeps everyone logged in, and deleting the
// key file logs everyone out. The user is looked up on every request, so a
// change of clearance, posts or read-ins applies at once, and a user
// deleted and created again under the same name (a new id) is not let in
// by the old cookie. What a signed cookie cannot do is end one session
// early: logout deletes the cookie in the browser, and a copy of it stays
// valid until it expires (SessionTTL, 12 hours by default).
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

// session is what a session cookie holds.
type session struct {
	Name    string `json:"n"`
	UserID  int64  `json:"i"`
	Expires int64  `json:"e"` // unix seconds
}

// sign returns the cookie value of sess: payload.mac, both base64url.
func (s *Server) sign(sess session) string {
	payload, _ := json.Marshal(sess)
	p := base64.RawURLEncoding.EncodeToString(payload)
	return p + "." + base64.RawURLEncoding.EncodeToString(s.mac(p))
}

func (s *Server) mac(payload string) []byte {
	h := hmac.New(sha256.New, s.SessionKey)
	h.Write([]byte("cable session v1\x00" + payload))
	return h.Sum(nil)
}

// verify returns the session a cookie value holds, if its signature is
// good and it has not expired.
func (s *Server) verify(value string) (session, bool) {
	var sess session
	p, m, ok := strings.Cut(value, ".")
	if !ok || s.SessionKey == nil {
		return sess, false
	}
	got, err := base64.RawURLEncoding.DecodeString(m)
	if err != nil || !hmac.Equal(got, s.mac(p)) {
		return sess, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil || json.Unmarshal(payload, &sess) != nil {
		return sess, false
	}
	return sess, s.Now().Unix() < sess.Expires
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
	sess, ok := s.verify(c.Value)
	if !ok {
		return nil, cable.Errorf(cable.Unauthenticated, "session expired: log in again")
	}
	u, err := s.DB.FindUserByName(r.Context(), sess.Name)
	if cable.KindOf(err) == cable.NotFound || (err == nil && u.ID != sess.UserID) {
		return nil, cable.Errorf(cable.Unauthenticated, "session expired: log in again")
	}
	return u, err
}

// auditLogout records the logout of the request's session, if it has a
// valid one; a logout that cannot be recorded fails.
func (s *Server) auditLogout(r *http.Request) error {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	sess, ok := s.verify(c.Value)
	if !ok {
		return nil
	}
	ctx := cable.NewContextWithUser(r.Context(), &cable.User{ID: sess.UserID, Name: sess.Name})
	return s.DB.Audit(ctx, audit.KindLogout, "", "")
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
		return h(w, r.WithContext(cable.NewContextWithUser(r.Context(), u)))
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
		setRetryAfter(w, err)
		return err
	}
	exp := s.Now().Add(s.SessionTTL)
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    s.sign(session{Name: u.Name, UserID: u.ID, Expires: exp.Unix()}),
		Path:     "/",
		Expires:  exp,
		MaxAge:   int(s.SessionTTL / time.Second),
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteStrictMode,
	})
	s.Logger.Info("login", "user", u.Name)
	return writeJSON(w, http.StatusOK, api.FromUser(u))
}

// handleLogout deletes the session cookie.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	if err := s.auditLogout(r); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode,
	})
	w.WriteHeader(http.StatusNoContent)
	return nil
}
