package sqlite

// Reading drafts: loading one, who may see it, and the lists of them.
// Drafts are created, edited and cleared in traffic_draft.go.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// loadDraft reads draft id with its clearances.
func loadDraft(ctx context.Context, x execer, id int64) (*cable.Draft, error) {
	d := &cable.Draft{ID: id}
	var addressees, actions, slug, state string
	var created, updated int64
	err := x.QueryRowContext(ctx, `SELECT origin, drafter, text, addressees, actions, slug, version, state, cable_id, created_at, updated_at
		FROM drafts WHERE id = ?`, id).Scan(&d.Origin, &d.Drafter, &d.Text, &addressees, &actions, &slug, &d.Version, &state,
		&d.CableID, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, traffic.DraftNotFound(id)
	}
	if err != nil {
		return nil, fmt.Errorf("find draft %d: %w", id, err)
	}
	d.State, d.CreatedAt, d.UpdatedAt = cable.DraftState(state), fromNanos(created), fromNanos(updated)
	json.Unmarshal([]byte(addressees), &d.Addressees)
	json.Unmarshal([]byte(actions), &d.Actions)
	json.Unmarshal([]byte(slug), &d.Slug)
	rows, err := x.QueryContext(ctx, `SELECT office, cleared_by, cleared_at, version FROM clearances WHERE draft = ? ORDER BY rowid`, id)
	if err != nil {
		return nil, fmt.Errorf("find draft %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var c cable.Clearance
		var at int64
		if err := rows.Scan(&c.Office, &c.By, &at, &c.Version); err != nil {
			return nil, err
		}
		c.At = fromNanos(at)
		d.Clearances = append(d.Clearances, c)
	}
	return d, rows.Err()
}

// draftFor loads draft id as u may see it: NotFound when u may not.
func draftFor(ctx context.Context, x execer, u *cable.User, id int64) (*cable.Draft, *cable.Site, error) {
	d, err := loadDraft(ctx, x, id)
	if err != nil {
		return nil, nil, err
	}
	origin, err := findSite(ctx, x, d.Origin)
	if err != nil {
		return nil, nil, err
	}
	post, err := postOf(ctx, x, origin)
	if err != nil {
		return nil, nil, err
	}
	if !traffic.MayRead(u, d, post.PLAD) {
		return nil, nil, traffic.DraftNotFound(id)
	}
	return d, post, nil
}

// FindDraftByID returns a draft the caller may see.
func (t *Traffic) FindDraftByID(ctx context.Context, id int64) (*cable.Draft, error) {
	u, err := traffic.Caller(ctx)
	if err != nil {
		return nil, err
	}
	d, _, err := draftFor(ctx, t.read, u, id)
	return d, err
}

// FindDrafts lists the drafts the caller may see, newest first.
func (t *Traffic) FindDrafts(ctx context.Context, f cable.DraftFilter) ([]*cable.Draft, error) {
	u, err := traffic.Caller(ctx)
	if err != nil {
		return nil, err
	}
	q := `SELECT id FROM drafts WHERE (? = '' OR state = ?) ORDER BY id DESC`
	rows, err := t.read.QueryContext(ctx, q, string(f.State), string(f.State))
	if err != nil {
		return nil, fmt.Errorf("find drafts: %w", err)
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return nil, fmt.Errorf("find drafts: %w", err)
	}
	var out []*cable.Draft
	for _, id := range ids {
		d, _, err := draftFor(ctx, t.read, u, id)
		if cable.KindOf(err) == cable.NotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		if f.Pending && !traffic.PendingFor(u, d) {
			continue
		}
		out = append(out, d)
		if f.Limit > 0 && len(out) == f.Limit {
			break
		}
	}
	return out, nil
}

func scanIDs(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
