package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// Drafts: created, edited and cleared, each in a transaction that reads
// the draft FOR UPDATE, so that two processes changing one draft take
// turns. The rules are package traffic's.

// CreateDraft stores a new draft.
func (t *Traffic) CreateDraft(ctx context.Context, d *cable.Draft) error {
	u, err := traffic.Caller(ctx)
	if err != nil {
		return err
	}
	return t.inTx(ctx, func(tx pgx.Tx) error {
		if err := traffic.NormalizeDraft(ctx, finderIn(tx), d); err != nil {
			return err
		}
		if err := traffic.NewDraft(u, d); err != nil {
			return err
		}
		now := t.Now().UTC()
		d.CreatedAt, d.UpdatedAt = now, now
		err := tx.QueryRow(ctx, `INSERT INTO drafts (origin, drafter, text, addressees, actions, slug, version, state, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`, d.Origin, d.Drafter, d.Text, jsonText(d.Addressees), jsonText(d.Actions),
			jsonText(d.Slug), d.Version, string(d.State), nanos(now), nanos(now)).Scan(&d.ID)
		if err != nil {
			return fmt.Errorf("create draft: %w", err)
		}
		if err := putClearances(ctx, tx, d); err != nil {
			return err
		}
		return addEvent(ctx, tx, cable.Event{At: now, Kind: cable.EventDrafted, DraftID: d.ID, Site: d.Origin, By: u.Name})
	})
}

