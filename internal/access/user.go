package access

import (
	"strings"
	"unicode"
	"unicode/utf8"

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
	if u.Public {
		return PublicReader()
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

// ValidateUser checks a user's name (ValidateUserName), reader attributes
// and roles, and writes the attributes canonically (SECRET, GBR, NODIS),
// so that a typo cannot create a reader the access rules would misread.
// Its errors are Invalid and say which attribute and what it wants.
func ValidateUser(u *cable.User) error {
	if err := ValidateUserName(u.Name); err != nil {
		return err
	}
	return ValidateUserUpdate(u)
}

// ValidateUserName checks a new user's name: UTF-8 text, printable, with
// no spaces, ':' or '/', and no bidirectional controls, which make a name
// show as another (the audit log, the admin page and the users list all
// show names). A name is unique ignoring case, which only a store can
// check. Its errors are Invalid and say which character is wrong where.
func ValidateUserName(name string) error {
	if name == "" {
		return cable.Errorf(cable.Invalid, "user name is empty: want a name such as jsmith")
	}
	if !utf8.ValidString(name) {
		return cable.Errorf(cable.Invalid, "user name %q is not UTF-8 text", name)
	}
	for i, r := range name {
		switch {
		case isBidiControl(r):
			return cable.Errorf(cable.Invalid, "user name %q: bidirectional control %U at column %d: want a name that shows as it is stored", name, r, i+1)
		case unicode.IsSpace(r) || r == ':' || r == '/':
			return cable.Errorf(cable.Invalid, "user name %q: %q at column %d: want a name without spaces, ':' or '/'", name, r, i+1)
		case !unicode.IsPrint(r):
			return cable.Errorf(cable.Invalid, "user name %q: unprintable character %U at column %d", name, r, i+1)
		}
	}
	return nil
}

// NameTaken returns a Conflict error if a new user may not be called name
// because a user called other exists: the same name, or one that differs
// only in case ("Admin" beside "admin"), in any script.
func NameTaken(name, other string) error {
	switch {
	case name == other:
		return cable.Errorf(cable.Conflict, "user %s already exists", name)
	case strings.EqualFold(name, other):
		return cable.Errorf(cable.Conflict, "user name %s is taken: user %s exists, and names must differ in more than case", name, other)
	}
	return nil
}

// isBidiControl reports whether r is one of Unicode's bidirectional
// formatting characters: embeddings and overrides (U+202A–U+202E),
// isolates (U+2066–U+2069) and the marks U+200E and U+200F.
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F
}

// ValidateUserUpdate is ValidateUser without the name: what an update may
// change. An existing user keeps their name, which may predate the rules.
func ValidateUserUpdate(u *cable.User) error {
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
		case cable.RoleDrafter, cable.RoleClearer, cable.RoleReleaser, cable.RoleDutyOfficer, cable.RoleReviewer:
		default:
			return cable.Errorf(cable.Invalid, "user %s: role %q: want drafter, clearer, releaser, duty-officer or reviewer", u.Name, r.Kind)
		}
	}
	return nil
}
