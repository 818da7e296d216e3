package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math"
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

// seekSteps is how many rows a stream reads on its own to reach a cable
// before it asks the index to jump there instead: at 250,000 cables a jump
// (the stream's query run again, bounded by rowid) costs about what
// reading 30 rows costs. Stepping keeps dense intersections cheap; jumping
// keeps a rare term ANDed with a common one from reading the common one's
// whole posting list.
const seekSteps = 32

// stream yields cable rowids in descending order, each once.
type stream interface {
	// next advances to the next cable and reports false at the end.
	next() (bool, error)
	// seek advances to the first cable at or below target, staying put if
	// the stream is already there, and reports false at the end.
	seek(target int64) (bool, error)
	head() int64
	close()
	// exhausted reports whether the stream stopped at maxScanned.
	exhausted() bool
}

// streamHits fills temp.hits with up to limit matching cables, newest
// first, and reports whether those are all of them.
func (s *scope) streamHits(ctx context.Context, conn *sql.Conn, query *node, where string, args []any, limit int) (bool, error) {
	st, err := s.openRoot(ctx, conn, query, where, args)
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
	if st.exhausted() {
		exact = false
	}
	st.close()
	return exact, s.saveHits(ctx, conn, hits)
}

// openRoot opens the stream of the cables a query matches. A reader whom
// only membership can admit (a foreign reader, or one without SIPDIS
// access) may know only their posts' cables: for them the query's stream
// is ANDed with the stream of those cables, so that a common term's
// matches elsewhere are jumped over rather than read. The term streams
// leave membership to this AND (scope.admitsBy), so it must not be
// skipped.
func (s *scope) openRoot(ctx context.Context, conn *sql.Conn, query *node, where string, args []any) (stream, error) {
	st, err := s.openStream(ctx, conn, query, where, args)
	if err != nil || !s.membersOnly() {
		return st, err
	}
	parties, err := s.partyStream(ctx, conn)
	if err != nil {
		st.close()
		return nil, err
	}
	return &mergeStream{op: "AND", l: parties, r: st}, nil
}

