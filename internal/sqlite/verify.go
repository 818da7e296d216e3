package sqlite

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/engine"
)

// plan is a query's streams: one raw stream a term, read from the FTS
// index alone, and their merge by the query's positive structure.
type plan struct {
	query *cable.Query
	terms map[*cable.Query]termStream
	root  stream
	// shown, when not nil, gathers for each hit how many of its visible
	// portions match each term, which relevance scores (rank.go).
	shown map[int64]engine.TermCounts
}

// candidate is a cable the merge gave, with the portions that matched
// each term there.
type candidate struct {
	cable   int64
	matched map[*cable.Query][]int64
}

// streamed is what streamHits found: up to limit hits, newest first,
// whether they are all, and, when asked, the visible portions that
// matched in each.
type streamed struct {
	hits  []int64
	exact bool
	shown map[int64]engine.TermCounts
}

// streamHits finds up to limit matching cables, newest first.
func (s *scope) streamHits(ctx context.Context, conn *sql.Conn, query *cable.Query, nw narrowing, where string, args []any, limit int, keepShown bool) (*streamed, error) {
	if query == nil {
		return s.streamKnown(ctx, conn, nw, where, args, limit)
	}
	p, err := s.openPlan(ctx, conn, query)
	if err != nil {
		return nil, err
	}
	if keepShown {
		p.shown = map[int64]engine.TermCounts{}
	}
	root, err := s.narrow(ctx, conn, p.root, nw)
	if err != nil {
		return nil, err
	}
	defer root.close()
	verify, err := conn.PrepareContext(ctx, `SELECT p.id FROM portions p INDEXED BY portions_vis JOIN cables c ON c.rowid = p.cable
		WHERE p.id IN (SELECT value FROM json_each(:ids)) AND `+s.portionVisible("p", "c")+` AND `+s.admitsBy("c")+
		` AND `+s.knownThrough("p", "c")+where)
	if err != nil {
		return nil, ftsError(err)
	}
	defer verify.Close()
	vargs := append(append([]any{}, s.args...), args...)
	var hits []int64
	batch := make([]candidate, 0, 512)
	size := 32
	for len(hits) <= limit {
		ok, err := root.next()
		if err != nil {
			return nil, ftsError(err)
		}
		if ok {
			batch = append(batch, p.capture(root.head()))
		}
		if len(batch) == size || (!ok && len(batch) > 0) {
			if hits, err = p.verify(ctx, verify, vargs, batch, hits); err != nil {
				return nil, err
			}
			batch, size = batch[:0], min(size*2, 512)
		}
		if !ok {
			break
		}
	}
	exact := len(hits) <= limit && !root.exhausted()
	return &streamed{hits: hits[:min(len(hits), limit)], exact: exact, shown: p.shown}, nil
}

// streamKnown fills temp.hits with the newest cables the caller may know
// of, for a search with filters and no words.
func (s *scope) streamKnown(ctx context.Context, conn *sql.Conn, nw narrowing, where string, args []any, limit int) (*streamed, error) {
	q := `SELECT c.rowid FROM cables c WHERE c.rowid <= :upto AND ` + s.knowsBy("c") + where + ` ORDER BY c.rowid DESC`
	known, err := s.queryStream(ctx, conn, q, args, cableBound)
	if err != nil {
		return nil, err
	}
	restricted, err := s.restrictToParties(ctx, conn, known)
	if err != nil {
		known.close()
		return nil, err
	}
	st, err := s.narrow(ctx, conn, restricted, nw)
	if err != nil {
		return nil, err
	}
	defer st.close()
	var hits []int64
	for len(hits) <= limit {
		ok, err := st.next()
		if err != nil {
			return nil, ftsError(err)
		}
		if !ok {
			break
		}
		hits = append(hits, st.head())
	}
	exact := len(hits) <= limit && !st.exhausted()
	return &streamed{hits: hits[:min(len(hits), limit)], exact: exact}, nil
}

// openPlan opens a stream for every term of the query and merges them by
// its positive structure: "a NOT b" merges as "a", because b's matches in
// withheld portions must not exclude a cable; verify applies the NOT.
func (s *scope) openPlan(ctx context.Context, conn *sql.Conn, query *cable.Query) (*plan, error) {
	p := &plan{query: query, terms: map[*cable.Query]termStream{}}
	if err := p.openTerms(ctx, conn, s, query); err != nil {
		p.closeTerms()
		return nil, err
	}
	root, err := s.restrictToParties(ctx, conn, p.merge(query))
	if err != nil {
		p.closeTerms()
		return nil, err
	}
	p.root = &planRoot{stream: root, p: p}
	return p, nil
}

// openTerms opens each term's raw stream: the portions whose text has the
// term, newest first, keyed by cable. A term is read from the portion
// engine, among the classes the caller may see (engine.go), or from FTS5
// when there is no engine or it cannot answer the caller.
func (p *plan) openTerms(ctx context.Context, conn *sql.Conn, s *scope, n *cable.Query) error {
	if n.Op != "" {
		if err := p.openTerms(ctx, conn, s, n.Left); err != nil {
			return err
		}
		return p.openTerms(ctx, conn, s, n.Right)
	}
	if term, ok := engine.Term(n.Term); ok {
		classes, ok, err := s.engineClasses(ctx, conn)
		if err != nil {
			return err
		}
		if ok {
			p.terms[n] = newIDStream(s.eng.Index().Match(term, classes))
			return nil
		}
	}
	st, err := s.keyStream(ctx, conn, `SELECT rowid FROM portions_fts WHERE portions_fts MATCH :term AND rowid <= :upto ORDER BY rowid DESC`,
		[]any{sql.Named("term", n.Term)}, portionBound, 9)
	if err != nil {
		return err
	}
	p.terms[n] = st
	return nil
}

