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

// A decision applies to the version of the text it was made on
// (Review.Version): the stores mark one made on another version Stale.
// Paragraph numbers move and new text comes with a new version, so a
// decision never follows them: a cable with a decision on an older
// version and none on the whole of its current one has changed since it
// was reviewed, and is treated as exempt (never declassified, whatever
// its DECL says) and waits in the queue again ("changed").

// changed reports whether c has a decision made on another version and
// no decision on the whole of its current version.
func changed(c *cable.Cable) bool {
	stale, whole := false, false
	for _, r := range c.Reviews {
		stale = stale || r.Stale
		whole = whole || (!r.Stale && r.Part == "" && (r.Action == cable.Declassify || r.Action == cable.Exempt))
	}
	return stale && !whole
}

// reviewedFrom returns the last decision on the whole of c: the day it is
// declassified from, zero when it is exempt (or changed since it was
// reviewed); decided is false when no reviewer decided on the whole
// cable.
func reviewedFrom(c *cable.Cable) (from time.Time, decided bool) {
	if changed(c) {
		return time.Time{}, true
	}
	for _, r := range c.Reviews {
		if r.Stale {
			continue
		}
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
// redacted in its current version.
func heldParts(c *cable.Cable) map[string]bool {
	var held map[string]bool
	for _, r := range c.Reviews {
		if !r.Stale && r.Part != "" && (r.Action == cable.Exempt || r.Action == cable.Redact) {
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
// unclassified cable (N/A) needs none. A cable with a new version since
// a reviewer decided on it waits again: "changed".
func NeedsReview(c *cable.Cable) string {
	if changed(c) {
		return "changed"
	}
	if _, decided := reviewedFrom(c); decided {
		return ""
	}
	d := c.Text.Decl
	switch {
	case d.NA:
		return ""
	case namesExemption(c):
		return "exempt"
	case d.Date.IsZero() && d.Raw == "":
		return "missing"
	case d.Date.IsZero() || !declDateOnly(d.Raw):
		return "unreadable"
	}
	return ""
}

// ReviewerReadsAll reports whether reader r may decide on c's
// declassification, or see the decisions on it: they read all of it
// (ReadsAll: no portion withheld, the banner within their access). A
// reviewer decides only on text they may read; for anyone else the
// cable is not found for this purpose.
func ReviewerReadsAll(r Reader, c *cable.Cable, now time.Time) bool {
	v, ok := View(r, c, DistributionOf(c), now)
	return ok && ReadsAll(r, c, v, now)
}

// QueueItem returns c as an item of reader r's review queue, or false
// when it does not wait for review or r does not read all of it. changed
// says that c has a decision on another version and none on the whole of
// its current one (the stores' queues read it in SQL): it then counts as
// such a decision, which is all access asks of them while the cable is
// not declassified.
func QueueItem(r Reader, c *cable.Cable, changed bool, now time.Time) (cable.ReviewItem, bool) {
	if changed {
		c.Reviews = []cable.Review{{Cable: c.ID, Stale: true}}
	}
	why := NeedsReview(c)
	if why == "" {
		return cable.ReviewItem{}, false
	}
	v, ok := View(r, c, DistributionOf(c), now)
	if !ok || !ReadsAll(r, c, v, now) {
		return cable.ReviewItem{}, false
	}
	it := cable.ReviewItem{ID: c.ID, Sent: c.Header.Time, Why: why, Decl: v.Cable.Text.Decl.Raw}
	if v.SubjectShown {
		it.Subject = v.Cable.Text.Subject
	}
	return it, true
}

// DeclassifiedOn returns the day c is declassified from: a reviewer's
// decision on the whole of its current version when there is one, else
// its DECL date; zero when it is not declassified by either.
func DeclassifiedOn(c *cable.Cable) time.Time {
	if from, decided := reviewedFrom(c); decided {
		return from
	}
	return c.Text.Decl.Date
}
