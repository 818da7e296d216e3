package access

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// PortionKind says what part of a cable a [Portion] is.
type PortionKind int

// The kinds of portion.
const (
	// PortionSubject is the SUBJECT line (and the envelope title, which
	// repeats it).
	PortionSubject PortionKind = iota + 1
	// PortionParagraph is a numbered paragraph with its heading, or the
	// unnumbered text before paragraph 1 (Number 0).
	PortionParagraph
	// PortionUnmarked is text outside the subject and paragraphs that
	// carries no mark: the signature, TAGS, references, the authority,
	// pass lines and the E.O. line. It takes the banner.
	PortionUnmarked
)

// String returns the kind's name.
func (k PortionKind) String() string {
	switch k {
	case PortionSubject:
		return "subject"
	case PortionParagraph:
		return "paragraph"
	case PortionUnmarked:
		return "unmarked"
	}
	return fmt.Sprintf("PortionKind(%d)", int(k))
}

// Portion is one piece of a cable that is shown or withheld as a whole,
// with the marking that decides it.
type Portion struct {
	Kind PortionKind
	// Index is the paragraph's index in c.Text.Paragraphs; -1 for other
	// kinds.
	Index int
	// Number is the paragraph's number; 0 for other kinds.
	Number int
	// Marking is the portion's marking, canonical: its own mark, else the
	// banner's.
	Marking marking.Marking
	// Marked is true when the portion carries a mark of its own.
	Marked bool
	// Readable is false when the mark that applies (its own, or the banner
	// for unmarked text) could not be read, and Err says why.
	Readable bool
	Err      error
	// Unreadable is true when the portion's own mark could not be read,
	// even tolerantly (marking.ReadMark): the portion is withheld from
	// every reader, declassified or not, and never indexed, until a
	// reviewer reads the mark (MARKINGS.md §2, fail closed). Its Marking
	// is then TOP SECRET//NOFORN, so that code that looks at Marking
	// alone errs on the safe side.
	Unreadable bool
	// Tolerant is true when the portion's own mark was read only
	// tolerantly, "(T/S)" as TS: a person should confirm it.
	Tolerant bool
	// Declassified is true in [PortionsAt] when the portion counts as
	// (U) because its cable is declassified (§7); it is what the public
	// reader sees. A portion whose mark cannot be read never is.
	Declassified bool
	// Inner is true when marks written inside the portion's text (a
	// repeated number, a lettered sub-paragraph, a bullet) made its
	// marking more restrictive than its own mark: see withInner.
	Inner bool
}

// withInner rolls up into p's marking the marks written inside its text
// (marking.InnerMarks): text that carries a mark of its own, which the
// reader did not cut out as a paragraph — "7. (TS)" after "7. (U)", "A.
// (TS)", "-- (C)" — must not be shown under p's lesser marking. A mark
// inside that cannot be read makes p unreadable (fail closed).
func withInner(p Portion, text string) Portion {
	inner := marking.InnerMarks(text)
	if len(inner) == 0 || p.Unreadable {
		return p
	}
	all := []marking.Marking{p.Marking}
	for _, mk := range inner {
		m, _, err := marking.ReadMark(mk)
		if err != nil {
			p.Marking, p.Readable, p.Err, p.Unreadable = failClosed(), false, fmt.Errorf("mark inside the text: %w", err), true
			return p
		}
		all = append(all, m)
	}
	if up := marking.RollUp(all); up.Portion() != p.Marking.Portion() {
		p.Marking, p.Inner = up, true
	}
	return p
}

// Withheld reports whether p is withheld from every reader: its mark
// cannot be read.
func (p Portion) Withheld() bool { return p.Unreadable }

// failClosed returns the banner assumed when none can be read.
func failClosed() marking.Marking {
	return marking.Marking{Level: marking.TopSecret, NoForn: true}
}

// Banner returns the banner of c as written: the roll-up of the envelope's
// classification and of the classification line (its level, plus NOFORN,
// SENSITIVE as SBU and FOUO from the captions), so that where they
// disagree the stricter wins. When neither can be read it returns TOP
// SECRET//NOFORN and an error: unmarked text is then withheld from nearly
// everyone.
func Banner(c *cable.Cable) (marking.Marking, error) {
	var found []marking.Marking
	var errs []error
	if c.Envelope != nil && strings.TrimSpace(c.Envelope.Classification) != "" {
		m, err := marking.ParseBanner(c.Envelope.Classification)
		if err != nil {
			errs = append(errs, fmt.Errorf("envelope classification: %w", err))
		} else {
			found = append(found, m)
		}
	}
	if m, err := classLineBanner(&c.Text); err != nil {
		errs = append(errs, err)
	} else {
		found = append(found, m)
	}
	if len(found) == 0 {
		return failClosed(), fmt.Errorf("cable %s: no readable banner: %w", c.ID, errors.Join(errs...))
	}
	return marking.RollUp(found), nil
}

