package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
	"github.com/cable/cable/internal/traffic"
)

// inboxSites returns the sites whose copies the caller's inbox shows
// (traffic.InboxSites), as SQL literals.
func inboxSites(u *cable.User, site string) ([]string, error) {
	sites, err := traffic.InboxSites(u, site)
	if err != nil {
		return nil, err
	}
	lits := make([]string, len(sites))
	for i, s := range sites {
		lits[i] = "'" + sqlQuote(s) + "'"
	}
	return lits, nil
}

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
	sites, err := inboxSites(u, f.Site)
	if err != nil || len(sites) == 0 {
		return nil, err
	}
	s := t.scopeOf(ctx)
	q := `SELECT d.` + strings.ReplaceAll(deliveryCols, ", ", ", d.") + `,
		coalesce((SELECT sp.text FROM portions sp WHERE sp.cable = c.rowid AND sp.kind = 'subject' AND ` + s.portionVisible("sp", "c") + `), ''),
		CASE WHEN ` + s.bannerVisible("c") + ` THEN c.classification ELSE '' END, c.b_level, c.b_noforn, c.b_rel, coalesce(c.declassified, ''),
		c.origin, coalesce(c.dtg, 0),
		EXISTS (SELECT 1 FROM reads r WHERE r.delivery = d.id AND r.user = :user) AS seen
		FROM deliveries d JOIN cables c ON c.id = d.cable
		WHERE d.state = 'delivered' AND d.site IN (` + strings.Join(sites, ",") + `) AND ` + s.knows("c")
	if f.Unread {
		q += ` AND NOT seen`
	}
	if f.Unacked {
		q += ` AND d.ack_required = 1 AND d.acked_at IS NULL`
	}
	args := append(s.args, sql.Named("user", u.Name))
	if f.CableID != "" {
		q += ` AND d.cable = :cable`
		args = append(args, sql.Named("cable", f.CableID))
	}
	where, more := inboxWhere(f)
	q += where + ` ORDER BY ` + inboxOrder(f.Sort)
	args = append(args, more...)
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	q += ` LIMIT ` + strconv.Itoa(limit) + ` OFFSET ` + strconv.Itoa(max(f.Offset, 0))
	rows, err := t.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("inbox: %w", err)
	}
	defer rows.Close()
	var out []*cable.InboxItem
	for rows.Next() {
		var it cable.InboxItem
		var dtg int64
		var cols access.Columns
		var declassified string
		d, err := scanDelivery(rows, &it.Subject, &it.Classification, &cols.Level, &cols.NoForn, &cols.Rel, &declassified,
			&it.Origin, &dtg, &it.Read)
		if err != nil {
			return nil, fmt.Errorf("inbox: %w", err)
		}
		it.Delivery = *d
		if it.Classification != "" {
			decl, _ := time.Parse(time.DateOnly, declassified)
			it.Classification = access.ListBanner(it.Classification, cols, decl, t.Now())
			if it.Classification != "" && !decl.IsZero() && !decl.After(t.Now()) {
				it.Declassified = decl
			}
		}
		if dtg != 0 {
			it.DTG = fromNanos(dtg * 1e9)
		}
		out = append(out, &it)
	}
	return out, rows.Err()
}

// copiesFor returns the delivered copies of cable id at the caller's sites
// (or at site), NotFound when there is none the caller may know of.
func (t *Traffic) copiesFor(ctx context.Context, x execer, u *cable.User, id, site string) ([]*cable.Delivery, error) {
	sites, err := inboxSites(u, site)
	if err != nil {
		return nil, err
	}
	notFound := traffic.NoCopy(id, site)
	if len(sites) == 0 {
		return nil, notFound
	}
	s := t.scopeOf(ctx)
	rows, err := x.QueryContext(ctx, `SELECT d.`+strings.ReplaceAll(deliveryCols, ", ", ", d.")+` FROM deliveries d JOIN cables c ON c.id = d.cable
		WHERE d.cable = :id AND d.state = 'delivered' AND d.site IN (`+strings.Join(sites, ",")+`) AND `+s.knows("c")+` ORDER BY d.id`,
		append(s.args, sql.Named("id", id))...)
	if err != nil {
		return nil, fmt.Errorf("find copies of %s: %w", id, err)
	}
	ds, err := scanDeliveries(rows)
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 {
		return nil, notFound
	}
	return ds, nil
}

