package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/engine"
	"github.com/cable/cable/internal/marking"
)

// Search finds the cables whose visible text matches q. Hits, totals,
// facets and snippets are all computed from the portions the caller may
// see, inside SQL: a withheld paragraph's words never match and a cable the
// caller may not know of is never counted. The search is audited.
func (db *DB) Search(ctx context.Context, q cable.SearchQuery) (*cable.SearchResult, error) {
	s := db.scopeOf(ctx)
	query, err := cable.ParseQuery(q.Text)
	if err != nil {
		return nil, err
	}
	var suggestions []cable.Suggestion
	if q.Suggestions {
		// Before the search takes its connection: each count takes one.
		if suggestions, err = db.suggestions(ctx, s, q); err != nil {
			return nil, err
		}
	}
	match := strings.Join(query.Positive(), " OR ")
	where, args := s.filters(q)
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer conn.Close()
	defer conn.ExecContext(context.Background(), `DROP TABLE IF EXISTS temp.hits`)
	res := &cable.SearchResult{TotalExact: true, Suggestions: suggestions}
	count := q.CountLimit
	if count <= 0 {
		count = DefaultCountLimit
	}
	ans, whole, err := s.engineSearch(ctx, conn, q, query)
	if err != nil {
		return nil, err
	}
	if whole {
		err = s.engineResult(ctx, conn, q, ans, res)
	} else {
		err = s.streamResult(ctx, conn, q, query, where, args, count, res)
	}
	if err != nil {
		return nil, err
	}
	if q.Snippets && match != "" {
		if err := s.snippets(ctx, conn, match, res.Hits); err != nil {
			return nil, err
		}
	}
	if err := db.audit(ctx, s, audit.KindSearch, "", q.Text); err != nil {
		return nil, err
	}
	return res, nil
}

// engineResult fills res from the engine's answer: every hit counted,
// the page's rows read in SQL, the facets over every hit.
func (s *scope) engineResult(ctx context.Context, conn *sql.Conn, q cable.SearchQuery, ans *engine.Answer, res *cable.SearchResult) error {
	res.Total, res.TotalExact = len(ans.Hits), true
	from := min(max(q.Offset, 0), len(ans.Hits))
	if err := s.saveHits(ctx, conn, ans.Hits[from:min(from+pageLimit(q), len(ans.Hits))], ans.Scores); err != nil {
		return err
	}
	q.Offset = 0 // temp.hits holds the page alone
	var err error
	if res.Hits, err = s.page(ctx, conn, q); err != nil {
		return err
	}
	if q.Facets {
		res.Facets, res.FacetsCut = engine.FacetLists(ans.Facets, cable.FacetValuesOf(q))
		if len(ans.Quality) > 0 {
			res.Facets["quality"] = ans.Quality
		}
	}
	return nil
}

// streamResult fills res by the term streams (stream.go), which count
// up to count hits, and the facets over those in SQL: the path of a
// search the engine does not answer.
func (s *scope) streamResult(ctx context.Context, conn *sql.Conn, q cable.SearchQuery, query *cable.Query, where string, args []any, count int, res *cable.SearchResult) error {
	ranked := q.Sort == "relevance" && query != nil
	found, err := s.streamHits(ctx, conn, query, narrowingOf(q), where, args, max(count, q.Offset+pageLimit(q)), ranked)
	if err != nil {
		return err
	}
	var scores map[int64]float64
	if ranked {
		scores = engine.ScoreHits(query, found.hits, found.shown)
	}
	if err := s.saveHits(ctx, conn, found.hits, scores); err != nil {
		return err
	}
	res.Total, res.TotalExact = len(found.hits), found.exact
	if res.Hits, err = s.page(ctx, conn, q); err != nil {
		return err
	}
	if q.Facets {
		if res.Facets, res.FacetsCut, err = s.facets(ctx, conn, cable.FacetValuesOf(q)); err != nil {
			return err
		}
	}
	return nil
}

// filters returns the SQL conditions (each starting " AND ") and arguments
// of the query's filters. Tags and captions are unmarked text, which takes
// the banner: filtering on them is allowed only where the caller may see
// the banner, so that a filter never reveals a withheld tag.
func (s *scope) filters(q cable.SearchQuery) (string, []any) {
	var b strings.Builder
	var args []any
	for i, t := range q.Tags {
		name := fmt.Sprintf("tag%d", i)
		fmt.Fprintf(&b, " AND EXISTS (SELECT 1 FROM tags t WHERE t.cable = c.rowid AND t.tag = :%s) AND %s", name, s.bannerVisible("c"))
		args = append(args, sql.Named(name, strings.ToUpper(strings.TrimSpace(t))))
	}
	if q.Caption != "" {
		fmt.Fprintf(&b, " AND EXISTS (SELECT 1 FROM captions cp WHERE cp.cable = c.rowid AND cp.caption = :caption) AND %s", s.bannerVisible("c"))
		args = append(args, sql.Named("caption", strings.ToUpper(strings.TrimSpace(q.Caption))))
		if access.LiftedByDeclassification(q.Caption) {
			// Declassification lifts the control: the cable's view no
			// longer carries it.
			b.WriteString(" AND (c.declassified IS NULL OR c.declassified > :now)")
		}
	}
	if q.Quality != "" {
		fmt.Fprintf(&b, " AND EXISTS (SELECT 1 FROM findings f WHERE f.cable = c.rowid AND f.kind = :quality) AND %s", s.qualityVisible(q.Quality, "c"))
		args = append(args, sql.Named("quality", q.Quality))
	}
	if q.Origin != "" {
		b.WriteString(" AND (c.origin = :origin OR upper(c.origin_name) = :origin)")
		args = append(args, sql.Named("origin", access.NormalizePLAD(q.Origin)))
	}
	if q.Addressee != "" {
		b.WriteString(" AND EXISTS (SELECT 1 FROM parties pa2 WHERE pa2.cable = c.rowid AND pa2.role IN ('to','info') AND pa2.plad = :addressee)")
		args = append(args, sql.Named("addressee", access.NormalizePLAD(q.Addressee)))
	}
	if !q.From.IsZero() {
		b.WriteString(" AND c.dtg >= :from")
		args = append(args, sql.Named("from", q.From.Unix()))
	}
	if !q.To.IsZero() {
		b.WriteString(" AND c.dtg < :to")
		args = append(args, sql.Named("to", q.To.Unix()))
	}
	if q.Classified != "" {
		if l, err := marking.ParseLevel(q.Classified); err == nil {
			b.WriteString(" AND " + s.visibleLevel("c") + " = :level")
			args = append(args, sql.Named("level", int(l)))
		} else {
			b.WriteString(" AND 0")
		}
	}
	return b.String(), args
}

