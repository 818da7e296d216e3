package traffic

import (
	"slices"
	"time"

	"github.com/cable/cable/internal/cable"
)

// Objective returns the speed-of-service objective of precedence p, the
// longest a copy may take from release to the addressee's inbox
// (FORMAT.md §2, FL5): FLASH 10 minutes; NIACT IMMEDIATE and IMMEDIATE 30
// minutes (NIACT travels as IMMEDIATE); PRIORITY 3 hours; ROUTINE 6 hours.
func Objective(p cable.Precedence) time.Duration {
	switch p {
	case cable.Flash:
		return 10 * time.Minute
	case cable.NiactImmediate, cable.Immediate:
		return 30 * time.Minute
	case cable.Priority:
		return 3 * time.Hour
	}
	return 6 * time.Hour
}

// AckRequired reports whether a copy at precedence p to an addressee in
// role must be acknowledged: FLASH always; NIACT IMMEDIATE for action
// addressees, the only ones it asks to act (5 FAH-2 H-420).
func AckRequired(p cable.Precedence, role cable.AddresseeRole) bool {
	return p == cable.Flash || (p == cable.NiactImmediate && role == cable.RoleTo)
}

// DefaultAckTimeout returns how long a copy at precedence p may wait for
// its acknowledgement before it is escalated: FLASH 10 minutes, NIACT
// IMMEDIATE 30 minutes, and zero (never) for the others.
func DefaultAckTimeout(p cable.Precedence) time.Duration {
	switch p {
	case cable.Flash:
		return 10 * time.Minute
	case cable.NiactImmediate:
		return 30 * time.Minute
	}
	return 0
}

// Sample is one copy's times: when it was queued (released) and when it
// reached the inbox (zero while it is queued).
type Sample struct {
	Precedence          cable.Precedence
	Queued, DeliveredAt time.Time
}

// SpreadBounds are the upper bounds of the buckets of
// cable.SpeedOfService.Spread, as multiples of the objective: the
// objective is the bound between the third bucket and the fourth, so a
// chart marks it there, and the buckets either side tell a near miss from
// a copy lost for hours.
var SpreadBounds = []float64{0.25, 0.5, 1, 2, 4}

// spreadBucket returns the bucket of Spread a delivery time d falls in.
func spreadBucket(d, objective time.Duration) int {
	for i, b := range SpreadBounds {
		if float64(d) <= b*float64(objective) {
			return i
		}
	}
	return len(SpreadBounds)
}

// Measure reports, for each precedence, most urgent first, how many copies
// were delivered, how many met and missed the objective, how many are
// still queued and how many of those are already late at now, and the
// 50th and 99th percentiles and maximum of release-to-inbox time.
func Measure(samples []Sample, now time.Time) []cable.SpeedOfService {
	byPrec := map[cable.Precedence][]time.Duration{}
	out := make([]cable.SpeedOfService, len(cable.Precedences))
	idx := map[cable.Precedence]int{}
	for i, p := range cable.Precedences {
		out[i] = cable.SpeedOfService{Precedence: p, Objective: Objective(p)}
		idx[p] = i
	}
	for _, s := range samples {
		i, ok := idx[s.Precedence]
		if !ok {
			i = idx[cable.Routine]
		}
		r := &out[i]
		if s.DeliveredAt.IsZero() {
			r.Pending++
			if now.Sub(s.Queued) > r.Objective {
				r.PendingLate++
			}
			continue
		}
		d := s.DeliveredAt.Sub(s.Queued)
		r.Delivered++
		if d <= r.Objective {
			r.Met++
		} else {
			r.Missed++
		}
		byPrec[r.Precedence] = append(byPrec[r.Precedence], d)
		if r.Spread == nil {
			r.Spread = make([]int, len(SpreadBounds)+1)
		}
		r.Spread[spreadBucket(d, r.Objective)]++
	}
	for i := range out {
		ds := byPrec[out[i].Precedence]
		slices.Sort(ds)
		out[i].P50, out[i].P99 = Percentile(ds, 0.50), Percentile(ds, 0.99)
		if len(ds) > 0 {
			out[i].Max = ds[len(ds)-1]
		}
	}
	return out
}

// Percentile returns the q-th quantile (0 < q ≤ 1) of sorted durations by
// the nearest-rank method; zero for none.
func Percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(q*float64(len(sorted))+0.999999999) - 1
	return sorted[max(0, min(rank, len(sorted)-1))]
}
