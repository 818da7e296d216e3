package server

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// The reports page draws traffic's two reports as charts, server-rendered
// SVG with no script: speed of service, each precedence's distribution of
// release-to-inbox times with its objective marked (administrators only,
// as the store allows), and tasking, each post's action requests answered
// on time, late, open and overdue, the posts with the most overdue on
// top, above the open requests themselves. Every chart's numbers are also
// in a table, for screen readers and for copying (page_charts.go).

// reportsPage is the data of reports.html.
type reportsPage struct {
	layout
	// Speed is nil for a caller who may not measure it.
	Speed  []speedChart
	Since  string // the first day measured, YYYY-MM-DD
	Tasks  taskingChart
	Rows   []cable.TaskingRow
	Open   []*cable.Action
	Bounds []string // the Spread buckets' labels, as multiples
	// Insider is nil for a caller who is not a security officer. (The
	// layout's Alerts is the navigation's count of saved-search matches.)
	Insider *alertsReport
	// Range is the administrators' range form, nil for others.
	Range *reportRange
	Until string // the last day counted, YYYY-MM-DD
}

// reportWindow is how far back the reports look unless asked (the
// range form, page_report_range.go).
const reportWindow = 30 * 24 * time.Hour

// reportActions bounds the open action requests listed.
const reportActions = 200

// handleReportsPage shows the reports the caller may see.
func (s *Server) handleReportsPage(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	ctx := r.Context()
	data := reportsPage{layout: s.page(r, "reports")}
	status := http.StatusOK
	if u := caller(ctx); u != nil && u.Admin {
		rr := reportRangeOf(r.URL.Query(), s.Now())
		data.Range = &rr
		if rr.Invalid() {
			status = http.StatusBadRequest
		} else if err := s.adminReports(r, tr, &data, rr.since, rr.until); err != nil {
			return err
		}
	}
	rep, err := tr.Tasking(ctx, cable.ActionFilter{})
	if err != nil {
		return err
	}
	data.Rows = overdueOnTop(rep.Rows)
	data.Tasks = drawTasking(data.Rows)
	open, err := tr.FindActions(ctx, cable.ActionFilter{Open: true, Limit: reportActions})
	if err != nil {
		return err
	}
	slices.SortStableFunc(open, func(a, b *cable.Action) int { return overdueFirst(a) - overdueFirst(b) })
	seen := map[string]seenCable{}
	if data.Open, err = s.actionsAsSeen(r, open, seen); err != nil {
		return err
	}
	var marks []string
	for _, a := range data.Open {
		if sc := seen[a.CableID]; sc.v != nil {
			marks = append(marks, sc.v.Banner())
		}
	}
	data.PageBanner = rollUpBanners(marks)
	return s.render(w, status, "reports.html", data)
}

// adminReports fills in the reports only administrators may see, of the
// days in [since, until): speed of service, and the alerts and refused
// reads (page_report_alerts.go).
func (s *Server) adminReports(r *http.Request, tr cable.TrafficService, data *reportsPage, since, until time.Time) error {
	ctx := r.Context()
	sos, err := tr.SpeedOfService(ctx, since, until)
	if err != nil {
		return err
	}
	data.Since, data.Until = since.Format(time.DateOnly), until.AddDate(0, 0, -1).Format(time.DateOnly)
	for _, m := range sos {
		data.Speed = append(data.Speed, drawSpeed(m))
	}
	data.Insider, err = s.alertsIn(ctx, since, until)
	return err
}

// overdueOnTop orders tasking rows by overdue requests, most first, then
// open ones, then by post.
func overdueOnTop(rows []cable.TaskingRow) []cable.TaskingRow {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b cable.TaskingRow) int {
		if a.Overdue != b.Overdue {
			return b.Overdue - a.Overdue
		}
		if a.Open != b.Open {
			return b.Open - a.Open
		}
		return strings.Compare(a.Owner, b.Owner)
	})
	return out
}

// shortDuration writes d as a report does: 2m30s, 10m, 6h, 1h30m.
func shortDuration(d time.Duration) string {
	if d <= 0 {
		return "0"
	}
	d = d.Round(time.Second)
	s := d.String()
	for _, z := range []string{"m0s", "h0m"} {
		if strings.HasSuffix(s, z) {
			s = strings.TrimSuffix(s, z[1:])
		}
	}
	return s
}

// spreadLabels returns the labels of the Spread buckets of objective o:
// "≤2m30s" … "≤40m", ">40m".
func spreadLabels(o time.Duration) []string {
	var out []string
	for _, b := range traffic.SpreadBounds {
		out = append(out, "≤"+shortDuration(time.Duration(b*float64(o))))
	}
	last := traffic.SpreadBounds[len(traffic.SpreadBounds)-1]
	return append(out, ">"+shortDuration(time.Duration(last*float64(o))))
}

// percent writes n of total as a whole percentage, or "–" of nothing.
func percent(n, total int) string {
	if total == 0 {
		return "–"
	}
	return fmt.Sprintf("%d%%", (n*100+total/2)/total)
}
