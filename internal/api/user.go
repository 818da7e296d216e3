package api

import (
	"fmt"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
)

// User is the JSON document of a user. It never holds a password or a
// token.
type User struct {
	Name        string   `json:"name"`
	DisplayName string   `json:"display_name,omitempty"`
	Clearance   string   `json:"clearance"`
	Citizenship string   `json:"citizenship"`
	Posts       []string `json:"posts"`
	ReadIns     []string `json:"read_ins"`
	Roles       []string `json:"roles"` // "drafter:ISN"
	Admin       bool     `json:"admin"`
	CreatedAt   string   `json:"created_at,omitempty"`
}

// FromUser maps a user onto its JSON document.
func FromUser(u *cable.User) User {
	out := User{
		Name: u.Name, DisplayName: u.DisplayName, Clearance: u.Clearance, Citizenship: u.Citizenship,
		Posts: orEmpty(u.Posts), ReadIns: orEmpty(u.ReadIns), Roles: []string{}, Admin: u.Admin,
	}
	for _, r := range u.Roles {
		out.Roles = append(out.Roles, FormatRole(r))
	}
	if !u.CreatedAt.IsZero() {
		out.CreatedAt = u.CreatedAt.UTC().Format(time.RFC3339)
	}
	return out
}

// FormatRole writes a role as KIND:POST, e.g. drafter:ISN.
func FormatRole(r cable.Role) string { return string(r.Kind) + ":" + r.Post }

// ParseRole reads a role written KIND:POST, e.g. "drafter:ISN" or
// "releaser:AMEMBASSY BEIJING". The store checks the kind.
func ParseRole(s string) (cable.Role, error) {
	kind, post, ok := strings.Cut(s, ":")
	kind, post = strings.TrimSpace(kind), strings.TrimSpace(post)
	if !ok || kind == "" || post == "" {
		return cable.Role{}, fmt.Errorf("role %q: want KIND:POST, e.g. drafter:ISN", s)
	}
	return cable.Role{Kind: cable.RoleKind(strings.ToLower(kind)), Post: post}, nil
}

// UserCreate is the body of POST /api/v1/users.
type UserCreate struct {
	Name        string   `json:"name"`
	DisplayName string   `json:"display_name"`
	Clearance   string   `json:"clearance"`
	Citizenship string   `json:"citizenship"`
	Posts       []string `json:"posts"`
	ReadIns     []string `json:"read_ins"`
	Roles       []string `json:"roles"`
	Admin       bool     `json:"admin"`
	Password    string   `json:"password"`
}

// User returns the user the request describes, or an error naming the
// field that cannot be read.
func (c UserCreate) User() (*cable.User, error) {
	roles, err := parseRoles(c.Roles)
	if err != nil {
		return nil, err
	}
	return &cable.User{
		Name: c.Name, DisplayName: c.DisplayName, Clearance: c.Clearance, Citizenship: c.Citizenship,
		Posts: c.Posts, ReadIns: c.ReadIns, Roles: roles, Admin: c.Admin,
	}, nil
}

// UserUpdate is the body of PATCH /api/v1/users/{name}: fields left out
// (or null) are not changed.
type UserUpdate struct {
	DisplayName *string   `json:"display_name"`
	Clearance   *string   `json:"clearance"`
	Citizenship *string   `json:"citizenship"`
	Posts       *[]string `json:"posts"`
	ReadIns     *[]string `json:"read_ins"`
	Roles       *[]string `json:"roles"`
	Admin       *bool     `json:"admin"`
	Password    *string   `json:"password"`
}

// Update returns the change the request describes.
func (u UserUpdate) Update() (cable.UserUpdate, error) {
	upd := cable.UserUpdate{
		DisplayName: u.DisplayName, Clearance: u.Clearance, Citizenship: u.Citizenship,
		Posts: u.Posts, ReadIns: u.ReadIns, Admin: u.Admin, Password: u.Password,
	}
	if u.Roles != nil {
		roles, err := parseRoles(*u.Roles)
		if err != nil {
			return cable.UserUpdate{}, err
		}
		upd.Roles = &roles
	}
	return upd, nil
}

func parseRoles(ss []string) ([]cable.Role, error) {
	var out []cable.Role
	for _, s := range ss {
		r, err := ParseRole(s)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Login is the body of POST /api/v1/login.
type Login struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

// TokenRequest is the body of POST /api/v1/users/{name}/tokens.
type TokenRequest struct {
	Label string `json:"label"`
}

// Token is a new API token. It is shown once: only its hash is stored.
type Token struct {
	Name  string `json:"name"`
	Label string `json:"label,omitempty"`
	Token string `json:"token"`
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	Seq    uint64 `json:"seq"`
	At     string `json:"at"`
	User   string `json:"user"`
	Action string `json:"action"`
	Cable  string `json:"cable,omitempty"`
	Detail string `json:"detail,omitempty"`
	Client string `json:"client,omitempty"`
}

// Error is the body of every error answer.
type Error struct {
	Error string `json:"error"`
}
