package server

import (
	"net/url"
	"strings"
	"time"
)

// The reports page's range: the days from since to until, both included,
// that speed of service and the alerts count (administrators only). The
// form keeps what was typed, and a bad day is a message beside its field
// with the page answering 400, as the API does for the same parameters
// (GET /api/v1/speed-of-service?since=&until=).

// reportMaxDays bounds a range: a year of days is still a readable chart.
const reportMaxDays = 366

// reportRange is the range form's state.
type reportRange struct {
	Since, Until       string // as typed, or the defaults
	SinceErr, UntilErr string // what is wrong with each, or ""
	since, until       time.Time
}

// Invalid reports whether either field is wrong.
func (rr reportRange) Invalid() bool { return rr.SinceErr != "" || rr.UntilErr != "" }

// reportRangeOf reads since and until from v. Absent, until is today and
// since the day reportWindow before it; the range it returns ends at
// the midnight after until.
func reportRangeOf(v url.Values, now time.Time) reportRange {
	today := now.UTC().Truncate(24 * time.Hour)
	rr := reportRange{Since: strings.TrimSpace(v.Get("since")), Until: strings.TrimSpace(v.Get("until"))}
	rr.until, rr.UntilErr = parseDay(rr.Until, today)
	rr.since, rr.SinceErr = parseDay(rr.Since, today.Add(-reportWindow))
	if rr.Since == "" {
		rr.Since = rr.since.Format(time.DateOnly)
	}
	if rr.Until == "" {
		rr.Until = rr.until.Format(time.DateOnly)
	}
	switch {
	case rr.Invalid():
	case rr.until.Before(rr.since):
		rr.UntilErr = "The last day is before the first: choose " + rr.Since + " or later."
	case rr.until.Sub(rr.since) >= reportMaxDays*24*time.Hour:
		rr.UntilErr = "At most a year (366 days) at a time: choose a day before " + rr.since.AddDate(0, 0, reportMaxDays).Format(time.DateOnly) + "."
	}
	rr.until = rr.until.AddDate(0, 0, 1)
	return rr
}

// parseDay reads a day YYYY-MM-DD, or returns def for "".
func parseDay(s string, def time.Time) (time.Time, string) {
	if s == "" {
		return def, ""
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return def, "“" + s + "” is not a day: write it YYYY-MM-DD, as 2007-11-22."
	}
	return t, ""
}
