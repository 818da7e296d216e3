package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/engine"
	"github.com/cable/cable/internal/index"
	"github.com/cable/cable/internal/marking"
)

// engineSearch answers q from the process's engine e, which is current.
func (db *DB) engineSearch(ctx context.Context, s *scope, e *searchEngine, q cable.SearchQuery, query *cable.Query) (*engine.Answer, error) {
	classes, err := s.engineClasses(ctx, db, e)
	if err != nil {
		return nil, err
	}
	var named []uint64
	if ids := cabletext.IDsOf(q.Text, db.Now().Year()); len(ids) > 0 {
		rows, err := db.pool.Query(ctx, `SELECT rowid FROM cables WHERE id = ANY($1)`, ids)
		if err != nil {
			return nil, fmt.Errorf("search: cables named: %w", err)
		}
		if named, err = pgx.CollectRows(rows, pgx.RowTo[uint64]); err != nil {
			return nil, fmt.Errorf("search: cables named: %w", err)
		}
	}
	r := engine.Reader{Classes: classes, Foreign: s.reader.Foreign()}
	if posts := s.posts(); !s.reader.Public && len(posts) > 0 {
		// The classes do not decide the distribution of a reader with
		// posts: their posts' cables are admitted, and the open ones
		// unless only membership admits them (admits).
		for _, p := range s.reader.Posts {
			if n := access.NormalizePLAD(p); n != "" {
				r.Posts = append(r.Posts, n)
			}
		}
		r.Open = !s.membersOnly()
	}
	e.answered.Add(1)
	return e.Search(r, q, query, named), nil
}

// membersOnly reports whether only membership (a post that is a party)
// admits the caller to a cable: SIPDIS distribution admits cleared US
// readers alone (admits).
func (s *scope) membersOnly() bool {
	return s.reader.Foreign() || s.reader.Clearance < marking.Confidential
}

// engineClasses returns the engine's classes whose portions the caller
// may see: those whose key passes the store's own predicates
// (markingVisible, captionsAdmit) and whose distribution may admit the
// caller (SIPDIS for whom it admits; any cable for a caller with posts,
// whose membership the engine checks cable by cable). They are
// remembered by the caller's profile.
func (s *scope) engineClasses(ctx context.Context, db *DB, e *searchEngine) ([]index.Class, error) {
	keys := e.Keys()
	profile := s.profile(len(keys))
	if cs, ok := e.CachedClasses(profile); ok {
		return cs, nil
	}
	where := s.markingVisible("k.level", "k.noforn", "k.plain", "k.rel", "k.held", "k")
	switch {
	case s.reader.Public:
		// Every distribution admits the public reader (admits).
	case len(s.posts()) > 0:
		where += " AND " + s.captionsAdmit("k")
	case !s.membersOnly():
		where += " AND " + s.captionsAdmit("k") + " AND k.open"
	default:
		where += " AND false"
	}
	type classRow struct {
		ID           int     `json:"id"`
		Level        int     `json:"level"`
		NoForn       bool    `json:"noforn"`
		Plain        bool    `json:"plain"`
		Rel          string  `json:"rel"`
		Declassified *string `json:"declassified"`
		NoDis        bool    `json:"need_nodis"`
		ExDis        bool    `json:"need_exdis"`
		Cherokee     bool    `json:"need_cherokee"`
		Open         bool    `json:"open"`
		Held         bool    `json:"held"`
	}
	rows := make([]classRow, len(keys))
	for i, k := range keys {
		rows[i] = classRow{ID: i, Level: k.Level, NoForn: k.NoForn, Plain: k.Plain, Rel: k.Rel, NoDis: k.NoDis,
			ExDis: k.ExDis, Cherokee: k.Cherokee, Open: k.Open, Held: k.Held}
		if k.Declassified {
			// A class declassified by the engine's day passes the date
			// test on any later day; a stale engine rebuilds first.
			d := "0001-01-01"
			rows[i].Declassified = &d
		}
	}
	list, _ := json.Marshal(rows)
	q, err := db.pool.Query(ctx, `SELECT k.id FROM jsonb_to_recordset(@classes::jsonb) AS k(id int, level int, noforn bool,
		plain bool, rel text, declassified date, need_nodis bool, need_exdis bool, need_cherokee bool, open bool, held bool)
		WHERE `+where, s.with(pgx.NamedArgs{"classes": string(list)}))
	if err != nil {
		return nil, fmt.Errorf("search: visible classes: %w", err)
	}
	cs, err := pgx.CollectRows(q, pgx.RowTo[index.Class])
	if err != nil {
		return nil, fmt.Errorf("search: visible classes: %w", err)
	}
	if cs == nil {
		cs = []index.Class{}
	}
	e.CacheClasses(profile, cs)
	return cs, nil
}

