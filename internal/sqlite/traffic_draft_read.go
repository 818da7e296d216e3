package sqlite

// Reading drafts: loading one, who may see it, and the lists of them.
// Drafts are created, edited and cleared in traffic_draft.go.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
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
		return nil, draftNotFound(id)
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

func draftNotFound(id int64) error { return cable.Errorf(cable.NotFound, "draft %d not found", id) }

// mayRead reports whether u may see draft d: they must be among those
// traffic.CanSeeDraft names, and be cleared for everything its text holds (the roll-up of its banner and portions,
// NOFORN included for foreign readers; a NODIS or EXDIS caption needs the
// read-in). A draft whose banner cannot be read yet (no classification
// line) is judged by its portion marks alone: it is unfinished, the
// clearing offices and releasers must be able to see what to fix, and
// release refuses it anyway.
func mayRead(u *cable.User, d *cable.Draft, originPost string) bool {
	if !traffic.CanSeeDraft(u, d, originPost) {
		return false
	}
	drafter := u.Name == d.Drafter
	body := cabletext.ParseString(d.Text)
	var all []marking.Marking
	if banner, err := access.Banner(body); err == nil {
		all = append(all, banner)
	}
	marks := []string{body.Text.SubjectMark}
	for _, p := range body.Text.Paragraphs {
		marks = append(marks, p.Mark)
	}
	for _, mk := range marks {
		if mk == "" {
			continue
		}
		m, _, err := marking.ReadMark(mk)
		if err != nil {
			if drafter {
				continue // they wrote it, and must see it to fix it
			}
			// A mark nobody can read could be anything: only the
			// drafter may see the draft (fail closed).
			m = marking.Marking{Level: marking.TopSecret, NoForn: true}
		}
		all = append(all, m)
	}
	r := access.ReaderOf(u)
	if drafter {
		// The drafter, too, must be cleared for the text today: a
		// drafter whose clearance was lowered no longer reads it.
		return access.CanSee(r, marking.RollUp(all))
	}
	dist := access.DistributionOf(body)
	dist.Origin = d.Origin
	dist.Slugged = append(traffic.Sites(u), d.Origin) // membership is settled above
	return access.CanSee(r, marking.RollUp(all)) && access.Admits(r, dist)
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
	if !mayRead(u, d, post.PLAD) {
		return nil, nil, draftNotFound(id)
	}
	return d, post, nil
}

// FindDraftByID returns a draft the caller may see.
func (t *Traffic) FindDraftByID(ctx context.Context, id int64) (*cable.Draft, error) {
	u, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	d, _, err := draftFor(ctx, t.read, u, id)
	return d, err
}

// FindDrafts lists the drafts the caller may see, newest first.
func (t *Traffic) FindDrafts(ctx context.Context, f cable.DraftFilter) ([]*cable.Draft, error) {
	u, err := callerOf(ctx)
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
		if f.Pending && !pendingFor(u, d) {
			continue
		}
		out = append(out, d)
		if f.Limit > 0 && len(out) == f.Limit {
			break
		}
	}
	return out, nil
}

// pendingFor reports whether d awaits a clearance u may give.
func pendingFor(u *cable.User, d *cable.Draft) bool {
	if d.State == cable.DraftReleased {
		return false
	}
	for _, o := range traffic.MissingClearances(d) {
		if traffic.HasRole(u, cable.RoleClearer, o) {
			return true
		}
	}
	return false
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
