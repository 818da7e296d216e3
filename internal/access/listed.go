package access

import (
	"strings"
	"time"

	"github.com/cable/cable/internal/marking"
)

// ListBanner returns the banner a list (an inbox, a list of cables)
// shows for a cable whose banner the reader may see: the published
// classification with the controls the stored banner adds, so that a
// cable published as SECRET whose paragraphs are S//NF lists as
// SECRET//NOFORN, as its page shows it (issue 17, defect 4). A cable
// declassified by now lists as UNCLASSIFIED; callers say since when.
// A published classification that cannot be read is kept as written
// when the columns add nothing to it.
func ListBanner(published string, b Columns, declassified, now time.Time) string {
	if !declassified.IsZero() && !declassified.After(now) {
		return marking.Unclassified.Word()
	}
	m, err := marking.ParseBanner(published)
	if err != nil {
		if l := marking.Level(b.Level); l.Valid() && (b.NoForn || b.Rel != "") {
			m = marking.Marking{Level: l}
		} else {
			return published
		}
	}
	if l := marking.Level(b.Level); l.Valid() && l > m.Level {
		m.Level = l
	}
	switch {
	case b.NoForn:
		m.NoForn, m.RelTo = true, nil
	case b.Rel != "" && !m.NoForn && len(m.RelTo) == 0:
		m.RelTo = strings.Split(strings.Trim(b.Rel, ","), ",")
	}
	return m.Banner()
}

// VisibleBanner returns the banner of a reader's view of a cable from the
// stored columns of the portions that reader may see (their view's
// roll-up, as [View] computes it, for lists that do not build the view):
// SECRET and CONFIDENTIAL//NOFORN give SECRET//NOFORN. Callers pass only
// visible portions, so a withheld NOFORN paragraph adds nothing; a
// portion released by declassification is passed as plain (U). The
// columns keep the level, NOFORN and REL TO only, so SBU, FOUO and FGI
// do not appear. UNCLASSIFIED when there is none.
func VisibleBanner(cols []Columns) string {
	ms := make([]marking.Marking, 0, len(cols))
	for _, c := range cols {
		m := marking.Marking{Level: marking.Level(c.Level), NoForn: c.NoForn}
		if rel := strings.Trim(c.Rel, ","); rel != "" && !c.NoForn {
			m.RelTo = strings.Split(rel, ",")
		}
		ms = append(ms, m)
	}
	return marking.RollUp(ms).Banner()
}
