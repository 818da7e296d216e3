package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// Search finds the cables whose visible text matches q. The process's
// search engine answers it when it can (engine_search.go), with every hit
// counted; otherwise this SQL path does. Hits, totals,
// facets and snippets are all computed from the portions the caller may
// see, inside SQL: a withheld paragraph's words never match and a cable the
// caller may not know of is never counted. The search is audited.
//
// A newest-first search counts up to q.CountLimit matching cables
// (DefaultCountLimit), and past that reports a Total that is a lower
// bound, over which the facets count, as sqlite's does; a search by
// relevance counts every match.
//
// A search is one statement: the matching cables are a materialised CTE
// (hits) that the count, the page, the snippets and the facets read, and
// each of those comes back as one JSON column of a single row. So the
// hits are computed once, every part sees the same snapshot, and a search
// costs one round trip (and one for its audit record) with no temporary
// table, whose creation and drop would cost more than most searches.
func (db *DB) Search(ctx context.Context, q cable.SearchQuery) (*cable.SearchResult, error) {
	s := db.scopeOf(ctx)
	// The query first, so that its errors say what sqlite's say.
	query, err := cable.ParseQuery(q.Text)
	if err != nil {
		return nil, err
	}
	for _, t := range append([]string{q.Text, q.Origin, q.Addressee, q.Classified, q.Caption}, q.Tags...) {
		if !isText(t) {
			return nil, cable.Errorf(cable.Invalid, "query %q is not UTF-8 text", t)
		}
	}
	ans, whole, err := db.engineSearch(ctx, s, q, query)
	if err != nil {
		return nil, err
	}
	if whole {
		return db.engineResult(ctx, s, q, query, ans)
	}
	args := s.with(nil)
	match := matchSQL(query.Positive(), args)
	where := s.filters(q, args)
	var ctes []string
	exact := "true"
	rank := q.Sort == "relevance" && query != nil
	if rank {
		// Ranking needs every match scored: the slow, exact path.
		ctes = append(ctes, "hits AS MATERIALIZED ("+s.rankedSQL(query, match, where, args)+")")
	} else {
		// Newest first, counting up to the count limit, as sqlite does: the
		// limit plus one more tells whether the count is exact.
		count := q.CountLimit
		if count <= 0 {
			count = DefaultCountLimit
		}
		args["hitlimit"] = max(count, max(q.Offset, 0)+pageLimit(q))
		ctes = append(ctes, "found AS MATERIALIZED ("+s.newestSQL(query, where, args)+")",
			"hits AS MATERIALIZED (SELECT cable, score FROM found WHERE n <= @hitlimit)")
		exact = "(SELECT count(*) FROM found) <= @hitlimit"
	}
	ctes = append(ctes, "page AS MATERIALIZED ("+pageSQL(q, rank, args)+")")
	cols := []string{"(SELECT count(*) FROM hits)", exact, s.pageJSON(match, rank)}
	if q.Snippets && match != "" {
		cols = append(cols, s.snippetsJSON(match))
	} else {
		cols = append(cols, "NULL::json")
	}
	if q.Facets {
		for _, f := range facetNames {
			cols = append(cols, s.facetJSON(f, cable.FacetValuesOf(q)))
		}
	}
	var total int
	var totalExact bool
	var page, snippets []byte
	facets := make([][]byte, len(facetNames))
	dest := []any{&total, &totalExact, &page, &snippets}
	if q.Facets {
		for i := range facets {
			dest = append(dest, &facets[i])
		}
	}
	sql := "WITH " + strings.Join(ctes, ",\n") + "\nSELECT " + strings.Join(cols, ",\n")
	if err := db.pool.QueryRow(ctx, sql, args).Scan(dest...); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	res := &cable.SearchResult{Total: total, TotalExact: totalExact}
	if q.Suggestions {
		if res.Suggestions, err = db.suggestions(ctx, s, q); err != nil {
			return nil, err
		}
	}
	if res.Hits, err = decodeHits(page, snippets); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if q.Facets {
		if res.Facets, res.FacetsCut, err = decodeFacets(facets, cable.FacetValuesOf(q)); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
	}
	if err := db.audit(ctx, s, audit.KindSearch, "", q.Text); err != nil {
		return nil, err
	}
	return res, nil
}