// merge returns the stream of node n's positive structure.
func (p *plan) merge(n *cable.Query) stream {
	switch n.Op {
	case "":
		return p.terms[n]
	case "NOT":
		return p.merge(n.Left)
	}
	return &mergeStream{op: n.Op, l: p.merge(n.Left), r: p.merge(n.Right)}
}

// capture records, for the merge's current cable c, the portions that
// matched each term there. A term outside the merge (after a NOT) is
// moved to c first; streams only move forward, as candidates do.
func (p *plan) capture(c int64) candidate {
	cd := candidate{cable: c, matched: map[*cable.Query][]int64{}}
	for n, st := range p.terms {
		if ok, err := st.seek(c); err != nil || !ok || st.head() != c {
			continue // an error resurfaces at the stream's next read
		}
		cd.matched[n] = append([]int64(nil), st.values()...)
	}
	return cd
}

// verify keeps the candidates whose matches in visible portions satisfy
// the query, appending them to hits. A term holds where one of its
// matches is visible, so the first round checks one match a term and
// candidate, and a second round the rest of the terms that are still
// open: for most readers most cables are wholly visible, and the first
// round decides. Each round is one statement for the whole batch.
func (p *plan) verify(ctx context.Context, stmt *sql.Stmt, args []any, batch []candidate, hits []int64) ([]int64, error) {
	visible := map[int64]bool{}
	var first, rest []int64
	for _, cd := range batch {
		for _, vs := range cd.matched {
			first = append(first, vs[0])
		}
	}
	if err := visibleAmong(ctx, stmt, args, first, visible); err != nil {
		return hits, err
	}
	for _, cd := range batch {
		for _, vs := range cd.matched {
			// Ranking counts every visible match; otherwise one a term
			// is enough.
			if !visible[vs[0]] || p.shown != nil {
				rest = append(rest, vs[1:]...)
			}
		}
	}
	if err := visibleAmong(ctx, stmt, args, rest, visible); err != nil {
		return hits, err
	}
	for _, cd := range batch {
		if !cd.satisfies(p.query, visible) {
			continue
		}
		hits = append(hits, cd.cable)
		if p.shown != nil {
			p.shown[cd.cable] = cd.visibleCounts(visible)
		}
	}
	return hits, nil
}

// visibleAmong adds to visible the portions among ids that the caller may
// see, by the verify statement.
func visibleAmong(ctx context.Context, stmt *sql.Stmt, args []any, ids []int64, visible map[int64]bool) error {
	if len(ids) == 0 {
		return nil
	}
	list := make([]string, len(ids))
	for i, id := range ids {
		list[i] = strconv.FormatInt(id, 10)
	}
	rows, err := stmt.QueryContext(ctx, append(args, sql.Named("ids", "["+strings.Join(list, ",")+"]"))...)
	if err != nil {
		return ftsError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		visible[id] = true
	}
	return rows.Err()
}

// visibleCounts returns, for each term, how many of the candidate's
// portions that match it are visible.
func (cd candidate) visibleCounts(visible map[int64]bool) engine.TermCounts {
	out := engine.TermCounts{}
	for n, vs := range cd.matched {
		for _, v := range vs {
			if visible[v] {
				out[n]++
			}
		}
	}
	return out
}

// satisfies evaluates the query on the candidate: a term holds where it
// matched a visible portion.
func (cd candidate) satisfies(n *cable.Query, visible map[int64]bool) bool {
	switch n.Op {
	case "":
		for _, v := range cd.matched[n] {
			if visible[v] {
				return true
			}
		}
		return false
	case "AND":
		return cd.satisfies(n.Left, visible) && cd.satisfies(n.Right, visible)
	case "OR":
		return cd.satisfies(n.Left, visible) || cd.satisfies(n.Right, visible)
	}
	return cd.satisfies(n.Left, visible) && !cd.satisfies(n.Right, visible)
}

func (p *plan) closeTerms() {
	for _, st := range p.terms {
		st.close()
	}
}

// planRoot is the plan's merged stream; closing it closes every term's
// stream, including those outside the merge (closing is idempotent).
type planRoot struct {
	stream
	p *plan
}

func (r *planRoot) close() {
	r.stream.close()
	r.p.closeTerms()
}

// restrictToParties ANDs st with the stream of the caller's posts' cables
// when only membership can admit the caller (see admitsBy): a common
// term's matches elsewhere are then jumped over rather than read.
func (s *scope) restrictToParties(ctx context.Context, conn *sql.Conn, st stream) (stream, error) {
	if !s.membersOnly() {
		return st, nil
	}
	parties, err := s.partyStream(ctx, conn)
	if err != nil {
		return nil, err
	}
	return &mergeStream{op: "AND", l: parties, r: st}, nil
}
