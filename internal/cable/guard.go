package cable

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// GuardService holds the insider-threat controls of docs/security.md:
// read budgets and their raises, alerts, server-side sessions, API tokens
// that expire and can be revoked, login throttling, and changes to a
// user's access that a second administrator approves. Every change it
// makes is audited in the same transaction; administrators act as the
// security officers, and none may decide on their own request.
type GuardService interface {
	// ReadBudgetUse returns what the caller has spent of limit (raises
	// granted to them added), without counting anything.
	ReadBudgetUse(ctx context.Context, limit ReadBudget) (BudgetUse, error)
	// CountSearchHits adds n hits shown to the caller by a search; past
	// limit in an hour it returns an alert, once an hour.
	CountSearchHits(ctx context.Context, n, limit int) (*Alert, error)
	// FindAlerts lists the newest alerts; administrators only.
	FindAlerts(ctx context.Context, limit int) ([]Alert, error)
	// CountAlertsByUser counts the alerts raised in [since, until) about
	// each user, the most alerted first (then by name), at most limit
	// users; administrators only (Forbidden).
	CountAlertsByUser(ctx context.Context, since, until time.Time, limit int) ([]AlertCount, error)
	// RequestRaise asks, for the caller, to raise their budget by r for a
	// day, with a justification.
	RequestRaise(ctx context.Context, r ReadBudget, why string) (int64, error)
	// FindRaises lists raise requests, newest first: the caller's own, or
	// everyone's for an administrator.
	FindRaises(ctx context.Context) ([]Raise, error)
	// DecideRaise grants or refuses a pending request; administrators only,
	// and not their own.
	DecideRaise(ctx context.Context, id int64, grant bool) error

	// CreateSession starts a session for user id at now that ends at
	// expires, and returns its secret (only its hash is stored). Sessions
	// are timed by the caller's clock (the server's), not the store's.
	CreateSession(ctx context.Context, userID int64, now, expires time.Time) (string, error)
	// UserBySession returns the user of a live session at now, touching
	// it; a session idle for longer than idle, past its end or ended is
	// Unauthenticated.
	UserBySession(ctx context.Context, secret string, now time.Time, idle time.Duration) (*User, error)
	// EndSession ends a session (logout), wherever its cookie was copied.
	EndSession(ctx context.Context, secret string) error

	// FindTokens lists a user's API tokens, without their secrets.
	FindTokens(ctx context.Context, name string) ([]TokenInfo, error)
	// RevokeToken revokes token id of user name: NotFound if it is not
	// theirs.
	RevokeToken(ctx context.Context, name string, id int64) error

	// UnlockLogin clears the failed logins of an account, so that it may
	// log in again before its lock runs out.
	UnlockLogin(ctx context.Context, name string) error

	// RequestUserChange records a change of a user's access for a second
	// administrator to approve; it returns the request's id.
	RequestUserChange(ctx context.Context, name string, upd UserUpdate) (int64, error)
	// FindUserChanges lists the changes waiting for approval.
	FindUserChanges(ctx context.Context) ([]UserChange, error)
	// DecideUserChange approves (applying it) or refuses a waiting change;
	// its requester may not.
	DecideUserChange(ctx context.Context, id int64, approve bool) (*User, error)
}

// Raise is a request to raise a reader's budget.
type Raise struct {
	ID            int64
	User          string
	By            ReadBudget
	Justification string
	Status        string // pending, granted, refused
	RequestedAt   time.Time
	DecidedBy     string
	DecidedAt     time.Time
	Expires       time.Time // a granted raise runs until then
}

// RaiseTTL is how long a granted raise lasts.
const RaiseTTL = 24 * time.Hour

// TokenInfo describes an API token without its secret.
type TokenInfo struct {
	ID        int64
	Label     string
	CreatedAt time.Time
	Expires   time.Time
	LastUsed  time.Time
	Revoked   bool
}

// DefaultTokenTTL is how long an API token lasts.
const DefaultTokenTTL = 90 * 24 * time.Hour

// UserChange is a change of a user's access waiting for a second
// administrator.
type UserChange struct {
	ID          int64
	User        string
	Change      string // UserUpdate.String
	Update      UserUpdate
	RequestedBy string
	RequestedAt time.Time
}

type sessionKey struct{}

// NewContextWithSession returns ctx carrying the hash of the caller's
// session, so that a password change ends the caller's other sessions and
// keeps this one.
func NewContextWithSession(ctx context.Context, hash string) context.Context {
	return context.WithValue(ctx, sessionKey{}, hash)
}

// SessionFromContext returns the caller's session hash, or "".
func SessionFromContext(ctx context.Context) string {
	s, _ := ctx.Value(sessionKey{}).(string)
	return s
}

// EndsSessions reports whether an update ends the user's other sessions:
// a new password, or a change of what they may read.
func (upd UserUpdate) EndsSessions() bool {
	return upd.Password != nil || upd.Clearance != nil || upd.ReadIns != nil || upd.Posts != nil ||
		upd.Citizenship != nil
}

// ChangesAccess reports whether an update changes what the user may read
// or do: what separation of duties and the two-person rule cover.
func (upd UserUpdate) ChangesAccess() bool {
	return upd.Clearance != nil || upd.ReadIns != nil || upd.Posts != nil || upd.Citizenship != nil ||
		upd.Roles != nil || upd.Admin != nil
}

// Login throttling (NIST SP 800-63B §5.2.2): after LoginFreeFailures
// failures in a row, an account or an address waits 2^(n-5) seconds
// between tries, at most LoginMaxDelay; after LoginLockFailures it is
// locked for LoginLock or until an administrator unlocks it. Failures
// older than LoginLock are forgotten.
const (
	LoginFreeFailures = 5
	LoginLockFailures = 20
	LoginMaxDelay     = 5 * time.Minute
	LoginLock         = time.Hour
)

// LoginDelay returns how long after its last failure an account or
// address with n failures in a row must wait.
func LoginDelay(n int) time.Duration {
	switch {
	case n >= LoginLockFailures:
		return LoginLock
	case n < LoginFreeFailures:
		return 0
	}
	return min(time.Duration(1<<(n-LoginFreeFailures))*time.Second, LoginMaxDelay)
}

// LoginThrottled is the cause of an Exhausted login.
type LoginThrottled struct{ Retry time.Time }

func (e *LoginThrottled) Error() string {
	return "login throttled until " + e.Retry.UTC().Format(time.RFC3339)
}

// ErrLoginThrottled returns the error of a login refused until retry. It
// says nothing of whether the name exists: unknown names are throttled
// alike.
func ErrLoginThrottled(retry time.Time) error {
	return &Error{Kind: Exhausted, Err: &LoginThrottled{Retry: retry},
		Message: "too many failed logins: try again at " + retry.UTC().Format(time.RFC3339)}
}

// SessionHash returns what a store keeps of a session secret, and what the
// server puts in a request's context (NewContextWithSession).
func SessionHash(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}
