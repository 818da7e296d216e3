package api

import "github.com/cable/cable/internal/cable"

// CableView is the JSON document of what one reader is shown of a cable:
// the cable as the view holds it (withheld paragraphs read "[withheld]", or
// are omitted in a release copy) and what the view is.
type CableView struct {
	Cable Cable    `json:"cable"`
	View  ViewInfo `json:"view"`
}

// ViewInfo describes a view.
type ViewInfo struct {
	// Banner is the view's own banner: the roll-up of what it shows.
	Banner string `json:"banner"`
	// Release is true for a release copy, made for a foreign reader or a
	// foreign government.
	Release      bool `json:"release"`
	Declassified bool `json:"declassified"`
	SubjectShown bool `json:"subject_shown"`
	// Shown and Withheld are paragraph numbers. Withheld is never written
	// for a release copy, whose reader must not be told what was left out.
	Shown    []int `json:"shown"`
	Withheld []int `json:"withheld,omitempty"`
}

// FromView maps the cable of a view and its description onto the view's
// JSON document. Paragraph source lines are left out: the lines of the
// paragraphs shown would tell how long the withheld ones are.
func FromView(c *cable.Cable, info ViewInfo) CableView {
	doc := CableView{Cable: FromCable(c), View: info}
	for i := range doc.Cable.Paragraphs {
		doc.Cable.Paragraphs[i].Line = 0
	}
	if doc.View.Shown == nil {
		doc.View.Shown = []int{}
	}
	if info.Release {
		doc.View.Withheld = nil
	}
	return doc
}
