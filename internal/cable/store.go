package cable

import (
	"context"
	"time"
)

// ImportResult says what storing a cable did.
type ImportResult int

// The import results. The same text imported twice is one record; a changed
// text under the same id is a new version, and both are kept.
const (
	Unchanged ImportResult = iota
	Imported
	NewVersion
	// Refused is a cable the store would not take; the ImportErrors that
	// ImportCables returned with it says why.
	Refused
)

// String names the result.
func (r ImportResult) String() string {
	switch r {
	case Imported:
		return "new"
	case NewVersion:
		return "new version"
	case Refused:
		return "refused"
	}
	return "unchanged"
}

// CableService stores cables and answers questions about them. Every
// method answers as its caller (UserFromContext) may see: a cable the
// caller may not know of is NotFound, and is never counted.
type CableService interface {
	// ImportCables stores parsed cables with their source text, in one
	// transaction, and reports what happened to each. It is idempotent:
	// importing the same text again changes nothing. A cable the store
	// cannot take (no id, say) is Refused and stops nothing: the rest of
	// the batch is stored, and the error is an ImportErrors that says
	// why, beside valid results. Any other error stores nothing.
	ImportCables(ctx context.Context, cs []*Cable) ([]ImportResult, error)

	// FindCableByID returns the current version of a cable, in full: the
	// caller must show it through access.View. It returns a NotFound
	// error when there is no such cable or the caller may not know of it.
	FindCableByID(ctx context.Context, id string) (*Cable, error)

	// FindVersions lists the versions of a cable, oldest first.
	FindVersions(ctx context.Context, id string) ([]Version, error)

	// FindCableVersion returns version n of a cable, in full, when the
	// caller may know of the cable's current version: the caller must
	// show it through access.VersionView. It returns a NotFound error when
	// there is no such cable or version, or the caller may not know of it.
	FindCableVersion(ctx context.Context, id string, n int) (*Cable, error)

	// Search finds the cables whose visible text matches a query.
	Search(ctx context.Context, q SearchQuery) (*SearchResult, error)

	// FindRefs returns what a cable cites and what cites it. NotFound as
	// FindCableByID.
	FindRefs(ctx context.Context, id string) (*RefGraph, error)

	// CountCables counts the cables the caller may know of.
	CountCables(ctx context.Context) (int, error)
}

// Version is one stored version of a cable's text.
type Version struct {
	Number     int
	SHA256     string
	ImportedAt time.Time
	Size       int
}

// UserService manages users and their credentials.
type UserService interface {
	CreateUser(ctx context.Context, u *User, password string) error
	FindUsers(ctx context.Context, f UserFilter) ([]*User, error)
	// FindUserByName returns NotFound when there is no such user.
	FindUserByName(ctx context.Context, name string) (*User, error)
	UpdateUser(ctx context.Context, name string, upd UserUpdate) (*User, error)
	// Authenticate returns the user whose name and password these are, or
	// an Unauthenticated error that does not say which was wrong.
	Authenticate(ctx context.Context, name, password string) (*User, error)
	// CreateToken issues an API token for a user; only its hash is stored.
	CreateToken(ctx context.Context, name, label string) (string, error)
	// UserByToken returns the user a token belongs to, or Unauthenticated.
	UserByToken(ctx context.Context, token string) (*User, error)
}

// AuditEntry is an entry of the audit log (package audit): who did what.
type AuditEntry struct {
	Seq    uint64 // its number in the log, from 1
	At     time.Time
	User   string
	Action string // the kind: read, search, login, user-update…
	Cable  string
	Detail string
	Client string // the address the request came from
}