// MarkRead records that the caller read cable id's copies at their sites.
func (t *Traffic) MarkRead(ctx context.Context, id string) error {
	u, err := traffic.Caller(ctx)
	if err != nil {
		return err
	}
	ds, err := t.copiesFor(ctx, t.read, u, id, "")
	if err != nil {
		return err
	}
	now := t.Now().UTC()
	for _, d := range ds {
		res, err := t.write.ExecContext(ctx, `INSERT OR IGNORE INTO reads (delivery, user, at) VALUES (?, ?, ?)`, d.ID, u.Name, nanos(now))
		if err != nil {
			return fmt.Errorf("mark %s read: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if err := addEvent(ctx, t.write, cable.Event{At: now, Kind: cable.EventRead, CableID: id, Site: d.Site, By: u.Name}); err != nil {
				return err
			}
		}
	}
	return nil
}

// Acknowledge records the caller's acknowledgement of cable id's copies
// at their sites (or at site), and marks them read. The caller must be a
// member of the addressee, which copiesFor ensures. A copy acknowledged
// before keeps its first acknowledgement.
func (t *Traffic) Acknowledge(ctx context.Context, id, site string) ([]*cable.Delivery, error) {
	u, err := traffic.Caller(ctx)
	if err != nil {
		return nil, err
	}
	ds, err := t.copiesFor(ctx, t.read, u, id, site)
	if err != nil {
		return nil, err
	}
	now := t.Now().UTC()
	tx, err := t.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("acknowledge %s: %w", id, err)
	}
	defer tx.Rollback()
	for _, d := range ds {
		res, err := tx.ExecContext(ctx, `UPDATE deliveries SET acked_by = ?, acked_at = ? WHERE id = ? AND acked_at IS NULL`, u.Name, nanos(now), d.ID)
		if err != nil {
			return nil, fmt.Errorf("acknowledge %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			d.AckedBy, d.AckedAt = u.Name, now
			// A copy received from another site owes its origin an
			// acknowledged receipt now (traffic_net_owed.go).
			if _, err := tx.ExecContext(ctx, `UPDATE relay_inbound SET acked_sent = 0 WHERE delivery = ?`, d.ID); err != nil {
				return nil, fmt.Errorf("acknowledge %s: %w", id, err)
			}
			if err := addEvent(ctx, tx, cable.Event{At: now, Kind: cable.EventAcknowledged, CableID: id, Site: d.Site, By: u.Name,
				Detail: d.Precedence.String()}); err != nil {
				return nil, err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO reads (delivery, user, at) VALUES (?, ?, ?)`, d.ID, u.Name, nanos(now)); err != nil {
			return nil, fmt.Errorf("acknowledge %s: %w", id, err)
		}
	}
	return ds, tx.Commit()
}

// FindEvents lists the steps of a draft (with those of the cable it was
// released as) or of a cable, oldest first: the recorded events, and the
// transmission and delivery of each copy from the outbox.
func (t *Traffic) FindEvents(ctx context.Context, draftID int64, cableID string) ([]*cable.Event, error) {
	u, err := traffic.Caller(ctx)
	if err != nil {
		return nil, err
	}
	if draftID != 0 {
		d, _, err := draftFor(ctx, t.read, u, draftID)
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
	rows, err := t.read.QueryContext(ctx, `SELECT id, at, kind, draft, cable, site, actor, detail FROM events
		WHERE (? <> 0 AND draft = ?) OR (? <> '' AND cable = ?) ORDER BY at, id`, draftID, draftID, cableID, cableID)
	if err != nil {
		return nil, fmt.Errorf("find events: %w", err)
	}
	out, err := scanEvents(rows)
	if err != nil {
		return nil, err
	}
	if cableID == "" {
		return out, nil
	}
	if out, err = t.answeredShown(ctx, cableID, out); err != nil {
		return nil, err
	}
	drows, err := t.read.QueryContext(ctx, `SELECT `+deliveryCols+` FROM deliveries WHERE cable = ? ORDER BY id`, cableID)
	if err != nil {
		return nil, fmt.Errorf("find events: %w", err)
	}
	ds, err := scanDeliveries(drows)
	if err != nil {
		return nil, err
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
		rows, err := t.read.QueryContext(ctx, `SELECT d.origin FROM drafts d WHERE d.cable_id = ?
			UNION SELECT plad FROM parties WHERE cable = ? AND role = 'origin'`, id, row)
		if err != nil {
			return nil, fmt.Errorf("find deliveries of %s: %w", id, err)
		}
		origins, err := scanStrings(rows)
		if err != nil {
			return nil, fmt.Errorf("find deliveries of %s: %w", id, err)
		}
		if !slices.ContainsFunc(origins, func(o string) bool { return traffic.IsMember(u, o) }) {
			return nil, cable.Errorf(cable.Forbidden, "only members of the origin of %s may follow its deliveries", id)
		}
	}
	rows, err := t.read.QueryContext(ctx, `SELECT `+deliveryCols+` FROM deliveries WHERE cable = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("find deliveries of %s: %w", id, err)
	}
	return scanDeliveries(rows)
}

// knownCable returns the rowid of cable id when the caller may know of it.
func (t *Traffic) knownCable(ctx context.Context, id string) (int64, error) {
	s := t.scopeOf(ctx)
	var row int64
	err := t.read.QueryRowContext(ctx, `SELECT c.rowid FROM cables c WHERE c.id = :id AND `+s.knows("c"),
		append(s.args, sql.Named("id", id))...).Scan(&row)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFound(id)
	}
	return row, err
}

func scanEvents(rows *sql.Rows) ([]*cable.Event, error) {
	defer rows.Close()
	var out []*cable.Event
	for rows.Next() {
		var e cable.Event
		var at int64
		var kind string
		if err := rows.Scan(&e.ID, &at, &kind, &e.DraftID, &e.CableID, &e.Site, &e.By, &e.Detail); err != nil {
			return nil, err
		}
		e.At, e.Kind = fromNanos(at), cable.EventKind(kind)
		out = append(out, &e)
	}
	return out, rows.Err()
}

// DistributionOf returns the distribution of a cable the caller may know
// of, as the archive holds it: its origin, addressees and slugged offices
// (the drafting and clearing offices and the sites that got copies
// without a header line of their own), and its captions. Views of a
// released cable must use it rather than access.DistributionOf of the
// text, which knows nothing of slugs.
func (t *Traffic) DistributionOf(ctx context.Context, id string) (access.Distribution, error) {
	row, err := t.knownCable(ctx, id)
	if err != nil {
		return access.Distribution{}, err
	}
	d, err := storedDistribution(ctx, t.read, row)
	if err != nil {
		return d, fmt.Errorf("distribution of %s: %w", id, err)
	}
	return d, nil
}

// storedDistribution returns the distribution the archive holds for the
// cable at row, through x (a transaction or the readers).
func storedDistribution(ctx context.Context, x execer, row int64) (access.Distribution, error) {
	var d access.Distribution
	rows, err := x.QueryContext(ctx, `SELECT plad, role FROM parties WHERE cable = ? ORDER BY role, plad`, row)
	if err != nil {
		return d, err
	}
	defer rows.Close()
	for rows.Next() {
		var plad, role string
		if err := rows.Scan(&plad, &role); err != nil {
			return d, err
		}
		switch role {
		case "origin":
			d.Origin = plad
		case "slug":
			d.Slugged = append(d.Slugged, plad)
		default:
			d.Addressees = append(d.Addressees, plad)
		}
	}
	if err := rows.Err(); err != nil {
		return d, err
	}
	caps, err := x.QueryContext(ctx, `SELECT caption FROM captions WHERE cable = ?`, row)
	if err != nil {
		return d, err
	}
	words, err := scanStrings(caps)
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

// answeredShown returns the events of cable id with its "answered"
// events as the caller may know of them: the event of an action they may
// not know of is dropped, and the reply that answered one is named only
// when they may know of the reply.
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
