package access

import (
	"time"

	"github.com/cable/cable/internal/cable"
)

// An earlier version of a cable may have been replaced to correct a mark
// that was too low, so its own marks alone cannot say what a reader may
// see of it. VersionView shows a portion of an earlier version only when
// the reader may see it under its own mark and may also see its
// counterpart in the current version: the subject, the unmarked text, or
// the paragraph of the same number. A paragraph the current version no
// longer has is shown only to a reader who may see every portion of the
// current version (fail closed).

// portionKey names a portion across versions: its kind and, for a
// paragraph, its number.
type portionKey struct {
	kind   PortionKind
	number int
}

// VersionView returns what r is shown of version old of a cable whose
// current version is cur, at now, for comparing versions: a view as
// [View] makes it (withheld paragraphs as placeholders, a release copy
// for a foreign reader), limited as above. It reports false when r may
// not know of cur, or of old, or may see nothing of old.
func VersionView(r Reader, old, cur *cable.Cable, now time.Time) (*CableView, bool) {
	if _, ok := View(r, cur, DistributionOf(cur), now); !ok || !Admits(r, DistributionOf(old)) {
		return nil, false
	}
	who := r.viewer()
	current := map[portionKey]bool{}
	all := true
	for _, p := range PortionsAt(cur, now) {
		k := portionKey{p.Kind, p.Number}
		seen, dup := current[k]
		current[k] = who.seesPortion(p) && (seen || !dup)
		all = all && current[k]
	}
	return buildSeen(old, now, r.Foreign(), func(p Portion) bool {
		seen, has := current[portionKey{p.Kind, p.Number}]
		return who.seesPortion(p) && (seen || !has && all)
	})
}
