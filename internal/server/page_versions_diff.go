package server

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// The versions page compares two versions (?from=1&to=2) side by side:
// a line diff of the reader's view of each, as the telegram page writes
// a view. An earlier version is shown only through access.VersionView,
// so a paragraph withheld from the reader is its placeholder in both,
// and one whose mark was since corrected upward stays withheld.

// versionDiff is two versions as the reader may read them, line by line.
type versionDiff struct {
	From, To             int
	FromBanner, ToBanner string
	Rows                 []diffRow
	// Changed counts the rows that differ.
	Changed int
}

// diffRow is one row of the side-by-side table: a line kept ("same"),
// changed, deleted from the old version or added in the new one. A side
// without a line has No 0.
type diffRow struct {
	Kind        string
	Left, Right diffCell
}

type diffCell struct {
	No   int
	Text string
}

// versionPair reads ?from and ?to: false when neither is given; Invalid
// unless both name different stored versions.
func versionPair(r *http.Request, vs []cable.Version) (from, to int, ok bool, err error) {
	q := r.URL.Query()
	if q.Get("from") == "" && q.Get("to") == "" {
		return 0, 0, false, nil
	}
	n := func(name string) (int, error) {
		v, err := strconv.Atoi(q.Get(name))
		if err != nil || !slices.ContainsFunc(vs, func(x cable.Version) bool { return x.Number == v }) {
			return 0, cable.Errorf(cable.Invalid, "%s: %q is not a version of this cable", name, q.Get(name))
		}
		return v, nil
	}
	if from, err = n("from"); err != nil {
		return 0, 0, false, err
	}
	if to, err = n("to"); err != nil {
		return 0, 0, false, err
	}
	if from == to {
		return 0, 0, false, cable.Errorf(cable.Invalid, "from and to are both version %d: choose two versions", from)
	}
	return from, to, true, nil
}

// compareVersions returns the reader's comparison of versions from and to
// of cur, the current version, which is version last.
func (s *Server) compareVersions(w http.ResponseWriter, r *http.Request, cur *cable.Cable, last, from, to int) (*versionDiff, error) {
	views := map[int]*access.CableView{}
	for _, n := range []int{from, to} {
		c := cur
		if n != last {
			ctx, m := s.metered(r.Context())
			var err error
			if c, err = s.DB.FindCableVersion(ctx, cur.ID, n); err != nil {
				if cable.KindOf(err) == cable.Exhausted {
					s.refused(w, err)
				}
				return nil, err
			}
			noteBudget(w, m)
		}
		v, ok := access.VersionView(readerOf(r.Context()), c, cur, s.Now())
		if !ok {
			// Nothing of that version may be shown: the answer is the
			// one for a version that does not exist.
			return nil, cable.Errorf(cable.Invalid, "version %d has nothing you may read", n)
		}
		views[n] = v
	}
	a, b := views[from], views[to]
	d := &versionDiff{From: from, To: to, FromBanner: a.Banner(), ToBanner: b.Banner()}
	d.Rows, d.Changed = sideBySide(viewLines(a), viewLines(b))
	return d, nil
}

// viewLines is a view written as a telegram, in lines.
func viewLines(v *access.CableView) []string {
	return strings.Split(strings.TrimRight(cabletext.Format(v.Cable), "\n"), "\n")
}

// sideBySide lays out the diff of a and b in rows: each run of deleted
// and added lines is paired line by line into changed rows, the longer
// side's rest left alone.
func sideBySide(a, b []string) (rows []diffRow, changed int) {
	var dels, adds []diffLine
	flush := func() {
		for i := range max(len(dels), len(adds)) {
			row := diffRow{Kind: "change"}
			switch {
			case i >= len(adds):
				row.Kind = "del"
			case i >= len(dels):
				row.Kind = "add"
			}
			if i < len(dels) {
				row.Left = diffCell{No: dels[i].A + 1, Text: a[dels[i].A]}
			}
			if i < len(adds) {
				row.Right = diffCell{No: adds[i].B + 1, Text: b[adds[i].B]}
			}
			rows = append(rows, row)
			changed++
		}
		dels, adds = dels[:0], adds[:0]
	}
	for _, d := range lineDiff(a, b) {
		switch d.Op {
		case diffDel:
			dels = append(dels, d)
		case diffAdd:
			adds = append(adds, d)
		default:
			flush()
			rows = append(rows, diffRow{Kind: "same", Left: diffCell{d.A + 1, a[d.A]}, Right: diffCell{d.B + 1, b[d.B]}})
		}
	}
	flush()
	return rows, changed
}
