package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// ReleaseDraft releases a draft: in one transaction it takes the post's
// next serial, the continuity and transmission numbers (package traffic
// plans them), archives the canonical telegram, records the cable's
// action requests and the offices replies are slugged for, closes the
// requests it answers, queues one delivery per addressee and notifies
// every process's dispatcher, which PostgreSQL does at the commit. A
// refusal rolls all of it back, so no number is used up, and is recorded
// as an event.
//
// The release holds the archive's import lock (importLock) from its
// start, as SQLite's single writer does: the cable's version and rowid
// are taken as in an import, and every release's locks are then taken in
// one order, so that releases in several processes never deadlock.
func (t *Traffic) ReleaseDraft(ctx context.Context, id int64) (*cable.Release, error) {
	u, err := traffic.Caller(ctx)
	if err != nil {
		return nil, err
	}
	var rel *cable.Release
	var refused *release
	var reasons []string
	err = t.inAuditedTx(ctx, func(tx pgx.Tx, record func(kind, id, detail string) error) error {
		d, sites, err := loadForRelease(ctx, tx, id)
		if err != nil {
			return err
		}
		d, post, err := readable(ctx, sites.find, u, d)
		if err != nil {
			return err
		}
		if !traffic.HasRole(u, cable.RoleReleaser, d.Origin, post.PLAD) {
			return cable.Errorf(cable.Forbidden, "%s is not a releaser at %s", u.Name, post.PLAD)
		}
		if _, err := traffic.Step(d, cable.EventRefused); err != nil { // a released draft is a Conflict
			return err
		}
		p := &release{t: t, Plan: traffic.Plan{Draft: d, Post: post, Now: t.Now().UTC(), By: u.Name, ReleaserPosts: u.Posts},
			reader: access.ReaderOf(u), find: sites.find}
		if reasons, err = p.Check(ctx, p.find, counters{tx}); err != nil {
			return err
		}
		if len(reasons) > 0 {
			refused = p
			return errRefused
		}
		if rel, err = p.commit(ctx, tx); err != nil {
			return err
		}
		return record(audit.KindRelease, rel.CableID, fmt.Sprintf("draft=%d", id))
	})
	if errors.Is(err, errRefused) {
		if e := addEvent(ctx, t.pool, refused.Refusal(reasons)); e != nil {
			t.Logger.Error("record refusal", "draft", id, "err", e)
		}
		return nil, &cable.ReleaseRefusedError{DraftID: id, Reasons: reasons}
	}
	if err != nil {
		if cable.KindOf(err) == cable.Internal {
			err = fmt.Errorf("release draft %d: %w", id, err)
		}
		return nil, err
	}
	t.notify() // this process's dispatcher need not wait for the notification
	return rel, nil
}

// errRefused rolls back a release that package traffic refused.
var errRefused = errors.New("release refused")

// release is one release in the making: the plan package traffic makes,
// and what the store needs to finish it.
type release struct {
	traffic.Plan
	t      *Traffic
	reader access.Reader // the releasing officer's access
	cited  []string      // the cables it cites that the releaser may know of
	find   traffic.FindSite
}