// matchSQL returns a tsquery expression matching any of the terms (the
// query's positive ones, which rank and snippets use), adding the terms
// to args; "" for none.
func matchSQL(terms []string, args pgx.NamedArgs) string {
	var exprs []string
	for i, t := range terms {
		name := fmt.Sprintf("m%d", i)
		expr, value := tsquerySQL(t, name)
		args[name] = value
		exprs = append(exprs, expr)
	}
	if len(exprs) == 0 {
		return ""
	}
	return "(" + strings.Join(exprs, " || ") + ")"
}

// DefaultCountLimit is how many matching cables a newest-first search
// counts before it stops and reports a total that is a lower bound ("1,000
// or more"), as sqlite.DefaultCountLimit.
const DefaultCountLimit = 1000

// newestSQL selects the newest @hitlimit + 1 matching cables the caller
// may know of, numbered (n) newest first: (cable, score, n). Without a
// query, every cable the caller may know of matches. With one, a cable
// matches when its visible portions satisfy the query's boolean
// structure: each term is "a visible portion of the cable matches it"
// (EXISTS), and AND, OR and NOT combine those per cable, as the
// INTERSECT, UNION and EXCEPT of sqlite's term sets do. Walking the cables
// newest first (the cables_dtg index) and probing each one's portions,
// the search stops once it has its page and count, however common the
// words; for rare words the planner starts from the text index instead.
// The page scores its own hits (pageJSON).
func (s *scope) newestSQL(query *cable.Query, where string, args pgx.NamedArgs) string {
	cond := s.knows("c")
	if query != nil {
		cond = s.termExists(query, args) + " AND " + s.knows("c")
	}
	const order = "c.dtg DESC NULLS LAST, c.id"
	return `SELECT c.rowid AS cable, 0::float8 AS score, row_number() OVER (ORDER BY ` + order + `) AS n
		FROM cables c WHERE ` + cond + where + ` ORDER BY ` + order + ` LIMIT @hitlimit + 1`
}

// termExists returns node n as a boolean expression over cable c, each
// term an EXISTS of a visible portion of c that matches it, adding the
// terms' text to args.
func (s *scope) termExists(n *cable.Query, args pgx.NamedArgs) string {
	if n.Op == "" {
		name := fmt.Sprintf("t%d", len(args))
		expr, value := tsquerySQL(n.Term, name)
		args[name] = value
		return `EXISTS (SELECT 1 FROM portions p WHERE p.cable = c.rowid AND p.tsv @@ ` + expr + ` AND ` + s.portionVisible("p", "c") + `)`
	}
	l, r := s.termExists(n.Left, args), s.termExists(n.Right, args)
	if n.Op == "NOT" {
		return "(" + l + " AND NOT " + r + ")"
	}
	return "(" + l + " " + n.Op + " " + r + ")"
}

// rankedSQL selects every cable the caller may know of whose visible
// portions satisfy the query, with its score: (cable, score). One scan of
// the text index finds every visible portion that matches any term;
// grouping them by cable gives, for each term, whether a visible portion
// of the cable matches it (h0, h1, …), and the query is a boolean
// expression of those. A hit's score is its best visible portion's
// ts_rank for the positive terms, negated so that, as with SQLite's bm25,
// lower is better.
func (s *scope) rankedSQL(query *cable.Query, match, where string, args pgx.NamedArgs) string {
	var terms []string
	cond := termColumns(query, args, &terms)
	var cols []string
	if len(terms) > 1 {
		// With one term, every portion the scan finds matches it: no
		// column is needed, and none is read (each test of a term
		// detoasts the portion's tsvector again).
		for i, t := range terms {
			cols = append(cols, fmt.Sprintf(", bool_or(p.tsv @@ %s) AS h%d", t, i))
		}
	} else {
		cond = "true"
	}
	return `WITH mp AS MATERIALIZED (
			SELECT p.cable` + strings.Join(cols, "") + `, max(ts_rank(p.tsv, ` + match + `, 1)) AS rank
			FROM portions p JOIN cables c ON c.rowid = p.cable
			WHERE p.tsv @@ (` + strings.Join(terms, " || ") + `) AND ` + s.portionVisible("p", "c") + `
			GROUP BY p.cable)
		SELECT mp.cable AS cable, coalesce(-mp.rank, 0)::float8 AS score
		FROM mp JOIN cables c ON c.rowid = mp.cable
		WHERE ` + cond + ` AND ` + s.knows("c") + where
}

