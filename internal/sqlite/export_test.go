package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/engine"
)

// SearchExact returns the ids of every cable that matches q's text and
// filters for the caller, found by the set-based path below: each term's
// cables as a SQL set, combined with INTERSECT, UNION and EXCEPT. It is
// slow and simple, and the tests hold the streams of Search to it.
func (db *DB) SearchExact(ctx context.Context, q cable.SearchQuery) ([]string, error) {
	var ids []string
	err := db.withExactHits(ctx, q, func(s *scope, conn *sql.Conn) error {
		rows, err := conn.QueryContext(ctx, `SELECT c.id FROM temp.hits h JOIN cables c ON c.rowid = h.cable`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	slices.Sort(ids)
	return ids, err
}

// withExactHits fills temp.hits by the set-based path (collectHits) on a
// connection of its own, and calls fn with it.
func (db *DB) withExactHits(ctx context.Context, q cable.SearchQuery, fn func(*scope, *sql.Conn) error) error {
	s := db.scopeOf(ctx)
	query, err := cable.ParseQuery(q.Text)
	if err != nil {
		return err
	}
	where, args := s.filters(q)
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	defer conn.ExecContext(context.Background(), `DROP TABLE IF EXISTS temp.hits`)
	if err := s.collectHits(ctx, conn, query, strings.Join(query.Positive(), " OR "), where, args); err != nil {
		return err
	}
	return fn(s, conn)
}

// collectHits fills temp.hits with the matching cables the caller may know
// of and their best score: the cables that the query's boolean structure
// selects from each term's matches in visible portions, scored by their
// best visible portion for any positive term.
func (s *scope) collectHits(ctx context.Context, conn *sql.Conn, query *cable.Query, match, where string, args []any) error {
	conn.ExecContext(ctx, `DROP TABLE IF EXISTS temp.hits`)
	var q string
	if query == nil {
		q = `CREATE TEMP TABLE hits AS SELECT c.rowid AS cable, 0.0 AS score FROM cables c WHERE ` + s.knows("c") + where
	} else {
		var terms []any
		set := s.cableSet(query, &terms)
		args = append(args, terms...)
		args = append(args, sql.Named("match", match))
		// bm25 cannot be aggregated directly: score each matching portion in
		// a materialised CTE, then keep each cable's best.
		q = `CREATE TEMP TABLE hits AS WITH sel AS MATERIALIZED (` + set + `),
			m AS MATERIALIZED (
				SELECT p.cable AS cable, bm25(portions_fts) AS score
				FROM portions_fts JOIN portions p ON p.id = portions_fts.rowid JOIN cables c ON c.rowid = p.cable
				WHERE portions_fts MATCH :match AND p.cable IN (SELECT cable FROM sel) AND ` + s.portionVisible("p", "c") + `)
			SELECT sel.cable AS cable, coalesce((SELECT min(score) FROM m WHERE m.cable = sel.cable), 0) AS score
			FROM sel JOIN cables c ON c.rowid = sel.cable WHERE ` + s.knows("c") + where
	}
	if _, err := conn.ExecContext(ctx, q, append(s.args, args...)...); err != nil {
		if strings.Contains(err.Error(), "fts5") {
			return cable.Errorf(cable.Invalid, "query cannot be searched: %v", err)
		}
		return fmt.Errorf("search: %w", err)
	}
	return nil
}

// cableSet returns a SELECT of the cables (rowids) a query node matches in
// the caller's visible portions, adding each term as a named argument.
func (s *scope) cableSet(n *cable.Query, args *[]any) string {
	if n.Op == "" {
		name := fmt.Sprintf("t%d", len(*args))
		*args = append(*args, sql.Named(name, n.Term))
		return `SELECT DISTINCT p.cable AS cable FROM portions_fts JOIN portions p ON p.id = portions_fts.rowid
			JOIN cables c ON c.rowid = p.cable WHERE portions_fts MATCH :` + name + ` AND ` + s.portionVisible("p", "c")
	}
	op := map[string]string{"AND": "INTERSECT", "OR": "UNION", "NOT": "EXCEPT"}[n.Op]
	return `SELECT cable FROM (` + s.cableSet(n.Left, args) + `) ` + op + ` SELECT cable FROM (` + s.cableSet(n.Right, args) + `)`
}

// IndexSegments returns how many segments the FTS index is made of, read
// from its structure record (rowid 10 of portions_fts_data): a 4-byte
// cookie, a 4-byte version mark in its second version, then the number
// of levels and of segments as varints.
func (db *DB) IndexSegments(ctx context.Context) (int, error) {
	if err := db.ix.flush(); err != nil {
		return 0, err
	}
	var rec []byte
	if err := db.ix.w.QueryRowContext(ctx, `SELECT block FROM portions_fts_data WHERE id = 10`).Scan(&rec); err != nil {
		return 0, err
	}
	n, i := [2]uint64{}, 4
	if len(rec) >= 8 && string(rec[4:8]) == "\xff\x00\x00\x01" {
		i = 8 // the structure's second version (contentless_delete) marks itself so
	}
	for k := range n {
		for i < len(rec) {
			b := rec[i]
			i++
			n[k] = n[k]<<7 | uint64(b&0x7f)
			if b < 0x80 {
				break
			}
		}
	}
	return int(n[1]), nil
}

// CheckIndex runs FTS5's integrity check of the search index.
func (db *DB) CheckIndex(ctx context.Context) error {
	_, err := db.ix.w.ExecContext(ctx, `INSERT INTO portions_fts(portions_fts, rank) VALUES('integrity-check', 0)`)
	return err
}

// ImportUnindexed imports cs as ImportCables does but leaves its change
// to the search index queued, as a crash right after the commit would.
func (db *DB) ImportUnindexed(ctx context.Context, cs []*cable.Cable) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_, _, refused, err := db.importInTx(ctx, tx, cs)
	if err == nil {
		err = refused.Err()
	}
	if err != nil {
		return err
	}
	return tx.Commit()
}

// FillMinute takes the last free slot of the minute of t, as 4,096
// cables sent in that minute would have: the next cable of that minute
// has no rowid.
func (db *DB) FillMinute(ctx context.Context, t time.Time) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO retired_rows VALUES (?)`, minuteKey(t)+(1<<slotBits)-1)
	return err
}

// FTS5Tokens returns the tokens FTS5's "porter unicode61" tokenizer, the
// search index's, makes of each text, in order.
func (db *DB) FTS5Tokens(ctx context.Context, texts []string) ([][]string, error) {
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	defer conn.ExecContext(context.Background(), `DROP TABLE IF EXISTS temp.tokv; DROP TABLE IF EXISTS temp.tok`)
	if _, err := conn.ExecContext(ctx, `CREATE VIRTUAL TABLE temp.tok USING fts5(x, tokenize='porter unicode61');
		CREATE VIRTUAL TABLE temp.tokv USING fts5vocab('temp', 'tok', 'instance')`); err != nil {
		return nil, err
	}
	for i, t := range texts {
		if _, err := conn.ExecContext(ctx, `INSERT INTO temp.tok(rowid, x) VALUES (?, ?)`, i, t); err != nil {
			return nil, err
		}
	}
	rows, err := conn.QueryContext(ctx, `SELECT doc, term FROM temp.tokv ORDER BY doc, "offset"`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([][]string, len(texts))
	for rows.Next() {
		var doc int
		var term string
		if err := rows.Scan(&doc, &term); err != nil {
			return nil, err
		}
		out[doc] = append(out[doc], term)
	}
	return out, rows.Err()
}

// FTS5Vocabulary returns, for each token FTS5's "porter unicode61"
// tokenizer makes of texts, the number of texts that hold it: a check of
// a large set of texts that costs far less than their token sequences.
func (db *DB) FTS5Vocabulary(ctx context.Context, texts []string) (map[string]int, error) {
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	defer conn.ExecContext(context.Background(), `DROP TABLE IF EXISTS temp.vocv; DROP TABLE IF EXISTS temp.voc`)
	if _, err := conn.ExecContext(ctx, `CREATE VIRTUAL TABLE temp.voc USING fts5(x, tokenize='porter unicode61', detail=none);
		CREATE VIRTUAL TABLE temp.vocv USING fts5vocab('temp', 'voc', 'row')`); err != nil {
		return nil, err
	}
	for i, t := range texts {
		if _, err := conn.ExecContext(ctx, `INSERT INTO temp.voc(rowid, x) VALUES (?, ?)`, i, t); err != nil {
			return nil, err
		}
	}
	rows, err := conn.QueryContext(ctx, `SELECT term, doc FROM temp.vocv`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var term string
		var n int
		if err := rows.Scan(&term, &n); err != nil {
			return nil, err
		}
		out[term] = n
	}
	return out, rows.Err()
}

// EngineReads returns how many postings the portion engine reads for the
// caller's search of term, an FTS5 term as the query parser writes it:
// the portions of the classes the caller may see that hold its words.
// It is -1 without an engine.
func (db *DB) EngineReads(ctx context.Context, term string) (int, error) {
	s := db.scopeOf(ctx)
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	classes, ok, err := s.engineClasses(ctx, conn)
	if err != nil || !ok {
		return -1, err
	}
	t, ok := engine.Term(term)
	if !ok {
		return 0, fmt.Errorf("%q is no term the engine reads", term)
	}
	return s.eng.Index().Match(t, classes).Len(), nil
}

// FacetsExact returns the facets of every cable that matches q for the
// caller, counted in SQL (facet.go) over the hits of the set-based path:
// the tests hold the engine's facets to it.
func (db *DB) FacetsExact(ctx context.Context, q cable.SearchQuery) (map[string][]cable.FacetCount, error) {
	var facets map[string][]cable.FacetCount
	err := db.withExactHits(ctx, q, func(s *scope, conn *sql.Conn) error {
		var err error
		facets, _, err = s.facets(ctx, conn, cable.DefaultFacetValues)
		return err
	})
	return facets, err
}
