package server

import (
	"errors"
	"io"
	"net/http"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
)

// handleMe answers who the caller is.
func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, api.FromUser(caller(r.Context())))
}

// handleUserList lists the users.
func (s *Server) handleUserList(w http.ResponseWriter, r *http.Request) error {
	us, err := s.DB.FindUsers(r.Context(), cable.UserFilter{})
	if err != nil {
		return err
	}
	out := make([]api.User, 0, len(us))
	for _, u := range us {
		out = append(out, api.FromUser(u))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleUserCreate adds a user.
func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request) error {
	var req api.UserCreate
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	u, err := req.User()
	if err != nil {
		return &cable.Error{Kind: cable.Invalid, Message: err.Error(), Err: err}
	}
	if err := s.DB.CreateUser(r.Context(), u, req.Password); err != nil {
		return err
	}
	s.Logger.Info("user created", "user", u.Name, "by", userName(r.Context()))
	return writeJSON(w, http.StatusCreated, api.FromUser(u))
}

// handleUserUpdate changes the fields of a user the body sets.
func (s *Server) handleUserUpdate(w http.ResponseWriter, r *http.Request) error {
	var req api.UserUpdate
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	upd, err := req.Update()
	if err != nil {
		return &cable.Error{Kind: cable.Invalid, Message: err.Error(), Err: err}
	}
	u, pending, err := s.changeUser(r, r.PathValue("name"), upd)
	if err != nil {
		return err
	}
	if pending != 0 {
		s.Logger.Info("user change awaits a second administrator", "user", r.PathValue("name"), "change", pending, "by", userName(r.Context()))
		return writeJSON(w, http.StatusAccepted, api.Pending{Change: pending, Status: "pending"})
	}
	s.Logger.Info("user updated", "user", u.Name, "by", userName(r.Context()))
	return writeJSON(w, http.StatusOK, api.FromUser(u))
}

// handleTokenCreate issues an API token for a user. The token is in the
// answer only: the store keeps its hash. Separation of duties: an
// administrator may not mint a token that reads as someone else (the
// operator can, with cable user token on the data directory).
func (s *Server) handleTokenCreate(w http.ResponseWriter, r *http.Request) error {
	if name := r.PathValue("name"); name != caller(r.Context()).Name {
		return cable.Errorf(cable.Forbidden, "separation of duties: a token for %s is theirs to make (POST /api/v1/me/tokens)", name)
	}
	return s.createToken(w, r, r.PathValue("name"))
}

// handleMyTokenCreate issues an API token for the caller.
func (s *Server) handleMyTokenCreate(w http.ResponseWriter, r *http.Request) error {
	return s.createToken(w, r, caller(r.Context()).Name)
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request, name string) error {
	var req api.TokenRequest
	if err := decodeJSON(w, r, &req); err != nil && !errors.Is(err, io.EOF) {
		return err // an empty body is a token without a label
	}
	token, err := s.DB.CreateToken(r.Context(), name, req.Label)
	if err != nil {
		return err
	}
	s.Logger.Info("token created", "user", name, "label", req.Label, "by", userName(r.Context()))
	return writeJSON(w, http.StatusCreated, api.Token{Name: name, Label: req.Label, Token: token})
}
