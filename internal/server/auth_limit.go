package server

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"strconv"
	"time"

	"github.com/cable/cable/internal/cable"
)

// A password check is PBKDF2 at 600,000 iterations: by design, a core's
// work for about a sixth of a second (165 ms on a 2-core test machine).
// Without a bound, a flood of
// logins, even with wrong passwords or unknown names (which spend the same
// work), takes every core, and signed-in users' searches slowed from 22
// to 281 ms. So the server checks at most MaxLogins passwords at a time. A
// login beyond them waits up to LoginWait for a slot and is then refused
// with 503 and Retry-After, having cost nothing. Per-account and per-address
// throttling (package guard) is in the store, on top of this bound.

// DefaultLoginWait is how long a login waits for a password check slot.
const DefaultLoginWait = time.Second

// loginRetryAfter is the Retry-After, in seconds, of a refused login.
const loginRetryAfter = 1

// DefaultMaxLogins returns the default bound on password checks in
// flight: half the cores the process may use, and at least one, so that
// logins never take every core.
func DefaultMaxLogins() int { return max(1, runtime.GOMAXPROCS(0)/2) }

// errLoginBusy is the answer to a login that found no slot in time.
var errLoginBusy = cable.Errorf(cable.Unavailable, "too many logins at once: try again in a second")

// checkPassword authenticates name and pw with the store, holding one of
// the MaxLogins slots while the store checks the password.
func (s *Server) checkPassword(ctx context.Context, name, pw string) (*cable.User, error) {
	t := time.NewTimer(s.LoginWait)
	defer t.Stop()
	select {
	case s.logins <- struct{}{}:
	case <-t.C:
		s.Metrics.Login("busy")
		return nil, errLoginBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-s.logins }()
	u, err := s.DB.Authenticate(ctx, name, pw)
	s.Metrics.Login(loginOutcome(err))
	var raised *cable.AlertRaised
	if errors.As(err, &raised) {
		s.postAlert(*raised.Alert)
	}
	return u, err
}

// setRetryAfter tells the client of a refused login or read when to try
// again: a busy server in a second, a throttled login or a spent budget
// when it refills.
func setRetryAfter(w http.ResponseWriter, err error, now time.Time) {
	var throttled *cable.LoginThrottled
	var spent *cable.BudgetSpent
	switch {
	case errors.Is(err, errLoginBusy):
		w.Header().Set("Retry-After", strconv.Itoa(loginRetryAfter))
	case errors.As(err, &throttled):
		w.Header().Set("Retry-After", strconv.Itoa(secondsUntil(now, throttled.Retry)))
	case errors.As(err, &spent):
		w.Header().Set("Retry-After", strconv.Itoa(secondsUntil(now, spent.Refill)))
	}
}

// secondsUntil is the whole seconds from now to t, at least 1.
func secondsUntil(now, t time.Time) int {
	return max(1, int((t.Sub(now)+time.Second-1)/time.Second))
}

// loginOutcome names a login's outcome for the metrics.
func loginOutcome(err error) string {
	var throttled *cable.LoginThrottled
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &throttled), cable.KindOf(err) == cable.Exhausted:
		return "throttled"
	case cable.KindOf(err) == cable.Unauthenticated:
		return "failed"
	}
	return "error"
}
