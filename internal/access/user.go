package access

import (
	"strings"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// ReaderOf returns the [Reader] that user u is: their clearance, citizenship,
// posts and read-ins. A nil user is the zero Reader (foreign, uncleared, no
// post), and a clearance or read-in that cannot be read is left out, so that
// a damaged user record fails closed.
func ReaderOf(u *cable.User) Reader {
	if u == nil {
		return Reader{}
	}
	r := Reader{Citizenship: u.Citizenship, Posts: u.Posts}
	if l, err := marking.ParseLevel(u.Clearance); err == nil {
		r.Clearance = l
	}
	for _, w := range u.ReadIns {
		if cp, err := marking.ParseCaption(w); err == nil {
			r.ReadIns = append(r.ReadIns, cp)
		}
	}
	return r
}

// ValidateUser checks a user's name, reader attributes and roles, and
// writes the attributes canonically (SECRET, GBR, NODIS), so that a typo
// cannot create a reader the access rules would misread. Its errors are
// Invalid and say which attribute and what it wants.
func ValidateUser(u *cable.User) error {
	if u.Name == "" || strings.ContainsAny(u.Name, " \t\n:/") {
		return cable.Errorf(cable.Invalid, "user name %q: want a non-empty name without spaces, ':' or '/'", u.Name)
	}
	l, err := marking.ParseLevel(u.Clearance)
	if err != nil {
		return cable.Errorf(cable.Invalid, "user %s: clearance %q: want UNCLASSIFIED, CONFIDENTIAL, SECRET or TOP SECRET", u.Name, u.Clearance)
	}
	u.Clearance = l.Word()
	code, ok := marking.Trigraph(u.Citizenship)
	if !ok {
		return cable.Errorf(cable.Invalid, "user %s: citizenship %q: want an ISO 3166 country code such as USA or GBR", u.Name, u.Citizenship)
	}
	u.Citizenship = code
	for i, r := range u.ReadIns {
		c, err := marking.ParseCaption(r)
		if err != nil {
			return cable.Errorf(cable.Invalid, "user %s: read-in %q: want NODIS, EXDIS or CHEROKEE", u.Name, r)
		}
		u.ReadIns[i] = c.String()
	}
	for _, r := range u.Roles {
		switch r.Kind {
		case cable.RoleDrafter, cable.RoleClearer, cable.RoleReleaser, cable.RoleDutyOfficer:
		default:
			return cable.Errorf(cable.Invalid, "user %s: role %q: want drafter, clearer, releaser or duty-officer", u.Name, r.Kind)
		}
	}
	return nil
}
