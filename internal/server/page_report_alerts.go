package server

import (
	"context"
	"fmt"
	"time"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
)

// The insider-threat part of the reports page (issue 17): the alerts
// raised for the security officers (bulk reads past the budget, search
// paging, locked logins) and the reads refused past the budget, a day,
// and the users most alerted about. Only administrators, who act as the
// security officers (docs/security.md), may count them; for anyone else
// the page is built without them, so that not a number of it is sent.

// alertTopUsers bounds the most alerted users listed.
const alertTopUsers = 10

// alertsReport is the data of the reports page's alerts section.
type alertsReport struct {
	Days     []alertDay // only the days with any, oldest first
	Alerts   int        // totals over the range
	Refused  int
	Users    []cable.AlertCount
	Chart    alertsChart
	UserBars taskingChart // the same horizontal bars as tasking
}

// alertDay is one day's counts.
type alertDay struct {
	Day             time.Time
	Alerts, Refused int
}

// alertsIn counts the alerts and refused reads of [since, until) for the
// caller, who must be an administrator (the store refuses anyone else).
func (s *Server) alertsIn(ctx context.Context, since, until time.Time) (*alertsReport, error) {
	counts, err := s.DB.CountAuditByDay(ctx, since, until, audit.KindAlert, audit.KindReadRefused)
	if err != nil {
		return nil, err
	}
	rep := &alertsReport{}
	for _, c := range counts { // by day, then kind
		if len(rep.Days) == 0 || !rep.Days[len(rep.Days)-1].Day.Equal(c.Day) {
			rep.Days = append(rep.Days, alertDay{Day: c.Day})
		}
		d := &rep.Days[len(rep.Days)-1]
		switch c.Kind {
		case audit.KindAlert:
			d.Alerts += c.N
			rep.Alerts += c.N
		case audit.KindReadRefused:
			d.Refused += c.N
			rep.Refused += c.N
		}
	}
	if rep.Users, err = s.DB.CountAlertsByUser(ctx, since, until, alertTopUsers); err != nil {
		return nil, err
	}
	rep.Chart = drawAlerts(rep.Days, since, until)
	rep.UserBars = drawUserAlerts(rep.Users)
	return rep, nil
}

// alertsChart is the alerts and refused reads a day, as pairs of bars.
type alertsChart struct {
	Bars          []bar
	Labels        []label
	AxisX, AxisY  int // where the axis starts, left, and its height
	Width, Height int
}

// Geometry of the alerts chart: a slot a day across plotW, its two bars
// side by side, up to alertBarH tall.
const (
	alertLeft  = 56
	alertPlotW = 640
	alertTop   = 16
	alertBarH  = 140
	alertAxisY = alertTop + alertBarH
)

// drawAlerts lays out days over [since, until): a slot each day, the
// alerts' bar (red) left of the refused reads' (orange), scaled to the
// fullest day, the scale's top on the left, the first and last days below.
func drawAlerts(days []alertDay, since, until time.Time) alertsChart {
	c := alertsChart{Width: alertLeft + alertPlotW + 16, Height: alertAxisY + 34, AxisX: alertLeft, AxisY: alertAxisY}
	n := max(1, int(until.Sub(since).Hours()/24+0.999))
	slot := float64(alertPlotW) / float64(n)
	most := 1
	for _, d := range days {
		most = max(most, d.Alerts, d.Refused)
	}
	barW := max(1, int(slot*0.4))
	for _, d := range days {
		i := int(d.Day.Sub(since.UTC().Truncate(24*time.Hour)).Hours() / 24)
		x := alertLeft + int(float64(i)*slot+slot*0.1)
		day := d.Day.Format(time.DateOnly)
		for j, v := range []struct {
			k           int
			class, what string
		}{{d.Alerts, "bar-overdue", "alerts"}, {d.Refused, "bar-missed", "refused reads"}} {
			if v.k == 0 {
				continue
			}
			h := max(2, v.k*alertBarH/most)
			c.Bars = append(c.Bars, bar{X: x + j*barW, Y: alertAxisY - h, W: barW, H: h, Class: v.class,
				Label: fmt.Sprintf("%s: %d %s", day, v.k, v.what)})
		}
	}
	c.Labels = append(c.Labels,
		label{X: alertLeft - 8, Y: alertTop + 14, Text: fmt.Sprint(most), Anchor: "end"},
		label{X: alertLeft - 8, Y: alertAxisY, Text: "0", Anchor: "end"},
		label{X: alertLeft, Y: alertAxisY + 26, Text: since.UTC().Format(time.DateOnly), Anchor: "start"},
		label{X: alertLeft + alertPlotW, Y: alertAxisY + 26, Text: until.UTC().Add(-time.Nanosecond).Format(time.DateOnly), Anchor: "end"})
	return c
}

// drawUserAlerts lays out a bar a user, most alerted on top, scaled to
// the first, the user's name left of the bar and the count at its end:
// the tasking chart's geometry.
func drawUserAlerts(users []cable.AlertCount) taskingChart {
	c := taskingChart{Width: taskLeft + taskBarW + taskRight, Height: taskTop*2 + max(1, len(users))*taskRowH}
	most := 1
	for _, u := range users {
		most = max(most, u.N)
	}
	for i, u := range users {
		y := taskTop + i*taskRowH
		w := max(2, u.N*taskBarW/most)
		c.Bars = append(c.Bars, bar{X: taskLeft, Y: y, W: w, H: taskBarH, Class: "bar-overdue", Label: fmt.Sprintf("%s: %d alerts", u.User, u.N)})
		c.Labels = append(c.Labels, label{X: taskLeft - 8, Y: y + taskBarH - 6, Text: u.User, Anchor: "end"},
			label{X: taskLeft + w + 6, Y: y + taskBarH - 6, Text: fmt.Sprint(u.N), Anchor: "start"})
	}
	return c
}
