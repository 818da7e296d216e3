package access

import (
	"slices"

	"github.com/cable/cable/internal/marking"
)

// collectives returns the REL TO collectives of package marking (see
// [marking.Collective]), sorted. A collective missing here only makes a
// SQL filter stricter than [CanSee], never looser; TestRelToKeys checks
// the list against marking.
func collectives() []string {
	return []string{"ACGU", "AUSTRALIA GROUP", "EU", "FVEY", "ISAF", "NATO"}
}

// VisibleLevels returns the highest level r may see: a SQL filter keeps
// portions whose level is at most this. It is r's clearance, named for
// what the store does with it.
func VisibleLevels(r Reader) (max marking.Level) {
	return r.Clearance
}

// RelToKeys returns the REL TO entries any one of which admits foreign
// reader r to a portion that is not NOFORN: their country's trigraph and
// the collectives it belongs to, in canonical order. It returns nil for a
// US reader (REL TO does not concern them) and for an unknown country
// (only plain U is theirs). Stores that index REL TO entries as written in
// canonical marks can filter with "rel_to && RelToKeys(r)".
func RelToKeys(r Reader) []string {
	v := r.viewer()
	if !v.foreign || v.country == "" {
		return nil
	}
	country := v.country
	keys := []string{country}
	for _, c := range collectives() {
		if slices.Contains(marking.Members(c), country) {
			keys = append(keys, c)
		}
	}
	return keys
}
