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
// names the hit's visible portions that match; their text is parsed from
// the cable's raw text, put in a small FTS5 table of the connection's own
// (temp.snip), and FTS5's snippet() marks the matches there, with the
// same tokenizer and the same query as the index.

// snippetPortion is a matching portion of a hit, as the archive stores it.
type snippetPortion struct {
	id     int64
	kind   string
	number int
	mark   access.Columns
}

// snippets sets each hit's snippet from its best matching visible portion
// (the one that shows the most matches, the first of equals) and lists
// the paragraphs that matched.
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
	if _, err := conn.ExecContext(ctx, `CREATE VIRTUAL TABLE IF NOT EXISTS temp.snip USING fts5(text, tokenize='porter unicode61')`); err != nil {
		return fmt.Errorf("snippet: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `DELETE FROM temp.snip`)
	for i := range hits {
		ps, err := s.matching(ctx, find, match, hits[i].ID)
		if err != nil {
			return err
		}
		if err := snippet(ctx, conn, raw, match, &hits[i], ps); err != nil {
			return err
		}
	}
	return nil
}

// matching returns the visible portions of cable id that match.
func (s *scope) matching(ctx context.Context, find *sql.Stmt, match, id string) ([]snippetPortion, error) {
	rows, err := find.QueryContext(ctx, append(s.args, sql.Named("match", match), sql.Named("id", id))...)
	if err != nil {
		return nil, fmt.Errorf("snippet: %w", err)
	}
	defer rows.Close()
	var out []snippetPortion
	for rows.Next() {
		var p snippetPortion
		if err := rows.Scan(&p.id, &p.kind, &p.number, &p.mark.Level, &p.mark.NoForn, &p.mark.Plain, &p.mark.Rel); err != nil {
			return nil, fmt.Errorf("snippet: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// snippet sets hit h's snippet and matching paragraphs from its matching
// portions ps.
func snippet(ctx context.Context, conn *sql.Conn, raw *sql.Stmt, match string, h *cable.SearchHit, ps []snippetPortion) error {
	if len(ps) == 0 {
		return nil
	}
	var src []byte
	if err := raw.QueryRowContext(ctx, h.ID).Scan(&src); errors.Is(err, sql.ErrNoRows) {
		return nil // replaced since it was found
	} else if err != nil {
		return fmt.Errorf("snippet: %w", err)
	}
	stored := access.StoredOf(cabletext.Parse(src)).Portions
	if _, err := conn.ExecContext(ctx, `DELETE FROM temp.snip`); err != nil {
		return fmt.Errorf("snippet: %w", err)
	}
	kinds := map[int64]snippetPortion{}
	for _, p := range ps {
		k := int(p.id & (maxPortions - 1))
		// The text must be the portion the index and the archive hold
		// under this id, with the marking the caller was cleared for: a
		// raw text that parses otherwise shows nothing.
		if k >= len(stored) || stored[k].Kind != p.kind || stored[k].Number != p.number || stored[k].Marking != p.mark {
			continue
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO temp.snip(rowid, text) VALUES (?, ?)`, p.id, stored[k].Text); err != nil {
			return fmt.Errorf("snippet: %w", err)
		}
		kinds[p.id] = p
	}
	rows, err := conn.QueryContext(ctx, `SELECT rowid, snippet(snip, 0, '[', ']', '…', 16) FROM temp.snip
		WHERE snip MATCH ? ORDER BY rowid`, match)
	if err != nil {
		return fmt.Errorf("snippet: %w", err)
	}
	defer rows.Close()
	best := 0
	for rows.Next() {
		var id int64
		var snip string
		if err := rows.Scan(&id, &snip); err != nil {
			return fmt.Errorf("snippet: %w", err)
		}
		if shown := strings.Count(snip, "["); h.Snippet == "" || shown > best {
			h.Snippet, best = strings.Join(strings.Fields(snip), " "), shown
		}
		if p := kinds[id]; p.kind == "paragraph" && p.number > 0 {
			h.Portions = append(h.Portions, p.number)
		}
	}
	return rows.Err()
}
