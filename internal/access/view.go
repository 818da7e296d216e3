package access

import (
	"fmt"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// Placeholder is the text that stands in a view for what the reader may not
// see: "5. (S//NF) [withheld]" (MARKINGS.md §6).
const Placeholder = "[withheld]"

// UnreadablePlaceholder stands in a view for a paragraph whose mark
// cannot be read, withheld from every reader (MARKINGS.md §2); its mark
// is shown as [UnreadableMark]: "7. (?) [withheld: unreadable mark]".
const UnreadablePlaceholder = "[withheld: unreadable mark]"

// UnreadableMark is the mark a view shows for a mark that cannot be read.
const UnreadableMark = "?"

// IsPlaceholder reports whether text is what a view shows in place of a
// withheld portion.
func IsPlaceholder(text string) bool { return text == Placeholder || text == UnreadablePlaceholder }

// CableView is what one reader is shown of a cable (MARKINGS.md §6). It is
// named CableView, not View, because [View] is the function that makes it.
type CableView struct {
	// Cable is a copy of the cable holding only what the reader may see.
	// Withheld paragraphs keep their number and mark, their text reads
	// [Placeholder] and their heading is cleared; in a release copy they are
	// omitted. Its classification line and envelope classification carry
	// the view's banner, and its Source and Warnings are empty (they hold
	// the whole original text), so write it with cabletext.Format.
	Cable *cable.Cable
	// Release is true for a release copy: the view of a foreign reader.
	Release bool
	// Declassified is true when every portion counted as (U) (§7).
	Declassified bool
	// SubjectShown reports whether the subject is shown; false also when
	// the cable has none.
	SubjectShown bool
	// Shown and Withheld are the numbers of the paragraphs shown and
	// withheld, in order. They are for the caller's bookkeeping: in a
	// release copy, Withheld must not be shown to the reader.
	Shown, Withheld []int
	// Marking is the view's banner: the roll-up of every portion shown.
	Marking marking.Marking
}

// Banner returns the view's banner as written, e.g. SECRET//NOFORN.
func (v *CableView) Banner() string { return v.Marking.Banner() }

// Knows reports whether r may know that c exists at now: d admits r and r
// may see at least one portion, subject or paragraph, of c. A cable r may
// not know of is NOT FOUND for r everywhere (MARKINGS.md §5).
func Knows(r Reader, c *cable.Cable, d Distribution, now time.Time) bool {
	if !Admits(r, d) {
		return false
	}
	v := r.viewer()
	for _, p := range PortionsAt(c, now) {
		if p.Kind != PortionUnmarked && v.seesPortion(p) {
			return true
		}
	}
	return false
}

// View returns what r is shown of c at now, given its distribution d, or
// false when r may not know of c (see [Knows]). A foreign reader's view is
// a release copy, as for [ReleaseCopy]: §6 has views for foreign readers
// omit what they withhold.
func View(r Reader, c *cable.Cable, d Distribution, now time.Time) (*CableView, bool) {
	if !Admits(r, d) {
		return nil, false
	}
	return build(r, c, now, r.Foreign())
}

// ReleaseCopy returns the copy of c at now that may be given to the
// government of country, whose readers hold clearance: distribution does
// not apply (the copy is handed over), withheld paragraphs and a withheld
// subject are omitted entirely, header addressees are kept, and captions
// and handling lines (SIPDIS, "DEPT FOR P") are dropped: a release copy is
// a new document for a foreign reader, and they are US handling
// instructions. It returns false when nothing of c may be released, and
// for USA or an unknown country, which are not foreign governments.
func ReleaseCopy(country string, clearance marking.Level, c *cable.Cable, now time.Time) (*CableView, bool) {
	r := Reader{Clearance: clearance, Citizenship: country}
	if _, ok := marking.Trigraph(country); !ok || !r.Foreign() {
		return nil, false
	}
	return build(r, c, now, true)
}

// build makes r's view of c at now, or reports false when r may see no
// subject or paragraph.
func build(r Reader, c *cable.Cable, now time.Time, release bool) (*CableView, bool) {
	return buildSeen(c, now, release, r.viewer().seesPortion)
}

// buildSeen makes the view of c at now that shows the portions sees
// admits, or reports false when it admits no subject or paragraph.
func buildSeen(c *cable.Cable, now time.Time, release bool, sees func(Portion) bool) (*CableView, bool) {
	ps := PortionsAt(c, now)
	visible := make([]bool, len(ps))
	var shown []marking.Marking
	known := false
	for i, p := range ps {
		if visible[i] = sees(p); visible[i] {
			shown = append(shown, p.Marking)
			known = known || p.Kind != PortionUnmarked
		}
	}
	if !known {
		return nil, false
	}
	v := &CableView{
		Release:      release,
		Declassified: Declassified(c, now),
		Marking:      marking.RollUp(shown),
		Cable:        copyCable(c),
	}
	v.scrub(v.redact(c, ps, visible))
	v.setBanner()
	return v, true
}

// redact replaces or omits, in v.Cable, every portion of c not visible,
// and returns the texts it withheld.
func (v *CableView) redact(c *cable.Cable, ps []Portion, visible []bool) (secrets []string) {
	t := &v.Cable.Text
	paras := make([]cable.Paragraph, 0, len(c.Text.Paragraphs))
	for i, p := range ps {
		switch p.Kind {
		case PortionSubject:
			v.SubjectShown = visible[i]
			if !visible[i] {
				secrets = append(secrets, t.Subject)
				v.withholdSubject(p.Unreadable)
			}
		case PortionParagraph:
			para := c.Text.Paragraphs[p.Index]
			if visible[i] {
				v.Shown = append(v.Shown, para.Number)
				paras = append(paras, para)
				continue
			}
			v.Withheld = append(v.Withheld, para.Number)
			secrets = append(secrets, para.Text, para.Heading, para.Mark)
			if !v.Release {
				para.Text, para.Heading = Placeholder, ""
				if p.Inner {
					para.Mark = p.Marking.Portion() // what withholds it
				}
				if p.Unreadable {
					para.Text, para.Mark = UnreadablePlaceholder, UnreadableMark
				}
				paras = append(paras, para)
			}
		case PortionUnmarked:
			if !visible[i] {
				secrets = append(secrets, v.withholdUnmarked()...)
			}
		}
	}
	t.Paragraphs = paras
	return secrets
}

// withholdUnmarked removes the text outside the subject and paragraphs
// that carries no mark and so takes the banner: the signature, TAGS,
// references, the classification authority, pass lines and the E.O. line.
// The store hides the same text (tags, references) from readers who may not
// see the banner. It returns what it removed.
func (v *CableView) withholdUnmarked() []string {
	t := &v.Cable.Text
	secrets := append([]string{t.Signature, t.ClassifiedBy.Authority, t.EO}, t.PassLines...)
	secrets = append(secrets, t.Tags...)
	for _, r := range t.References {
		secrets = append(secrets, r.Text)
	}
	t.Signature, t.Tags, t.References, t.ClassifiedBy, t.PassLines = "", nil, nil, cable.ClassifiedBy{}, nil
	t.EO, t.Decl = "", cable.Decl{}
	return secrets
}

// withholdSubject replaces the subject, and the envelope title that
// repeats it, with [Placeholder] ([UnreadablePlaceholder] when its mark
// cannot be read), or drops them in a release copy. The subject's own
// mark is kept in a view, as a paragraph's is, unless it cannot be read.
func (v *CableView) withholdSubject(unreadable bool) {
	t := &v.Cable.Text
	text := Placeholder
	if unreadable {
		text, t.SubjectMark = UnreadablePlaceholder, UnreadableMark
	}
	if v.Release {
		text, t.SubjectMark = "", ""
	}
	t.Subject = text
	if v.Cable.Envelope != nil {
		v.Cable.Envelope.Title = text
	}
}

// setBanner writes the view's banner where a writer prints it: the
// classification line's level, the header's security line (FL4), the
// marking captions (NOFORN, SENSITIVE, FOUO) and the envelope's
// classification.
func (v *CableView) setBanner() {
	vc, b := v.Cable, v.Marking
	cl := &vc.Text.Class
	cl.Level = b.Level.Word()
	cl.EFTO = cl.EFTO && b.Level == marking.Unclassified
	cl.Raw = classLineRaw(*cl)
	vc.Header.Security = securityLine(vc.Header.Security, b.Level, cl.EFTO)
	if v.Release {
		vc.Text.Captions, vc.Text.PassLines = nil, nil
	} else {
		vc.Text.Captions = viewCaptions(vc.Text.Captions, b)
	}
	if vc.Envelope != nil {
		vc.Envelope.Classification = b.Banner()
	}
}

// viewCaptions returns caps with the captions that are markings made to
// agree with banner b: NOFORN, SENSITIVE and FOUO are kept or added when
// b carries them, and dropped otherwise. Dissemination captions are kept.
func viewCaptions(caps []string, b marking.Marking) []string {
	want := map[string]bool{"NOFORN": b.NoForn, "SENSITIVE": b.SBU, "FOUO": b.FOUO}
	var out []string
	for _, w := range caps {
		u := strings.ToUpper(w)
		if need, isMarking := want[u]; isMarking {
			if !need {
				continue
			}
			want[u] = false // written once
		}
		out = append(out, w)
	}
	for _, w := range []string{"NOFORN", "SENSITIVE", "FOUO"} {
		if want[w] {
			out = append(out, w)
		}
	}
	return out
}

// securityLine rewrites an ACP 127 security line (FL4, "ZNY SSSSS ZZH")
// for level: ZNR UUUUU when unclassified (ZNY EEEEE for EFTO, which is
// encrypted), else ZNY and the level's letter five times. Other lines are returned as they
// are; the rest of the line (ZZH) is kept.
func securityLine(line string, level marking.Level, efto bool) string {
	fs := strings.Fields(line)
	if len(fs) < 2 || (fs[0] != "ZNR" && fs[0] != "ZNY") {
		return line
	}
	letter := level.String()[:1]
	fs[0] = "ZNY"
	switch {
	case level == marking.Unclassified && efto:
		letter = "E"
	case level == marking.Unclassified:
		fs[0] = "ZNR"
	}
	fs[1] = strings.Repeat(letter, 5)
	return strings.Join(fs, " ")
}

// classLineRaw writes a classification line as a terminal prints it:
// "S E C R E T SECTION 01 OF 02 STATE 159388", "UNCLAS E F T O …".
func classLineRaw(cl cable.ClassLine) string {
	var parts []string
	if cl.Level == marking.Unclassified.Word() {
		parts = append(parts, "UNCLAS")
		if cl.EFTO {
			parts = append(parts, "E F T O")
		}
	} else {
		parts = append(parts, strings.Join(strings.Split(strings.ReplaceAll(cl.Level, " ", ""), ""), " "))
	}
	if cl.Sections > 0 {
		parts = append(parts, "SECTION "+pad2(cl.Section)+" OF "+pad2(cl.Sections))
	}
	for _, s := range []string{cl.Station, cl.Serial} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

func pad2(n int) string { return fmt.Sprintf("%02d", n) }
