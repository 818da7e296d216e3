package api

import "github.com/cable/cable/internal/cable"

// The wire types of the insider-threat controls (docs/security.md).

// Budget is a reader's read budget and what they spent of it.
type Budget struct {
	Hour       int    `json:"hour"`
	Day        int    `json:"day"`
	HourLimit  int    `json:"hour_limit"`
	DayLimit   int    `json:"day_limit"`
	HourRefill string `json:"hour_refill,omitempty"`
	DayRefill  string `json:"day_refill,omitempty"`
}

// FromBudgetUse returns the wire form of a use.
func FromBudgetUse(u cable.BudgetUse) Budget {
	return Budget{Hour: u.Hour, Day: u.Day, HourLimit: u.Limit.Hour, DayLimit: u.Limit.Day,
		HourRefill: stamp(u.HourRefill), DayRefill: stamp(u.DayRefill)}
}

// BudgetSet sets a user's own budget (0: the default).
type BudgetSet struct {
	Hour int `json:"hour"`
	Day  int `json:"day"`
}

// RaiseRequest asks for a raise of the caller's budget for a day.
type RaiseRequest struct {
	Hour          int    `json:"hour"`
	Day           int    `json:"day"`
	Justification string `json:"justification"`
}

// Raise is a raise request and its decision.
type Raise struct {
	ID            int64  `json:"id"`
	User          string `json:"user"`
	Hour          int    `json:"hour"`
	Day           int    `json:"day"`
	Justification string `json:"justification"`
	Status        string `json:"status"`
	RequestedAt   string `json:"requested_at"`
	DecidedBy     string `json:"decided_by,omitempty"`
	DecidedAt     string `json:"decided_at,omitempty"`
	Expires       string `json:"expires,omitempty"`
}

// FromRaise returns the wire form of a raise.
func FromRaise(r cable.Raise) Raise {
	return Raise{ID: r.ID, User: r.User, Hour: r.By.Hour, Day: r.By.Day, Justification: r.Justification, Status: r.Status,
		RequestedAt: stamp(r.RequestedAt), DecidedBy: r.DecidedBy, DecidedAt: stamp(r.DecidedAt), Expires: stamp(r.Expires)}
}

// Decision grants (approves) or refuses a raise or a user change.
type Decision struct {
	Grant bool `json:"grant"`
}

// Alert is a warning for the security officers.
type Alert struct {
	ID     int64  `json:"id"`
	At     string `json:"at"`
	User   string `json:"user"`
	What   string `json:"what"`
	Detail string `json:"detail"`
}

// FromAlert returns the wire form of an alert.
func FromAlert(a cable.Alert) Alert {
	return Alert{ID: a.ID, At: stamp(a.At), User: a.User, What: a.What, Detail: a.Detail}
}

// TokenInfo describes an API token without its secret.
type TokenInfo struct {
	ID       int64  `json:"id"`
	Label    string `json:"label,omitempty"`
	Expires  string `json:"expires,omitempty"`
	LastUsed string `json:"last_used,omitempty"`
	Revoked  bool   `json:"revoked,omitempty"`
}

// FromTokenInfo returns the wire form of a token's description.
func FromTokenInfo(t cable.TokenInfo) TokenInfo {
	return TokenInfo{ID: t.ID, Label: t.Label, Expires: stamp(t.Expires), LastUsed: stamp(t.LastUsed), Revoked: t.Revoked}
}

// UserChange is a change of a user's access waiting for a second
// administrator.
type UserChange struct {
	ID          int64  `json:"id"`
	User        string `json:"user"`
	Change      string `json:"change"`
	RequestedBy string `json:"requested_by"`
	RequestedAt string `json:"requested_at"`
}

// FromUserChange returns the wire form of a waiting change.
func FromUserChange(c cable.UserChange) UserChange {
	return UserChange{ID: c.ID, User: c.User, Change: c.Change, RequestedBy: c.RequestedBy, RequestedAt: stamp(c.RequestedAt)}
}

// Pending is the answer to a change that waits for a second
// administrator (202).
type Pending struct {
	Change int64  `json:"change"`
	Status string `json:"status"`
}

// PasswordChange is a user's change of their own password.
type PasswordChange struct {
	Current  string `json:"current"`
	Password string `json:"password"`
}