// profile is the caller's key of the engine's cache of visible classes
// among the first n (engine.Profile).
func (s *scope) profile(n int) string {
	return engine.Profile(s.reader, len(s.posts()) > 0, s.membersOnly(), s.args["now"].(string), n)
}

// engineResult answers a search from the engine's answer: the total and
// facets over every hit, the page's rows in one statement over the
// page's cables alone, and their snippets.
func (db *DB) engineResult(ctx context.Context, s *scope, q cable.SearchQuery, query *cable.Query, ans *engine.Answer) (*cable.SearchResult, error) {
	from := min(max(q.Offset, 0), len(ans.Hits))
	page := ans.Hits[from:min(from+pageLimit(q), len(ans.Hits))]
	scores := make([]float64, len(page))
	for i, h := range page {
		scores[i] = ans.Scores[h]
	}
	args := s.with(pgx.NamedArgs{"pagehits": page, "pagescores": scores})
	var rows []byte
	if err := db.pool.QueryRow(ctx, `WITH page AS MATERIALIZED (SELECT h.n, h.cable, h.score
			FROM unnest(@pagehits::bigint[], @pagescores::float8[]) WITH ORDINALITY AS h(cable, score, n))
		SELECT `+s.pageJSON(), args).Scan(&rows); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	res := &cable.SearchResult{Total: len(ans.Hits), TotalExact: true}
	var err error
	if res.Hits, err = decodeHits(rows); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if terms := query.Positive(); q.Snippets && len(terms) > 0 {
		if err := db.snippets(ctx, s, page, res.Hits, engine.NewMatcher(terms)); err != nil {
			return nil, err
		}
	}
	if q.Facets {
		res.Facets, res.FacetsCut = engine.FacetLists(ans.Facets, cable.FacetValuesOf(q))
		if len(ans.Quality) > 0 {
			res.Facets["quality"] = ans.Quality
		}
	}
	if q.Suggestions {
		if res.Suggestions, err = db.suggestions(ctx, s, q); err != nil {
			return nil, err
		}
	}
	if err := db.audit(ctx, s, audit.KindSearch, "", q.Text); err != nil {
		return nil, err
	}
	return res, nil
}

// snippets gives each hit of the page (rows page, in order) the numbers
// of its visible paragraphs that match, and a snippet of the best
// matching visible portion (package engine cuts it from the text).
func (db *DB) snippets(ctx context.Context, s *scope, page []int64, hits []cable.SearchHit, m *engine.Matcher) error {
	rows, err := db.pool.Query(ctx, `SELECT c.rowid, p.kind, p.number, p.text FROM cables c JOIN portions p ON p.cable = c.rowid
		WHERE c.rowid = ANY(@page) AND `+s.portionVisible("p", "c")+` ORDER BY c.rowid, p.id`, s.with(pgx.NamedArgs{"page": page}))
	if err != nil {
		return fmt.Errorf("search snippets: %w", err)
	}
	defer rows.Close()
	at := make(map[int64]int, len(page))
	for i, row := range page {
		at[row] = i
	}
	best := make([][2]int, len(hits)) // distinct terms, matches of each hit's snippet
	for rows.Next() {
		var row int64
		var kind, text string
		var number int
		if err := rows.Scan(&row, &kind, &number, &text); err != nil {
			return fmt.Errorf("search snippets: %w", err)
		}
		i, ok := at[row]
		if !ok || i >= len(hits) {
			continue
		}
		snip, terms, n := m.Snippet(text)
		if n == 0 {
			continue
		}
		if kind == "paragraph" && number > 0 {
			hits[i].Portions = append(hits[i].Portions, number)
		}
		if terms > best[i][0] || (terms == best[i][0] && n > best[i][1]) {
			hits[i].Snippet, best[i] = snip, [2]int{terms, n}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("search snippets: %w", err)
	}
	return nil
}

// captionsAdmit is the predicate "the caller is read in to every caption
// of cable c that requires it" (NODIS, EXDIS, CHEROKEE).
func (s *scope) captionsAdmit(c string) string {
	have := map[marking.Caption]bool{}
	for _, cp := range s.reader.ReadIns {
		have[cp] = true
	}
	conds := []string{"true"}
	for _, x := range []struct {
		cp  marking.Caption
		col string
	}{{marking.NODIS, "need_nodis"}, {marking.EXDIS, "need_exdis"}, {marking.CHEROKEE, "need_cherokee"}} {
		if !have[x.cp] {
			conds = append(conds, "NOT "+c+"."+x.col)
		}
	}
	return "(" + strings.Join(conds, " AND ") + ")"
}

// EngineStats returns the sizes of the process's engine, and false when
// it is not built.
func (db *DB) EngineStats() (index.Stats, bool) {
	e := db.engine.Load()
	if e == nil {
		return index.Stats{}, false
	}
	return e.Index().Stats(), true
}
