package access

import (
	"slices"

	"github.com/cable/cable/internal/marking"
)

// Reader is whoever asks to see a cable: what MARKINGS.md §4 says a
// decision depends on. The zero Reader is a foreign reader with no
// clearance and no post, who sees only plain unclassified text of cables
// given to them; that is the safe default for an unknown caller.
type Reader struct {
	// Clearance is the highest level the reader may read.
	Clearance marking.Level
	// Citizenship is the reader's country as an ISO 3166 trigraph, "USA"
	// for US persons. Names and cable forms (US, UK) are accepted; an
	// empty or unknown value makes the reader foreign.
	Citizenship string
	// Posts are the PLADs and office symbols the reader belongs to
	// ("AMEMBASSY BEIJING", "SECSTATE WASHDC", "ISN"). They decide
	// distribution (§5); spacing and case do not matter.
	Posts []string
	// ReadIns are the restrictive captions the reader is read in for
	// (NODIS, EXDIS, CHEROKEE).
	ReadIns []marking.Caption
	// Public marks the public reader of the reading room (MARKINGS.md §5):
	// no account, and no clearance, citizenship, post or read-in. It may
	// know of any cable, whatever its distribution, but sees only the
	// portions that are declassified ([Portion.Declassified]); a cable
	// with none does not exist for it. The other fields are ignored.
	Public bool
}

// PublicReader returns the public reader.
func PublicReader() Reader { return Reader{Public: true} }

// Foreign reports whether r is not a US person. A reader whose
// citizenship is empty or unknown is foreign, so that a missing value
// fails closed.
func (r Reader) Foreign() bool {
	if r.Citizenship == "USA" { // the common case, without a table look-up
		return false
	}
	code, ok := marking.Trigraph(r.Citizenship)
	return !ok || code != "USA"
}

// readIn reports whether r holds the read-in for caption c.
func (r Reader) readIn(c marking.Caption) bool {
	return slices.Contains(r.ReadIns, c)
}

// viewer is a [Reader] resolved once for many portion decisions: looking
// up a citizenship is not cheap.
type viewer struct {
	public    bool
	clearance marking.Level
	foreign   bool
	country   string // trigraph; "" when foreign and unknown
}

func (r Reader) viewer() viewer {
	if r.Public {
		return viewer{public: true, foreign: true}
	}
	v := viewer{clearance: r.Clearance, foreign: r.Foreign()}
	if v.foreign {
		v.country, _ = marking.Trigraph(r.Citizenship)
	}
	return v
}

// CanSee reports whether r may see a portion marked m (MARKINGS.md §4,
// rules 1 and 2; distribution, rule 3, is [Admits]):
//
//  1. m's level is at most r's clearance;
//  2. a US reader needs nothing more. A foreign reader needs m not NOFORN,
//     and either a REL TO naming their country or a collective that
//     includes it, or plain U: no SBU, FOUO, FGI or REL TO.
//
// FGI without REL TO is not plain: foreign government information is
// shared with a third country only when a REL TO says so.
func CanSee(r Reader, m marking.Marking) bool {
	return r.viewer().sees(m.Canonical())
}

// seesPortion reports whether v may see portion p: never when its mark
// cannot be read; the public reader only when p is declassified.
func (v viewer) seesPortion(p Portion) bool {
	if v.public {
		return p.Declassified && !p.Unreadable
	}
	return !p.Unreadable && v.sees(p.Marking)
}

// Visible reports whether r may see portion p of a cable whose
// distribution admits r (MARKINGS.md §4 rules 1 and 2, and §2: a portion
// whose mark cannot be read is visible to nobody).
func Visible(r Reader, p Portion) bool { return r.viewer().seesPortion(p) }

// sees is [CanSee] for a canonical m. The public reader sees no marking
// as such: what it sees is decided by declassification, which a marking
// does not carry (see seesPortion).
func (v viewer) sees(m marking.Marking) bool {
	if v.public {
		return false
	}
	if m.Level > v.clearance {
		return false
	}
	if !v.foreign {
		return true
	}
	switch {
	case m.NoForn:
		return false
	case len(m.RelTo) > 0:
		return v.country != "" && relNames(m.RelTo, v.country)
	}
	return plainU(m)
}

// relNames reports whether a canonical REL TO list names country or a
// collective it belongs to.
func relNames(relTo []string, country string) bool {
	for _, e := range relTo {
		if e == country || slices.Contains(marking.Members(e), country) {
			return true
		}
	}
	return false
}

// plainU reports whether canonical m is unclassified text with no control
// at all: the only text foreign readers see without a REL TO.
func plainU(m marking.Marking) bool {
	return m.Level == marking.Unclassified && !m.NoForn && len(m.RelTo) == 0 &&
		!m.SBU && !m.FOUO && !m.FGI
}
