package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cable/cable/internal/cable"
)

// Saved searches (cable.SavedSearchService): rows of saved_searches and
// the cable ids each has shown its owner (migration 0013). The store
// never runs them; the server does, as their owner.

// CreateSavedSearch saves s for the caller with the cables it matches now.
func (db *DB) CreateSavedSearch(ctx context.Context, s *cable.SavedSearch, seen []string) error {
	owner, err := cable.SearchOwner(ctx)
	if err != nil {
		return err
	}
	if err := s.Check(); err != nil {
		return err
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save search: %w", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM saved_searches WHERE user_id = ?`, owner).Scan(&n); err != nil {
		return fmt.Errorf("save search: %w", err)
	}
	if n >= cable.MaxSavedSearches {
		return cable.TooManySavedSearches()
	}
	now := db.Now()
	res, err := tx.ExecContext(ctx, `INSERT INTO saved_searches (user_id, name, query, created_at, seen_to) VALUES (?, ?, ?, ?, ?)`,
		owner, s.Name, s.Query, nanos(now), secs(s.SeenTo))
	if err != nil {
		return fmt.Errorf("save search: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("save search: %w", err)
	}
	if err := markSeen(ctx, tx, id, seen); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save search: %w", err)
	}
	s.ID, s.CreatedAt = id, fromNanos(nanos(now))
	return nil
}

// FindSavedSearches returns the caller's saved searches, oldest first.
func (db *DB) FindSavedSearches(ctx context.Context) ([]*cable.SavedSearch, error) {
	owner, err := cable.SearchOwner(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, name, query, created_at, seen_to FROM saved_searches WHERE user_id = ? ORDER BY id`, owner)
	if err != nil {
		return nil, fmt.Errorf("find saved searches: %w", err)
	}
	defer rows.Close()
	var out []*cable.SavedSearch
	for rows.Next() {
		var s cable.SavedSearch
		var created, seenTo int64
		if err := rows.Scan(&s.ID, &s.Name, &s.Query, &created, &seenTo); err != nil {
			return nil, fmt.Errorf("find saved searches: %w", err)
		}
		s.CreatedAt, s.SeenTo = fromNanos(created), fromSecs(seenTo)
		out = append(out, &s)
	}
	return out, rows.Err()
}

// DeleteSavedSearch deletes one of the caller's saved searches and what it
// has shown.
func (db *DB) DeleteSavedSearch(ctx context.Context, id int64) error {
	owner, err := cable.SearchOwner(ctx)
	if err != nil {
		return err
	}
	res, err := db.write.ExecContext(ctx, `DELETE FROM saved_searches WHERE id = ? AND user_id = ?`, id, owner)
	if err != nil {
		return fmt.Errorf("delete saved search: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return cable.NoSavedSearch(id)
	}
	return nil
}

// SeenCables returns the ids of the cables saved search id has shown.
func (db *DB) SeenCables(ctx context.Context, id int64) (map[string]bool, error) {
	if err := db.ownSearch(ctx, db.read, id); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT cable FROM saved_search_seen WHERE search = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("seen cables: %w", err)
	}
	ids, err := scanStrings(rows)
	if err != nil {
		return nil, fmt.Errorf("seen cables: %w", err)
	}
	seen := make(map[string]bool, len(ids))
	for _, c := range ids {
		seen[c] = true
	}
	return seen, nil
}

// MarkSeen records that saved search id has shown the cables up to to,
// and ids of those at it.
func (db *DB) MarkSeen(ctx context.Context, id int64, to time.Time, ids []string) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("mark seen: %w", err)
	}
	defer tx.Rollback()
	if err := db.ownSearch(ctx, tx, id); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE saved_searches SET seen_to = ? WHERE id = ? AND seen_to < ?`, secs(to), id, secs(to))
	if err != nil {
		return fmt.Errorf("mark seen: %w", err)
	}
	if moved, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("mark seen: %w", err)
	} else if moved > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM saved_search_seen WHERE search = ?`, id); err != nil {
			return fmt.Errorf("mark seen: %w", err)
		}
	}
	if err := markSeen(ctx, tx, id, ids); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("mark seen: %w", err)
	}
	return nil
}

// querier is what ownSearch reads with: the read pool or a transaction.
type querier interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// ownSearch returns NotFound unless saved search id is the caller's.
func (db *DB) ownSearch(ctx context.Context, q querier, id int64) error {
	owner, err := cable.SearchOwner(ctx)
	if err != nil {
		return err
	}
	var one int
	err = q.QueryRowContext(ctx, `SELECT 1 FROM saved_searches WHERE id = ? AND user_id = ?`, id, owner).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return cable.NoSavedSearch(id)
	}
	if err != nil {
		return fmt.Errorf("saved search %d: %w", id, err)
	}
	return nil
}

func markSeen(ctx context.Context, tx *sql.Tx, id int64, ids []string) error {
	for _, c := range ids {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO saved_search_seen (search, cable) VALUES (?, ?)`, id, c); err != nil {
			return fmt.Errorf("mark seen: %w", err)
		}
	}
	return nil
}

// secs is a saved search's mark as stored: unix seconds, 0 for none.
func secs(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// fromSecs reads a stored mark.
func fromSecs(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}