// visibleLevel is the highest level of what the caller may see of cable c:
// the level of their view's banner. Facets and filters use it rather than
// the cable's own banner, which may say more than the caller may know.
func (s *scope) visibleLevel(c string) string {
	return fmt.Sprintf(`(SELECT max(CASE WHEN %s.declassified IS NOT NULL AND %s.declassified <= :now AND vp.held = 0 THEN 0 ELSE vp.level END)
		FROM portions vp WHERE vp.cable = %s.rowid AND %s)`, c, c, c, s.portionVisible("vp", c))
}

// visibleMarks lists the distinct markings of the portions of cable c the
// caller may see, as "level:noforn:rel" with rel's commas as spaces,
// joined by commas (visibleBanner reads it). A portion released by
// declassification counts as plain (U), as visibleLevel counts it.
func (s *scope) visibleMarks(c string) string {
	return fmt.Sprintf(`(SELECT group_concat(DISTINCT CASE WHEN %s.declassified IS NOT NULL AND %s.declassified <= :now AND vp.held = 0 AND vp.level > 0
			THEN '0:0:' ELSE vp.level || ':' || vp.noforn || ':' || replace(vp.rel, ',', ' ') END)
		FROM portions vp WHERE vp.cable = %s.rowid AND %s)`, c, c, c, s.portionVisible("vp", c))
}

// visibleBanner reads visibleMarks into the banner of the caller's view.
func visibleBanner(marks string) (string, error) {
	var cols []access.Columns
	for _, m := range strings.Split(marks, ",") {
		if m == "" {
			continue
		}
		f := strings.SplitN(m, ":", 3)
		if len(f) != 3 {
			return "", fmt.Errorf("portion marking %q: want level:noforn:rel", m)
		}
		lv, err := strconv.Atoi(f[0])
		if err != nil {
			return "", fmt.Errorf("portion marking %q: level: %w", m, err)
		}
		cols = append(cols, access.Columns{Level: lv, NoForn: f[1] == "1", Rel: strings.ReplaceAll(f[2], " ", ",")})
	}
	return access.VisibleBanner(cols), nil
}

// page returns one page of hits in the requested order.
func (s *scope) page(ctx context.Context, conn *sql.Conn, q cable.SearchQuery) ([]cable.SearchHit, error) {
	order := "c.rowid DESC" // rowids are in time order
	if q.Sort == "relevance" && q.Text != "" {
		order = "h.score, c.rowid DESC"
	}
	// Sort and cut the page first, then compute each hit's visible
	// subject and level: those subqueries cost, and only a page needs them.
	rows, err := conn.QueryContext(ctx, `SELECT c.id, CASE WHEN `+s.subjectVisible("c")+` THEN c.subject ELSE '' END,
		c.origin, coalesce(c.dtg, 0), `+s.visibleLevel("c")+`, `+s.visibleMarks("c")+`, pg.score
		FROM (SELECT h.cable, h.score FROM temp.hits h JOIN cables c ON c.rowid = h.cable
			ORDER BY `+order+` LIMIT :limit OFFSET :offset) pg
		JOIN cables c ON c.rowid = pg.cable ORDER BY `+strings.ReplaceAll(order, "h.score", "pg.score"),
		append(s.args, sql.Named("limit", pageLimit(q)), sql.Named("offset", max(q.Offset, 0)))...)
	if err != nil {
		return nil, fmt.Errorf("search page: %w", err)
	}
	defer rows.Close()
	var hits []cable.SearchHit
	for rows.Next() {
		var h cable.SearchHit
		var dtg int64
		var level sql.NullInt64
		var marks sql.NullString
		if err := rows.Scan(&h.ID, &h.Subject, &h.Origin, &dtg, &level, &marks, &h.Score); err != nil {
			return nil, err
		}
		if dtg != 0 {
			h.DTG = time.Unix(dtg, 0).UTC()
		}
		h.Level = marking.Level(level.Int64).Word()
		if h.Classification, err = visibleBanner(marks.String); err != nil {
			return nil, fmt.Errorf("search page: %s: %w", h.ID, err)
		}
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// pageLimit is a query's page size: 20 by default, at most 100.
func pageLimit(q cable.SearchQuery) int {
	if q.Limit <= 0 {
		return 20
	}
	return min(q.Limit, 100)
}

// subjectVisible is the predicate "the caller may see cable c's subject".
func (s *scope) subjectVisible(c string) string {
	return "EXISTS (SELECT 1 FROM portions sp WHERE sp.cable = " + c + ".rowid AND sp.kind = 'subject' AND " + s.portionVisible("sp", c) + ")"
}