// classLineLevel reads the class line's level word; LIMITED OFFICIAL USE
// is a control, not a level, and reads as the banner it is (U//SBU).
func classLineLevel(level string) (marking.Marking, error) {
	lvl, err := marking.ParseLevel(level)
	if err != nil {
		if m, berr := marking.ParseBanner(level); berr == nil {
			return m, nil
		}
		return marking.Marking{}, err
	}
	return marking.Marking{Level: lvl}, nil
}

// classLineBanner reads the banner of the telegram text: the class line's
// level and the marking captions.
func classLineBanner(t *cable.Text) (marking.Marking, error) {
	if t.Class.Level == "" {
		return marking.Marking{}, errors.New("classification line: no level")
	}
	m, err := classLineLevel(t.Class.Level)
	if err != nil {
		return marking.Marking{}, fmt.Errorf("classification line: %w", err)
	}
	for _, w := range t.Captions {
		switch strings.ToUpper(w) {
		case "NOFORN":
			m.NoForn = true
		case "SENSITIVE":
			m.SBU = true
		case "FOUO":
			m.FOUO = true
		}
	}
	return m.Canonical(), nil
}

// Portions returns the portions of c as written, in order: the subject
// (when there is one), each paragraph, and the signature (when there is
// one). Unmarked portions take the banner; a mark is read as
// marking.ReadMark reads it, and one it cannot read makes its portion
// [Portion.Unreadable], with the error recorded. Use [PortionsAt] for
// decisions.
func Portions(c *cable.Cable) []Portion {
	banner, berr := Banner(c)
	byBanner := Portion{Index: -1, Marking: banner, Readable: berr == nil, Err: berr}
	own := func(p Portion, mark string) Portion {
		if strings.TrimSpace(mark) == "" {
			return p
		}
		p.Marked = true
		m, tolerant, err := marking.ReadMark(mark)
		if err != nil {
			p.Marking, p.Readable, p.Err, p.Unreadable = failClosed(), false, err, true
			return p
		}
		p.Marking, p.Readable, p.Err, p.Tolerant = m, true, nil, tolerant
		return p
	}
	var ps []Portion
	t := &c.Text
	if t.Subject != "" || t.SubjectMark != "" {
		p := byBanner
		p.Kind = PortionSubject
		ps = append(ps, own(p, t.SubjectMark))
	}
	for i, para := range t.Paragraphs {
		p := byBanner
		p.Kind, p.Index, p.Number = PortionParagraph, i, para.Number
		ps = append(ps, withInner(own(p, para.Mark), para.Heading+"\n"+para.Text))
	}
	if hasUnmarkedText(t) {
		p := byBanner
		p.Kind = PortionUnmarked
		ps = append(ps, p)
	}
	return ps
}

// hasUnmarkedText reports whether t has text outside its subject and
// paragraphs: the signature, TAGS, references, the authority, pass lines,
// the E.O. line. Such text carries no mark and takes the banner.
func hasUnmarkedText(t *cable.Text) bool {
	return t.Signature != "" || len(t.Tags) > 0 || len(t.References) > 0 || t.ClassifiedBy.Authority != "" ||
		len(t.ClassifiedBy.Reasons) > 0 || len(t.PassLines) > 0 || t.EO != ""
}

// PortionsAt returns the portions of c as they stand at now: those of
// [Portions], each treated as plain (U) once c is [Declassified], except
// those a reviewer exempted or redacted and those declassification does
// not release ([ReleasedBy]).
func PortionsAt(c *cable.Cable, now time.Time) []Portion {
	ps := Portions(c)
	if Declassified(c, now) {
		held := heldParts(c)
		for i := range ps {
			if ps[i].Kind != PortionUnmarked && held[partOf(ps[i])] || !ReleasedBy(ps[i].Marking) {
				continue
			}
			if !ps[i].Unreadable { // a date never reads a mark for the reviewer
				ps[i].Marking, ps[i].Declassified = marking.Marking{}, true
			}
		}
	}
	return ps
}

// ReleasedBy reports whether declassification releases text marked m:
// classified text does; unclassified text under a control (SBU, FOUO,
// LOU read as FOUO, NOFORN, REL TO, FGI: anything but plain U) was never
// classified, so declassification does not lift its control, and it
// stays for the official readers it is marked for, never the public
// (MARKINGS.md §1, §4; docs/access.md). The stores' SQL reads this as
// "level > 0 OR plain".
func ReleasedBy(m marking.Marking) bool {
	return m.Level > marking.Unclassified || ColumnsOf(m).Plain
}
