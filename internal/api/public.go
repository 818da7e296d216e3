package api

// PublicCable is the answer of GET /api/v1/public/cables/{id}: the
// public reader's view of a cable, which shows only declassified
// portions, and how it was declassified.
type PublicCable struct {
	CableView
	Declassification Declassification `json:"declassification"`
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
