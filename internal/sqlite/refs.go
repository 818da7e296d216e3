package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
)

// maxThread bounds a thread, so that a heavily cited cable cannot make one
// request walk the whole archive.
const maxThread = 200

// FindRefs returns what cable id cites, what cites it, and its thread.
// References are part of a cable's unmarked text, which takes the banner:
// a caller who may not see a cable's banner sees none of its references,
// and a cited cable they may not know of is shown as not in the archive.
func (db *DB) FindRefs(ctx context.Context, id string) (*cable.RefGraph, error) {
	s := db.scopeOf(ctx)
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM cables c WHERE c.id = :id AND `+s.knows("c"),
		append(s.args, sql.Named("id", id))...).Scan(&n); err != nil {
		return nil, fmt.Errorf("refs of %s: %w", id, err)
	}
	if n == 0 {
		return nil, notFound(id)
	}
	g := &cable.RefGraph{ID: id}
	var err error
	if g.Cites, err = s.cites(ctx, db.read, id); err != nil {
		return nil, err
	}
	if g.CitedBy, err = s.citedBy(ctx, db.read, id); err != nil {
		return nil, err
	}
	if g.Thread, err = s.thread(ctx, db.read, id); err != nil {
		return nil, err
	}
	if err := db.audit(ctx, s, audit.KindRefs, id, ""); err != nil {
		return nil, err
	}
	return g, nil
}

// cites lists the references of id that the caller may see.
func (s *scope) cites(ctx context.Context, q *sql.DB, id string) ([]cable.RefLink, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.label, r.text, r.target,
			CASE WHEN t.rowid IS NOT NULL AND `+s.knows("t")+` THEN 1 ELSE 0 END,
			CASE WHEN t.rowid IS NOT NULL AND `+s.knows("t")+` AND `+s.subjectVisible("t")+` THEN t.subject ELSE '' END,
			CASE WHEN t.rowid IS NOT NULL AND `+s.knows("t")+` THEN coalesce(t.dtg, 0) ELSE 0 END
		FROM cables c JOIN refs r ON r.cable = c.rowid LEFT JOIN cables t ON t.id = r.target AND r.target <> ''
		WHERE c.id = :id AND `+s.bannerVisible("c")+` ORDER BY r.seq`, append(s.args, sql.Named("id", id))...)
	if err != nil {
		return nil, fmt.Errorf("refs of %s: %w", id, err)
	}
	defer rows.Close()
	var out []cable.RefLink
	for rows.Next() {
		var l cable.RefLink
		var dtg int64
		if err := rows.Scan(&l.Label, &l.Text, &l.ID, &l.InArchive, &l.Subject, &dtg); err != nil {
			return nil, err
		}
		l.DTG = unixTime(dtg)
		out = append(out, l)
	}
	return out, rows.Err()
}

// citedBy lists the cables the caller may know of whose visible references
// cite id.
func (s *scope) citedBy(ctx context.Context, q *sql.DB, id string) ([]cable.RefLink, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT c.id, CASE WHEN `+s.subjectVisible("c")+` THEN c.subject ELSE '' END, coalesce(c.dtg, 0)
		FROM refs r JOIN cables c ON c.rowid = r.cable
		WHERE r.target = :id AND r.target <> '' AND `+s.knows("c")+` AND `+s.bannerVisible("c")+` ORDER BY c.dtg LIMIT :max`,
		append(s.args, sql.Named("id", id), sql.Named("max", maxThread))...)
	if err != nil {
		return nil, fmt.Errorf("cited by of %s: %w", id, err)
	}
	defer rows.Close()
	var out []cable.RefLink
	for rows.Next() {
		l := cable.RefLink{InArchive: true}
		var dtg int64
		if err := rows.Scan(&l.ID, &l.Subject, &dtg); err != nil {
			return nil, err
		}
		l.DTG = unixTime(dtg)
		out = append(out, l)
	}
	return out, rows.Err()
}

// thread follows the references both ways from id: the cables it answers,
// and the replies to it and to them, in time order.
func (s *scope) thread(ctx context.Context, q *sql.DB, id string) ([]cable.RefLink, error) {
	seen := map[string]cable.RefLink{}
	queue := []string{id}
	for len(queue) > 0 && len(seen) < maxThread {
		cur := queue[0]
		queue = queue[1:]
		if _, ok := seen[cur]; ok {
			continue
		}
		seen[cur] = cable.RefLink{ID: cur}
		up, err := s.cites(ctx, q, cur)
		if err != nil {
			return nil, err
		}
		down, err := s.citedBy(ctx, q, cur)
		if err != nil {
			return nil, err
		}
		for _, l := range append(up, down...) {
			if l.InArchive && l.ID != "" {
				if _, ok := seen[l.ID]; !ok {
					queue = append(queue, l.ID)
				}
			}
		}
	}
	return s.describe(ctx, q, seen)
}

// describe fills in subject and date of the thread's cables and sorts them.
func (s *scope) describe(ctx context.Context, q *sql.DB, ids map[string]cable.RefLink) ([]cable.RefLink, error) {
	var out []cable.RefLink
	for id := range ids {
		l := cable.RefLink{ID: id, InArchive: true}
		var dtg int64
		err := q.QueryRowContext(ctx, `SELECT CASE WHEN `+s.subjectVisible("c")+` THEN c.subject ELSE '' END, coalesce(c.dtg, 0)
			FROM cables c WHERE c.id = :id`, append(s.args, sql.Named("id", id))...).Scan(&l.Subject, &dtg)
		if err != nil {
			return nil, fmt.Errorf("thread: %w", err)
		}
		l.DTG = unixTime(dtg)
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].DTG.Equal(out[j].DTG) {
			return out[i].DTG.Before(out[j].DTG)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

func unixTime(sec int64) time.Time {
	if sec == 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}
