package sqlite

import (
	"context"
	"fmt"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// ReleaseDraft releases a draft: in one transaction it takes the post's
// next serial, the continuity and transmission numbers, renders and
// archives the canonical telegram, records the cable's action requests
// and the offices replies are slugged for, closes the requests it answers,
// and queues one delivery per addressee (the outbox). A refusal rolls all
// of it back, so no number is used up, and is recorded as an event.
func (t *Traffic) ReleaseDraft(ctx context.Context, id int64) (*cable.Release, error) {
	u, err := traffic.Caller(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := t.beginAudited(ctx)
	if err != nil {
		return nil, fmt.Errorf("release draft %d: %w", id, err)
	}
	defer tx.Rollback()
	d, post, err := draftFor(ctx, tx.Tx, u, id)
	if err != nil {
		return nil, err
	}
	if !traffic.HasRole(u, cable.RoleReleaser, d.Origin, post.PLAD) {
		return nil, cable.Errorf(cable.Forbidden, "%s is not a releaser at %s", u.Name, post.PLAD)
	}
	if _, err := traffic.Step(d, cable.EventRefused); err != nil { // a released draft is a Conflict
		return nil, err
	}
	p := &release{t: t, Plan: traffic.Plan{Draft: d, Post: post, Now: t.Now().UTC(), By: u.Name, ReleaserPosts: u.Posts},
		reader: access.ReaderOf(u)}
	reasons, err := p.Check(ctx, finderIn(tx.Tx), counters{tx.Tx})
	if err != nil {
		return nil, err
	}
	if len(reasons) > 0 {
		tx.Rollback()
		return nil, t.refuse(ctx, p, reasons)
	}
	rel, err := p.commit(ctx, t.DB, tx.Tx)
	if err != nil {
		return nil, err
	}
	if err := tx.audit(audit.KindRelease, rel.CableID, fmt.Sprintf("draft=%d", id)); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("release draft %d: %w", id, err)
	}
	// The release stands: a change the index fails to apply stays
	// queued, and the next Open applies it.
	if err := t.ix.apply(ctx, p.job); err != nil {
		t.Logger.Error("index released cable", "cable", rel.CableID, "err", err)
	}
	t.notify()
	return rel, nil
}

// refuse records a refused release and returns the refusal.
func (t *Traffic) refuse(ctx context.Context, p *release, reasons []string) error {
	err := &cable.ReleaseRefusedError{DraftID: p.Draft.ID, Reasons: reasons}
	if e := addEvent(ctx, t.write, p.Refusal(reasons)); e != nil {
		t.Logger.Error("record refusal", "draft", p.Draft.ID, "err", e)
	}
	return err
}

// release is one release in the making: the plan package traffic makes,
// and what the store needs to finish it.
type release struct {
	traffic.Plan
	t      *Traffic
	reader access.Reader // the releasing officer's access
	cited  []string      // the cables it cites that the releaser may know of
	job    *indexJob     // the search index's change, applied after the commit
}

// finderIn looks sites up in x, for package traffic's rules.
func finderIn(x execer) traffic.FindSite {
	return func(ctx context.Context, name string) (*cable.Site, error) { return findSite(ctx, x, name) }
}

// counters are the release's counters in its transaction.
type counters struct{ x execer }

func (c counters) Next(ctx context.Context, name string) (int, error) {
	return nextCounter(ctx, c.x, name)
}

func (c counters) Archived(ctx context.Context, id string) (bool, error) {
	var n int
	err := c.x.QueryRowContext(ctx, `SELECT count(*) FROM cables WHERE id = ?`, id).Scan(&n)
	return n > 0, err
}
