package cable

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Declassification review (MARKINGS.md §7). A cable whose DECL date
// cannot be read, is missing or names an exemption never declassifies by
// itself; it waits in a review queue, where a reviewer (RoleReviewer)
// decides: declassify it from a date, exempt it or one of its portions
// (25X1…25X9, with a reason), or redact one portion for release with a
// FOIA exemption code ((b)(1)…(b)(9)). Decisions are kept beside the
// text, which they never change, audited, shown with the cable, and
// applied by package access for every reader.

// RoleReviewer may decide on the declassification of cables they read
// whole (access.ReadsAll): no reviewer decides on text they may not see.
// Its Post is not used: review is archive-wide.
const RoleReviewer RoleKind = "reviewer"

// ReviewAction is what a reviewer decided.
type ReviewAction string

// The review actions.
const (
	// Declassify declassifies the whole cable from Review.From, whatever
	// its E.O. line says.
	Declassify ReviewAction = "declassify"
	// Exempt keeps the cable, or the portion named, classified: 25X1…25X9.
	Exempt ReviewAction = "exempt"
	// Redact withholds one portion of a declassified cable from release
	// with a FOIA exemption code, (b)(1)…(b)(9).
	Redact ReviewAction = "redact"
)

// Review is one reviewer's decision on a cable or one of its portions.
type Review struct {
	ID    int64
	Cable string
	// Part is "" for the whole cable, "S" for the subject, or a
	// paragraph's number ("3").
	Part   string
	Action ReviewAction
	// From is when a Declassify takes effect (a day, UTC).
	From time.Time
	// Code is the exemption (25X1) or the FOIA code ((b)(1)).
	Code     string
	Reason   string
	Reviewer string
	At       time.Time
	// Version is the SHA-256 of the text the decision was made on (the
	// stored version's hash): a decision applies to that text only.
	Version string
	// Stale is set by the store that returns the decision when the
	// cable's current version is not the one it was made on: a
	// renumbered paragraph or new text was never reviewed, so the
	// decision does not carry over (package access fails closed).
	Stale bool
}

var (
	exemptionCode = regexp.MustCompile(`^25X[1-9]$`)
	foiaCode      = regexp.MustCompile(`^\(b\)\([1-9]\)$`)
)

// Validate checks a decision before it is recorded; its errors are
// Invalid and say which field and what it wants.
func (r *Review) Validate() error {
	if r.Part != "" && r.Part != "S" {
		if n, err := strconv.Atoi(r.Part); err != nil || n < 0 {
			return Errorf(Invalid, "review of %s: part %q: want S (the subject) or a paragraph number", r.Cable, r.Part)
		}
	}
	switch r.Action {
	case Declassify:
		if r.Part != "" || r.From.IsZero() {
			return Errorf(Invalid, "review of %s: declassify: want the whole cable and a date", r.Cable)
		}
	case Exempt:
		if !exemptionCode.MatchString(r.Code) || r.Reason == "" {
			return Errorf(Invalid, "review of %s: exempt: code %q: want 25X1…25X9 and a reason", r.Cable, r.Code)
		}
	case Redact:
		if !foiaCode.MatchString(r.Code) || r.Part == "" {
			return Errorf(Invalid, "review of %s: redact: code %q, part %q: want (b)(1)…(b)(9) and a portion", r.Cable, r.Code, r.Part)
		}
	default:
		return Errorf(Invalid, "review of %s: action %q: want declassify, exempt or redact", r.Cable, r.Action)
	}
	return nil
}

// String says what the decision is, for the audit log and pages:
// "paragraph 3 redacted (b)(1): names a source".
func (r Review) String() string {
	what := "cable"
	switch {
	case r.Part == "S":
		what = "subject"
	case r.Part != "":
		what = "paragraph " + r.Part
	}
	switch r.Action {
	case Declassify:
		return fmt.Sprintf("%s declassified from %s", what, r.From.Format(time.DateOnly))
	case Exempt:
		return fmt.Sprintf("%s exempt %s: %s", what, r.Code, r.Reason)
	}
	s := fmt.Sprintf("%s redacted %s", what, r.Code)
	if r.Reason != "" {
		s += ": " + r.Reason
	}
	return s
}

// ReviewItem is one cable of the review queue and why it waits.
type ReviewItem struct {
	ID, Subject string
	Sent        time.Time
	// Why: "unreadable" (a DECL date that cannot be read), "missing" (no
	// DECL), "exempt" (the E.O. line names an exemption), "changed" (a
	// new version since a reviewer decided).
	Why  string
	Decl string // the DECL as written
}

// ReviewService records and lists declassification decisions. Every
// method answers only about cables the caller may know of; recording
// needs RoleReviewer and is audited before it is stored.
type ReviewService interface {
	RecordReview(ctx context.Context, r *Review) error
	FindReviews(ctx context.Context, id string) ([]Review, error)
	// ReviewQueue lists the cables waiting for a decision, oldest first.
	ReviewQueue(ctx context.Context, limit int) ([]ReviewItem, error)
}

// IsReviewer reports whether u holds RoleReviewer.
func IsReviewer(u *User) bool {
	if u == nil {
		return false
	}
	for _, r := range u.Roles {
		if r.Kind == RoleReviewer {
			return true
		}
	}
	return false
}
