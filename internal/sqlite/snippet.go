package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// The search index keeps no text (it is contentless: the archive's raw
// texts are the one copy), so snippets are cut in two steps. The index
// names each hit's visible portions that match; their text is parsed from
// the cable's raw text, put in a small FTS5 table of the connection's own
// (temp.snip, over temp.sniptext), and FTS5's snippet() marks the matches
// there, with the same tokenizer and the same query as the index. The
// page's portions go in together, in one transaction that is rolled back
// afterwards: a statement per portion cost 20 ms a page.

// snippetPortion is a matching portion of a hit, as the archive stores it.
type snippetPortion struct {
	id     int64
	kind   string
	number int
	mark   access.Columns
	hit    int // its hit's index
}

// snippetCandidates is how many of a hit's matching portions, the first
// in the cable, its snippet is chosen from: tokenizing every matching
// portion of a page of common-word hits cost 6 ms.
const snippetCandidates = 3

// snippetTables are the connection's own tables the snippets are cut in.
const snippetTables = `CREATE TEMP TABLE IF NOT EXISTS sniptext (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
	CREATE VIRTUAL TABLE IF NOT EXISTS temp.snip USING fts5(text, content='sniptext', content_rowid='id', tokenize='porter unicode61')`

// snippets sets each hit's snippet from the best of its first matching
// visible portions (the one that shows the most matches, the first of
// equals) and lists the paragraphs that matched.
func (s *scope) snippets(ctx context.Context, conn *sql.Conn, match string, hits []cable.SearchHit) error {
	// The rowid range keeps FTS5 to the hit's own portions. FTS5 takes the
	// range only from constants or scalar subqueries, not from a joined
	// table's column, and only as the outer loop (hence CROSS JOIN);
	// ordering by rank would make it rank every match in the index and
	// drop the range. Each cost 0.05-3 s a hit for a common word at
	// 250,000 cables.
	find, err := conn.PrepareContext(ctx, `SELECT p.id, p.kind, p.number, p.level, p.noforn, p.plain, p.rel
		FROM portions_fts CROSS JOIN portions p ON p.id = portions_fts.rowid CROSS JOIN cables c ON c.rowid = p.cable
		WHERE portions_fts MATCH :match
			AND portions_fts.rowid BETWEEN (SELECT rowid << 9 FROM cables WHERE id = :id) AND (SELECT (rowid << 9) + 511 FROM cables WHERE id = :id)
			AND `+s.portionVisible("p", "c")+` ORDER BY portions_fts.rowid`)
	if err != nil {
		return fmt.Errorf("snippet: %w", err)
	}
	defer find.Close()
	raw, err := conn.PrepareContext(ctx, `SELECT v.raw FROM cables c
		JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version WHERE c.id = ?`)
	if err != nil {
		return fmt.Errorf("snippet: %w", err)
	}
	defer raw.Close()
	texts := pendingRows{insert: `INSERT INTO temp.sniptext VALUES`, cols: 2}
	found := map[int64]snippetPortion{}
	for i := range hits {
		ps, err := s.matching(ctx, find, match, hits[i].ID)
		if err != nil {
			return err
		}
		for _, p := range ps {
			p.hit = i
			found[p.id] = p
			if p.kind == "paragraph" && p.number > 0 {
				hits[i].Portions = append(hits[i].Portions, p.number)
			}
		}
		if err := textsFor(ctx, raw, hits[i].ID, ps[:min(len(ps), snippetCandidates)], &texts); err != nil {
			return err
		}
	}
	if len(texts.cables) == 0 {
		return nil
	}
	return markSnippets(ctx, conn, match, &texts, found, hits)
}

// matching returns the visible portions of cable id that match.
func (s *scope) matching(ctx context.Context, find *sql.Stmt, match, id string) ([]snippetPortion, error) {
	rows, err := find.QueryContext(ctx, append(s.args, sql.Named("match", match), sql.Named("id", id))...)
	if err != nil {
		return nil, fmt.Errorf("snippet: %w", err)
	}
	ps, err := scanPortions(rows)
	if err != nil {
		return nil, fmt.Errorf("snippet: %w", err)
	}
	return ps, nil
}

// textsFor adds the texts of cable id's portions ps, parsed from its raw
// text, to texts. The text must be the portion the index and the archive
// hold under its id, with the marking the caller was cleared for: a raw
// text that parses otherwise gives nothing.
func textsFor(ctx context.Context, raw *sql.Stmt, id string, ps []snippetPortion, texts *pendingRows) error {
	if len(ps) == 0 {
		return nil
	}
	var src []byte
	if err := raw.QueryRowContext(ctx, id).Scan(&src); errors.Is(err, sql.ErrNoRows) {
		return nil // replaced since it was found
	} else if err != nil {
		return fmt.Errorf("snippet: %w", err)
	}
	stored := access.StoredOf(cabletext.Parse(src)).Portions
	for _, p := range ps {
		k := int(p.id & (maxPortions - 1))
		if k < len(stored) && stored[k].Kind == p.kind && stored[k].Number == p.number && stored[k].Marking == p.mark {
			texts.add(0, p.id, stored[k].Text)
		}
	}
	return nil
}

// markSnippets indexes texts in temp.snip, in a transaction it rolls
// back, and sets each hit's snippet and matching paragraphs from them.
func markSnippets(ctx context.Context, conn *sql.Conn, match string, texts *pendingRows, found map[int64]snippetPortion, hits []cable.SearchHit) error {
	if _, err := conn.ExecContext(ctx, snippetTables); err != nil {
		return fmt.Errorf("snippet: %w", err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("snippet: %w", err)
	}
	defer tx.Rollback()
	if err := texts.flush(ctx, tx, nil); err != nil {
		return fmt.Errorf("snippet: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO temp.snip(snip) VALUES ('rebuild')`); err != nil {
		return fmt.Errorf("snippet: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT rowid, snippet(snip, 0, '[', ']', '…', 16) FROM temp.snip
		WHERE snip MATCH ? ORDER BY rowid`, match)
	if err != nil {
		return fmt.Errorf("snippet: %w", err)
	}
	defer rows.Close()
	best := make([]int, len(hits))
	for rows.Next() {
		var id int64
		var snip string
		if err := rows.Scan(&id, &snip); err != nil {
			return fmt.Errorf("snippet: %w", err)
		}
		p, ok := found[id]
		if !ok {
			continue
		}
		h := &hits[p.hit]
		if shown := strings.Count(snip, "["); h.Snippet == "" || shown > best[p.hit] {
			h.Snippet, best[p.hit] = strings.Join(strings.Fields(snip), " "), shown
		}
	}
	return rows.Err()
}
