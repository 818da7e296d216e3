package access

import (
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// Stored is what a store keeps of a cable beside its text so that its
// queries can decide access, filter and sort in SQL: the banner and every
// portion as columns, the distribution's captions and the dates. Both
// stores derive it here, so that their access predicates read the same
// facts.
type Stored struct {
	Banner         Columns
	Classification string // the banner as published
	Origin         string // the FM PLAD, normalised
	OriginName     string // the archive's origin, "Embassy Beijing"
	Sent           time.Time
	// SIPDIS says the cable carries SIPDIS; Restrictive that it carries
	// a caption that limits distribution; the Need fields the read-ins
	// that its captions require.
	SIPDIS, Restrictive                bool
	NeedNODIS, NeedEXDIS, NeedCHEROKEE bool
	Declassified                       time.Time // zero: never
	Portions                           []StoredPortion
}

// StoredPortion is a piece of a cable that is shown or withheld as a
// whole: the subject, a paragraph with its heading, or the unmarked text,
// which takes the banner (tags, references, the authority, pass lines,
// the signature).
type StoredPortion struct {
	Kind    string // "subject", "paragraph", "unmarked"
	Number  int    // paragraph number; 0 otherwise
	Marking Columns
	Text    string
	// Held is true when a reviewer exempted or redacted the portion: it
	// stays classified when its cable is declassified.
	Held bool
}

// Columns is a marking as the stores' tables hold it.
type Columns struct {
	Level  int
	NoForn bool
	// Plain is UNCLASSIFIED with no control at all: visible to foreign
	// readers.
	Plain bool
	// Rel is ",USA,GBR,NATO," for REL TO entries, "" otherwise.
	Rel string
}

// UnreadableLevel is the level a store keeps for a portion whose mark
// cannot be read ([Portion.Unreadable]): above every clearance, and kept
// withheld when the cable is declassified, so that no SQL filter shows it.
const UnreadableLevel = 9

// unreadableColumns are the columns of a portion whose mark cannot be read.
func unreadableColumns() Columns { return Columns{Level: UnreadableLevel, NoForn: true} }

// ColumnsOf returns m as columns.
func ColumnsOf(m marking.Marking) Columns {
	m = m.Canonical()
	mc := Columns{Level: int(m.Level), NoForn: m.NoForn}
	mc.Plain = m.Level == marking.Unclassified && !m.NoForn && !m.SBU && !m.FOUO && !m.FGI && len(m.RelTo) == 0
	if len(m.RelTo) > 0 && !m.NoForn {
		mc.Rel = "," + strings.Join(m.RelTo, ",") + ","
	}
	return mc
}

// StoredOf returns what a store keeps of cable c.
func StoredOf(c *cable.Cable) *Stored {
	banner, _ := Banner(c)
	d := DistributionOf(c)
	st := &Stored{Banner: ColumnsOf(banner), Classification: classificationOf(c), Origin: NormalizePLAD(d.Origin),
		Sent: c.Header.Time, Portions: storedPortions(c, banner)}
	if st.Sent.IsZero() {
		st.Sent = c.Envelope.CreatedDate()
	}
	if c.Envelope != nil {
		st.OriginName = c.Envelope.Origin
	}
	for _, cp := range d.Captions {
		st.Restrictive = st.Restrictive || cp.Restrictive()
		st.NeedNODIS = st.NeedNODIS || cp == marking.NODIS
		st.NeedEXDIS = st.NeedEXDIS || cp == marking.EXDIS
		st.NeedCHEROKEE = st.NeedCHEROKEE || cp == marking.CHEROKEE
		st.SIPDIS = st.SIPDIS || cp == marking.SIPDIS
	}
	if from, decided := reviewedFrom(c); decided {
		if !from.IsZero() {
			st.Declassified = time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
		}
	} else if decl := c.Text.Decl.Date; !decl.IsZero() && Declassified(c, decl) {
		st.Declassified = time.Date(decl.Year(), decl.Month(), decl.Day(), 0, 0, 0, 0, time.UTC)
	}
	return st
}

// storedPortions returns c's portions with text, in order, and last the
// unmarked text under the banner.
func storedPortions(c *cable.Cable, banner marking.Marking) []StoredPortion {
	var out []StoredPortion
	held := heldParts(c)
	put := func(kind string, number int, p Portion, text string) {
		if strings.TrimSpace(text) == "" {
			return
		}
		sp := StoredPortion{Kind: kind, Number: number, Marking: ColumnsOf(p.Marking), Text: text,
			Held: kind != "unmarked" && held[partOf(p)]}
		if p.Unreadable {
			// Kept, for the review list, but with no text to search.
			sp.Marking, sp.Text = unreadableColumns(), ""
		}
		out = append(out, sp)
	}
	t := &c.Text
	for _, p := range Portions(c) {
		switch p.Kind {
		case PortionSubject:
			put("subject", 0, p, t.Subject)
		case PortionParagraph:
			para := t.Paragraphs[p.Index]
			put("paragraph", para.Number, p, strings.TrimSpace(para.Heading+"\n"+para.Text))
		}
	}
	put("unmarked", 0, Portion{Marking: banner}, unmarkedText(c))
	return out
}

// unmarkedText gathers the text that carries no mark of its own.
func unmarkedText(c *cable.Cable) string {
	t := &c.Text
	parts := append([]string{}, t.Tags...)
	for _, r := range t.References {
		parts = append(parts, r.Text)
	}
	parts = append(parts, t.PassLines...)
	parts = append(parts, t.ClassifiedBy.Authority, t.Signature)
	return strings.TrimSpace(strings.Join(parts, "\n"))
}

// classificationOf is the banner as published: the archive's, else the
// one read from the text.
func classificationOf(c *cable.Cable) string {
	if c.Envelope != nil && c.Envelope.Classification != "" {
		return c.Envelope.Classification
	}
	if b, err := Banner(c); err == nil {
		return b.Banner()
	}
	return c.Text.Class.Level
}
