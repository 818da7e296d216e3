package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/webhook"
)

// Read budgets (docs/security.md): every full read of a cable (the view,
// the raw text, the telegram, a release copy, a page) goes through
// findView, which puts a meter in the read's context; the store counts
// the read in the transaction that audits it, and refuses it past the
// budget with Exhausted (429, with Retry-After when it refills). The
// store answers NotFound before it counts, so a cable the reader may not
// know of is 404, budget or not. Past 80% the answer carries the
// Cable-Read-Budget header, and pages a notice.

// budgetHeader is the header that tells a reader what they have spent.
const budgetHeader = "Cable-Read-Budget"

// maxAlertPosts bounds the webhook posts in flight; an alert past them is
// logged and not posted (it stays in the audit log and on the admin page).
const maxAlertPosts = 4

// budgetOf returns the budget of u: the server's, raised for the roles u
// holds (the store puts a user's own budget over it).
func (s *Server) budgetOf(u *cable.User) cable.ReadBudget {
	b := s.ReadBudget
	for _, r := range u.Roles {
		if rb, ok := s.RoleBudgets[r.Kind]; ok {
			b.Hour, b.Day = max(b.Hour, rb.Hour), max(b.Day, rb.Day)
		}
	}
	return b
}

// metered returns ctx with a meter of the caller's budget.
func (s *Server) metered(ctx context.Context) (context.Context, *cable.ReadMeter) {
	m := &cable.ReadMeter{Limit: s.budgetOf(caller(ctx))}
	return cable.NewContextWithMeter(ctx, m), m
}

// noteBudget tells the reader what they spent, past 80%.
func noteBudget(w http.ResponseWriter, m *cable.ReadMeter) {
	if m != nil && m.Use.Warn() {
		w.Header().Set(budgetHeader, m.Use.Header())
	}
}

// budgetNotice returns the notice pages show past 80% of the budget, or "".
func (s *Server) budgetNotice(ctx context.Context) string {
	u := caller(ctx)
	if u == nil {
		return ""
	}
	use, err := s.DB.ReadBudgetUse(ctx, s.budgetOf(u))
	if err != nil {
		s.Logger.Warn("read budget", "user", u.Name, "err", err)
		return ""
	}
	if !use.Warn() {
		return ""
	}
	used, limit, window, at := use.Hour, use.Limit.Hour, "this hour", use.HourRefill
	if use.Day*limit > used*use.Limit.Day {
		used, limit, window, at = use.Day, use.Limit.Day, "today", use.DayRefill
	}
	return fmt.Sprintf("You have read %d of your budget of %d cables %s (a read counts once a window; the oldest leaves it at %s UTC). "+
		"Past the budget, reads are refused until it refills.", used, limit, window, at.UTC().Format("15:04"))
}

// refused handles a refused request's side effects: Retry-After, and the
// webhook for the alert it raised.
func (s *Server) refused(w http.ResponseWriter, err error) {
	setRetryAfter(w, err, s.Now())
	var spent *cable.BudgetSpent
	var raised *cable.AlertRaised
	switch {
	case errors.As(err, &spent) && spent.Alert != nil:
		s.postAlert(*spent.Alert)
	case errors.As(err, &raised):
		s.postAlert(*raised.Alert)
	}
}

// postAlert sends an alert to AlertWebhook, in the background.
func (s *Server) postAlert(a cable.Alert) {
	s.Logger.Warn("security alert", "user", a.User, "what", a.What, "detail", a.Detail)
	s.Metrics.Alert(a.What)
	if s.AlertWebhook == "" {
		return
	}
	select {
	case s.alerts <- struct{}{}:
	default:
		s.Logger.Error("alert webhook: too many posts in flight; alert not posted", "id", a.ID)
		return
	}
	go func() {
		defer func() { <-s.alerts }()
		doc := map[string]any{"id": a.ID, "at": a.At.UTC().Format(time.RFC3339Nano), "user": a.User, "what": a.What, "detail": a.Detail}
		if err := webhook.Post(context.Background(), nil, s.AlertWebhook, doc); err != nil {
			s.Logger.Error("alert webhook", "id", a.ID, "err", err)
		}
	}()
}

// countSearch counts the hits a search showed the caller; past
// SearchAlertHits in an hour the security officers are alerted. A search
// whose hits cannot be counted fails.
func (s *Server) countSearch(ctx context.Context, shown int) error {
	if shown == 0 {
		return nil
	}
	a, err := s.DB.CountSearchHits(ctx, shown, s.SearchAlertHits)
	if err != nil {
		return err
	}
	if a != nil {
		s.postAlert(*a)
	}
	return nil
}
