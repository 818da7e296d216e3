package cable

import "time"

// AuditDay counts one day's audit entries of one kind: what the
// insider-threat report draws (alerts and refused reads a day).
type AuditDay struct {
	Day  time.Time // midnight UTC
	Kind string    // the entries' kind: alert, read-refused…
	N    int
}

// AlertCount is how many alerts were raised about one user in a period,
// and the newest of them.
type AlertCount struct {
	User string
	N    int
	Last time.Time
}