// putClearances replaces the clearance rows of d with d.Clearances.
func putClearances(ctx context.Context, tx pgx.Tx, d *cable.Draft) error {
	if _, err := tx.Exec(ctx, `DELETE FROM clearances WHERE draft = $1`, d.ID); err != nil {
		return err
	}
	for _, c := range d.Clearances {
		if _, err := tx.Exec(ctx, `INSERT INTO clearances (draft, office, cleared_by, cleared_at, version) VALUES ($1, $2, $3, $4, $5)`,
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
	var d *cable.Draft
	err = t.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if d, _, err = draftFor(ctx, tx, u, id, true); err != nil {
			return err
		}
		if d.Drafter != u.Name {
			return cable.Errorf(cable.Forbidden, "only its drafter, %s, may edit draft %d", d.Drafter, id)
		}
		if _, err := traffic.Step(d, cable.EventEdited); err != nil {
			return err
		}
		now := t.Now().UTC()
		voided := traffic.ApplyDraftUpdate(d, upd)
		if err := traffic.NormalizeDraft(ctx, finderIn(tx), d); err != nil {
			return err
		}
		d.Version++
		d.UpdatedAt = now
		if d.State, err = traffic.Step(d, cable.EventEdited); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE drafts SET text=$1, addressees=$2, actions=$3, slug=$4, version=$5, state=$6, updated_at=$7 WHERE id=$8`,
			d.Text, jsonText(d.Addressees), jsonText(d.Actions), jsonText(d.Slug), d.Version, string(d.State), nanos(now), id)
		if err != nil {
			return fmt.Errorf("update draft %d: %w", id, err)
		}
		if err := putClearances(ctx, tx, d); err != nil {
			return err
		}
		events := []cable.Event{{At: now, Kind: cable.EventEdited, DraftID: id, Site: d.Origin, By: u.Name, Detail: fmt.Sprintf("version %d", d.Version)}}
		for _, o := range voided {
			events = append(events, cable.Event{At: now, Kind: cable.EventVoided, DraftID: id, Site: o, By: u.Name,
				Detail: fmt.Sprintf("version %d was edited", d.Version-1)})
		}
		return addEvents(ctx, tx, events)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

func addEvents(ctx context.Context, q querier, es []cable.Event) error {
	for _, e := range es {
		if err := addEvent(ctx, q, e); err != nil {
			return err
		}
	}
	return nil
}

// ClearDraft records the clearance of office for the draft's current
// version. Clearing again what is cleared changes nothing.
func (t *Traffic) ClearDraft(ctx context.Context, id int64, office string) (*cable.Draft, error) {
	u, err := traffic.Caller(ctx)
	if err != nil {
		return nil, err
	}
	var d *cable.Draft
	err = t.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if d, _, err = draftFor(ctx, tx, u, id, true); err != nil {
			return err
		}
		if _, err := traffic.Step(d, cable.EventCleared); err != nil {
			return err
		}
		i, err := traffic.ClearanceOf(d, u, office)
		if err != nil {
			return err
		}
		office := d.Clearances[i].Office
		if d.Clearances[i].Cleared(d.Version) {
			return nil
		}
		now := t.Now().UTC()
		d.Clearances[i] = cable.Clearance{Office: office, By: u.Name, At: now, Version: d.Version}
		if d.State, err = traffic.Step(d, cable.EventCleared); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE clearances SET cleared_by = $1, cleared_at = $2, version = $3 WHERE draft = $4 AND office = $5`,
			u.Name, nanos(now), d.Version, id, office); err != nil {
			return fmt.Errorf("clear draft %d: %w", id, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE drafts SET state = $1 WHERE id = $2`, string(d.State), id); err != nil {
			return fmt.Errorf("clear draft %d: %w", id, err)
		}
		return addEvent(ctx, tx, cable.Event{At: now, Kind: cable.EventCleared, DraftID: id, Site: office, By: u.Name,
			Detail: fmt.Sprintf("version %d", d.Version)})
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// loadDraft reads draft id with its clearances; lock reads it FOR UPDATE.
func loadDraft(ctx context.Context, q querier, id int64, lock bool) (*cable.Draft, error) {
	return scanDraft(q.QueryRow(ctx, draftSQL(lock), id), id)
}

// draftSQL selects draft $1 with its clearances, in their order, as a
// JSON array: one round trip (a release reads its draft in the batch that
// takes its locks, loadForRelease). lock reads the draft FOR UPDATE.
func draftSQL(lock bool) string {
	sql := `SELECT origin, drafter, text, addressees, actions, slug, version, state, cable_id, created_at, updated_at,
		(SELECT COALESCE(json_agg(json_build_object('office', c.office, 'by', c.cleared_by, 'at', c.cleared_at, 'version', c.version)
			ORDER BY c.seq), '[]') FROM clearances c WHERE c.draft = drafts.id)
		FROM drafts WHERE id = $1`
	if lock {
		sql += ` FOR UPDATE OF drafts`
	}
	return sql
}

// storedClearance is a clearance as draftSQL returns it.
type storedClearance struct {
	Office  string `json:"office"`
	By      string `json:"by"`
	At      int64  `json:"at"`
	Version int    `json:"version"`
}

// scanDraft reads draft id from the row of draftSQL.
func scanDraft(row pgx.Row, id int64) (*cable.Draft, error) {
	d := &cable.Draft{ID: id}
	var addressees, actions, slug, state string
	var clearances []byte
	var created, updated int64
	err := row.Scan(&d.Origin, &d.Drafter, &d.Text, &addressees, &actions, &slug, &d.Version, &state,
		&d.CableID, &created, &updated, &clearances)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, traffic.DraftNotFound(id)
	}
	if err != nil {
		return nil, fmt.Errorf("find draft %d: %w", id, err)
	}
	d.State, d.CreatedAt, d.UpdatedAt = cable.DraftState(state), fromNanos(created), fromNanos(updated)
	json.Unmarshal([]byte(addressees), &d.Addressees)
	json.Unmarshal([]byte(actions), &d.Actions)
	json.Unmarshal([]byte(slug), &d.Slug)
	var cs []storedClearance
	if err := json.Unmarshal(clearances, &cs); err != nil {
		return nil, fmt.Errorf("find draft %d: clearances: %w", id, err)
	}
	for _, c := range cs {
		d.Clearances = append(d.Clearances, cable.Clearance{Office: c.Office, By: c.By, At: fromNanos(c.At), Version: c.Version})
	}
	return d, nil
}

// draftFor loads draft id as u may see it: NotFound when u may not.
func draftFor(ctx context.Context, q querier, u *cable.User, id int64, lock bool) (*cable.Draft, *cable.Site, error) {
	d, err := loadDraft(ctx, q, id, lock)
	if err != nil {
		return nil, nil, err
	}
	return readable(ctx, finderIn(q), u, d)
}

// readable returns d and its origin's post when u may see d, else
// NotFound; find looks the origin up in the directory.
func readable(ctx context.Context, find traffic.FindSite, u *cable.User, d *cable.Draft) (*cable.Draft, *cable.Site, error) {
	origin, err := find(ctx, d.Origin)
	if err != nil {
		return nil, nil, err
	}
	post, err := traffic.PostOf(ctx, find, origin)
	if err != nil {
		return nil, nil, err
	}
	if !traffic.MayRead(u, d, post.PLAD) {
		return nil, nil, traffic.DraftNotFound(d.ID)
	}
	return d, post, nil
}

// FindDraftByID returns a draft the caller may see.
func (t *Traffic) FindDraftByID(ctx context.Context, id int64) (*cable.Draft, error) {
	u, err := traffic.Caller(ctx)
	if err != nil {
		return nil, err
	}
	d, _, err := draftFor(ctx, t.pool, u, id, false)
	return d, err
}

// FindDrafts lists the drafts the caller may see, newest first.
func (t *Traffic) FindDrafts(ctx context.Context, f cable.DraftFilter) ([]*cable.Draft, error) {
	u, err := traffic.Caller(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := t.pool.Query(ctx, `SELECT id FROM drafts WHERE ($1 = '' OR state = $1) ORDER BY id DESC`, string(f.State))
	if err != nil {
		return nil, fmt.Errorf("find drafts: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("find drafts: %w", err)
	}
	var out []*cable.Draft
	for _, id := range ids {
		d, _, err := draftFor(ctx, t.pool, u, id, false)
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
