package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
	"github.com/cable/cable/internal/traffic"
)

// Inbox lists the copies delivered to the caller's sites, of cables the
// caller may know of: first the FLASH and NIACT copies still awaiting an
// acknowledgement (escalated ones first), then in the order f.Sort names:
// by default unread copies, then by precedence, newest first. The subject
// and classification are given only when the caller may see them.
func (t *Traffic) Inbox(ctx context.Context, f cable.InboxFilter) ([]*cable.InboxItem, error) {
	u, err := traffic.Caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := f.Check(); err != nil {
		return nil, err
	}
	sites, err := traffic.InboxSites(u, f.Site)
	if err != nil || len(sites) == 0 {
		return nil, err
	}
	s := t.scopeOf(ctx)
	q := `SELECT * FROM (SELECT ` + prefixed("d", deliveryCols) + `,
		coalesce((SELECT sp.text FROM portions sp WHERE sp.cable = c.rowid AND sp.kind = 'subject' AND ` + s.portionVisible("sp", "c") + ` LIMIT 1), ''),
		CASE WHEN ` + s.bannerVisible("c") + ` THEN c.classification ELSE '' END AS cls, c.b_level, c.b_noforn, c.b_rel, c.declassified,
		c.origin, c.dtg,
		EXISTS (SELECT 1 FROM reads r WHERE r.delivery = d.id AND r.user_name = @user) AS seen
		FROM deliveries d JOIN cables c ON c.id = d.cable
		WHERE d.state = 'delivered' AND d.site = ANY(@sites) AND ` + s.knows("c") + `) x WHERE true`
	if f.Unread {
		q += ` AND NOT seen`
	}
	if f.Unacked {
		q += ` AND ack_required AND acked_at IS NULL`
	}
	args := pgx.NamedArgs{"user": u.Name, "sites": sites}
	if f.CableID != "" {
		q += ` AND cable = @cable`
		args["cable"] = f.CableID
	}
	q += inboxWhere(f, args) + ` ORDER BY ` + inboxOrder(f.Sort)
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	q += ` LIMIT ` + strconv.Itoa(limit) + ` OFFSET ` + strconv.Itoa(max(f.Offset, 0))
	rows, err := t.pool.Query(ctx, q, s.with(args))
	if err != nil {
		return nil, fmt.Errorf("inbox: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*cable.InboxItem, error) {
		var it cable.InboxItem
		var dtg, declassified *time.Time
		var cols access.Columns
		d, err := scanDelivery(r, &it.Subject, &it.Classification, &cols.Level, &cols.NoForn, &cols.Rel, &declassified,
			&it.Origin, &dtg, &it.Read)
		if err != nil {
			return nil, err
		}
		it.Delivery = *d
		if it.Classification != "" {
			var decl time.Time
			if declassified != nil {
				decl = declassified.UTC()
			}
			it.Classification = access.ListBanner(it.Classification, cols, decl, t.Now())
			if !decl.IsZero() && !decl.After(t.Now()) {
				it.Declassified = decl
			}
		}
		if dtg != nil {
			it.DTG = dtg.UTC()
		}
		return &it, nil
	})
	if err != nil {
		return nil, fmt.Errorf("inbox: %w", err)
	}
	return out, nil
}

// prefixed qualifies each of a list of columns with table alias a.
func prefixed(a, cols string) string {
	return a + "." + strings.ReplaceAll(cols, ", ", ", "+a+".")
}

// copiesFor returns the delivered copies of cable id at the caller's sites
// (or at site), NotFound when there is none the caller may know of.
func (t *Traffic) copiesFor(ctx context.Context, u *cable.User, id, site string) ([]*cable.Delivery, error) {
	sites, err := traffic.InboxSites(u, site)
	if err != nil {
		return nil, err
	}
	if len(sites) == 0 || !isText(id) {
		return nil, traffic.NoCopy(id, site)
	}
	s := t.scopeOf(ctx)
	rows, err := t.pool.Query(ctx, `SELECT `+prefixed("d", deliveryCols)+` FROM deliveries d JOIN cables c ON c.id = d.cable
		WHERE d.cable = @id AND d.state = 'delivered' AND d.site = ANY(@sites) AND `+s.knows("c")+` ORDER BY d.id`,
		s.with(pgx.NamedArgs{"id": id, "sites": sites}))
	ds, err := scanDeliveries(rows, err)
	if err != nil {
		return nil, fmt.Errorf("find copies of %s: %w", id, err)
	}
	if len(ds) == 0 {
		return nil, traffic.NoCopy(id, site)
	}
	return ds, nil
}

