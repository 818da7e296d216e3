package access

import (
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