// termColumns returns node n as a boolean expression of the per-cable
// columns mp.h0, mp.h1, … ("a visible portion matches term i"), appending
// each term's tsquery expression to terms and its text to args.
func termColumns(n *cable.Query, args pgx.NamedArgs, terms *[]string) string {
	if n.Op == "" {
		name := fmt.Sprintf("t%d", len(*terms))
		expr, value := tsquerySQL(n.Term, name)
		args[name] = value
		*terms = append(*terms, expr)
		return fmt.Sprintf("mp.h%d", len(*terms)-1)
	}
	l, r := termColumns(n.Left, args, terms), termColumns(n.Right, args, terms)
	if n.Op == "NOT" {
		return "(" + l + " AND NOT " + r + ")"
	}
	return "(" + l + " " + n.Op + " " + r + ")"
}

// filters returns the SQL conditions (each starting " AND ") of the
// query's filters, adding their arguments to args. Tags and captions are
// unmarked text, which takes the banner: filtering on them is allowed only
// where the caller may see the banner, so that a filter never reveals a
// withheld tag.
func (s *scope) filters(q cable.SearchQuery, args pgx.NamedArgs) string {
	var b strings.Builder
	for i, t := range q.Tags {
		name := fmt.Sprintf("tag%d", i)
		fmt.Fprintf(&b, " AND EXISTS (SELECT 1 FROM tags t WHERE t.cable = c.rowid AND t.tag = @%s) AND %s", name, s.bannerVisible("c"))
		args[name] = strings.ToUpper(strings.TrimSpace(t))
	}
	if q.Caption != "" {
		fmt.Fprintf(&b, " AND EXISTS (SELECT 1 FROM captions cp WHERE cp.cable = c.rowid AND cp.caption = @caption) AND %s", s.bannerVisible("c"))
		args["caption"] = strings.ToUpper(strings.TrimSpace(q.Caption))
		if access.LiftedByDeclassification(q.Caption) {
			// Declassification lifts the control: the cable's view no
			// longer carries it.
			b.WriteString(" AND (c.declassified IS NULL OR c.declassified > @now)")
		}
	}
	if q.Quality != "" {
		fmt.Fprintf(&b, " AND EXISTS (SELECT 1 FROM findings f WHERE f.cable = c.rowid AND f.kind = @quality) AND %s", s.qualityVisible(q.Quality, "c"))
		args["quality"] = q.Quality
	}
	if q.Origin != "" {
		b.WriteString(" AND (c.origin = @origin OR upper(c.origin_name) = @origin)")
		args["origin"] = access.NormalizePLAD(q.Origin)
	}
	if q.Addressee != "" {
		b.WriteString(" AND EXISTS (SELECT 1 FROM parties pa2 WHERE pa2.cable = c.rowid AND pa2.role IN ('to','info') AND pa2.plad = @addressee)")
		args["addressee"] = access.NormalizePLAD(q.Addressee)
	}
	if !q.From.IsZero() {
		b.WriteString(" AND c.dtg >= @from")
		args["from"] = q.From
	}
	if !q.To.IsZero() {
		b.WriteString(" AND c.dtg < @to")
		args["to"] = q.To
	}
	if q.Classified != "" {
		if l, err := marking.ParseLevel(q.Classified); err == nil {
			b.WriteString(" AND " + s.visibleLevel("c") + " = @level")
			args["level"] = int(l)
		} else {
			b.WriteString(" AND false")
		}
	}
	return b.String()
}
