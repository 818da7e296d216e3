package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

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
// traffic.CanSeeDraft names, and, unless they wrote it, be cleared for
// everything its text holds (the roll-up of its banner and portions,
// NOFORN included for foreign readers; a NODIS or EXDIS caption needs the
// read-in). A draft whose banner cannot be read yet (no classification
// line) is judged by its portion marks alone: it is unfinished, the
// clearing offices and releasers must be able to see what to fix, and
// release refuses it anyway.
func mayRead(u *cable.User, d *cable.Draft, originPost string) bool {
	if !traffic.CanSeeDraft(u, d, originPost) {
		return false
	}
	if u.Name == d.Drafter {
		return true
	}
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
		if m, err := marking.ParseMark(mk); mk != "" && err == nil {
			all = append(all, m)
		}
	}
	r := access.ReaderOf(u)
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
