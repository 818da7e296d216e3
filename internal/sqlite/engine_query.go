package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/engine"
)

// A search the engine can answer whole is answered in memory by package
// engine, with every hit counted; SQL reads only the page's rows and
// snippets (search.go engineResult).

// engineSearch answers q from the engine, and false when it cannot: there
// is no engine, it cannot catch up, or a term is of a form it does not
// read.
func (s *scope) engineSearch(ctx context.Context, conn *sql.Conn, q cable.SearchQuery, query *cable.Query) (*engine.Answer, bool, error) {
	if s.eng == nil || (query != nil && !engine.ReadsAll(query)) {
		return nil, false, nil
	}
	classes, ok, err := s.engineClasses(ctx, conn)
	if err != nil || !ok {
		return nil, false, err
	}
	named, err := s.namedCables(ctx, conn, q.Text)
	if err != nil {
		return nil, false, err
	}
	r := engine.Reader{Classes: classes, Foreign: s.reader.Foreign()}
	if !s.reader.Public && len(s.posts()) > 0 {
		// The classes do not decide the distribution of a reader with
		// posts: their posts' cables are admitted, and the open ones
		// unless only membership admits them.
		for _, p := range s.reader.Posts {
			if n := access.NormalizePLAD(p); n != "" {
				r.Posts = append(r.Posts, n)
			}
		}
		r.Open = !s.membersOnly()
	}
	return s.eng.Search(r, q, query, named), true, nil
}

// namedCables returns the rows of the cables a query that is one cable id
// names (cabletext.IDsOf: "07STATE159388", "STATE 159388"), so that a
// search for a cable's id finds it, first, though its id is no word of
// its text; the engine keeps those the caller may know of.
func (s *scope) namedCables(ctx context.Context, conn *sql.Conn, text string) ([]uint64, error) {
	ids := cabletext.IDsOf(text, s.at.Year())
	if len(ids) == 0 {
		return nil, nil
	}
	list, _ := json.Marshal(ids)
	rows, err := conn.QueryContext(ctx, `SELECT rowid FROM cables WHERE id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, fmt.Errorf("search: cables named: %w", err)
	}
	defer rows.Close()
	var named []uint64
	for rows.Next() {
		var row uint64
		if err := rows.Scan(&row); err != nil {
			return nil, fmt.Errorf("search: cables named: %w", err)
		}
		named = append(named, row)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: cables named: %w", err)
	}
	return named, nil
}
