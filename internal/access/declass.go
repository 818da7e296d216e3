package access

import (
	"regexp"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
)

// exemption matches an exemption from declassification in an E.O. line:
// 25X1…25X9 (E.O. 12958), 50X1-HUM, 1.6X1, and the older X1…X8 of E.O.
// 12356, written alone or in parentheses ("DECL: (X1)"). An X and a digit
// not preceded by a letter is enough: a false match only keeps a cable
// classified.
var exemption = regexp.MustCompile(`(?i)(?:^|[^A-Z])X[1-9]`)

// Declassified reports whether c is declassified at now (MARKINGS.md §7):
// its DECL date was read and is not after now, and its E.O. line names no
// exemption. A date that could not be read never declassifies, nor does
// N/A (the cable was never classified). From that date every portion is
// treated as (U) in views and decisions; the stored text is unchanged.
// A date followed by more text ("12/31/2010 OADR", "… 25 X 1", "… MR",
// "… EXEMPT", 25X1 on the next line) is not read as the date alone: what
// follows may say the date does not apply by itself (MARKINGS.md §7), so
// the cable waits for review as if its DECL could not be read.
// A reviewer's decision on the whole cable (cable.Review) replaces all
// this: declassified from the day they gave, or exempt.
func Declassified(c *cable.Cable, now time.Time) bool {
	if from, decided := reviewedFrom(c); decided {
		return !from.IsZero() && !from.After(now)
	}
	d := c.Text.Decl
	if d.Date.IsZero() || d.Date.After(now) || !declDateOnly(d.Raw) {
		return false
	}
	return !namesExemption(c)
}

// namesExemption reports whether c's E.O. line, its DECL or a line
// cabletext read as a pass line names an exemption: "DECL: 12/31/2010"
// with "25X1" alone on the next line leaves the 25X1 among the pass
// lines, and it still applies (fail closed: a false match only keeps the
// cable for review).
func namesExemption(c *cable.Cable) bool {
	if exemption.MatchString(c.Text.EO) || exemption.MatchString(c.Text.Decl.Raw) {
		return true
	}
	for _, l := range c.Text.PassLines {
		if exemption.MatchString(l) {
			return true
		}
	}
	return false
}

// declDateOnly reports whether a DECL says a date and nothing more but
// punctuation: "12/31/2010", "12/31/2010.", "05/05/2016 \" (a line
// continuation, in 58 cables of the corpus; 8 others have more text and
// wait for review); or nothing, in a Decl built with a date and no text.
func declDateOnly(raw string) bool {
	if raw == "" {
		return true
	}
	rest := strings.TrimLeft(raw, "0123456789/.-")
	return strings.Trim(rest, " \t.,;\\") == "" && rest != raw
}

// LiftedByDeclassification reports whether caption word w is a marking
// (NOFORN, SENSITIVE, FOUO) rather than a dissemination caption (SIPDIS,
// NODIS…): a view writes such a caption only while its banner carries
// the control, and a declassified cable's banner no longer does, so a
// search for the caption must not find it (issue 17, defect 4).
func LiftedByDeclassification(w string) bool {
	switch strings.ToUpper(strings.TrimSpace(w)) {
	case "NOFORN", "SENSITIVE", "FOUO":
		return true
	}
	return false
}
