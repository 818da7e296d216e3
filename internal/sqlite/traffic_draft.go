package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// CreateDraft stores a new draft.
func (t *Traffic) CreateDraft(ctx context.Context, d *cable.Draft) error {
	u, err := traffic.Caller(ctx)
	if err != nil {
		return err
	}
	tx, err := t.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("create draft: %w", err)
	}
	defer tx.Rollback()
	if err := traffic.NormalizeDraft(ctx, finderIn(tx), d); err != nil {
		return err
	}
	if err := traffic.NewDraft(u, d); err != nil {
		return err
	}
	now := t.Now().UTC()
	d.CreatedAt, d.UpdatedAt = now, now
	res, err := tx.ExecContext(ctx, `INSERT INTO drafts (origin, drafter, text, addressees, actions, slug, version, state, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?)`, d.Origin, d.Drafter, d.Text, jsonText(d.Addressees), jsonText(d.Actions), jsonText(d.Slug),
		d.Version, string(d.State), nanos(now), nanos(now))
	if err != nil {
		return fmt.Errorf("create draft: %w", err)
	}
	if d.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := putClearances(ctx, tx, d); err != nil {
		return err
	}
	if err := addEvent(ctx, tx, cable.Event{At: now, Kind: cable.EventDrafted, DraftID: d.ID, Site: d.Origin, By: u.Name}); err != nil {
		return err
	}
	return tx.Commit()
}

// putClearances replaces the clearance rows of d with d.Clearances.
func putClearances(ctx context.Context, tx *sql.Tx, d *cable.Draft) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM clearances WHERE draft = ?`, d.ID); err != nil {
		return err
	}
	for _, c := range d.Clearances {
		if _, err := tx.ExecContext(ctx, `INSERT INTO clearances (draft, office, cleared_by, cleared_at, version) VALUES (?, ?, ?, ?, ?)`,
			d.ID, c.Office, c.By, nanos(c.At), c.Version); err != nil {
			return fmt.Errorf("store clearances of draft %d: %w", d.ID, err)
		}
	}
	return nil
}

// UpdateDraft edits a draft: a new version, whose clearances are all to
// be given again.
func (t *Traffic) UpdateDraft(ctx context.Context, id int64, upd cable.DraftUpdate) (*cable.Draft, error) {
	u, err := traffic.Caller(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := t.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("update draft: %w", err)
	}
	defer tx.Rollback()
	d, _, err := draftFor(ctx, tx, u, id)
	if err != nil {
		return nil, err
	}
	if d.Drafter != u.Name {
		return nil, cable.Errorf(cable.Forbidden, "only its drafter, %s, may edit draft %d", d.Drafter, id)
	}
	if _, err := traffic.Step(d, cable.EventEdited); err != nil {
		return nil, err
	}
	now := t.Now().UTC()
	voided := traffic.ApplyDraftUpdate(d, upd)
	if err := traffic.NormalizeDraft(ctx, finderIn(tx), d); err != nil {
		return nil, err
	}
	d.Version++
	d.UpdatedAt = now
	if d.State, err = traffic.Step(d, cable.EventEdited); err != nil {
		return nil, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE drafts SET text=?, addressees=?, actions=?, slug=?, version=?, state=?, updated_at=? WHERE id=?`,
		d.Text, jsonText(d.Addressees), jsonText(d.Actions), jsonText(d.Slug), d.Version, string(d.State), nanos(now), id)
	if err != nil {
		return nil, fmt.Errorf("update draft %d: %w", id, err)
	}
	if err := putClearances(ctx, tx, d); err != nil {
		return nil, err
	}
	if err := addEvent(ctx, tx, cable.Event{At: now, Kind: cable.EventEdited, DraftID: id, Site: d.Origin, By: u.Name,
		Detail: fmt.Sprintf("version %d", d.Version)}); err != nil {
		return nil, err
	}
	for _, o := range voided {
		if err := addEvent(ctx, tx, cable.Event{At: now, Kind: cable.EventVoided, DraftID: id, Site: o, By: u.Name,
			Detail: fmt.Sprintf("version %d was edited", d.Version-1)}); err != nil {
			return nil, err
		}
	}
	return d, tx.Commit()
}

// ClearDraft records the clearance of office for the draft's current
// version. Clearing again what is cleared changes nothing.
func (t *Traffic) ClearDraft(ctx context.Context, id int64, office string) (*cable.Draft, error) {
	u, err := traffic.Caller(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := t.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("clear draft: %w", err)
	}
	defer tx.Rollback()
	d, _, err := draftFor(ctx, tx, u, id)
	if err != nil {
		return nil, err
	}
	if _, err := traffic.Step(d, cable.EventCleared); err != nil {
		return nil, err
	}
	i, err := traffic.ClearanceOf(d, u, office)
	if err != nil {
		return nil, err
	}
	office = d.Clearances[i].Office
	if d.Clearances[i].Cleared(d.Version) {
		return d, nil
	}
	now := t.Now().UTC()
	d.Clearances[i] = cable.Clearance{Office: office, By: u.Name, At: now, Version: d.Version}
	if d.State, err = traffic.Step(d, cable.EventCleared); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE clearances SET cleared_by = ?, cleared_at = ?, version = ? WHERE draft = ? AND office = ?`,
		u.Name, nanos(now), d.Version, id, office); err != nil {
		return nil, fmt.Errorf("clear draft %d: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE drafts SET state = ? WHERE id = ?`, string(d.State), id); err != nil {
		return nil, fmt.Errorf("clear draft %d: %w", id, err)
	}
	if err := addEvent(ctx, tx, cable.Event{At: now, Kind: cable.EventCleared, DraftID: id, Site: office, By: u.Name,
		Detail: fmt.Sprintf("version %d", d.Version)}); err != nil {
		return nil, err
	}
	return d, tx.Commit()
}
