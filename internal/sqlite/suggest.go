package sqlite

import (
	"context"
	"fmt"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/suggest"
)

// suggester is the archive as package suggest needs it: the index file's
// vocabulary, and counts of what the caller finds with the search's
// filters. The counts stream as a search does (stream.go), and are not
// audited apart from the search they serve.
type suggester struct {
	db *DB
	s  *scope
	q  cable.SearchQuery // the search's filters
}

func (sg suggester) Words(ctx context.Context, prefix string, minLen, maxLen int) ([]string, error) {
	rows, err := sg.db.read.QueryContext(ctx, `SELECT word FROM ix.words WHERE word >= ? AND word < ? AND length(word) BETWEEN ? AND ?`,
		prefix, prefixEnd(prefix), minLen, maxLen)
	if err != nil {
		return nil, fmt.Errorf("suggest: %w", err)
	}
	return scanStrings(rows)
}

func (sg suggester) Count(ctx context.Context, text string, limit int) (int, bool, error) {
	query, err := cable.ParseQuery(text)
	if err != nil || query == nil {
		return 0, false, err
	}
	conn, err := sg.db.read.Conn(ctx)
	if err != nil {
		return 0, false, fmt.Errorf("suggest: %w", err)
	}
	defer conn.Close()
	where, args := sg.s.filters(sg.q)
	found, err := sg.s.streamHits(ctx, conn, query, narrowingOf(sg.q), where, args, limit, false)
	if err != nil {
		return 0, false, err
	}
	return len(found.hits), found.exact, nil
}

// prefixEnd is the least string above every string that begins with p
// (p is not empty and does not end in 0xff: it is a letter).
func prefixEnd(p string) string {
	return p[:len(p)-1] + string([]byte{p[len(p)-1] + 1})
}

// suggestions returns q's respellings for the caller (package suggest).
func (db *DB) suggestions(ctx context.Context, s *scope, q cable.SearchQuery) ([]cable.Suggestion, error) {
	return suggest.Find(ctx, suggester{db: db, s: s, q: q}, q.Text)
}
