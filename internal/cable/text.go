package cable

import "time"

// Text is the telegram text as the drafter wrote it.
type Text struct {
	Class ClassLine

	// Captions are the dissemination captions and handling terms
	// (SIPDIS, NODIS, EXDIS, LIMDIS, STADIS, NOFORN, SENSITIVE…), upper-cased,
	// once each, in order of appearance.
	Captions []string
	// PassLines are the handling lines that are not captions:
	// "DEPT FOR P, EUR", "WHSR PLEASE PASS TO OVP".
	PassLines []string

	// EO is the executive order line as written ("E.O. 12958: DECL: 12/31/2032").
	EO   string
	Decl Decl

	Tags []string

	// Subject is the subject, with line breaks folded to spaces;
	// SubjectMark its own portion mark, without parentheses, if any.
	Subject     string
	SubjectMark string

	References []Reference

	ClassifiedBy ClassifiedBy

	// Paragraphs are the numbered paragraphs in order. Text before the
	// first numbered paragraph is paragraph 0 when there is any.
	Paragraphs []Paragraph

	// Signature is the signer's name line (RICE).
	Signature string
}

// ClassLine is the telegram's own classification line:
// "S E C R E T SECTION 01 OF 05 STATE 159388".
type ClassLine struct {
	Raw string
	// Level is the classification as a word: UNCLASSIFIED, CONFIDENTIAL,
	// SECRET, TOP SECRET; empty when the line cannot be read.
	Level string
	// EFTO marks UNCLAS EFTO.
	EFTO bool
	// Section and Sections are "SECTION n OF m"; zero when absent.
	Section, Sections int
	Station           string // STATE, MALABO
	Serial            string // 159388, as written (zero-padded)
}

// Decl is the declassification instruction of the E.O. line.
type Decl struct {
	Raw string // as written after DECL:, or the E.O. line's tail
	// Date is the declassification date at 00:00 UTC; zero when there is
	// none or it cannot be read.
	Date time.Time
	// NA is true for "N/A" (unclassified cables).
	NA bool
}

// Reference is one REF entry.
type Reference struct {
	Label string // the bullet letter (A), if any
	Text  string // as written, e.g. "STATE 071143"
	// ID is the canonical cable id the text names (07STATE71143); empty
	// when the reference is not a cable (an e-mail, a telcon…).
	ID   string
	Kind RefKind
}

// RefKind says what kind of document a reference names.
type RefKind string

// The reference kinds.
const (
	RefCable  RefKind = "cable"
	RefEmail  RefKind = "email"
	RefTelcon RefKind = "telcon"
	RefMemo   RefKind = "memo"
	RefReport RefKind = "report"
	RefOther  RefKind = "other"
)

// ClassifiedBy is the classification authority paragraph.
type ClassifiedBy struct {
	// Authority is the authority as written, title included
	// ("ISN Acting DAS Richard Stratford").
	Authority string
	// Names are the persons named, without titles ("Richard Stratford").
	Names []string
	// Reasons are the E.O. sections cited, canonical: "1.4(b)", "1.4(d)".
	Reasons []string
}

// Paragraph is one numbered paragraph of the text.
type Paragraph struct {
	// Number is the paragraph number; 0 for text before paragraph 1.
	Number int
	// Mark is the portion mark as written, without parentheses ("S/NF");
	// empty when the paragraph has none.
	Mark string
	// Heading is a section heading that introduces the paragraph
	// ("---------- OBJECTIVES ----------"), as written.
	Heading string
	// Text is the paragraph's text after its number and mark, as written,
	// line breaks included.
	Text string
	// Line is the 1-based source line of the paragraph's number.
	Line int
}
