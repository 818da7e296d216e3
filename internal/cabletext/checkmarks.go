package cabletext

import (
	"strconv"
	"strings"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// Banner returns a cable's overall marking: the archive's classification
// when there is one, else the classification line's level with the
// NOFORN and REL TO captions the text carries.
func Banner(c *cable.Cable) (marking.Marking, error) {
	if c.Envelope != nil && c.Envelope.Classification != "" {
		return marking.ParseBanner(c.Envelope.Classification)
	}
	b := c.Text.Class.Level
	for _, cap := range c.Text.Captions {
		switch {
		case cap == "NOFORN" || strings.HasPrefix(cap, "REL TO"):
			b += "//" + cap
		case cap == "SENSITIVE" && b == "UNCLASSIFIED":
			b += "//SBU" // SENSITIVE BUT UNCLASSIFIED
		}
	}
	return marking.ParseBanner(b)
}

// marks checks the marking rules of MARKINGS.md §3 and §5: the banner must
// dominate the roll-up of the portions, naming the paragraphs that force a
// higher one, and SIPDIS may not go with NODIS or EXDIS.
func (k *checker) marks() {
	c := k.c
	banner, err := Banner(c)
	if err != nil {
		k.add("classification", c.Text.Class.Raw, "banner cannot be read: %v", err)
		return
	}
	var portions []marking.Marking
	var names []string
	if m, _, err := marking.ReadMark(c.Text.SubjectMark); c.Text.SubjectMark != "" && err == nil {
		portions, names = append(portions, m), append(names, "the subject")
	}
	for _, p := range c.Text.Paragraphs {
		if m, _, err := marking.ReadMark(p.Mark); p.Mark != "" && err == nil {
			portions, names = append(portions, m), append(names, strconv.Itoa(p.Number))
		}
	}
	if idx := marking.Undominated(banner, portions); len(idx) > 0 {
		need := marking.RollUp(append(portions, banner))
		var forcing []string
		for _, i := range idx {
			forcing = append(forcing, names[i])
		}
		which := "paragraph"
		if len(forcing) > 1 {
			which = "paragraphs"
		}
		k.add("classification", c.Text.Class.Raw, "banner %s must be %s because of %s %s",
			banner.Banner(), need.Banner(), which, joinAnd(forcing))
	}
	var caps []marking.Caption
	for _, s := range c.Text.Captions {
		if cp, err := marking.ParseCaption(s); err == nil {
			caps = append(caps, cp)
		}
	}
	if err := marking.CheckCaptions(caps); err != nil {
		k.add("captions", "SIPDIS", "%v: a SIPDIS cable may not carry NODIS or EXDIS; remove SIPDIS or the restrictive caption", err)
	}
}

// joinAnd writes "3, 4 and 5".
func joinAnd(ss []string) string {
	if len(ss) <= 1 {
		return strings.Join(ss, "")
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " and " + ss[len(ss)-1]
}
