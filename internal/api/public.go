package api

// PublicCable is the answer of GET /api/v1/public/cables/{id}: the
// public reader's view of a cable, which shows only declassified
// portions, and how it was declassified.
type PublicCable struct {
	CableView
	Declassification Declassification `json:"declassification"`
	// Withheld lists the portions a reviewer withheld from release, with
	// the code that withholds them: what a declassified paper copy shows
	// in the margin. Reasons and reviewers are not published.
	Withheld []ReviewNote `json:"withheld,omitempty"`
}

// ReviewNote is a reviewer's decision as it is published.
type ReviewNote struct {
	// Part is "S" for the subject or a paragraph's number.
	Part   string `json:"part"`
	Action string `json:"action"` // exempt or redact
	Code   string `json:"code"`   // 25X1…, (b)(1)…
}

// Declassification says when and under what authority a cable was
// declassified, and the banner it carried before, which declassified
// copies show struck through.
type Declassification struct {
	// Date is the day it was declassified, YYYY-MM-DD.
	Date string `json:"date"`
	// Authority is the executive order named on its E.O. line, "E.O.
	// 12958"; empty when the line names none.
	Authority string `json:"authority,omitempty"`
	// OriginalBanner is the banner the cable carried when classified.
	OriginalBanner string `json:"original_banner"`
}

// Review is a reviewer's declassification decision, as the review
// routes answer it (GET and POST /api/v1/cables/{id}/reviews).
type Review struct {
	ID       int64  `json:"id"`
	Cable    string `json:"cable"`
	Part     string `json:"part,omitempty"` // "" the cable, "S" the subject, "3" a paragraph
	Action   string `json:"action"`
	From     string `json:"from,omitempty"` // YYYY-MM-DD, for declassify
	Code     string `json:"code,omitempty"`
	Reason   string `json:"reason,omitempty"`
	Reviewer string `json:"reviewer"`
	At       string `json:"at"` // RFC 3339
	Summary  string `json:"summary"`
}

// ReviewItem is a cable waiting in the review queue.
type ReviewItem struct {
	ID      string `json:"id"`
	Subject string `json:"subject,omitempty"` // empty when the reviewer may not see it
	Sent    string `json:"sent,omitempty"`
	Why     string `json:"why"` // unreadable, missing, exempt
	Decl    string `json:"decl,omitempty"`
}
