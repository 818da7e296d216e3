package access

import (
	"strconv"
	"time"

	"github.com/cable/cable/internal/cable"
)

// Reviewers' decisions (cable.Review) apply to every reader, through
// [Declassified] and [PortionsAt]: the last decision on the whole cable
// replaces what its E.O. line says (declassify from a date, or exempt:
// never), and a portion exempted or redacted stays classified in a
// declassified cable, so that only readers cleared for its own marking
// see it, and the public never does.

// reviewedFrom returns the last decision on the whole of c: the day it is
// declassified from, zero when it is exempt; decided is false when no
// reviewer decided on the whole cable.
func reviewedFrom(c *cable.Cable) (from time.Time, decided bool) {
	for _, r := range c.Reviews {
		if r.Part != "" {
			continue
		}
		switch r.Action {
		case cable.Declassify:
			from, decided = r.From, true
		case cable.Exempt:
			from, decided = time.Time{}, true
		}
	}
	return from, decided
}

// heldParts returns the parts of c ("S", "3") a reviewer exempted or
// redacted.
func heldParts(c *cable.Cable) map[string]bool {
	var held map[string]bool
	for _, r := range c.Reviews {
		if r.Part != "" && (r.Action == cable.Exempt || r.Action == cable.Redact) {
			if held == nil {
				held = map[string]bool{}
			}
			held[r.Part] = true
		}
	}
	return held
}

// partOf names portion p as reviews do: "S", or its paragraph number.
func partOf(p Portion) string {
	if p.Kind == PortionSubject {
		return "S"
	}
	return strconv.Itoa(p.Number)
}

// NeedsReview says why c waits in the review queue, or "" when it does
// not: its DECL is missing or cannot be read, or its E.O. line names an
// exemption, and no reviewer has decided on the whole cable. An
// unclassified cable (N/A) needs none.
func NeedsReview(c *cable.Cable) string {
	if _, decided := reviewedFrom(c); decided {
		return ""
	}
	d := c.Text.Decl
	switch {
	case d.NA:
		return ""
	case exemption.MatchString(c.Text.EO) || exemption.MatchString(d.Raw):
		return "exempt"
	case d.Date.IsZero() && d.Raw == "":
		return "missing"
	case d.Date.IsZero():
		return "unreadable"
	}
	return ""
}
