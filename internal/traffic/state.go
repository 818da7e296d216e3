package traffic

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
)

// Step returns the state draft d moves to when e happens to it, or an
// error saying why e may not happen now: an Invalid error for a release
// with clearances missing, a Conflict for any change to a released draft.
// Call it with d as it will be after the event (an edit already applied,
// a clearance already recorded), so that the clearances it sees are
// current.
//
//	event      from                to
//	drafted    (new)               drafting, or cleared when no office must clear
//	edited     drafting, cleared   drafting, or cleared when no office must clear
//	cleared    drafting, cleared   cleared when every office has cleared, else drafting
//	released   cleared             released
//	refused    drafting, cleared   unchanged
func Step(d *cable.Draft, e cable.EventKind) (cable.DraftState, error) {
	if d.State == cable.DraftReleased {
		return d.State, cable.Errorf(cable.Conflict, "draft %d was released as %s: it can no longer change", d.ID, d.CableID)
	}
	settled := cable.DraftDrafting
	if len(MissingClearances(d)) == 0 {
		settled = cable.DraftCleared
	}
	switch e {
	case cable.EventDrafted:
		if d.State != "" {
			return d.State, cable.Errorf(cable.Conflict, "draft %d already exists", d.ID)
		}
		return settled, nil
	case cable.EventEdited, cable.EventCleared, cable.EventVoided:
		return settled, nil
	case cable.EventRefused:
		return d.State, nil
	case cable.EventReleased:
		if settled != cable.DraftCleared {
			return d.State, cable.Errorf(cable.Invalid, "draft %d: %s", d.ID, ClearanceProblem(d))
		}
		return cable.DraftReleased, nil
	}
	return d.State, cable.Errorf(cable.Invalid, "draft %d: %s does not apply to a draft", d.ID, e)
}

// The steps of a delivery that are not events of their own: a relay claims
// a copy (sending) and puts it back for a retry when the remote system
// does not take it.
const (
	stepClaimed cable.EventKind = "claimed"
	stepRetry   cable.EventKind = "retry"
)

// DeliveryStep returns the state a delivery moves to on event e:
//
//	event         from               to
//	transmitted   (new)              queued
//	claimed       queued             sending    (a relay holds it)
//	retry         sending            queued
//	delivered     queued, sending    delivered
//	acknowledged  delivered          delivered  (recorded on the copy)
//	escalated     delivered          delivered  (recorded on the copy)
//	read          delivered          delivered
//
// The store makes each step one conditional update, so a step that does
// not apply (a second delivery of the same copy) changes nothing.
func DeliveryStep(s cable.DeliveryState, e cable.EventKind) (cable.DeliveryState, error) {
	type edge struct {
		from cable.DeliveryState
		e    cable.EventKind
	}
	next, ok := map[edge]cable.DeliveryState{
		{"", cable.EventTransmitted}:                       cable.DeliveryQueued,
		{cable.DeliveryQueued, stepClaimed}:                cable.DeliverySending,
		{cable.DeliverySending, stepRetry}:                 cable.DeliveryQueued,
		{cable.DeliveryQueued, cable.EventDelivered}:       cable.DeliveryDelivered,
		{cable.DeliverySending, cable.EventDelivered}:      cable.DeliveryDelivered,
		{cable.DeliveryDelivered, cable.EventAcknowledged}: cable.DeliveryDelivered,
		{cable.DeliveryDelivered, cable.EventEscalated}:    cable.DeliveryDelivered,
		{cable.DeliveryDelivered, cable.EventRead}:         cable.DeliveryDelivered,
	}[edge{s, e}]
	if !ok {
		from := string(s)
		if from == "" {
			from = "new"
		}
		return s, cable.Errorf(cable.Conflict, "a %s copy cannot be %s", from, e)
	}
	return next, nil
}

// MissingClearances returns the offices whose clearance of d's current
// version is missing, in the order the draft lists them.
func MissingClearances(d *cable.Draft) []string {
	var out []string
	for _, c := range d.Clearances {
		if !c.Cleared(d.Version) {
			out = append(out, c.Office)
		}
	}
	return out
}

// ClearanceProblem says which clearances d lacks and which it has:
// "clearance from T missing (cleared: EAP)". It is empty when none is
// missing.
func ClearanceProblem(d *cable.Draft) string {
	missing := MissingClearances(d)
	if len(missing) == 0 {
		return ""
	}
	var have []string
	for _, c := range d.Clearances {
		if c.Cleared(d.Version) {
			have = append(have, c.Office)
		}
	}
	cleared := "none"
	if len(have) > 0 {
		cleared = strings.Join(have, ", ")
	}
	noun := "clearance from " + missing[0]
	if len(missing) > 1 {
		noun = "clearances from " + JoinAnd(missing)
	}
	return fmt.Sprintf("%s missing (cleared: %s)", noun, cleared)
}

// JoinAnd writes "A, B and C".
func JoinAnd(ss []string) string {
	if len(ss) <= 1 {
		return strings.Join(ss, "")
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " and " + ss[len(ss)-1]
}

// Norm returns the form in which sites are compared and stored: upper
// case, single spaces (access.NormalizePLAD).
func Norm(s string) string { return access.NormalizePLAD(s) }

// HasRole reports whether u holds role k at one of sites.
func HasRole(u *cable.User, k cable.RoleKind, sites ...string) bool {
	if u == nil {
		return false
	}
	for _, r := range u.Roles {
		if r.Kind != k {
			continue
		}
		for _, s := range sites {
			if s != "" && Norm(r.Post) == Norm(s) {
				return true
			}
		}
	}
	return false
}

// Sites returns the posts and offices u belongs to: their posts and the
// sites of their roles, normalised, once each, in that order.
func Sites(u *cable.User) []string {
	if u == nil {
		return nil
	}
	var out []string
	add := func(s string) {
		if s = Norm(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, p := range u.Posts {
		add(p)
	}
	for _, r := range u.Roles {
		add(r.Post)
	}
	return out
}

// IsMember reports whether u belongs to site: it is one of u's posts, or u
// holds a role there.
func IsMember(u *cable.User, site string) bool {
	return slices.Contains(Sites(u), Norm(site))
}

// CanSeeDraft reports whether u may see draft d, whose origin's post is
// originPost: its drafter, the members of the offices that must clear it,
// and the releasers of its origin and of the origin's post. (Whether they
// may read its text is then a matter of clearance, which the store
// checks.)
func CanSeeDraft(u *cable.User, d *cable.Draft, originPost string) bool {
	if u == nil {
		return false
	}
	if u.Name == d.Drafter {
		return true
	}
	for _, c := range d.Clearances {
		if IsMember(u, c.Office) {
			return true
		}
	}
	return HasRole(u, cable.RoleReleaser, d.Origin, originPost)
}
