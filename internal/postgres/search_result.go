package postgres

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
	"github.com/cable/cable/internal/quality"
)

// The parts of a search's answer, each a column of Search's one row,
// computed from the hits CTE, and their decoding.

// pageSQL selects one page of hits in the requested order, numbered (n)
// in that order. A cable without a date sorts after the dated ones, as
// SQLite sorts NULL.
func pageSQL(q cable.SearchQuery, rank bool, args pgx.NamedArgs) string {
	args["limit"], args["offset"] = pageLimit(q), max(q.Offset, 0)
	order := "c.dtg DESC NULLS LAST, c.id"
	if rank {
		order = "h.score, " + order
	}
	return `SELECT row_number() OVER (ORDER BY ` + order + `) AS n, h.cable, h.score
		FROM hits h JOIN cables c ON c.rowid = h.cable ORDER BY ` + order + ` LIMIT @limit OFFSET @offset`
}

// pageLimit is a query's page size: 20 by default, at most 100.
func pageLimit(q cable.SearchQuery) int {
	if q.Limit <= 0 {
		return 20
	}
	return min(q.Limit, 100)
}

// pageJSON is the page's hits as a JSON array of pageRow, in order. The
// subject and level are the caller's view of them. Unless the hits were
// ranked, the page's hits alone are scored here.
func (s *scope) pageJSON(match string, rank bool) string {
	score := "pg.score"
	if !rank && match != "" {
		score = `coalesce(-(SELECT max(ts_rank(p.tsv, ` + match + `, 1)) FROM portions p
			WHERE p.cable = c.rowid AND p.tsv @@ ` + match + ` AND ` + s.portionVisible("p", "c") + `), 0)::float8`
	}
	return `(SELECT coalesce(json_agg(json_build_object('id', c.id,
			'subject', CASE WHEN ` + s.subjectVisible("c") + ` THEN c.subject ELSE '' END,
			'origin', c.origin, 'dtg', c.dtg, 'level', ` + s.visibleLevel("c") + `, 'marks', ` + s.visibleMarks("c") + `, 'score', ` + score + `) ORDER BY pg.n), '[]')
		FROM page pg JOIN cables c ON c.rowid = pg.cable)`
}

// pageRow is one hit of pageJSON.
type pageRow struct {
	ID      string     `json:"id"`
	Subject string     `json:"subject"`
	Origin  string     `json:"origin"`
	DTG     *time.Time `json:"dtg"`
	Level   *int       `json:"level"`
	Marks   []markRow  `json:"marks"`
	Score   float64    `json:"score"`
}

// markRow is the marking of one portion the caller may see, as
// visibleMarks lists it.
type markRow struct {
	Level  int    `json:"level"`
	NoForn bool   `json:"noforn"`
	Rel    string `json:"rel"`
}

// visibleMarks is the distinct markings of the portions of cable c the
// caller may see, a JSON array of markRow: the banner of their view rolls
// them up. A portion released by declassification counts as plain (U),
// as visibleLevel counts it.
func (s *scope) visibleMarks(c string) string {
	return fmt.Sprintf(`(SELECT jsonb_agg(DISTINCT CASE WHEN %s.declassified IS NOT NULL AND %s.declassified <= @now AND NOT vp.held AND vp.level > 0
			THEN jsonb_build_object('level', 0, 'noforn', false, 'rel', '')
			ELSE jsonb_build_object('level', vp.level, 'noforn', vp.noforn, 'rel', vp.rel) END)
		FROM portions vp WHERE vp.cable = %s.rowid AND %s)`, c, c, c, s.portionVisible("vp", c))
}

// headlineOptions make ts_headline mark matches as FTS5's snippet does in
// sqlite: [word], about 16 words of the best passage.
const headlineOptions = `'StartSel=[, StopSel=], MaxWords=16, MinWords=8, ShortWord=0, MaxFragments=1'`

// snippetsJSON is, for each hit of the page, its five best matching
// visible portions (snippetRow), best first; the best with its snippet and
// text.
func (s *scope) snippetsJSON(match string) string {
	return `(SELECT json_agg(json_build_object('id', id, 'kind', kind, 'number', number, 'snippet', snip, 'text', text) ORDER BY id, rn)
		FROM (SELECT id, kind, number, rn,
				CASE WHEN rn = 1 THEN ts_headline(` + tsConfig + `, text, ` + match + `, ` + headlineOptions + `) END AS snip,
				CASE WHEN rn = 1 THEN text END AS text
			FROM (SELECT c.id, p.kind, p.number, p.text,
					row_number() OVER (PARTITION BY c.id ORDER BY ts_rank(p.tsv, ` + match + `, 1) DESC, p.id) AS rn
				FROM page pg JOIN cables c ON c.rowid = pg.cable JOIN portions p ON p.cable = c.rowid
				WHERE p.tsv @@ ` + match + ` AND ` + s.portionVisible("p", "c") + `) ranked
			WHERE rn <= 5) best)`
}

// snippetRow is one matching portion of snippetsJSON.
type snippetRow struct {
	ID      string  `json:"id"`
	Kind    string  `json:"kind"`
	Number  int     `json:"number"`
	Snippet *string `json:"snippet"`
	Text    *string `json:"text"`
}

