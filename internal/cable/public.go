package cable

import "context"

// PublicName is the name the public reader goes by in the audit log and
// the request log. It has a space, which no user's name may have
// (access.ValidateUserName), so it can never be mistaken for an account.
const PublicName = "public reader"

// PublicUser returns the reader of the public reading room: anyone,
// signed in or not, reading /public or /api/v1/public. It holds no
// clearance, citizenship, post or role; package access gives it the
// declassified portions of any cable and nothing else (MARKINGS.md §5,
// the public reader). It is a User, not a separate kind of caller, so
// that every store method decides for it through the same scope as for
// everyone else.
func PublicUser() *User { return &User{Name: PublicName, Public: true} }

// NewPublicContext returns ctx whose caller is the public reader: what
// the public reading room's handlers run with, whoever is signed in.
func NewPublicContext(ctx context.Context) context.Context {
	return NewContextWithUser(ctx, PublicUser())
}
