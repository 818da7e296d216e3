package cable

import "time"

// Cable is one telegram: its archive envelope, transmission header and text.
type Cable struct {
	// ID is the canonical reference id: two-digit year, station, serial
	// without leading zeros (07STATE159388).
	ID string

	// Envelope is the archive metadata that preceded the telegram, or nil
	// for a bare telegram or a body alone.
	Envelope *Envelope

	Header Header
	Text   Text

	// Warnings lists what the reader could not read, with its position.
	Warnings []Warning

	// Slugged lists the offices that replies to the cable are slugged to
	// ("slug all responses for ISN, T, and EAP"). They are not in the text
	// the cable was sent with; traffic records them, the store returns them,
	// and they join the cable's distribution.
	Slugged []string

	// Reviews are the declassification reviewers' decisions on the cable
	// (review.go), oldest first. Like Slugged they are not in its text:
	// the store records and returns them, and package access applies them.
	Reviews []Review
	// VersionHash is the SHA-256 of the stored version read, set by the
	// store where it decides on reviews: the version a decision is on.
	VersionHash string

	// Source is the exact input, for lossless round trips.
	Source Source
}

// Envelope is the five lines of archive metadata in the corpus layout.
// Each field holds its line exactly as published.
type Envelope struct {
	ReferenceID    string // line 1, e.g. 07STATE159388 (may be malformed)
	Title          string // line 2, the index title; may be empty
	Created        string // line 3, e.g. "Thu Nov 22 00:00:00 +0100 2007"
	Classification string // line 4, e.g. SECRET//NOFORN
	Origin         string // line 5, e.g. "Secretary of State"
}

// CreatedDate returns the envelope's created date, or the zero time when
// line 3 cannot be read.
func (e *Envelope) CreatedDate() time.Time {
	if e == nil {
		return time.Time{}
	}
	t, err := time.Parse("Mon Jan 02 15:04:05 -0700 2006", e.Created)
	if err != nil {
		return time.Time{}
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Layout says how a cable's source was laid out.
type Layout int

// The layouts a reader accepts.
const (
	// LayoutArchive is the corpus layout: five envelope lines, then the
	// header glued to the body with no separator.
	LayoutArchive Layout = iota
	// LayoutTelegram is a bare telegram: header, then body.
	LayoutTelegram
	// LayoutBody is a telegram text with no transmission header.
	LayoutBody
)

// String returns the layout's name.
func (l Layout) String() string {
	switch l {
	case LayoutArchive:
		return "archive"
	case LayoutTelegram:
		return "telegram"
	case LayoutBody:
		return "body"
	}
	return "unknown"
}

// Source keeps the input split into its parts. Writing Envelope lines (for
// LayoutArchive), then Header, then Body gives the input back byte for byte.
//
// A file written on Windows or by a tool that marks its encoding differs
// from the archive's only in bytes that say nothing: its lines end CR LF,
// or it opens with a UTF-8 byte-order mark. The reader drops them, so that
// the text reads as any other, and says so in BOM and CRLF, so that the
// lossless writer puts them back.
type Source struct {
	Layout Layout
	Header string // transmission header text, as read
	Body   string // telegram text from the classification line on, as read
	BOM    bool   // the input opened with a UTF-8 byte-order mark
	CRLF   bool   // every line of the input ended CR LF
}

// Warning is something the reader could not read, or a rule a cable breaks.
// Line and Column are 1-based positions in the source; zero when unknown.
type Warning struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Precedence returns the cable's precedence: the highest of its addressees'
// precedences, else the header's action precedence.
func (c *Cable) Precedence() Precedence {
	p := PrecedenceNone
	for _, as := range [][]Address{c.Header.To, c.Header.Info} {
		for _, a := range as {
			p = max(p, a.Precedence)
		}
	}
	if p == PrecedenceNone {
		p = c.Header.Precedence
	}
	return p
}

// Year returns the four-digit year of the cable: from its id, else its DTG.
func (c *Cable) Year() int {
	if id, err := ParseID(c.ID); err == nil {
		return id.Year
	}
	if !c.Header.Time.IsZero() {
		return c.Header.Time.Year()
	}
	return 0
}
