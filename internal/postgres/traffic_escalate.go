package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// Escalation that reaches people (docs/operations.md), as the SQLite
// store does it: the dispatcher escalates a copy to the site's duty
// officers (EscalateUnacknowledged), then, still unacknowledged a second
// window later, to the post's management (EscalateSecond); package
// escalate alerts them with what EscalationRecipients and SubjectFor say,
// and audits each alert.

// EscalateSecond escalates, once, each copy escalated to the duty
// officers that is still unacknowledged timeout(precedence) after that (a
// zero timeout never escalates), records an event naming the management,
// and returns the copies. The conditional UPDATE decides between
// processes escalating together.
func (t *Traffic) EscalateSecond(ctx context.Context, timeout func(cable.Precedence) time.Duration) ([]*cable.Delivery, error) {
	now := t.Now().UTC()
	due, err := scanDeliveries(t.pool.Query(ctx, `SELECT `+deliveryCols+` FROM deliveries
		WHERE ack_required AND acked_at IS NULL AND escalated_at IS NOT NULL AND escalated2_at IS NULL ORDER BY escalated_at`))
	if err != nil {
		return nil, fmt.Errorf("escalate to management: %w", err)
	}
	var out []*cable.Delivery
	for _, d := range due {
		limit := timeout(d.Precedence)
		if limit <= 0 || now.Sub(d.EscalatedAt) < limit {
			continue
		}
		mgmt, err := t.EscalationRecipients(ctx, d.Site, 2)
		if err != nil {
			return nil, err
		}
		detail := fmt.Sprintf("%s copy still not acknowledged %s after the duty officers were alerted; management: %s",
			d.Precedence, limit, traffic.OrElse(strings.Join(userNames(mgmt), ", "), "none"))
		escalated := false
		err = t.inTx(ctx, func(tx pgx.Tx) error {
			tag, err := tx.Exec(ctx, `UPDATE deliveries SET escalated2_at = $1 WHERE id = $2 AND escalated2_at IS NULL AND acked_at IS NULL`,
				nanos(now), d.ID)
			if err != nil || tag.RowsAffected() == 0 {
				return err // acknowledged meanwhile, or escalated by another process
			}
			escalated = true
			return addEvent(ctx, tx, cable.Event{At: now, Kind: cable.EventEscalated, CableID: d.CableID, Site: d.Site,
				By: traffic.System, Detail: detail})
		})
		if err != nil {
			return nil, fmt.Errorf("escalate %d to management: %w", d.ID, err)
		}
		if escalated {
			d.Escalated2At = now
			out = append(out, d)
		}
	}
	return out, nil
}

// EscalationRecipients returns who an escalation of a copy for site
// alerts. Level 1: the site's duty officers. Level 2: the post's
// management, that is the releasers of the site's post (its parent, for
// an office), and the post's duty officers when the site is an office.
func (t *Traffic) EscalationRecipients(ctx context.Context, site string, level int) ([]*cable.User, error) {
	us, err := t.FindUsers(ctx, cable.UserFilter{})
	if err != nil {
		return nil, err
	}
	post := site
	if level >= 2 {
		if s, err := t.FindSite(ctx, site); err == nil && s.Parent != "" {
			post = s.Parent
		}
	}
	var out []*cable.User
	for _, u := range us {
		var yes bool
		switch {
		case level <= 1:
			yes = traffic.HasRole(u, cable.RoleDutyOfficer, site)
		default:
			yes = traffic.HasRole(u, cable.RoleReleaser, post) || (post != site && traffic.HasRole(u, cable.RoleDutyOfficer, post))
		}
		if yes {
			out = append(out, u)
		}
	}
	return out, nil
}

// SubjectFor returns the subject of cable id as reader u may see it (""
// when u may not see its subject line), and whether u may know of the
// cable at all. It is no read (the inbox shows as much), so it is neither
// audited nor counted.
func (t *Traffic) SubjectFor(ctx context.Context, u *cable.User, id string) (string, bool, error) {
	s := t.scopeOf(cable.NewContextWithUser(ctx, u))
	var subject string
	err := t.pool.QueryRow(ctx, `SELECT coalesce((SELECT sp.text FROM portions sp WHERE sp.cable = c.rowid AND sp.kind = 'subject' AND `+
		s.portionVisible("sp", "c")+` LIMIT 1), '') FROM cables c WHERE c.id = @id AND `+s.knows("c"), s.with(pgx.NamedArgs{"id": id})).Scan(&subject)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("subject of %s for %s: %w", id, u.Name, err)
	}
	return subject, true, nil
}

// AuditEscalation writes an escalation alert and its outcome to the audit
// log, as done by the system.
func (t *Traffic) AuditEscalation(ctx context.Context, kind, cableID, detail string) error {
	return t.audit(ctx, &scope{user: &cable.User{Name: traffic.System}}, kind, cableID, detail)
}

func userNames(us []*cable.User) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = u.Name
	}
	return out
}
