package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// normalizeDraft puts the sites of d in directory form and checks what
// can be checked before release: the origin and clearing offices must be
// in the directory (addressees are checked at release, which says how to
// add them), action owners and precedences must be given.
func normalizeDraft(ctx context.Context, x execer, d *cable.Draft) error {
	origin, err := findSite(ctx, x, d.Origin)
	if err != nil {
		return cable.Errorf(cable.Invalid, "origin: %s", cable.MessageOf(err))
	}
	if origin.Kind == cable.SiteCollective {
		return cable.Errorf(cable.Invalid, "origin %s is a collective address: draft in a post or office", origin.PLAD)
	}
	d.Origin = origin.PLAD
	for i := range d.Addressees {
		a := &d.Addressees[i]
		a.PLAD = traffic.Norm(a.PLAD)
		if a.Role == "" {
			a.Role = cable.RoleTo
		}
		if a.Role != cable.RoleTo && a.Role != cable.RoleInfo {
			return cable.Errorf(cable.Invalid, "addressee %s: role %q: want to or info", a.PLAD, a.Role)
		}
	}
	var offices []string
	for _, c := range d.Clearances {
		s, err := findSite(ctx, x, c.Office)
		if err != nil {
			return cable.Errorf(cable.Invalid, "clearance: %s", cable.MessageOf(err))
		}
		if !slices.Contains(offices, s.PLAD) {
			offices = append(offices, s.PLAD)
		}
	}
	d.Clearances = d.Clearances[:0]
	for _, o := range offices {
		d.Clearances = append(d.Clearances, cable.Clearance{Office: o})
	}
	for i := range d.Actions {
		a := &d.Actions[i]
		a.Owner, a.Text = traffic.Norm(a.Owner), strings.TrimSpace(a.Text)
		if a.Owner == "" || a.Text == "" {
			return cable.Errorf(cable.Invalid, "an action request needs an owner and a text: OWNER:YYYY-MM-DD:TEXT")
		}
	}
	for i, s := range d.Slug {
		d.Slug[i] = traffic.Norm(s)
	}
	return nil
}

// CreateDraft stores a new draft.
func (t *Traffic) CreateDraft(ctx context.Context, d *cable.Draft) error {
	u, err := callerOf(ctx)
	if err != nil {
		return err
	}
	tx, err := t.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("create draft: %w", err)
	}
	defer tx.Rollback()
	if err := normalizeDraft(ctx, tx, d); err != nil {
		return err
	}
	if !traffic.HasRole(u, cable.RoleDrafter, d.Origin) {
		return cable.Errorf(cable.Forbidden, "%s is not a drafter at %s", u.Name, d.Origin)
	}
	if strings.TrimSpace(d.Text) == "" {
		return cable.Errorf(cable.Invalid, "the draft has no text")
	}
	d.Drafter, d.Version, d.State = u.Name, 1, ""
	if d.State, err = traffic.Step(d, cable.EventDrafted); err != nil {
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
	u, err := callerOf(ctx)
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
	var voided []string
	for _, c := range d.Clearances {
		if c.Cleared(d.Version) {
			voided = append(voided, c.Office)
		}
	}
	applyDraftUpdate(d, upd)
	if err := normalizeDraft(ctx, tx, d); err != nil {
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

// applyDraftUpdate applies upd to d. Every clearance is reset: an edit,
// of the text or of anything the clearing offices agreed to, voids them.
func applyDraftUpdate(d *cable.Draft, upd cable.DraftUpdate) {
	if upd.Text != nil {
		d.Text = *upd.Text
	}
	if upd.Addressees != nil {
		d.Addressees = *upd.Addressees
	}
	if upd.Actions != nil {
		d.Actions = *upd.Actions
	}
	if upd.Slug != nil {
		d.Slug = *upd.Slug
	}
	offices := make([]string, 0, len(d.Clearances))
	for _, c := range d.Clearances {
		offices = append(offices, c.Office)
	}
	if upd.Clearances != nil {
		offices = *upd.Clearances
	}
	d.Clearances = d.Clearances[:0]
	for _, o := range offices {
		d.Clearances = append(d.Clearances, cable.Clearance{Office: o})
	}
}

// ClearDraft records the clearance of office for the draft's current
// version. Clearing again what is cleared changes nothing.
func (t *Traffic) ClearDraft(ctx context.Context, id int64, office string) (*cable.Draft, error) {
	u, err := callerOf(ctx)
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
	office = traffic.Norm(office)
	i := slices.IndexFunc(d.Clearances, func(c cable.Clearance) bool { return c.Office == office })
	if i < 0 {
		var asked []string
		for _, c := range d.Clearances {
			asked = append(asked, c.Office)
		}
		return nil, cable.Errorf(cable.Invalid, "draft %d does not ask %s to clear it (it asks: %s)", id, office, strings.Join(asked, ", "))
	}
	if !traffic.HasRole(u, cable.RoleClearer, office) {
		return nil, cable.Errorf(cable.Forbidden, "%s is not a clearer at %s", u.Name, office)
	}
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
