package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/engine"
	"github.com/cable/cable/internal/quality"
)

// facets counts the hits by tag, origin, year, visible classification and
// data-quality finding.
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
	out, cut := engine.FacetLists(counts, limit)
	q, err := s.qualityFacet(ctx, conn)
	if err != nil {
		return nil, nil, err
	}
	if len(q) > 0 {
		out["quality"] = q
	}
	return out, cut, nil
}

// qualityFacet counts the hits by data-quality finding (package quality),
// each kind only where the caller may know of it (qualityVisible, as the
// quality filter reads it), in quality.Kinds order.
func (s *scope) qualityFacet(ctx context.Context, conn *sql.Conn) ([]cable.FacetCount, error) {
	var parts []string
	for i, kind := range quality.Kinds {
		parts = append(parts, fmt.Sprintf(`SELECT %d, count(*) FROM temp.hits h CROSS JOIN cables c ON c.rowid = h.cable
			WHERE EXISTS (SELECT 1 FROM findings f WHERE f.cable = c.rowid AND f.kind = :qf%d) AND %s`, i, i, s.qualityVisible(kind, "c")))
	}
	args := slices.Clone(s.args)
	for i, kind := range quality.Kinds {
		args = append(args, sql.Named(fmt.Sprintf("qf%d", i), kind))
	}
	rows, err := conn.QueryContext(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return nil, fmt.Errorf("quality facet: %w", err)
	}
	defer rows.Close()
	counts := make([]int, len(quality.Kinds))
	for rows.Next() {
		var i, n int
		if err := rows.Scan(&i, &n); err != nil {
			return nil, fmt.Errorf("quality facet: %w", err)
		}
		counts[i] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("quality facet: %w", err)
	}
	var out []cable.FacetCount
	for i, n := range counts {
		if n > 0 {
			out = append(out, cable.FacetCount{Value: quality.Kinds[i], Count: n})
		}
	}
	return out, nil
}
