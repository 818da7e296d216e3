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
// of a query becomes a stream of the cables (rowids, descending) with the
// term in one of their portions, read from the index alone; AND, OR and
// NOT merge those streams, cable by cable, as sorted lists are merged, and
// the side that falls behind jumps. The merge gives candidates: cables
// whose matching portions may be withheld from the caller. Each candidate
// is then checked in SQL (verify.go), in batches, against the visibility
// of exactly the portions that matched, and the query's boolean structure
// is evaluated over the visible ones. The search stops when it has the
// page and the count it needs, so a query that matches half the archive
// costs what one page costs, not what half the archive costs; and a rare
// word ANDed with a common one costs what the rare word costs.

// DefaultCountLimit is how many matching cables a newest-first search
// counts before it stops and reports a total that is a lower bound ("1,000
// or more"): an exact count of a common word reads its whole posting list.
const DefaultCountLimit = 1000

// maxScanned bounds the rows a search reads; past it, the total it reports
// is a lower bound.
const maxScanned = 200000

// seekSteps is how many rows a stream reads on its own to reach a cable
// before it asks the index to jump there instead: at 250,000 cables a jump
// (the stream's query run again, bounded by rowid) costs about 40 µs, what
// reading 100 rows of the index costs (cable bench search: 96 steps gave
// a two-word p99 of 97 ms, 32 steps 170 ms). Stepping keeps dense intersections cheap; jumping
// keeps a rare term ANDed with a common one from reading the common one's
// whole posting list.
const seekSteps = 96

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
	if s.reader.Public {
		return false // admitted everywhere; declassification decides
	}
	return s.reader.Foreign() || s.reader.Clearance < marking.Confidential
}

// cableBound and portionBound give the :upto that starts a stream of cable
// rowids or of portion ids at cable c.
func cableBound(c int64) int64   { return c }
func portionBound(c int64) int64 { return c<<9 | 511 }

// queryStream runs q, which has an ":upto" bound, and streams its first
// column, folding repeats.
func (s *scope) queryStream(ctx context.Context, conn *sql.Conn, q string, args []any, bound func(int64) int64) (*sqlStream, error) {
	return s.keyStream(ctx, conn, q, args, bound, 0)
}

// keyStream runs q, which has an ":upto" bound, and streams the keys of its
// first column's values (value >> shift), gathering each key's values: a
// portion stream (shift 9) yields cables and their matching portions.
func (s *scope) keyStream(ctx context.Context, conn *sql.Conn, q string, args []any, bound func(int64) int64, shift uint) (*sqlStream, error) {
	stmt, err := conn.PrepareContext(ctx, q)
	if err != nil {
		return nil, ftsError(err)
	}
	st := &sqlStream{ctx: ctx, stmt: stmt, args: append(append([]any{}, s.args...), args...), bound: bound, shift: shift}
	if err := st.run(math.MaxInt64); err != nil {
		stmt.Close()
		return nil, err
	}
	return st, nil
}

// sqlStream streams rows of cable rowids in descending order.
type sqlStream struct {
	ctx     context.Context
	stmt    *sql.Stmt // prepared once: a seek reruns it
	args    []any
	bound   func(int64) int64
	shift   uint
	rows    *sql.Rows
	cur     int64
	vals    []int64 // the current key's values
	ahead   int64   // a value read past the current key, if haveAhead
	started bool
	done    bool
	scanned int
	over    bool

	haveAhead bool
}

// run (re)starts the query at the given bound.
func (st *sqlStream) run(upto int64) error {
	if st.rows != nil {
		st.rows.Close()
	}
	rows, err := st.stmt.QueryContext(st.ctx, append(st.args, sql.Named("upto", upto))...)
	if err != nil {
		st.done = true
		return ftsError(err)
	}
	st.rows, st.cur, st.haveAhead = rows, math.MaxInt64, false
	return nil
}

// read returns the next value of the query.
func (st *sqlStream) read() (int64, bool, error) {
	if st.haveAhead {
		st.haveAhead = false
		return st.ahead, true, nil
	}
	if !st.rows.Next() {
		return 0, false, st.rows.Err()
	}
	var v int64
	if err := st.rows.Scan(&v); err != nil {
		return 0, false, err
	}
	if st.scanned++; st.scanned > maxScanned {
		st.over = true
		return 0, false, nil
	}
	return v, true, nil
}

func (st *sqlStream) next() (bool, error) {
	if st.done {
		return false, nil
	}
	st.started = true
	st.vals = st.vals[:0]
	for {
		v, ok, err := st.read()
		if err != nil {
			st.done = true
			return false, err
		}
		if !ok {
			if len(st.vals) == 0 {
				st.done = true
				return false, nil
			}
			// The rows are at their end: the next call ends the stream.
			st.cur = st.vals[0] >> st.shift
			return true, nil
		}
		key := v >> st.shift
		if len(st.vals) > 0 && key != st.vals[0]>>st.shift {
			st.ahead, st.haveAhead = v, true
			st.cur = st.vals[0] >> st.shift
			return true, nil
		}
		st.vals = append(st.vals, v)
	}
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

func (st *sqlStream) head() int64 { return st.cur }

// close releases the stream; closing twice is harmless, so a stream
// shared by a merge and a plan may be closed by both.
func (st *sqlStream) close() {
	if st.rows != nil {
		st.rows.Close()
	}
	st.stmt.Close()
}
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

// saveHits stores the hits as temp.hits(cable, score); scores may be nil.
func (s *scope) saveHits(ctx context.Context, conn *sql.Conn, hits []int64, scores map[int64]float64) error {
	conn.ExecContext(ctx, `DROP TABLE IF EXISTS temp.hits`)
	rows := make([]string, len(hits))
	for i, h := range hits {
		rows[i] = "[" + strconv.FormatInt(h, 10) + "," + strconv.FormatFloat(scores[h], 'g', -1, 64) + "]"
	}
	_, err := conn.ExecContext(ctx, `CREATE TEMP TABLE hits AS SELECT value ->> 0 AS cable, value ->> 1 AS score FROM json_each(?)`,
		"["+strings.Join(rows, ",")+"]")
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
