package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// facets counts the hits by tag, origin, year and visible classification.
// One pass reads what every facet needs of each hit: a hit's rows are
// scattered over the archive, and at 250,000 cables a pass a facet cost
// 4-13 ms each. Tags are unmarked text and count only where the caller
// may see the banner; the classification is that of the caller's view.
func (s *scope) facets(ctx context.Context, conn *sql.Conn, limit int) (map[string][]cable.FacetCount, []string, error) {
	rows, err := conn.QueryContext(ctx, `SELECT c.origin, coalesce(c.year, 0), `+s.visibleLevel("c")+`,
			CASE WHEN `+s.bannerVisible("c")+` THEN (SELECT group_concat(t.tag, ',') FROM tags t WHERE t.cable = c.rowid) END
		FROM temp.hits h CROSS JOIN cables c ON c.rowid = h.cable`, s.args...)
	if err != nil {
		return nil, nil, fmt.Errorf("facets: %w", err)
	}
	defer rows.Close()
	counts := map[string]map[string]int{"tag": {}, "origin": {}, "year": {}, "classification": {}}
	for rows.Next() {
		var origin string
		var year int
		var level sql.NullInt64
		var tags sql.NullString
		if err := rows.Scan(&origin, &year, &level, &tags); err != nil {
			return nil, nil, fmt.Errorf("facets: %w", err)
		}
		if origin != "" {
			counts["origin"][origin]++
		}
		if year != 0 {
			counts["year"][strconv.Itoa(year)]++
		}
		counts["classification"][strconv.FormatInt(level.Int64, 10)]++
		if tags.String != "" {
			for _, t := range strings.Split(tags.String, ",") {
				counts["tag"][t]++
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("facets: %w", err)
	}
	out, cut := facetLists(counts, limit)
	return out, cut, nil
}

// facetLists orders each facet's counts: tags and origins by count (the
// first limit, and the names of those cut), years newest first,
// classifications by level.
func facetLists(counts map[string]map[string]int, limit int) (map[string][]cable.FacetCount, []string) {
	out := map[string][]cable.FacetCount{}
	var cut []string
	for name, m := range counts {
		var fs []cable.FacetCount
		for v, n := range m {
			fs = append(fs, cable.FacetCount{Value: v, Count: n})
		}
		switch name {
		case "year":
			slices.SortFunc(fs, func(a, b cable.FacetCount) int { return strings.Compare(b.Value, a.Value) })
		case "classification":
			slices.SortFunc(fs, func(a, b cable.FacetCount) int { return strings.Compare(a.Value, b.Value) })
			for i := range fs {
				l, _ := strconv.Atoi(fs[i].Value)
				fs[i].Value = marking.Level(l).Word()
			}
		default:
			slices.SortFunc(fs, func(a, b cable.FacetCount) int {
				return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value))
			})
			if len(fs) > limit {
				fs = fs[:limit]
				cut = append(cut, name)
			}
		}
		if len(fs) > 0 {
			out[name] = fs
		}
	}
	slices.Sort(cut)
	return out, cut
}
