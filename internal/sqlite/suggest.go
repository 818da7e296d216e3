package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
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

// showsHits is how many of the cables a search for a word finds Shows
// reads for the word as written.
const showsHits = 20

func (sg suggester) Shows(ctx context.Context, word string) (bool, error) {
	query, err := cable.ParseQuery(`"` + word + `"`)
	if err != nil || query == nil {
		return false, err
	}
	conn, err := sg.db.read.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("suggest: %w", err)
	}
	defer conn.Close()
	where, args := sg.s.filters(sg.q)
	found, err := sg.s.streamHits(ctx, conn, query, narrowingOf(sg.q), where, args, showsHits, true)
	if err != nil {
		return false, err
	}
	raw, err := conn.PrepareContext(ctx, `SELECT v.raw FROM cables c
		JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version WHERE c.rowid = ?`)
	if err != nil {
		return false, fmt.Errorf("suggest: %w", err)
	}
	defer raw.Close()
	for _, row := range found.hits {
		var src []byte
		if err := raw.QueryRowContext(ctx, row).Scan(&src); errors.Is(err, sql.ErrNoRows) {
			continue // replaced since it was found
		} else if err != nil {
			return false, fmt.Errorf("suggest: %w", err)
		}
		// A rowid is never given to other text (import.go): the portions
		// at the ids the search found visible are these.
		stored := access.StoredOf(cabletext.Parse(src)).Portions
		for _, id := range found.shown[row] {
			if k := int(id & (maxPortions - 1)); k < len(stored) {
				var ws suggest.Words
				ws.Add(stored[k].Text)
				if ws.Has(word) {
					return true, nil
				}
			}
		}
	}
	return false, nil
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
