package traffic

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
)

// MarkOverdue reports an open request past the end of its due day as
// overdue; today is DueDay of the store's clock.
func MarkOverdue(a *cable.Action, today string) {
	if a.State == cable.ActionOpen && !a.Due.IsZero() && DueDay(a.Due) < today {
		a.State = cable.ActionOverdue
	}
}

// Tally reports, per owner, the requests answered on time and late, and
// those open and overdue, owners in order.
func Tally(as []*cable.Action) *cable.TaskingReport {
	rows := map[string]*cable.TaskingRow{}
	for _, a := range as {
		r := rows[a.Owner]
		if r == nil {
			r = &cable.TaskingRow{Owner: a.Owner}
			rows[a.Owner] = r
		}
		r.Total++
		if a.Due.IsZero() {
			r.Undated++
		}
		switch {
		case a.State == cable.ActionAnswered && a.OnTime():
			r.Answered++
			r.OnTime++
		case a.State == cable.ActionAnswered:
			r.Answered++
			r.Late++
		case a.State == cable.ActionOverdue:
			r.Overdue++
		default:
			r.Open++
		}
	}
	rep := &cable.TaskingReport{}
	for _, r := range rows {
		rep.Rows = append(rep.Rows, *r)
	}
	sort.Slice(rep.Rows, func(i, j int) bool { return rep.Rows[i].Owner < rep.Rows[j].Owner })
	return rep
}

// DueForEscalation reports whether delivered copy d, unacknowledged, has
// waited longer than timeout(its precedence) at now (a zero timeout never
// escalates), and the limit it passed.
func DueForEscalation(d *cable.Delivery, timeout func(cable.Precedence) time.Duration, now time.Time) (time.Duration, bool) {
	limit := timeout(d.Precedence)
	return limit, limit > 0 && now.Sub(d.DeliveredAt) >= limit
}

// DutyOfficers names the users of us who are duty officers at site.
func DutyOfficers(us []*cable.User, site string) []string {
	var out []string
	for _, u := range us {
		if HasRole(u, cable.RoleDutyOfficer, site) {
			out = append(out, u.Name)
		}
	}
	return out
}

// Escalation is the event of escalating copy d after limit, naming the
// duty officers it reaches.
func Escalation(d *cable.Delivery, limit time.Duration, officers []string, now time.Time) cable.Event {
	detail := fmt.Sprintf("%s copy not acknowledged within %s; duty officers: %s", d.Precedence, limit, OrElse(strings.Join(officers, ", "), "none"))
	return cable.Event{At: now, Kind: cable.EventEscalated, CableID: d.CableID, Site: d.Site, By: System, Detail: detail}
}

// DeliveredEvent is the step a delivered copy adds to its cable's
// events (deliveries are not events rows: see the events table).
func DeliveredEvent(d *cable.Delivery) *cable.Event {
	return &cable.Event{At: d.DeliveredAt, Kind: cable.EventDelivered, CableID: d.CableID, Site: d.Site, By: System,
		Detail: fmt.Sprintf("%s %s after %s", d.Role, d.Precedence, d.DeliveredAt.Sub(d.QueuedAt))}
}
