package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
)

// trafficCounter is a store that counts its traffic for the metrics
// (metrics.TrafficCounter).
type trafficCounter interface {
	TrafficCounts(ctx context.Context) (*cable.TrafficCounts, error)
}

// testTrafficCounts checks the counts the metrics' outbox and
// acknowledgement gauges show, as copies are queued, delivered and
// escalated.
func testTrafficCounts(t *testing.T, f *trafficFixture) {
	tc, ok := f.s.(trafficCounter)
	if !ok {
		t.Skip("the store does not count its traffic for the metrics")
	}
	counts := func(what string) *cable.TrafficCounts {
		t.Helper()
		c, err := tc.TrafficCounts(context.Background())
		if err != nil {
			t.Fatalf("TrafficCounts %s: %v", what, err)
		}
		return c
	}
	empty := counts("of an empty store")
	if len(empty.Outbox)+len(empty.AcksPending)+len(empty.Escalated) != 0 {
		t.Errorf("counts of an empty store = %+v", empty)
	}
	f.mustRelease(t, simpleText(1, ""), "AMEMBASSY ROME:FLASH", "info:AMEMBASSY PARIS:ROUTINE")
	f.mustRelease(t, simpleText(2, ""), "AMEMBASSY ROME:ROUTINE")
	rome, paris := "AMEMBASSY ROME", "AMEMBASSY PARIS"
	if diff := cmp.Diff(&cable.TrafficCounts{Outbox: []cable.QueueCount{
		{Precedence: cable.Flash, Site: rome, N: 1}, {Precedence: cable.Routine, Site: paris, N: 1}, {Precedence: cable.Routine, Site: rome, N: 1},
	}}, sortCounts(counts("queued"))); diff != "" {
		t.Errorf("counts of the queued copies (-want +got):\n%s", diff)
	}
	f.deliverAll(t, 10)
	pending := []cable.QueueCount{{Precedence: cable.Flash, Site: rome, N: 1}}
	if diff := cmp.Diff(&cable.TrafficCounts{AcksPending: pending}, sortCounts(counts("delivered"))); diff != "" {
		t.Errorf("counts of the delivered copies (-want +got):\n%s", diff)
	}
	f.clock.Add(11 * time.Minute)
	if _, err := f.s.EscalateUnacknowledged(context.Background(), delivery.DefaultAckTimeout); err != nil {
		t.Fatal(err)
	}
	want := &cable.TrafficCounts{AcksPending: pending, Escalated: []cable.QueueCount{{Precedence: cable.Flash, Site: rome, Level: 1, N: 1}}}
	if diff := cmp.Diff(want, sortCounts(counts("escalated"))); diff != "" {
		t.Errorf("counts after the escalation (-want +got):\n%s", diff)
	}
}

// sortCounts orders each list by precedence, then site.
func sortCounts(c *cable.TrafficCounts) *cable.TrafficCounts {
	for _, l := range [][]cable.QueueCount{c.Outbox, c.AcksPending, c.Escalated} {
		slices.SortFunc(l, func(a, b cable.QueueCount) int {
			switch {
			case a.Precedence > b.Precedence:
				return -1
			case a.Precedence < b.Precedence:
				return 1
			}
			return strings.Compare(a.Site, b.Site)
		})
	}
	return c
}
