package cable

import (
	"context"
	"time"
)

// User is a person who uses cable. As a reader they carry the attributes of
// MARKINGS.md §4 (clearance, citizenship, posts and offices, read-ins); in
// traffic they hold roles at posts and offices.
type User struct {
	ID          int64
	Name        string // login name, unique
	DisplayName string
	// Clearance is a level word: UNCLASSIFIED, CONFIDENTIAL, SECRET or
	// TOP SECRET (package marking reads it).
	Clearance string
	// Citizenship is an ISO 3166 trigraph; USA for US persons.
	Citizenship string
	// Posts are the PLADs and office symbols the user belongs to.
	Posts []string
	// ReadIns are the restrictive captions the user is read in for.
	ReadIns []string
	// Roles are what the user may do in traffic, per post or office.
	Roles []Role
	Admin bool

	CreatedAt time.Time
}

// Role is one traffic role of a user at a post or office.
type Role struct {
	Kind RoleKind
	Post string // PLAD or office symbol
}

// RoleKind names a traffic role.
type RoleKind string

// The traffic roles.
const (
	RoleDrafter     RoleKind = "drafter"
	RoleClearer     RoleKind = "clearer"
	RoleReleaser    RoleKind = "releaser"
	RoleDutyOfficer RoleKind = "duty-officer"
)

// UserFilter selects users; nil fields mean "any".
type UserFilter struct {
	ID    *int64
	Name  *string
	Token *string // an API token
	Limit int
}

// UserUpdate changes a user; nil fields are left as they are.
type UserUpdate struct {
	DisplayName *string
	Clearance   *string
	Citizenship *string
	Posts       *[]string
	ReadIns     *[]string
	Roles       *[]Role
	Admin       *bool
	Password    *string
}

type userKey struct{}

// NewContextWithUser returns ctx carrying u as the caller: every store
// method reads its caller from the context and answers only what the
// caller may see.
func NewContextWithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFromContext returns the caller in ctx, or nil.
func UserFromContext(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}

// ApplyTo sets the fields of u that the update sets.
func (upd UserUpdate) ApplyTo(u *User) {
	if upd.DisplayName != nil {
		u.DisplayName = *upd.DisplayName
	}
	if upd.Clearance != nil {
		u.Clearance = *upd.Clearance
	}
	if upd.Citizenship != nil {
		u.Citizenship = *upd.Citizenship
	}
	if upd.Posts != nil {
		u.Posts = *upd.Posts
	}
	if upd.ReadIns != nil {
		u.ReadIns = *upd.ReadIns
	}
	if upd.Roles != nil {
		u.Roles = *upd.Roles
	}
	if upd.Admin != nil {
		u.Admin = *upd.Admin
	}
}
