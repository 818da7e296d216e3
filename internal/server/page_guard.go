package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/cable/cable/internal/cable"
)

// The pages of the insider-threat controls: a reader's budget, with the
// form that asks a security officer for a raise; and, on the admin page,
// the alerts, the raise requests and the changes of access waiting for a
// second administrator, with their decisions.

// budgetPage is the data of budget.html.
type budgetPage struct {
	layout
	Use    cable.BudgetUse
	Raises []cable.Raise
	Error  string
	Why    string
}

// handleBudgetPage shows the caller's budget and raise requests.
func (s *Server) handleBudgetPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderBudget(w, r, http.StatusOK, budgetPage{})
}

func (s *Server) renderBudget(w http.ResponseWriter, r *http.Request, status int, data budgetPage) error {
	ctx := r.Context()
	var err error
	if data.Use, err = s.DB.ReadBudgetUse(ctx, s.budgetOf(caller(ctx))); err != nil {
		return err
	}
	if data.Raises, err = s.DB.FindRaises(cable.NewContextWithUser(ctx, &cable.User{Name: caller(ctx).Name})); err != nil {
		return err
	}
	data.layout = s.page(r, "")
	return s.render(w, status, "budget.html", data)
}

// handleBudgetForm asks for a raise.
func (s *Server) handleBudgetForm(w http.ResponseWriter, r *http.Request) error {
	hour, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("hour")))
	day, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("day")))
	why := r.PostFormValue("justification")
	if _, err := s.DB.RequestRaise(r.Context(), cable.ReadBudget{Hour: hour, Day: day}, why); err != nil {
		if cable.KindOf(err) == cable.Internal {
			return err
		}
		return s.renderBudget(w, r, statusOf(cable.KindOf(err)), budgetPage{Error: cable.MessageOf(err), Why: why})
	}
	return redirect(w, r, withDone("/budget", "raise-asked"))
}

// handleAdminRaise grants or refuses a raise from the admin page.
func (s *Server) handleAdminRaise(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.DB.DecideRaise(r.Context(), id, r.PostFormValue("decision") == "grant"); err != nil {
		return s.adminError(w, r, err)
	}
	return redirect(w, r, withDone("/admin", "decided"))
}

// handleAdminChange approves or refuses a change of access.
func (s *Server) handleAdminChange(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.DB.DecideUserChange(r.Context(), id, r.PostFormValue("decision") == "approve"); err != nil {
		return s.adminError(w, r, err)
	}
	return redirect(w, r, withDone("/admin", "decided"))
}

// adminError shows a refused decision on the admin page.
func (s *Server) adminError(w http.ResponseWriter, r *http.Request, err error) error {
	if cable.KindOf(err) == cable.Internal {
		return err
	}
	return s.renderAdmin(w, r, statusOf(cable.KindOf(err)), adminPage{Error: cable.MessageOf(err),
		New: userForm{Clearance: "SECRET", Citizenship: "USA"}})
}

// guardData fills the admin page's alerts, raises and waiting changes.
func (s *Server) guardData(r *http.Request, data *adminPage) error {
	ctx := r.Context()
	var err error
	if data.Alerts, err = s.DB.FindAlerts(ctx, 20); err != nil {
		return err
	}
	if data.Raises, err = s.DB.FindRaises(ctx); err != nil {
		return err
	}
	data.Changes, err = s.DB.FindUserChanges(ctx)
	return err
}