// openStream opens the stream of the cables a query node matches: for a
// term, those with it in a visible portion; for an operator, the merge of
// its sides. No query gives every cable the caller may know of.
func (s *scope) openStream(ctx context.Context, conn *sql.Conn, n *node, where string, args []any) (stream, error) {
	if n == nil {
		q := `SELECT c.rowid FROM cables c WHERE c.rowid <= :upto AND ` + s.knowsBy("c") + where + ` ORDER BY c.rowid DESC`
		return s.queryStream(ctx, conn, q, args, cableBound)
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
// see. The visibility columns come from the narrow portions_vis index.
func (s *scope) termStream(ctx context.Context, conn *sql.Conn, term, where string, args []any) (stream, error) {
	args = append(append([]any{}, args...), sql.Named("term", term))
	q := `SELECT p.cable FROM portions_fts JOIN portions p INDEXED BY portions_vis ON p.id = portions_fts.rowid
		JOIN cables c ON c.rowid = p.cable
		WHERE portions_fts MATCH :term AND portions_fts.rowid <= :upto AND ` + s.portionVisible("p", "c") + ` AND ` + s.admitsBy("c") + where + `
		ORDER BY portions_fts.rowid DESC`
	return s.queryStream(ctx, conn, q, args, portionBound)
}

// partyStream streams the cables of the caller's posts: one stream a post,
// each read in the order of the parties_plad index, merged.
func (s *scope) partyStream(ctx context.Context, conn *sql.Conn) (stream, error) {
	posts := s.posts()
	if len(posts) == 0 {
		return emptyStream{}, nil
	}
	var out stream
	for _, p := range posts {
		q := `SELECT cable FROM parties WHERE plad = ` + p + ` AND cable <= :upto ORDER BY cable DESC`
		st, err := s.queryStream(ctx, conn, q, nil, cableBound)
		if err != nil {
			if out != nil {
				out.close()
			}
			return nil, err
		}
		if out == nil {
			out = st
		} else {
			out = &mergeStream{op: "OR", l: out, r: st}
		}
	}
	return out, nil
}

// membersOnly reports whether only membership of a cable's distribution
// can admit the caller: SIPDIS admits US readers cleared CONFIDENTIAL.
func (s *scope) membersOnly() bool {
	return s.reader.Foreign() || s.reader.Clearance < marking.Confidential
}

// cableBound and portionBound give the :upto that starts a stream of cable
// rowids or of portion ids at cable c.
func cableBound(c int64) int64   { return c }
func portionBound(c int64) int64 { return c<<9 | 511 }

// queryStream runs q, which has an ":upto" bound, and streams its first
// column, folding repeats.
func (s *scope) queryStream(ctx context.Context, conn *sql.Conn, q string, args []any, bound func(int64) int64) (stream, error) {
	st := &sqlStream{ctx: ctx, conn: conn, query: q, args: append(append([]any{}, s.args...), args...), bound: bound}
	if err := st.run(math.MaxInt64); err != nil {
		return nil, err
	}
	return st, nil
}

// sqlStream streams rows of cable rowids in descending order.
type sqlStream struct {
	ctx     context.Context
	conn    *sql.Conn
	query   string
	args    []any
	bound   func(int64) int64
	rows    *sql.Rows
	cur     int64
	started bool
	done    bool
	scanned int
	over    bool
}

// run (re)starts the query at the given bound.
func (st *sqlStream) run(upto int64) error {
	if st.rows != nil {
		st.rows.Close()
	}
	rows, err := st.conn.QueryContext(st.ctx, st.query, append(st.args, sql.Named("upto", upto))...)
	if err != nil {
		st.done = true
		return ftsError(err)
	}
	st.rows, st.cur = rows, math.MaxInt64
	return nil
}

func (st *sqlStream) next() (bool, error) {
	if st.done {
		return false, nil
	}
	st.started = true
	for st.rows.Next() {
		var row int64
		if err := st.rows.Scan(&row); err != nil {
			return false, err
		}
		if st.scanned++; st.scanned > maxScanned {
			st.over, st.done = true, true
			return false, nil
		}
		if row != st.cur {
			st.cur = row
			return true, nil
		}
	}
	st.done = true
	return false, st.rows.Err()
}

func (st *sqlStream) seek(target int64) (bool, error) {
	if st.done {
		return false, nil
	}
	if st.started && st.cur <= target {
		return true, nil
	}
	for range seekSteps {
		ok, err := st.next()
		if !ok || err != nil || st.cur <= target {
			return ok, err
		}
	}
	if err := st.run(st.bound(target)); err != nil {
		return false, err
	}
	return st.next()
}

func (st *sqlStream) head() int64     { return st.cur }
func (st *sqlStream) close()          { st.rows.Close() }
func (st *sqlStream) exhausted() bool { return st.over }

// emptyStream is the stream of no cables.
type emptyStream struct{}

func (emptyStream) next() (bool, error)      { return false, nil }
func (emptyStream) seek(int64) (bool, error) { return false, nil }
func (emptyStream) head() int64              { return -1 }
func (emptyStream) close()                   {}
func (emptyStream) exhausted() bool          { return false }

// mergeStream merges two streams: AND keeps the cables in both, OR those
// in either, NOT those in the left and not the right. AND and NOT move the
// side that is behind with seek, so the sparser side sets the pace.
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
	return m.settle()
}

func (m *mergeStream) seek(target int64) (bool, error) {
	if !m.started {
		m.started = true
	} else if m.cur <= target {
		return m.live(), nil
	}
	var err error
	if m.lok, err = m.l.seek(target); err != nil {
		return false, err
	}
	if m.rok, err = m.r.seek(target); err != nil {
		return false, err
	}
	return m.settle()
}

// live reports whether the merge still has a current cable.
func (m *mergeStream) live() bool {
	switch m.op {
	case "OR":
		return m.lok || m.rok
	case "AND":
		return m.lok && m.rok
	}
	return m.lok
}

// settle moves the sides until they agree on a cable the operator keeps.
func (m *mergeStream) settle() (bool, error) {
	var err error
	for err == nil {
		switch m.op {
		case "OR":
			if !m.live() {
				return false, nil
			}
			m.cur = m.top()
			return true, nil
		case "AND":
			if !m.live() {
				return false, nil
			}
			l, r := m.l.head(), m.r.head()
			switch {
			case l == r:
				m.cur = l
				return true, nil
			case l > r:
				m.lok, err = m.l.seek(r)
			default:
				m.rok, err = m.r.seek(l)
			}
		case "NOT":
			if !m.lok {
				return false, nil
			}
			l := m.l.head()
			switch {
			case m.rok && m.r.head() > l:
				m.rok, err = m.r.seek(l)
			case m.rok && m.r.head() == l:
				m.lok, err = m.l.next()
			default:
				m.cur = l
				return true, nil
			}
		}
	}
	return false, err
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
	var err error
	if m.lok && m.l.head() == m.cur {
		if m.lok, err = m.l.next(); err != nil {
			return err
		}
	}
	if m.rok && m.r.head() == m.cur {
		m.rok, err = m.r.next()
	}
	return err
}

func (m *mergeStream) head() int64     { return m.cur }
func (m *mergeStream) close()          { m.l.close(); m.r.close() }
func (m *mergeStream) exhausted() bool { return m.l.exhausted() || m.r.exhausted() }

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
