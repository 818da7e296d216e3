package cable

import (
	"context"
	"fmt"
	"time"
)

// Read budgets (docs/security.md): a reader may read in full so many
// distinct cables in a rolling hour and a rolling day. The server puts a
// ReadMeter in the context of a full read (view, raw, telegram, release
// copy); the store counts the read in the transaction that audits it, and
// refuses it, Exhausted, past the budget. Only a cable the caller may know
// of is counted or refused: any other is NotFound, as without a budget.

// ReadBudget is an allowance of distinct cables read in full; 0 is none
// set (the default applies).
type ReadBudget struct {
	Hour, Day int
}

// The default budget of a reader.
var DefaultReadBudget = ReadBudget{Hour: 200, Day: 1000}

// The windows of a budget.
const (
	BudgetHour = time.Hour
	BudgetDay  = 24 * time.Hour
)

// Add returns b raised by r.
func (b ReadBudget) Add(r ReadBudget) ReadBudget {
	return ReadBudget{Hour: b.Hour + r.Hour, Day: b.Day + r.Day}
}

// BudgetUse is what a reader has spent of their budget.
type BudgetUse struct {
	// Limit is the budget, with the raises granted and still running.
	Limit ReadBudget
	// Hour and Day count the distinct cables read in each window.
	Hour, Day int
	// HourRefill and DayRefill are when the oldest read of each window
	// leaves it (zero when the window is empty).
	HourRefill, DayRefill time.Time
}

// Warn reports whether the reader has spent more than 80% of a window.
func (u BudgetUse) Warn() bool {
	return u.Hour*5 > u.Limit.Hour*4 || u.Day*5 > u.Limit.Day*4
}

// Header is the Cable-Read-Budget header: "170/200; resets=T" for the
// window nearer its end, as a fraction, T in RFC 3339.
func (u BudgetUse) Header() string {
	used, limit, at := u.Hour, u.Limit.Hour, u.HourRefill
	if u.Day*limit > used*u.Limit.Day { // the day is the fuller window
		used, limit, at = u.Day, u.Limit.Day, u.DayRefill
	}
	s := fmt.Sprintf("%d/%d", used, limit)
	if !at.IsZero() {
		s += "; resets=" + at.UTC().Format(time.RFC3339)
	}
	return s
}

// ReadMeter asks the store to count a full read against Limit; the store
// sets Use to what the caller has spent, this read included.
type ReadMeter struct {
	Limit ReadBudget
	Use   BudgetUse
}

type meterKey struct{}

// NewContextWithMeter returns ctx whose full reads are counted by m.
func NewContextWithMeter(ctx context.Context, m *ReadMeter) context.Context {
	return context.WithValue(ctx, meterKey{}, m)
}

// MeterFromContext returns the meter of ctx, or nil: reads not counted
// (the command line, the server's own lookups).
func MeterFromContext(ctx context.Context) *ReadMeter {
	m, _ := ctx.Value(meterKey{}).(*ReadMeter)
	return m
}

// BudgetSpent is the cause of an Exhausted read: when the budget refills,
// and the alert the refusal raised, if it raised one.
type BudgetSpent struct {
	Refill time.Time
	Alert  *Alert
}

func (e *BudgetSpent) Error() string {
	return "read budget spent until " + e.Refill.UTC().Format(time.RFC3339)
}

// AlertRaised is the cause of an error whose request raised an alert (a
// login that locked an account): the server posts it to its webhook.
type AlertRaised struct{ Alert *Alert }

func (e *AlertRaised) Error() string { return "alert raised: " + e.Alert.What }

// Alert is a warning for the security officers: an audit entry of kind
// alert, kept also where the admin page lists it.
type Alert struct {
	ID     int64
	At     time.Time
	User   string // whom it is about
	What   string // read-budget, search-paging, login-locked
	Detail string
}

// ReadCount is what a store knows of one reader's reads when it counts
// one more: the counts before it, whether the cable was already counted
// in each window, and the oldest read of each window.
type ReadCount struct {
	Hour, Day             int
	InHour, InDay         bool
	HourOldest, DayOldest time.Time
}

// Decide returns the use after a read of limit l given c at now, and
// whether the read is allowed. A cable already counted in a window costs
// nothing there.
func (c ReadCount) Decide(l ReadBudget, now time.Time) (BudgetUse, bool) {
	u := BudgetUse{Limit: l, Hour: c.Hour, Day: c.Day, HourRefill: refill(c.HourOldest, BudgetHour), DayRefill: refill(c.DayOldest, BudgetDay)}
	if (!c.InHour && c.Hour >= l.Hour) || (!c.InDay && c.Day >= l.Day) {
		return u, false
	}
	if !c.InHour {
		u.Hour++
		if u.HourRefill.IsZero() {
			u.HourRefill = now.Add(BudgetHour)
		}
	}
	if !c.InDay {
		u.Day++
		if u.DayRefill.IsZero() {
			u.DayRefill = now.Add(BudgetDay)
		}
	}
	return u, true
}

func refill(oldest time.Time, window time.Duration) time.Time {
	if oldest.IsZero() {
		return oldest
	}
	return oldest.Add(window)
}

// Refused returns the error of a read refused with use u at now.
func (u BudgetUse) Refused(now time.Time, alert *Alert) error {
	at, what := u.HourRefill, fmt.Sprintf("%d cables in an hour", u.Limit.Hour)
	if u.Day >= u.Limit.Day {
		at, what = u.DayRefill, fmt.Sprintf("%d cables in a day", u.Limit.Day)
	}
	if at.Before(now) {
		at = now
	}
	return &Error{Kind: Exhausted, Err: &BudgetSpent{Refill: at, Alert: alert},
		Message: fmt.Sprintf("read budget spent (%s): it refills at %s; ask a security officer for a raise", what, at.UTC().Format(time.RFC3339))}
}
