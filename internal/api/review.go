package api

import (
	"time"

	"github.com/cable/cable/internal/cable"
)

// FromReview maps a decision onto its JSON form.
func FromReview(r cable.Review) Review {
	out := Review{ID: r.ID, Cable: r.Cable, Part: r.Part, Action: string(r.Action), Code: r.Code, Reason: r.Reason,
		Reviewer: r.Reviewer, At: r.At.UTC().Format(time.RFC3339), Summary: r.String()}
	if !r.From.IsZero() {
		out.From = r.From.Format(time.DateOnly)
	}
	return out
}

// FromReviewItem maps an item of the review queue onto its JSON form.
func FromReviewItem(it cable.ReviewItem) ReviewItem {
	out := ReviewItem{ID: it.ID, Subject: it.Subject, Why: it.Why, Decl: it.Decl}
	if !it.Sent.IsZero() {
		out.Sent = it.Sent.UTC().Format(time.RFC3339)
	}
	return out
}
