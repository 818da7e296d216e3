package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// Searching newest-first reads the FTS index backwards: portion ids, and
// so the index's rowids, are in the cables' time order (import.go), and
// SQLite walks an FTS5 doclist in rowid order without sorting. Each term
// of a query becomes a stream of the cables (rowids, descending) that have
// the term in a portion the caller may see; AND, OR and NOT merge those
// streams, cable by cable, as sorted lists are merged. The search stops
// when it has the page and the count it needs, so a query that matches
// half the archive costs what one page costs, not what half the archive
// costs.

// DefaultCountLimit is how many matching cables a newest-first search
// counts before it stops and reports a total that is a lower bound ("1,000
// or more"): an exact count of a common word reads its whole posting list.
const DefaultCountLimit = 1000

// maxScanned bounds the rows a search reads; past it, the total it reports
// is a lower bound.
const maxScanned = 200000

// stream yields cable rowids in descending order, each once.
type stream interface {
	// next advances to the next cable and reports false at the end.
	next() (bool, error)
	head() int64
	close()
}

// streamHits fills temp.hits with up to limit matching cables, newest
// first, and reports whether those are all of them.
func (s *scope) streamHits(ctx context.Context, conn *sql.Conn, query *node, where string, args []any, limit int) (bool, error) {
	st, err := s.openStream(ctx, conn, query, where, args)
	if err != nil {
		return false, err
	}
	var hits []int64
	exact := true
	for {
		ok, err := st.next()
		if err != nil {
			st.close()
			return false, ftsError(err)
		}
		if !ok {
			break
		}
		if len(hits) == limit {
			exact = false
			break
		}
		hits = append(hits, st.head())
	}
	if over, ok := st.(interface{ exhausted() bool }); ok && over.exhausted() {
		exact = false
	}
	st.close()
	return exact, s.saveHits(ctx, conn, hits)
}

// openStream opens the stream of the cables a query node matches: for a
// term, those with it in a visible portion; for an operator, the merge of
// its sides. No query gives every cable the caller may know of.
func (s *scope) openStream(ctx context.Context, conn *sql.Conn, n *node, where string, args []any) (stream, error) {
	if n == nil {
		q := `SELECT c.rowid FROM cables c WHERE ` + s.partyRestriction("c.rowid") + s.knows("c") + where + ` ORDER BY c.rowid DESC`
		return s.queryStream(ctx, conn, q, args)
	}
	if n.op == "" {
		return s.termStream(ctx, conn, n.term, where, args)
	}
	l, err := s.openStream(ctx, conn, n.left, where, args)
	if err != nil {
		return nil, err
	}
	r, err := s.openStream(ctx, conn, n.right, where, args)
	if err != nil {
		l.close()
		return nil, err
	}
	return &mergeStream{op: n.op, l: l, r: r}, nil
}

// termStream streams the cables with term in a portion the caller may
// see. A reader whom only membership admits (a foreign reader, or one
// without SIPDIS access) may see few of the term's matches: for them the
// first test of each match is whether its cable is one of their posts'
// (a set SQLite builds once per query), before the costlier portion rules.
func (s *scope) termStream(ctx context.Context, conn *sql.Conn, term, where string, args []any) (stream, error) {
	args = append(append([]any{}, args...), sql.Named("term", term))
	q := `SELECT p.cable FROM portions_fts JOIN portions p ON p.id = portions_fts.rowid JOIN cables c ON c.rowid = p.cable
		WHERE portions_fts MATCH :term AND ` + s.partyRestriction("p.cable") + s.portionVisible("p", "c") + ` AND ` + s.admits("c") + where + `
		ORDER BY portions_fts.rowid DESC`
	return s.queryStream(ctx, conn, q, args)
}

// membersOnly reports whether only membership of a cable's distribution
// can admit the caller: SIPDIS admits US readers cleared CONFIDENTIAL.
func (s *scope) membersOnly() bool {
	return s.reader.Foreign() || s.reader.Clearance < marking.Confidential
}

// partyRestriction limits a query over cables c to the caller's posts'
// cables when only membership can admit them (an optimisation: admits
// says the same), as a condition followed by " AND ".
func (s *scope) partyRestriction(rowid string) string {
	if !s.membersOnly() {
		return ""
	}
	posts := s.posts()
	if len(posts) == 0 {
		return "0 AND "
	}
	return rowid + " IN (SELECT cable FROM parties WHERE plad IN (" + strings.Join(posts, ",") + ")) AND "
}