// decodeHits builds the page's hits, with snippets and the numbers of
// their matching paragraphs when snippets is not NULL.
func decodeHits(page, snippets []byte) ([]cable.SearchHit, error) {
	var rows []pageRow
	if err := json.Unmarshal(page, &rows); err != nil {
		return nil, fmt.Errorf("page: %w", err)
	}
	var hits []cable.SearchHit
	at := map[string]int{}
	for i, r := range rows {
		h := cable.SearchHit{ID: r.ID, Subject: r.Subject, Origin: r.Origin, Score: r.Score}
		if r.DTG != nil {
			h.DTG = r.DTG.UTC()
		}
		level := 0
		if r.Level != nil {
			level = *r.Level
		}
		h.Level = marking.Level(level).Word()
		cols := make([]access.Columns, len(r.Marks))
		for i, m := range r.Marks {
			cols[i] = access.Columns{Level: m.Level, NoForn: m.NoForn, Rel: m.Rel}
		}
		h.Classification = access.VisibleBanner(cols)
		hits = append(hits, h)
		at[r.ID] = i
	}
	if snippets == nil {
		return hits, nil
	}
	var ps []snippetRow
	if err := json.Unmarshal(snippets, &ps); err != nil {
		return nil, fmt.Errorf("snippets: %w", err)
	}
	for _, p := range ps {
		h := &hits[at[p.ID]]
		if p.Snippet != nil && p.Text != nil && h.Snippet == "" {
			h.Snippet = ellipsize(strings.Join(strings.Fields(*p.Snippet), " "), *p.Text)
		}
		if p.Kind == "paragraph" && p.Number > 0 {
			h.Portions = append(h.Portions, p.Number)
		}
	}
	return hits, nil
}

// ellipsize marks where a snippet cuts its portion's text, as FTS5's
// snippet does with "…": ts_headline returns the passage alone.
func ellipsize(snip, text string) string {
	plain := func(s string) string {
		return strings.Join(strings.Fields(strings.NewReplacer("[", "", "]", "").Replace(s)), " ")
	}
	p, t := plain(snip), plain(text)
	if p == "" || p == t {
		return snip
	}
	if !strings.HasPrefix(t, p) {
		snip = "…" + snip
	}
	if !strings.HasSuffix(t, p) {
		snip += "…"
	}
	return snip
}

// facetNames are the facets, in the order of Search's columns.
var facetNames = []string{"tag", "origin", "year", "classification", "quality"}

// facetJSON counts the hits by one facet: a JSON array of [value, count],
// in the facet's order, or NULL when no hit has a value. Tags are unmarked
// text and are counted only where the caller may see the banner; the
// classification is the caller's view's.
func (s *scope) facetJSON(name string) string {
	var q string
	switch name {
	case "tag":
		q = `SELECT t.tag AS v, count(*) AS n, row_number() OVER (ORDER BY count(*) DESC, t.tag) AS i
			FROM hits h JOIN cables c ON c.rowid = h.cable JOIN tags t ON t.cable = c.rowid
			WHERE ` + s.bannerVisible("c") + ` GROUP BY t.tag ORDER BY i LIMIT 30`
	case "origin":
		q = `SELECT c.origin AS v, count(*) AS n, row_number() OVER (ORDER BY count(*) DESC, c.origin) AS i
			FROM hits h JOIN cables c ON c.rowid = h.cable WHERE c.origin <> '' GROUP BY c.origin ORDER BY i LIMIT 30`
	case "year":
		q = `SELECT c.year::text AS v, count(*) AS n, row_number() OVER (ORDER BY c.year DESC) AS i
			FROM hits h JOIN cables c ON c.rowid = h.cable WHERE c.year IS NOT NULL GROUP BY c.year`
	case "classification":
		q = `SELECT lv AS v, count(*) AS n, row_number() OVER (ORDER BY lv NULLS FIRST) AS i
			FROM (SELECT ` + s.visibleLevel("c") + ` AS lv FROM hits h JOIN cables c ON c.rowid = h.cable) x GROUP BY lv`
	case "quality":
		q = s.qualityFacetSQL()
	}
	return `(SELECT json_agg(json_build_array(v, n) ORDER BY i) FROM (` + q + `) f)`
}

// qualityFacetSQL counts the hits by data-quality finding (package
// quality), each kind only where the caller may know of it
// (qualityVisible, as the quality filter reads it), in quality.Kinds
// order; kinds no hit has are left out. The kinds are the package's
// constants, written as SQL literals.
func (s *scope) qualityFacetSQL() string {
	var parts []string
	for i, kind := range quality.Kinds {
		lit := "'" + strings.ReplaceAll(kind, "'", "''") + "'"
		parts = append(parts, fmt.Sprintf(`SELECT %s::text AS v, count(*) AS n, %d AS i FROM hits h JOIN cables c ON c.rowid = h.cable
			WHERE EXISTS (SELECT 1 FROM findings f WHERE f.cable = c.rowid AND f.kind = %s) AND %s`, lit, i, lit, s.qualityVisible(kind, "c")))
	}
	return `SELECT v, n, i FROM (` + strings.Join(parts, " UNION ALL ") + `) k WHERE n > 0`
}

// decodeFacets reads facetJSON's columns, in facetNames order. A facet
// without values is left out, as sqlite leaves it.
func decodeFacets(cols [][]byte) (map[string][]cable.FacetCount, error) {
	out := map[string][]cable.FacetCount{}
	for i, name := range facetNames {
		if cols[i] == nil {
			continue
		}
		var pairs [][2]any
		if err := json.Unmarshal(cols[i], &pairs); err != nil {
			return nil, fmt.Errorf("facet %s: %w", name, err)
		}
		for _, p := range pairs {
			value := fmt.Sprint(p[0]) // as sqlite formats a value, NULL included
			if l, ok := p[0].(float64); ok && name == "classification" {
				value = marking.Level(int(l)).Word()
			}
			n, _ := p[1].(float64)
			out[name] = append(out[name], cable.FacetCount{Value: value, Count: int(n)})
		}
	}
	return out, nil
}
