package access

import (
	"slices"
	"strings"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// Distribution is who a cable was sent to, the input of MARKINGS.md §5.
// It is kept apart from the cable because traffic adds to it after the
// cable is stored (Slugged), and stores index it.
type Distribution struct {
	// Origin is the originating post's PLAD (SECSTATE WASHDC).
	Origin string
	// Addressees are the PLADs of the TO and INFO addressees.
	Addressees []string
	// Slugged are the offices a response is slugged to (ISN, EAP); traffic
	// fills them in when a reply is slugged.
	Slugged []string
	// Captions are the cable's dissemination captions (SIPDIS, NODIS…).
	Captions []marking.Caption
}

// DistributionOf returns the distribution written in c: the FM, TO and
// INFO addresses and the captions of the text. Caption words that are not
// dissemination captions (NOFORN, SENSITIVE) are ignored: they are
// markings, read by [Portions].
//
// A cable without a header (the archive's "partial extract") names no
// addresses; its origin is then taken from the envelope's origin line
// ("Embassy The Hague" as AMEMBASSY THE HAGUE, see originPLAD), so that
// the post that wrote it still sees it.
func DistributionOf(c *cable.Cable) Distribution {
	d := Distribution{Origin: c.Header.From.PLAD, Slugged: c.Slugged}
	if d.Origin == "" && c.Envelope != nil {
		d.Origin = originPLAD(c.Envelope.Origin)
	}
	for _, as := range [][]cable.Address{c.Header.To, c.Header.Info} {
		for _, a := range as {
			if a.PLAD != "" {
				d.Addressees = append(d.Addressees, a.PLAD)
			}
		}
	}
	for _, w := range c.Text.Captions {
		if cp, err := marking.ParseCaption(w); err == nil && !slices.Contains(d.Captions, cp) {
			d.Captions = append(d.Captions, cp)
		}
	}
	return d
}

// originPLAD turns the archive's origin line into the PLAD the post
// writes in FM lines, for the common forms; others are returned as
// written. It is approximate, and only used when the header is missing.
func originPLAD(origin string) string {
	o := NormalizePLAD(origin)
	switch {
	case o == "SECRETARY OF STATE":
		return "SECSTATE WASHDC"
	case strings.HasPrefix(o, "EMBASSY "):
		return "AMEMBASSY " + strings.TrimPrefix(o, "EMBASSY ")
	case strings.HasPrefix(o, "CONSULATE "):
		return "AMCONSUL " + strings.TrimPrefix(o, "CONSULATE ")
	}
	return o
}

// NormalizePLAD returns the form in which PLADs and office symbols are
// compared: upper case, surrounding space dropped and inner runs of space
// collapsed, so "AMEMBASSY  Beijing " matches "AMEMBASSY BEIJING". Stores
// that filter by post should index this form.
func NormalizePLAD(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), " "))
}

// Admits reports whether d lets r see the cable at all (MARKINGS.md §5):
//
//   - members of the origin, of an addressee or of a slugged office are
//     admitted;
//   - SIPDIS also admits every US reader cleared CONFIDENTIAL or above,
//     archive-wide. Foreign readers are not on SIPRNet: SIPDIS does not
//     admit them;
//   - any restrictive caption (NODIS, EXDIS, LIMDIS, STADIS, CHEROKEE)
//     cancels SIPDIS's archive-wide reach;
//   - NODIS, EXDIS and CHEROKEE further require the matching read-in, of
//     every member, the origin's included.
//
// The public reader is admitted by every distribution: what it may see
// has been declassified, and declassification releases a portion to
// anyone (MARKINGS.md §5, the public reader).
//
// Portion rules still apply after admission: see [Knows].
func Admits(r Reader, d Distribution) bool {
	if r.Public {
		return true
	}
	restricted := false
	for _, c := range d.Captions {
		if c.Restrictive() {
			restricted = true
		}
		if needsReadIn(c) && !r.readIn(c) {
			return false
		}
	}
	if isMember(r, d) {
		return true
	}
	return !restricted && slices.Contains(d.Captions, marking.SIPDIS) &&
		!r.Foreign() && r.Clearance >= marking.Confidential
}

// needsReadIn reports whether caption c admits only readers read in for
// it.
func needsReadIn(c marking.Caption) bool {
	return c == marking.NODIS || c == marking.EXDIS || c == marking.CHEROKEE
}

// isMember reports whether one of r's posts is d's origin, an addressee
// or a slugged office.
func isMember(r Reader, d Distribution) bool {
	for _, p := range r.Posts {
		p = NormalizePLAD(p)
		if p == "" {
			continue
		}
		if p == NormalizePLAD(d.Origin) || containsPLAD(d.Addressees, p) || containsPLAD(d.Slugged, p) {
			return true
		}
	}
	return false
}

// containsPLAD reports whether list holds p (already normalised).
func containsPLAD(list []string, p string) bool {
	for _, s := range list {
		if NormalizePLAD(s) == p {
			return true
		}
	}
	return false
}