// queryStream runs q and streams its first column, folding repeats.
func (s *scope) queryStream(ctx context.Context, conn *sql.Conn, q string, args []any) (stream, error) {
	rows, err := conn.QueryContext(ctx, q, append(append([]any{}, s.args...), args...)...)
	if err != nil {
		return nil, ftsError(err)
	}
	return &sqlStream{rows: rows, cur: -1}, nil
}

// sqlStream streams rows of cable rowids in descending order.
type sqlStream struct {
	rows    *sql.Rows
	cur     int64
	scanned int
	over    bool
}

func (st *sqlStream) next() (bool, error) {
	for st.rows.Next() {
		var row int64
		if err := st.rows.Scan(&row); err != nil {
			return false, err
		}
		if st.scanned++; st.scanned > maxScanned {
			st.over = true
			return false, nil
		}
		if row != st.cur {
			st.cur = row
			return true, nil
		}
	}
	return false, st.rows.Err()
}

func (st *sqlStream) head() int64     { return st.cur }
func (st *sqlStream) close()          { st.rows.Close() }
func (st *sqlStream) exhausted() bool { return st.over }

// mergeStream merges two streams: AND keeps the cables in both, OR those
// in either, NOT those in the left and not the right.
type mergeStream struct {
	op       string
	l, r     stream
	lok, rok bool
	started  bool
	cur      int64
}

func (m *mergeStream) next() (bool, error) {
	if !m.started {
		m.started = true
		var err error
		if m.lok, err = m.l.next(); err != nil {
			return false, err
		}
		if m.rok, err = m.r.next(); err != nil {
			return false, err
		}
	} else if err := m.advancePast(); err != nil {
		return false, err
	}
	for {
		switch m.op {
		case "OR":
			if !m.lok && !m.rok {
				return false, nil
			}
			m.cur = m.top()
			return true, nil
		case "AND":
			if !m.lok || !m.rok {
				return false, nil
			}
			if m.l.head() == m.r.head() {
				m.cur = m.l.head()
				return true, nil
			}
		case "NOT":
			if !m.lok {
				return false, nil
			}
			if !m.rok || m.l.head() > m.r.head() {
				m.cur = m.l.head()
				return true, nil
			}
			if m.l.head() == m.r.head() {
				if err := m.step(true, true); err != nil {
					return false, err
				}
				continue
			}
		}
		// Advance the side that is ahead (the larger rowid).
		if err := m.step(m.l.head() > m.r.head(), m.r.head() > m.l.head()); err != nil {
			return false, err
		}
	}
}

// top is the larger head of the live sides.
func (m *mergeStream) top() int64 {
	switch {
	case !m.rok:
		return m.l.head()
	case !m.lok:
		return m.r.head()
	}
	return max(m.l.head(), m.r.head())
}

// advancePast moves each live side that is at the current cable.
func (m *mergeStream) advancePast() error {
	return m.step(m.lok && m.l.head() == m.cur, m.rok && m.r.head() == m.cur)
}

// step advances the left and/or the right side.
func (m *mergeStream) step(left, right bool) error {
	var err error
	if left && m.lok {
		if m.lok, err = m.l.next(); err != nil {
			return err
		}
	}
	if right && m.rok {
		m.rok, err = m.r.next()
	}
	return err
}

func (m *mergeStream) head() int64 { return m.cur }
func (m *mergeStream) close()      { m.l.close(); m.r.close() }

// exhausted reports whether a side stopped at the scan limit.
func (m *mergeStream) exhausted() bool {
	return isExhausted(m.l) || isExhausted(m.r)
}

func isExhausted(st stream) bool {
	e, ok := st.(interface{ exhausted() bool })
	return ok && e.exhausted()
}

// saveHits stores the hits as temp.hits(cable, score).
func (s *scope) saveHits(ctx context.Context, conn *sql.Conn, hits []int64) error {
	conn.ExecContext(ctx, `DROP TABLE IF EXISTS temp.hits`)
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = strconv.FormatInt(h, 10)
	}
	_, err := conn.ExecContext(ctx, `CREATE TEMP TABLE hits AS SELECT value AS cable, 0.0 AS score FROM json_each(?)`,
		"["+strings.Join(ids, ",")+"]")
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}

// ftsError turns FTS5's complaints about a query into an Invalid error.
func ftsError(err error) error {
	if err != nil && strings.Contains(err.Error(), "fts5") {
		return cable.Errorf(cable.Invalid, "query cannot be searched: %v", err)
	}
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}
