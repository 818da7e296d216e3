package postgres

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// The parts of a search's answer, each a column of Search's one row,
// computed from the hits CTE, and their decoding.

// pageLimit is a query's page size: 20 by default, at most 100.
func pageLimit(q cable.SearchQuery) int {
	if q.Limit <= 0 {
		return 20
	}
	return min(q.Limit, 100)
}

// pageJSON is the page's hits (the CTE page: n, cable, score) as a JSON
// array of pageRow, in order. The subject and level are the caller's
// view of them.
func (s *scope) pageJSON() string {
	return `(SELECT coalesce(json_agg(json_build_object('id', c.id,
			'subject', CASE WHEN ` + s.subjectVisible("c") + ` THEN c.subject ELSE '' END,
			'origin', c.origin, 'dtg', c.dtg, 'level', ` + s.visibleLevel("c") + `, 'marks', ` + s.visibleMarks("c") + `, 'score', pg.score) ORDER BY pg.n), '[]')
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

// decodeHits builds the page's hits.
func decodeHits(page []byte) ([]cable.SearchHit, error) {
	var rows []pageRow
	if err := json.Unmarshal(page, &rows); err != nil {
		return nil, fmt.Errorf("page: %w", err)
	}
	var hits []cable.SearchHit
	for _, r := range rows {
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
	}
	return hits, nil
}