// MarkRead records that the caller read cable id's copies at their sites.
func (t *Traffic) MarkRead(ctx context.Context, id string) error {
	u, err := traffic.Caller(ctx)
	if err != nil {
		return err
	}
	ds, err := t.copiesFor(ctx, u, id, "")
	if err != nil {
		return err
	}
	now := t.Now().UTC()
	return t.inTx(ctx, func(tx pgx.Tx) error {
		for _, d := range ds {
			tag, err := tx.Exec(ctx, `INSERT INTO reads (delivery, user_name, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, d.ID, u.Name, nanos(now))
			if err != nil {
				return fmt.Errorf("mark %s read: %w", id, err)
			}
			if tag.RowsAffected() > 0 {
				if err := addEvent(ctx, tx, cable.Event{At: now, Kind: cable.EventRead, CableID: id, Site: d.Site, By: u.Name}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Acknowledge records the caller's acknowledgement of cable id's copies
// at their sites (or at site), and marks them read. A copy acknowledged
// before keeps its first acknowledgement.
func (t *Traffic) Acknowledge(ctx context.Context, id, site string) ([]*cable.Delivery, error) {
	u, err := traffic.Caller(ctx)
	if err != nil {
		return nil, err
	}
	ds, err := t.copiesFor(ctx, u, id, site)
	if err != nil {
		return nil, err
	}
	now := t.Now().UTC()
	err = t.inTx(ctx, func(tx pgx.Tx) error {
		for _, d := range ds {
			tag, err := tx.Exec(ctx, `UPDATE deliveries SET acked_by = $1, acked_at = $2 WHERE id = $3 AND acked_at IS NULL`, u.Name, nanos(now), d.ID)
			if err != nil {
				return fmt.Errorf("acknowledge %s: %w", id, err)
			}
			if tag.RowsAffected() > 0 {
				d.AckedBy, d.AckedAt = u.Name, now
				// A copy received from another site owes its origin an
				// acknowledged receipt now.
				if _, err := tx.Exec(ctx, `UPDATE relay_inbound SET acked_sent = false WHERE delivery = $1`, d.ID); err != nil {
					return fmt.Errorf("acknowledge %s: %w", id, err)
				}
				if err := addEvent(ctx, tx, cable.Event{At: now, Kind: cable.EventAcknowledged, CableID: id, Site: d.Site, By: u.Name,
					Detail: d.Precedence.String()}); err != nil {
					return err
				}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO reads (delivery, user_name, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
				d.ID, u.Name, nanos(now)); err != nil {
				return fmt.Errorf("acknowledge %s: %w", id, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ds, nil
}

// FindEvents lists the steps of a draft (with those of the cable it was
// released as) or of a cable, oldest first: the recorded events, and the
// delivery of each copy from the outbox.
func (t *Traffic) FindEvents(ctx context.Context, draftID int64, cableID string) ([]*cable.Event, error) {
	u, err := traffic.Caller(ctx)
	if err != nil {
		return nil, err
	}
	if draftID != 0 {
		d, _, err := draftFor(ctx, t.pool, u, draftID, false)
		if err != nil {
			return nil, err
		}
		cableID = d.CableID
	}
	if cableID != "" {
		if _, err := t.knownCable(ctx, cableID); err != nil {
			if draftID == 0 {
				return nil, err
			}
			cableID = "" // the draft's steps, not its cable's
		}
	}
	rows, err := t.pool.Query(ctx, `SELECT id, at, kind, draft, cable, site, actor, detail FROM events
		WHERE ($1 <> 0 AND draft = $1) OR ($2 <> '' AND cable = $2) ORDER BY at, id`, draftID, cableID)
	if err != nil {
		return nil, fmt.Errorf("find events: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*cable.Event, error) {
		var e cable.Event
		var at int64
		var kind string
		err := r.Scan(&e.ID, &at, &kind, &e.DraftID, &e.CableID, &e.Site, &e.By, &e.Detail)
		e.At, e.Kind = fromNanos(at), cable.EventKind(kind)
		return &e, err
	})
	if err != nil || cableID == "" {
		return out, err
	}
	if out, err = t.answeredShown(ctx, cableID, out); err != nil {
		return nil, err
	}
	ds, err := scanDeliveries(t.pool.Query(ctx, `SELECT `+deliveryCols+` FROM deliveries WHERE cable = $1 ORDER BY id`, cableID))
	if err != nil {
		return nil, fmt.Errorf("find events: %w", err)
	}
	for _, d := range ds {
		if !d.DeliveredAt.IsZero() {
			out = append(out, traffic.DeliveredEvent(d))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// FindDeliveries lists the copies of a cable the caller may know of, for
// an administrator or a member of its origin.
func (t *Traffic) FindDeliveries(ctx context.Context, id string) ([]*cable.Delivery, error) {
	u, err := traffic.Caller(ctx)
	if err != nil {
		return nil, err
	}
	row, err := t.knownCable(ctx, id)
	if err != nil {
		return nil, err
	}
	if !u.Admin {
		origins, err := scanStrings(t.pool.Query(ctx, `SELECT d.origin FROM drafts d WHERE d.cable_id = $1
			UNION SELECT plad FROM parties WHERE cable = $2 AND role = 'origin'`, id, row))
		if err != nil {
			return nil, fmt.Errorf("find deliveries of %s: %w", id, err)
		}
		if !slices.ContainsFunc(origins, func(o string) bool { return traffic.IsMember(u, o) }) {
			return nil, cable.Errorf(cable.Forbidden, "only members of the origin of %s may follow its deliveries", id)
		}
	}
	ds, err := scanDeliveries(t.pool.Query(ctx, `SELECT `+deliveryCols+` FROM deliveries WHERE cable = $1 ORDER BY id`, id))
	if err != nil {
		return nil, fmt.Errorf("find deliveries of %s: %w", id, err)
	}
	return ds, nil
}

// knownCable returns the rowid of cable id when the caller may know of it.
func (t *Traffic) knownCable(ctx context.Context, id string) (int64, error) {
	if !isText(id) {
		return 0, notFound(id)
	}
	s := t.scopeOf(ctx)
	var row int64
	err := t.pool.QueryRow(ctx, `SELECT c.rowid FROM cables c WHERE c.id = @id AND `+s.knows("c"), s.with(pgx.NamedArgs{"id": id})).Scan(&row)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, notFound(id)
	}
	return row, err
}

// DistributionOf returns the distribution of a cable the caller may know
// of, as the archive holds it: its origin, addressees and slugged
// offices, and its captions. Views of a released cable must use it rather
// than access.DistributionOf of the text, which knows nothing of slugs.
func (t *Traffic) DistributionOf(ctx context.Context, id string) (access.Distribution, error) {
	row, err := t.knownCable(ctx, id)
	if err != nil {
		return access.Distribution{}, err
	}
	d, err := storedDistribution(ctx, t.pool, row)
	if err != nil {
		return d, fmt.Errorf("distribution of %s: %w", id, err)
	}
	return d, nil
}

// storedDistribution returns the distribution the archive holds for the
// cable at row, through q (a transaction or the pool).
func storedDistribution(ctx context.Context, q querier, row int64) (access.Distribution, error) {
	var d access.Distribution
	rows, err := q.Query(ctx, `SELECT plad, role FROM parties WHERE cable = $1 ORDER BY role, plad`, row)
	if err != nil {
		return d, err
	}
	var plad, role string
	_, err = pgx.ForEachRow(rows, []any{&plad, &role}, func() error {
		switch role {
		case "origin":
			d.Origin = plad
		case "slug":
			d.Slugged = append(d.Slugged, plad)
		default:
			d.Addressees = append(d.Addressees, plad)
		}
		return nil
	})
	if err != nil {
		return d, err
	}
	words, err := scanStrings(q.Query(ctx, `SELECT caption FROM captions WHERE cable = $1`, row))
	if err != nil {
		return d, err
	}
	for _, w := range words {
		if cp, err := marking.ParseCaption(w); err == nil {
			d.Captions = append(d.Captions, cp)
		}
	}
	return d, nil
}

// viewOf returns reader r's view at now of cable id's current version,
// read through q, with the archive's distribution and the reviewers'
// decisions: the view reads give, which traffic decides what to tell
// with (traffic.HeldView).
func viewOf(ctx context.Context, q querier, r access.Reader, id string, now time.Time) (*traffic.HeldView, error) {
	var row int64
	var raw []byte
	var hash string
	err := q.QueryRow(ctx, `SELECT c.rowid, v.raw, v.sha256 FROM cables c JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version
		WHERE c.id = $1`, id).Scan(&row, &raw, &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return traffic.NewHeldView(r, nil, access.Distribution{}, now), nil
	}
	if err != nil {
		return nil, err
	}
	d, err := storedDistribution(ctx, q, row)
	if err != nil {
		return nil, err
	}
	c := cabletext.Parse(raw)
	if c.Reviews, err = reviewsOf(ctx, q, id, hash); err != nil {
		return nil, err
	}
	return traffic.NewHeldView(r, c, d, now), nil
}

// answeredShown returns the events of cable id with its "answered"
// events as the caller may know of them (traffic.ShownAnswered).
func (t *Traffic) answeredShown(ctx context.Context, id string, es []*cable.Event) ([]*cable.Event, error) {
	var actions map[int64]bool
	visible := func(action int64) bool { return actions[action] }
	knows := func(reply string) (bool, error) {
		_, err := t.knownCable(ctx, reply)
		if cable.KindOf(err) == cable.NotFound {
			return false, nil
		}
		return err == nil, err
	}
	out := es[:0]
	for _, e := range es {
		if e.Kind != cable.EventAnswered {
			out = append(out, e)
			continue
		}
		if actions == nil {
			as, err := t.FindActions(ctx, cable.ActionFilter{CableID: id})
			if err != nil {
				return nil, err
			}
			actions = map[int64]bool{}
			for _, a := range as {
				actions[a.ID] = true
			}
		}
		shown, err := traffic.ShownAnswered(e, visible, knows)
		if err != nil {
			return nil, err
		}
		if shown != nil {
			out = append(out, shown)
		}
	}
	return out, nil
}
