package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
)

// The API of the insider-threat controls (docs/security.md): a reader's
// budget and raise requests, their tokens; the security officers'
// (administrators') alerts, raise decisions, budgets, unlocks and
// approvals of changes of access.

// pathID reads the numeric {id} of a path.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, cable.Errorf(cable.NotFound, "no such id: %q", r.PathValue("id"))
	}
	return id, nil
}

// handleMyBudget answers what the caller spent of their read budget.
func (s *Server) handleMyBudget(w http.ResponseWriter, r *http.Request) error {
	use, err := s.DB.ReadBudgetUse(r.Context(), s.budgetOf(caller(r.Context())))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, api.FromBudgetUse(use))
}

// handleRaiseRequest asks for a raise of the caller's budget.
func (s *Server) handleRaiseRequest(w http.ResponseWriter, r *http.Request) error {
	var req api.RaiseRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	id, err := s.DB.RequestRaise(r.Context(), cable.ReadBudget{Hour: req.Hour, Day: req.Day}, req.Justification)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]int64{"id": id})
}

// handleRaiseList lists raise requests: the caller's, or everyone's for
// a security officer.
func (s *Server) handleRaiseList(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.DB.FindRaises(r.Context())
	if err != nil {
		return err
	}
	out := make([]api.Raise, 0, len(rs))
	for _, x := range rs {
		out = append(out, api.FromRaise(x))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleRaiseDecide grants or refuses a raise.
func (s *Server) handleRaiseDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var d api.Decision
	if err := decodeJSON(w, r, &d); err != nil {
		return err
	}
	if err := s.DB.DecideRaise(r.Context(), id, d.Grant); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleAlertList lists the newest alerts.
func (s *Server) handleAlertList(w http.ResponseWriter, r *http.Request) error {
	as, err := s.DB.FindAlerts(r.Context(), 100)
	if err != nil {
		return err
	}
	out := make([]api.Alert, 0, len(as))
	for _, a := range as {
		out = append(out, api.FromAlert(a))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleBudgetSet sets a user's own budget.
func (s *Server) handleBudgetSet(w http.ResponseWriter, r *http.Request) error {
	var b api.BudgetSet
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	if err := s.DB.SetUserBudget(r.Context(), r.PathValue("name"), cable.ReadBudget{Hour: b.Hour, Day: b.Day}); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleUnlock clears an account's failed logins.
func (s *Server) handleUnlock(w http.ResponseWriter, r *http.Request) error {
	if err := s.DB.UnlockLogin(r.Context(), r.PathValue("name")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleMyTokens lists the caller's API tokens.
func (s *Server) handleMyTokens(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.DB.FindTokens(r.Context(), caller(r.Context()).Name)
	if err != nil {
		return err
	}
	out := make([]api.TokenInfo, 0, len(ts))
	for _, t := range ts {
		out = append(out, api.FromTokenInfo(t))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleMyTokenRevoke revokes one of the caller's tokens.
func (s *Server) handleMyTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	return s.revokeToken(w, r, caller(r.Context()).Name)
}

// handleTokenRevoke revokes a user's token: a security officer's answer
// to a token used from an address it should not be.
func (s *Server) handleTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	return s.revokeToken(w, r, r.PathValue("name"))
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, name string) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.DB.RevokeToken(r.Context(), name, id); err != nil {
		return err
	}
	s.Logger.Info("token revoked", "user", name, "token", id, "by", userName(r.Context()))
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleUserChangeList lists the changes of access waiting for approval.
func (s *Server) handleUserChangeList(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.DB.FindUserChanges(r.Context())
	if err != nil {
		return err
	}
	out := make([]api.UserChange, 0, len(cs))
	for _, c := range cs {
		out = append(out, api.FromUserChange(c))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleUserChangeDecide approves (applies) or refuses a waiting change.
func (s *Server) handleUserChangeDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var d api.Decision
	if err := decodeJSON(w, r, &d); err != nil {
		return err
	}
	u, err := s.DB.DecideUserChange(r.Context(), id, d.Grant)
	if err != nil {
		return err
	}
	if u == nil {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	return writeJSON(w, http.StatusOK, api.FromUser(u))
}

// errSelfAccess refuses an administrator's change of their own access.
var errSelfAccess = cable.Errorf(cable.Forbidden,
	"separation of duties: another administrator must change your clearance, citizenship, posts, read-ins, roles or admin")

// changeUser applies an administrator's update of user name. Fields that
// would not change are dropped first (a form sends every field), so that
// saving a user unchanged neither ends their sessions nor asks anyone for
// approval. Their own access an administrator may not change; with
// TwoPerson, a change of access becomes a request for a second
// administrator (its id returned), and the rest (display name, password)
// applies at once.
func (s *Server) changeUser(r *http.Request, name string, upd cable.UserUpdate) (u *cable.User, pending int64, err error) {
	ctx := r.Context()
	if upd.ChangesAccess() || upd.EndsSessions() {
		if u, err = s.DB.FindUserByName(ctx, name); err != nil {
			return nil, 0, err
		}
		upd = onlyChanged(u, upd)
	}
	if upd.ChangesAccess() && caller(ctx) != nil && caller(ctx).Name == name {
		return nil, 0, errSelfAccess
	}
	if !s.TwoPerson || !upd.ChangesAccess() {
		if upd == (cable.UserUpdate{}) && u != nil {
			return u, 0, nil
		}
		u, err = s.DB.UpdateUser(ctx, name, upd)
		return u, 0, err
	}
	access := cable.UserUpdate{Clearance: upd.Clearance, Citizenship: upd.Citizenship, Posts: upd.Posts,
		ReadIns: upd.ReadIns, Roles: upd.Roles, Admin: upd.Admin}
	if pending, err = s.DB.RequestUserChange(ctx, name, access); err != nil {
		return nil, 0, err
	}
	if rest := (cable.UserUpdate{DisplayName: upd.DisplayName, Password: upd.Password}); rest != (cable.UserUpdate{}) {
		if u, err = s.DB.UpdateUser(ctx, name, rest); err != nil {
			return nil, 0, err
		}
	}
	return u, pending, nil
}

// onlyChanged returns upd without the access fields that would leave u as
// it is. What the store would normalize (case, order) compares as written.
func onlyChanged(u *cable.User, upd cable.UserUpdate) cable.UserUpdate {
	after := *u
	upd.ApplyTo(&after)
	same := func(a, b any) bool { return fmt.Sprint(a) == fmt.Sprint(b) }
	if upd.Clearance != nil && same(after.Clearance, u.Clearance) {
		upd.Clearance = nil
	}
	if upd.Citizenship != nil && same(after.Citizenship, u.Citizenship) {
		upd.Citizenship = nil
	}
	if upd.Posts != nil && same(after.Posts, u.Posts) {
		upd.Posts = nil
	}
	if upd.ReadIns != nil && same(after.ReadIns, u.ReadIns) {
		upd.ReadIns = nil
	}
	if upd.Roles != nil && same(after.Roles, u.Roles) {
		upd.Roles = nil
	}
	if upd.Admin != nil && after.Admin == u.Admin {
		upd.Admin = nil
	}
	if upd.DisplayName != nil && after.DisplayName == u.DisplayName {
		upd.DisplayName = nil
	}
	return upd
}

// handleMyPassword changes the caller's password, given the current one;
// the store ends the caller's other sessions.
func (s *Server) handleMyPassword(w http.ResponseWriter, r *http.Request) error {
	var req api.PasswordChange
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	name := caller(r.Context()).Name
	if _, err := s.checkPassword(r.Context(), name, req.Current); err != nil {
		setRetryAfter(w, err, s.Now())
		return err
	}
	if _, err := s.DB.UpdateUser(r.Context(), name, cable.UserUpdate{Password: &req.Password}); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
