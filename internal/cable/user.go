package cable

import (
	"context"
	"fmt"
	"strconv"
	"strings"
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
	// Public marks the public reader (PublicUser), who has no account:
	// it is never stored.
	Public bool

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

type clientKey struct{}

// NewContextWithClient returns ctx carrying the network address the
// caller's request came from, which the audit log records.
func NewContextWithClient(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientKey{}, addr)
}

// ClientFromContext returns the caller's address in ctx, or "".
func ClientFromContext(ctx context.Context) string {
	a, _ := ctx.Value(clientKey{}).(string)
	return a
}

// String says what the update changes, for the audit log: each field it
// sets, with its new value, except the password, which it only says is
// set.
func (upd UserUpdate) String() string {
	var b strings.Builder
	add := func(name string, v any) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s=%v", name, v)
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"display-name", upd.DisplayName}, {"clearance", upd.Clearance}, {"citizenship", upd.Citizenship}} {
		if f.v != nil {
			add(f.name, strconv.Quote(*f.v))
		}
	}
	if upd.Posts != nil {
		add("posts", *upd.Posts)
	}
	if upd.ReadIns != nil {
		add("read-ins", *upd.ReadIns)
	}
	if upd.Roles != nil {
		add("roles", *upd.Roles)
	}
	if upd.Admin != nil {
		add("admin", *upd.Admin)
	}
	if upd.Password != nil {
		add("password", "(changed)")
	}
	return b.String()
}

// Describe says who a new user is, for the audit log: their name and
// reader attributes, as UserUpdate.String writes them.
func (u *User) Describe() string {
	upd := UserUpdate{DisplayName: &u.DisplayName, Clearance: &u.Clearance, Citizenship: &u.Citizenship,
		Posts: &u.Posts, ReadIns: &u.ReadIns, Roles: &u.Roles, Admin: &u.Admin}
	return "user=" + strconv.Quote(u.Name) + " " + upd.String()
}
