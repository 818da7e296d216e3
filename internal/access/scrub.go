package access

import (
	"strings"

	"github.com/cable/cable/internal/cable"
)

// minScrub is the length of the shortest withheld text [CableView.scrub]
// looks for: shorter ones ("Comment.") occur in metadata by chance.
const minScrub = 20

// scrub replaces with [Placeholder] every occurrence of a withheld text in
// the view's metadata: header, envelope, handling lines, references,
// Classified By and the E.O. line. The view copies these as parsed, and a
// damaged source can make a parser misplace body text into them (the
// subject glued to the last address line, say); a withheld portion must
// not come through that way. Shown portions are left alone: boilerplate a
// shown paragraph repeats is the reader's to see.
func (v *CableView) scrub(secrets []string) {
	var ss []string
	for _, s := range secrets {
		if s = strings.TrimSpace(s); len(s) >= minScrub {
			ss = append(ss, s)
		}
	}
	if len(ss) == 0 {
		return
	}
	for _, f := range metadataFields(v.Cable) {
		for _, s := range ss {
			if strings.Contains(*f, s) {
				*f = strings.ReplaceAll(*f, s, Placeholder)
			}
		}
	}
}

// metadataFields returns pointers to the text fields of c that are not
// portions (subject, paragraphs, signature).
func metadataFields(c *cable.Cable) []*string {
	h, t := &c.Header, &c.Text
	fs := []*string{&h.TransmissionID, &h.Prosign, &h.Station, &h.StationSerial, &h.Section,
		&h.FilingTime, &h.Security, &h.DTG, &t.Class.Raw, &t.Class.Station, &t.Class.Serial,
		&t.EO, &t.Decl.Raw, &t.ClassifiedBy.Authority}
	for i := range h.Routes {
		fs = append(fs, &h.Routes[i])
	}
	fs = append(fs, addressFields(&h.From)...)
	for _, as := range [][]cable.Address{h.To, h.Info} {
		for i := range as {
			fs = append(fs, addressFields(&as[i])...)
		}
	}
	for _, ss := range [][]string{t.Captions, t.PassLines, t.Tags, t.ClassifiedBy.Names, t.ClassifiedBy.Reasons} {
		for i := range ss {
			fs = append(fs, &ss[i])
		}
	}
	for i := range t.References {
		fs = append(fs, &t.References[i].Text, &t.References[i].Label)
	}
	if e := c.Envelope; e != nil {
		fs = append(fs, &e.ReferenceID, &e.Title, &e.Created, &e.Classification, &e.Origin)
	}
	return fs
}

// addressFields returns pointers to the text fields of a.
func addressFields(a *cable.Address) []*string {
	fs := []*string{&a.RI, &a.PLAD, &a.MCN}
	for i := range a.Excluded {
		fs = append(fs, &a.Excluded[i])
	}
	return fs
}
