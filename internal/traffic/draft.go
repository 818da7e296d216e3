package traffic

import (
	"context"
	"slices"
	"strings"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
)

// The rules of drafts that both stores apply: who acts, what a draft
// must hold, who may read it, what an edit voids.

// System is the actor of the steps no person takes.
const System = "system"

// Caller returns the user in ctx, or Unauthenticated: every traffic step
// is taken by someone.
func Caller(ctx context.Context) (*cable.User, error) {
	u := cable.UserFromContext(ctx)
	if u == nil {
		return nil, cable.Errorf(cable.Unauthenticated, "sign in first: traffic is done as a user")
	}
	return u, nil
}

// RequireAdmin returns the caller when they are an administrator, else
// Forbidden saying what they may not do.
func RequireAdmin(ctx context.Context, what string) (*cable.User, error) {
	u, err := Caller(ctx)
	if err != nil {
		return nil, err
	}
	if !u.Admin {
		return nil, cable.Errorf(cable.Forbidden, "only administrators may %s", what)
	}
	return u, nil
}

// NormalizeDraft puts the sites of d in directory form and checks what
// can be checked before release: the origin and clearing offices must be
// in the directory (addressees are checked at release, which says how to
// add them), action owners and precedences must be given.
func NormalizeDraft(ctx context.Context, find FindSite, d *cable.Draft) error {
	origin, err := find(ctx, d.Origin)
	if err != nil {
		return cable.Errorf(cable.Invalid, "origin: %s", cable.MessageOf(err))
	}
	if origin.Kind == cable.SiteCollective {
		return cable.Errorf(cable.Invalid, "origin %s is a collective address: draft in a post or office", origin.PLAD)
	}
	d.Origin = origin.PLAD
	for i := range d.Addressees {
		a := &d.Addressees[i]
		a.PLAD = Norm(a.PLAD)
		if a.Role == "" {
			a.Role = cable.RoleTo
		}
		if a.Role != cable.RoleTo && a.Role != cable.RoleInfo {
			return cable.Errorf(cable.Invalid, "addressee %s: role %q: want to or info", a.PLAD, a.Role)
		}
	}
	var offices []string
	for _, c := range d.Clearances {
		s, err := find(ctx, c.Office)
		if err != nil {
			return cable.Errorf(cable.Invalid, "clearance: %s", cable.MessageOf(err))
		}
		if !slices.Contains(offices, s.PLAD) {
			offices = append(offices, s.PLAD)
		}
	}
	d.Clearances = d.Clearances[:0]
	for _, o := range offices {
		d.Clearances = append(d.Clearances, cable.Clearance{Office: o})
	}
	for i := range d.Actions {
		a := &d.Actions[i]
		a.Owner, a.Text = Norm(a.Owner), strings.TrimSpace(a.Text)
		if a.Owner == "" || a.Text == "" {
			return cable.Errorf(cable.Invalid, "an action request needs an owner and a text: OWNER:YYYY-MM-DD:TEXT")
		}
	}
	for i, s := range d.Slug {
		d.Slug[i] = Norm(s)
	}
	return nil
}

// NewDraft checks a new draft, normalised, of drafter u and sets its
// drafter, version and state.
func NewDraft(u *cable.User, d *cable.Draft) error {
	if !HasRole(u, cable.RoleDrafter, d.Origin) {
		return cable.Errorf(cable.Forbidden, "%s is not a drafter at %s", u.Name, d.Origin)
	}
	if strings.TrimSpace(d.Text) == "" {
		return cable.Errorf(cable.Invalid, "the draft has no text")
	}
	d.Drafter, d.Version, d.State = u.Name, 1, ""
	var err error
	d.State, err = Step(d, cable.EventDrafted)
	return err
}

