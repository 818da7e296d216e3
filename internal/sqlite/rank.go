package sqlite

import (
	"context"
	"database/sql"
	"math"
)

// Relevance ranks the hits a search counted (up to its count limit, the
// newest first): every hit when the total is exact, the newest matches
// when it is a lower bound. Ranking every match of a common word means
// scoring every one of its portions, and FTS5 took 1.8 s to order
// "government" by rank at 250,000 cables (the old exact path 15 s); the
// counted hits are contiguous in time, so one pass over their rowid range
// scores them. A hit's score is the best bm25 of its visible matching
// portions: withheld text never ranks a cable.

// scoreHits returns each hit's best bm25 (lower is better) over the
// portions in shown, for the FTS5 expression match.
func (s *scope) scoreHits(ctx context.Context, conn *sql.Conn, match string, hits []int64, shown map[int64][]int64) (map[int64]float64, error) {
	scores := map[int64]float64{}
	if len(hits) == 0 {
		return scores, nil
	}
	keep := map[int64]bool{}
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, h := range hits {
		lo, hi = min(lo, h), max(hi, h)
		for _, id := range shown[h] {
			keep[id] = true
		}
	}
	rows, err := conn.QueryContext(ctx, `SELECT rowid, bm25(portions_fts) FROM portions_fts
		WHERE portions_fts MATCH :match AND rowid BETWEEN :lo AND :hi`,
		sql.Named("match", match), sql.Named("lo", lo<<portionBits), sql.Named("hi", hi<<portionBits|(maxPortions-1)))
	if err != nil {
		return nil, ftsError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var score float64
		if err := rows.Scan(&id, &score); err != nil {
			return nil, ftsError(err)
		}
		if !keep[id] {
			continue
		}
		c := id >> portionBits
		if best, ok := scores[c]; !ok || score < best {
			scores[c] = score
		}
	}
	return scores, ftsError(rows.Err())
}
