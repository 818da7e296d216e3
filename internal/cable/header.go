package cable

import "time"

// Header is the ACP 127 transmission header (format lines FL1–FL8).
// String fields hold the values as written; empty means absent.
type Header struct {
	// TransmissionID is FL1: VZCZC, a channel trigraph and a number
	// (VZCZCXYZ0001).
	TransmissionID string
	// Prosign is FL2's precedence prosign digraph (OO) and Routes the
	// routing indicators after it.
	Prosign string
	Routes  []string

	// Station is the originating station's routing indicator on the DE
	// line (FL3); StationSerial the station serial number after '#';
	// Section the optional /NN suffix; FilingTime the Julian day and time
	// of file (JJJHHMM).
	Station       string
	StationSerial string
	Section       string
	FilingTime    string

	// Security is FL4, e.g. "ZNY SSSSS ZZH".
	Security string

	// Precedence and InfoPrecedence are FL5's prosigns (O, or O R).
	Precedence     Precedence
	InfoPrecedence Precedence
	// DTG is FL5's date-time group as written ("220000Z NOV 07"); Time is
	// its instant in UTC, zero when unreadable.
	DTG  string
	Time time.Time

	From Address
	To   []Address
	Info []Address

	// Partial marks the archive's "partial extract" stub in place of a
	// header.
	Partial bool
}

// Address is one addressee line: [RI/]PLAD [precedence] [MCN].
type Address struct {
	RI         string     // routing indicator, e.g. RUEHC; may be empty
	PLAD       string     // plain-language address, e.g. SECSTATE WASHDC
	Precedence Precedence // PrecedenceNone when the line has none
	MCN        string     // message continuity number as written (0000, 7881-7884)
	// Excluded lists the PLADs that XMT lines exclude from this
	// (collective) address.
	Excluded []string
}