// ApplyDraftUpdate applies upd to d and returns the offices whose
// clearance of the current version it voids. Every clearance is reset:
// an edit, of the text or of anything the clearing offices agreed to,
// voids them.
func ApplyDraftUpdate(d *cable.Draft, upd cable.DraftUpdate) (voided []string) {
	for _, c := range d.Clearances {
		if c.Cleared(d.Version) {
			voided = append(voided, c.Office)
		}
	}
	if upd.Text != nil {
		d.Text = *upd.Text
	}
	if upd.Addressees != nil {
		d.Addressees = *upd.Addressees
	}
	if upd.Actions != nil {
		d.Actions = *upd.Actions
	}
	if upd.Slug != nil {
		d.Slug = *upd.Slug
	}
	offices := make([]string, 0, len(d.Clearances))
	for _, c := range d.Clearances {
		offices = append(offices, c.Office)
	}
	if upd.Clearances != nil {
		offices = *upd.Clearances
	}
	d.Clearances = d.Clearances[:0]
	for _, o := range offices {
		d.Clearances = append(d.Clearances, cable.Clearance{Office: o})
	}
	return voided
}

// ClearanceOf returns the index in d.Clearances of office (normalised),
// checking that d asks it and that u may clear for it.
func ClearanceOf(d *cable.Draft, u *cable.User, office string) (int, error) {
	office = Norm(office)
	i := slices.IndexFunc(d.Clearances, func(c cable.Clearance) bool { return c.Office == office })
	if i < 0 {
		var asked []string
		for _, c := range d.Clearances {
			asked = append(asked, c.Office)
		}
		return -1, cable.Errorf(cable.Invalid, "draft %d does not ask %s to clear it (it asks: %s)", d.ID, office, strings.Join(asked, ", "))
	}
	if !HasRole(u, cable.RoleClearer, office) {
		return -1, cable.Errorf(cable.Forbidden, "%s is not a clearer at %s", u.Name, office)
	}
	return i, nil
}

// DraftNotFound is the NotFound of a draft, whether it is missing or the
// caller may not see it.
func DraftNotFound(id int64) error { return cable.Errorf(cable.NotFound, "draft %d not found", id) }

// MayRead reports whether u may see draft d: they must be among those
// CanSeeDraft names, and be cleared for everything its text holds (the
// roll-up of its banner and portions, marks read as marking.ReadMark
// reads them, NOFORN included for foreign readers; a NODIS or EXDIS
// caption needs the read-in). The drafter, too, must be cleared for it
// today, but not for a mark nobody can read, which they wrote and must
// see to fix; for anyone else such a mark is TOP SECRET//NOFORN (fail
// closed). A draft whose banner cannot be read yet (no classification
// line) is judged by its portion marks alone: it is unfinished, the
// clearing offices and releasers must be able to see what to fix, and
// release refuses it anyway.
func MayRead(u *cable.User, d *cable.Draft, originPost string) bool {
	if !CanSeeDraft(u, d, originPost) {
		return false
	}
	drafter := u.Name == d.Drafter
	body := cabletext.ParseString(d.Text)
	var all []marking.Marking
	if banner, err := access.Banner(body); err == nil {
		all = append(all, banner)
	}
	marks := []string{body.Text.SubjectMark}
	for _, p := range body.Text.Paragraphs {
		marks = append(marks, p.Mark)
	}
	for _, mk := range marks {
		if mk == "" {
			continue
		}
		m, _, err := marking.ReadMark(mk)
		if err != nil {
			if drafter {
				continue
			}
			m = marking.Marking{Level: marking.TopSecret, NoForn: true}
		}
		all = append(all, m)
	}
	r := access.ReaderOf(u)
	if drafter {
		return access.CanSee(r, marking.RollUp(all))
	}
	dist := access.DistributionOf(body)
	dist.Origin = d.Origin
	dist.Slugged = append(Sites(u), d.Origin) // membership is settled above
	return access.CanSee(r, marking.RollUp(all)) && access.Admits(r, dist)
}

// PendingFor reports whether d awaits a clearance u may give.
func PendingFor(u *cable.User, d *cable.Draft) bool {
	if d.State == cable.DraftReleased {
		return false
	}
	for _, o := range MissingClearances(d) {
		if HasRole(u, cable.RoleClearer, o) {
			return true
		}
	}
	return false
}
