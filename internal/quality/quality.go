// Package quality finds what is wrong with a cable's text as a person
// reviewing the archive would want to know it, and decides who may know
// each finding. Findings are found at ingest, stored with the cable, shown
// on its page and filtered on in search ("quality:unreadable-mark"). A
// finding can say something about text a reader may not see (that a
// withheld paragraph's mark is higher than the banner), so each kind has
// a rule, written here and in the stores' SQL, for who may know of it.
package quality

import (
	"strconv"
	"strings"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
)

// The kinds of finding.
const (
	// UnreadableMark is a subject or paragraph whose mark cannot be read
	// (withheld from everyone, MARKINGS.md §2).
	UnreadableMark = "unreadable-mark"
	// UnmarkedParagraph is a paragraph of a classified cable with no mark
	// (it takes the banner).
	UnmarkedParagraph = "unmarked-paragraph"
	// UnreadableDecl is a DECL that cannot be read: the cable never
	// declassifies until a reviewer decides.
	UnreadableDecl = "unreadable-decl"
	// MissingDecl is a classified cable with no E.O. line or DECL.
	MissingDecl = "missing-decl"
	// BannerBelowRollUp is a banner lower than a portion's mark.
	BannerBelowRollUp = "banner-below-rollup"
	// DamagedID is an archive reference id that is not the cable's id
	// ("08ECTION01OF02MANAMA492").
	DamagedID = "damaged-id"
)

// Kinds lists every kind, for validation and help.
var Kinds = []string{UnreadableMark, UnmarkedParagraph, UnreadableDecl, MissingDecl, BannerBelowRollUp, DamagedID}

// IsKind reports whether k is a kind of finding.
func IsKind(k string) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Finding is one thing wrong with a cable.
type Finding struct {
	Kind string `json:"kind"`
	// Part is "S" for the subject, a paragraph's number, or "" for the
	// cable as a whole.
	Part string `json:"part,omitempty"`
}

// Of returns the findings of c, in a stable order.
func Of(c *cable.Cable) []Finding {
	var out []Finding
	banner, berr := access.Banner(c)
	var marks []marking.Marking
	for _, p := range access.Portions(c) {
		part := "S"
		if p.Kind == access.PortionParagraph {
			part = strconv.Itoa(p.Number)
		}
		switch {
		case p.Kind == access.PortionUnmarked:
		case p.Unreadable:
			out = append(out, Finding{UnreadableMark, part})
		case p.Kind == access.PortionParagraph && !p.Marked && berr == nil && banner.Level > marking.Unclassified:
			out = append(out, Finding{UnmarkedParagraph, part})
		case p.Marked:
			marks = append(marks, p.Marking)
		}
	}
	d := c.Text.Decl
	switch {
	case d.Raw != "" && d.Date.IsZero() && !d.NA && access.NeedsReview(c) == "unreadable":
		out = append(out, Finding{Kind: UnreadableDecl})
	case strings.TrimSpace(c.Text.EO) == "" && d.Raw == "" && berr == nil && banner.Level > marking.Unclassified:
		out = append(out, Finding{Kind: MissingDecl})
	}
	if berr == nil && len(marks) > 0 && marking.RollUp(marks).Level > banner.Level {
		out = append(out, Finding{Kind: BannerBelowRollUp})
	}
	// An id the reader had to mend to read it ("08ECTION01OF02MANAMA492" is
	// 08MANAMA492); one that names the station otherwise (06TAIPEI2921 for
	// 06AITTAIPEI2921) is not damaged.
	if e := c.Envelope; e != nil {
		ref := strings.ToUpper(strings.TrimSpace(e.ReferenceID))
		if ref != "" && ref != c.ID && cabletext.CanonicalID(ref) == c.ID {
			out = append(out, Finding{Kind: DamagedID})
		}
	}
	return out
}

// Visible reports whether r, who knows c at now, may know of finding f
// (the stores' SQL says the same, kind by kind):
//
//   - an unreadable mark or an unmarked paragraph: a US reader, whose view
//     shows every paragraph's place ("7. (?) [withheld: unreadable
//     mark]"); a release copy, the public's included, shows none;
//   - a DECL unreadable or missing: a reader shown the unmarked text,
//     where the E.O. line is;
//   - a banner below a portion's mark: a reader shown every portion and
//     the banner, who sees it for themselves;
//   - a damaged id: whoever knows the cable.
func Visible(r access.Reader, c *cable.Cable, f Finding, now time.Time) bool {
	switch f.Kind {
	case UnreadableMark, UnmarkedParagraph:
		return !r.Foreign()
	case UnreadableDecl, MissingDecl:
		banner, _ := access.Banner(c)
		return access.Declassified(c, now) || access.CanSee(r, banner)
	case BannerBelowRollUp:
		banner, _ := access.Banner(c)
		if !access.Declassified(c, now) && !access.CanSee(r, banner) {
			return false
		}
		for _, p := range access.PortionsAt(c, now) {
			if !access.Visible(r, p) {
				return false
			}
		}
		return true
	}
	return f.Kind == DamagedID
}

// VisibleOf returns the findings of c that r, who knows c, may know of.
func VisibleOf(r access.Reader, c *cable.Cable, now time.Time) []Finding {
	var out []Finding
	for _, f := range Of(c) {
		if Visible(r, c, f, now) {
			out = append(out, f)
		}
	}
	return out
}
