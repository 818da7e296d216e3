package traffic

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// The directory's rules, which both stores apply: a store looks sites up
// (FindSite, in its transaction) and this file decides.

// FindSite looks a site up by PLAD, office symbol or routing indicator in
// the store, returning NotFound when the directory lacks it.
type FindSite func(ctx context.Context, name string) (*cable.Site, error)

// NotInDirectory is the error of a name the directory lacks.
func NotInDirectory(name string) error {
	return cable.Errorf(cable.NotFound, "%s is not in the directory: add it with cable directory add", Norm(name))
}

// PostOf returns the post a site travels as: an office's parent, else the
// site itself.
func PostOf(ctx context.Context, find FindSite, s *cable.Site) (*cable.Site, error) {
	if s.Kind != cable.SiteOffice {
		return s, nil
	}
	return find(ctx, s.Parent)
}

var riRe = regexp.MustCompile(`^R[A-Z]{3,7}$`)

// ValidateSite normalises s and checks it against the directory: a known
// kind, a routing indicator of ACP 121 shape, a country code, an office's
// post, a collective's members. An office takes its post's RI and station
// when it has none; a post its station from its PLAD.
func ValidateSite(ctx context.Context, find FindSite, s *cable.Site) error {
	s.PLAD = Norm(s.PLAD)
	s.RI, s.Parent, s.Station = strings.ToUpper(strings.TrimSpace(s.RI)), Norm(s.Parent), strings.ToUpper(strings.TrimSpace(s.Station))
	s.Via = Norm(s.Via)
	if s.PLAD == "" {
		return cable.Errorf(cable.Invalid, "a site needs a PLAD or office symbol")
	}
	if s.RI != "" && !riRe.MatchString(s.RI) {
		return cable.Errorf(cable.Invalid, "site %s: routing indicator %q: want R and 3 to 7 more letters, such as RUEHBJ", s.PLAD, s.RI)
	}
	if s.Country != "" {
		code, ok := marking.Trigraph(s.Country)
		if !ok {
			return cable.Errorf(cable.Invalid, "site %s: country %q: want an ISO 3166 code such as CHN", s.PLAD, s.Country)
		}
		s.Country = code
	}
	switch s.Kind {
	case cable.SitePost:
		if s.Station == "" {
			s.Station = StationOf(s.PLAD)
		}
	case cable.SiteOffice:
		if err := validateOffice(ctx, find, s); err != nil {
			return err
		}
	case cable.SiteCollective:
		for i, m := range s.Members {
			ms, err := find(ctx, m)
			if err != nil {
				return err
			}
			if ms.Kind != cable.SitePost {
				return cable.Errorf(cable.Invalid, "collective %s: member %s is a %s, not a post", s.PLAD, ms.PLAD, ms.Kind)
			}
			s.Members[i] = ms.PLAD
		}
	default:
		return cable.Errorf(cable.Invalid, "site %s: kind %q: want post, office or collective", s.PLAD, s.Kind)
	}
	if s.Kind != cable.SiteCollective && len(s.Members) > 0 {
		return cable.Errorf(cable.Invalid, "site %s: only a collective has members", s.PLAD)
	}
	return nil
}

// validateOffice checks an office's post and gives it the post's RI,
// station and country where it has none.
func validateOffice(ctx context.Context, find FindSite, s *cable.Site) error {
	if s.Parent == "" {
		return cable.Errorf(cable.Invalid, "office %s: say which post it belongs to (--parent \"SECSTATE WASHDC\")", s.PLAD)
	}
	p, err := find(ctx, s.Parent)
	if err != nil {
		return err
	}
	if p.Kind != cable.SitePost {
		return cable.Errorf(cable.Invalid, "office %s: its parent %s is a %s, not a post", s.PLAD, p.PLAD, p.Kind)
	}
	s.Parent = p.PLAD
	s.RI, s.Station = OrElse(s.RI, p.RI), OrElse(s.Station, p.Station)
	s.Country = OrElse(s.Country, p.Country)
	return nil
}

// ApplySiteUpdate applies upd to s; ValidateSite then checks the result.
func ApplySiteUpdate(s *cable.Site, upd cable.SiteUpdate) {
	for _, f := range []struct {
		to   *string
		from *string
	}{{&s.RI, upd.RI}, {&s.Country, upd.Country}, {&s.Parent, upd.Parent}, {&s.Station, upd.Station}, {&s.Name, upd.Name}, {&s.Relay, upd.Relay}, {&s.Via, upd.Via}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	if upd.Kind != nil {
		s.Kind = *upd.Kind
	}
	if upd.Members != nil {
		s.Members = *upd.Members
	}
}

// SiteDetail is a directory entry as the audit log records it.
func SiteDetail(s *cable.Site) string {
	return fmt.Sprintf("site=%s kind=%s ri=%q country=%q parent=%q station=%q name=%q members=%v relay=%q",
		s.PLAD, s.Kind, s.RI, s.Country, s.Parent, s.Station, s.Name, s.Members, s.Relay)
}

// SiteExists is the refusal of a second entry under one PLAD.
func SiteExists(plad string) error {
	return cable.Errorf(cable.Conflict, "%s is already in the directory: change it with cable directory set", plad)
}

// CheckSerial checks a serial an administrator sets for site s.
func CheckSerial(s *cable.Site, year, last int) error {
	if s.Kind != cable.SitePost || s.Station == "" {
		return cable.Errorf(cable.Invalid, "%s has no station of its own: serials are kept per post", s.PLAD)
	}
	if year < 1966 || year > 9999 || last < 0 || last > 9999999 {
		return cable.Errorf(cable.Invalid, "serial %d:%d: want a four-digit year and a serial of at most 7 digits", year, last)
	}
	return nil
}

// SerialCounter names the counter of a station's yearly serials.
func SerialCounter(station string, year int) string {
	return fmt.Sprintf("serial/%s/%d", station, year)
}

// OrElse returns a unless it is empty, else b.
func OrElse(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// InboxSites returns the sites whose copies u's inbox shows: all of
// theirs, or the one site names, which must be theirs.
func InboxSites(u *cable.User, site string) ([]string, error) {
	sites := Sites(u)
	if site == "" {
		return sites, nil
	}
	n := Norm(site)
	if !slices.Contains(sites, n) {
		return nil, cable.Errorf(cable.Invalid, "%s is not one of your posts or offices (%s)", n, strings.Join(sites, ", "))
	}
	return []string{n}, nil
}

// NoCopy is the NotFound of a cable with no copy at the caller's sites.
func NoCopy(id, site string) error {
	return cable.Errorf(cable.NotFound, "no copy of %s was delivered to %s", id, OrElse(Norm(site), "your posts and offices"))
}
