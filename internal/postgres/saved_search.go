package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

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
	now := db.Now()
	var id int64
	err = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		// One owner's saves are serialised by locking the owner's row, so
		// that two at once cannot pass the limit together.
		var n int
		if _, err := tx.Exec(ctx, `SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, owner); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM saved_searches WHERE user_id = $1`, owner).Scan(&n); err != nil {
			return err
		}
		if n >= cable.MaxSavedSearches {
			return cable.TooManySavedSearches()
		}
		if err := tx.QueryRow(ctx, `INSERT INTO saved_searches (user_id, name, query, created_at, seen_to) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			owner, validText(s.Name), validText(s.Query), nanos(now), secs(s.SeenTo)).Scan(&id); err != nil {
			return err
		}
		return markSeen(ctx, tx, id, seen)
	})
	if cable.KindOf(err) == cable.Invalid {
		return err
	}
	if err != nil {
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
	rows, err := db.pool.Query(ctx, `SELECT id, name, query, created_at, seen_to FROM saved_searches WHERE user_id = $1 ORDER BY id`, owner)
	if err != nil {
		return nil, fmt.Errorf("find saved searches: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*cable.SavedSearch, error) {
		var s cable.SavedSearch
		var created, seenTo int64
		if err := r.Scan(&s.ID, &s.Name, &s.Query, &created, &seenTo); err != nil {
			return nil, err
		}
		s.CreatedAt, s.SeenTo = fromNanos(created), fromSecs(seenTo)
		return &s, nil
	})
	if err != nil {
		return nil, fmt.Errorf("find saved searches: %w", err)
	}
	return out, nil
}

// DeleteSavedSearch deletes one of the caller's saved searches and what it
// has shown.
func (db *DB) DeleteSavedSearch(ctx context.Context, id int64) error {
	owner, err := cable.SearchOwner(ctx)
	if err != nil {
		return err
	}
	tag, err := db.pool.Exec(ctx, `DELETE FROM saved_searches WHERE id = $1 AND user_id = $2`, id, owner)
	if err != nil {
		return fmt.Errorf("delete saved search: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return cable.NoSavedSearch(id)
	}
	return nil
}

// SeenCables returns the ids of the cables saved search id has shown.
func (db *DB) SeenCables(ctx context.Context, id int64) (map[string]bool, error) {
	if err := ownSearch(ctx, db.pool, id); err != nil {
		return nil, err
	}
	ids, err := scanStrings(db.pool.Query(ctx, `SELECT cable FROM saved_search_seen WHERE search = $1`, id))
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
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if err := ownSearch(ctx, tx, id); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE saved_searches SET seen_to = $1 WHERE id = $2 AND seen_to < $1`, secs(to), id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() > 0 {
			if _, err := tx.Exec(ctx, `DELETE FROM saved_search_seen WHERE search = $1`, id); err != nil {
				return err
			}
		}
		return markSeen(ctx, tx, id, ids)
	})
	if k := cable.KindOf(err); err != nil && k != cable.Internal {
		return err
	}
	if err != nil {
		return fmt.Errorf("mark seen: %w", err)
	}
	return nil
}

// rowQuerier is what ownSearch reads with: the pool or a transaction.
type rowQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// ownSearch returns NotFound unless saved search id is the caller's.
func ownSearch(ctx context.Context, q rowQuerier, id int64) error {
	owner, err := cable.SearchOwner(ctx)
	if err != nil {
		return err
	}
	var one int
	err = q.QueryRow(ctx, `SELECT 1 FROM saved_searches WHERE id = $1 AND user_id = $2`, id, owner).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return cable.NoSavedSearch(id)
	}
	if err != nil {
		return fmt.Errorf("saved search %d: %w", id, err)
	}
	return nil
}

func markSeen(ctx context.Context, tx pgx.Tx, id int64, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	clean := make([]string, len(ids))
	for i, c := range ids {
		clean[i] = validText(c)
	}
	_, err := tx.Exec(ctx, `INSERT INTO saved_search_seen (search, cable) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, id, clean)
	return err
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
