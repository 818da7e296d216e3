package postgres

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

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
	ok, err := db.knowsCable(ctx, s, id)
	if err != nil {
		return nil, fmt.Errorf("refs of %s: %w", id, err)
	}
	if !ok {
		return nil, notFound(id)
	}
	g := &cable.RefGraph{ID: id}
	if g.Cites, err = s.cites(ctx, db.pool, id); err != nil {
		return nil, err
	}
	if g.CitedBy, err = s.citedBy(ctx, db.pool, id); err != nil {
		return nil, err
	}
	if g.Thread, err = s.thread(ctx, db.pool, id); err != nil {
		return nil, err
	}
	if err := db.audit(ctx, s, audit.KindRefs, id, ""); err != nil {
		return nil, err
	}
	return g, nil
}

// cites lists the references of id that the caller may see.
func (s *scope) cites(ctx context.Context, pool *pgxpool.Pool, id string) ([]cable.RefLink, error) {
	rows, err := pool.Query(ctx, s.citesSQL(), s.with(pgx.NamedArgs{"id": id}))
	return scanCites(id, rows, err)
}

func (s *scope) citesSQL() string {
	known := `t.rowid IS NOT NULL AND ` + s.knows("t")
	return `SELECT r.label, r.text, r.target, ` + known + `,
			CASE WHEN ` + known + ` AND ` + s.subjectVisible("t") + ` THEN t.subject ELSE '' END,
			CASE WHEN ` + known + ` THEN t.dtg END
		FROM cables c JOIN refs r ON r.cable = c.rowid LEFT JOIN cables t ON t.id = r.target AND r.target <> ''
		WHERE c.id = @id AND ` + s.bannerVisible("c") + ` ORDER BY r.seq`
}

func scanCites(id string, rows pgx.Rows, err error) ([]cable.RefLink, error) {
	if err != nil {
		return nil, fmt.Errorf("refs of %s: %w", id, err)
	}
	out, err := collect(rows, func(row pgx.CollectableRow) (cable.RefLink, error) {
		var l cable.RefLink
		var dtg *time.Time
		err := row.Scan(&l.Label, &l.Text, &l.ID, &l.InArchive, &l.Subject, &dtg)
		l.DTG = utc(dtg)
		return l, err
	})
	if err != nil {
		return nil, fmt.Errorf("refs of %s: %w", id, err)
	}
	return out, nil
}

// citedBy lists the cables the caller may know of whose visible references
// cite id, oldest first (undated first, as SQLite sorts NULL).
func (s *scope) citedBy(ctx context.Context, pool *pgxpool.Pool, id string) ([]cable.RefLink, error) {
	rows, err := pool.Query(ctx, s.citedBySQL(), s.with(pgx.NamedArgs{"id": id, "max": maxThread}))
	return scanCitedBy(id, rows, err)
}

func (s *scope) citedBySQL() string {
	return `SELECT c.id, CASE WHEN ` + s.subjectVisible("c") + ` THEN c.subject ELSE '' END, c.dtg
		FROM cables c
		WHERE EXISTS (SELECT 1 FROM refs r WHERE r.cable = c.rowid AND r.target = @id)
			AND ` + s.knows("c") + ` AND ` + s.bannerVisible("c") + ` ORDER BY c.dtg NULLS FIRST, c.id LIMIT @max`
}

func scanCitedBy(id string, rows pgx.Rows, err error) ([]cable.RefLink, error) {
	if err != nil {
		return nil, fmt.Errorf("cited by of %s: %w", id, err)
	}
	out, err := collect(rows, func(row pgx.CollectableRow) (cable.RefLink, error) {
		l := cable.RefLink{InArchive: true}
		var dtg *time.Time
		err := row.Scan(&l.ID, &l.Subject, &dtg)
		l.DTG = utc(dtg)
		return l, err
	})
	if err != nil {
		return nil, fmt.Errorf("cited by of %s: %w", id, err)
	}
	return out, nil
}

// thread follows the references both ways from id: the cables it answers,
// and the replies to it and to them, in time order. It visits the cables
// breadth first, as sqlite's thread does, so that the two stores stop at
// the same maxThread cables, but asks for a whole level's references in
// one round trip.
func (s *scope) thread(ctx context.Context, pool *pgxpool.Pool, id string) ([]cable.RefLink, error) {
	seen := map[string]bool{}
	level := []string{id}
	for len(level) > 0 && len(seen) < maxThread {
		var todo []string
		for _, cur := range level {
			if !seen[cur] && len(seen) < maxThread {
				seen[cur] = true
				todo = append(todo, cur)
			}
		}
		b := &pgx.Batch{}
		for _, cur := range todo {
			b.Queue(s.citesSQL(), s.with(pgx.NamedArgs{"id": cur}))
			b.Queue(s.citedBySQL(), s.with(pgx.NamedArgs{"id": cur, "max": maxThread}))
		}
		br := pool.SendBatch(ctx, b)
		level = nil
		for _, cur := range todo {
			rows, err := br.Query()
			up, err := scanCites(cur, rows, err)
			if err != nil {
				br.Close()
				return nil, err
			}
			rows, err = br.Query()
			down, err := scanCitedBy(cur, rows, err)
			if err != nil {
				br.Close()
				return nil, err
			}
			for _, l := range append(up, down...) {
				if l.InArchive && l.ID != "" && !seen[l.ID] {
					level = append(level, l.ID)
				}
			}
		}
		if err := br.Close(); err != nil {
			return nil, fmt.Errorf("thread: %w", err)
		}
	}
	return s.describe(ctx, pool, seen)
}

// describe fills in subject and date of the thread's cables and sorts them.
func (s *scope) describe(ctx context.Context, pool *pgxpool.Pool, ids map[string]bool) ([]cable.RefLink, error) {
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	rows, err := pool.Query(ctx, `SELECT c.id, CASE WHEN `+s.subjectVisible("c")+` THEN c.subject ELSE '' END, c.dtg
		FROM cables c WHERE c.id = ANY(@ids)`, s.with(pgx.NamedArgs{"ids": list}))
	if err != nil {
		return nil, fmt.Errorf("thread: %w", err)
	}
	out, err := collect(rows, func(row pgx.CollectableRow) (cable.RefLink, error) {
		l := cable.RefLink{InArchive: true}
		var dtg *time.Time
		err := row.Scan(&l.ID, &l.Subject, &dtg)
		l.DTG = utc(dtg)
		return l, err
	})
	if err != nil {
		return nil, fmt.Errorf("thread: %w", err)
	}
	if len(out) != len(ids) {
		return nil, fmt.Errorf("thread: %d of %d cables found", len(out), len(ids))
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].DTG.Equal(out[j].DTG) {
			return out[i].DTG.Before(out[j].DTG)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// utc returns a nullable time in UTC; NULL is the zero time.
func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
