package sqlite

import "github.com/cable/cable/internal/quality"

// qualityVisible is the predicate "the caller, who knows cable c, may
// know of its findings of kind": quality.Visible in SQL.
func (s *scope) qualityVisible(kind, c string) string {
	switch kind {
	case quality.UnreadableMark, quality.UnmarkedParagraph:
		if s.reader.Foreign() { // a release copy shows no withheld place
			return "0"
		}
		return "1"
	case quality.UnreadableDecl, quality.MissingDecl:
		return s.bannerVisible(c)
	case quality.BannerBelowRollUp:
		return s.bannerVisible(c) + " AND NOT EXISTS (SELECT 1 FROM portions qp WHERE qp.cable = " + c + ".rowid AND NOT " +
			s.portionVisible("qp", c) + ")"
	case quality.DamagedID:
		return "1"
	}
	return "0"
}
