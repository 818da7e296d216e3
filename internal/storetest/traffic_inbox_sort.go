package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
)

// testTrafficInboxSort checks the inbox's sorts and filters (issue 17,
// goal "Inbox like a mail client"): whatever the sort, the FLASH copy
// awaiting an acknowledgement comes first; Settled leaves it out.
func testTrafficInboxSort(t *testing.T, f *trafficFixture) {
	rome := f.user(t, "rome", []string{"AMEMBASSY ROME"})
	f.clock.Set(time.Date(2008, 3, 3, 12, 0, 0, 0, time.UTC))
	ids := map[string]string{}
	// Oldest first: B FLASH, D IMMEDIATE, C PRIORITY, A ROUTINE.
	for i, c := range []struct{ name, prec string }{{"B", "FLASH"}, {"D", "IMMEDIATE"}, {"C", "PRIORITY"}, {"A", "ROUTINE"}} {
		ids[f.mustRelease(t, simpleText(i+1, ""), "AMEMBASSY ROME:"+c.prec).CableID] = c.name
		f.deliverAll(t, 10)
		f.clock.Add(time.Hour)
	}
	byName := map[string]string{}
	for id, n := range ids {
		byName[n] = id
	}
	// A read, D acknowledged (so read), C unread, B awaiting.
	if err := f.s.MarkRead(rome, byName["A"]); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Acknowledge(rome, byName["D"], ""); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		f    cable.InboxFilter
		want string
	}{
		{"the inbox's own order: unread, then by precedence", cable.InboxFilter{}, "BCDA"},
		{"by precedence", cable.InboxFilter{Sort: "precedence"}, "BDCA"},
		{"by date, newest first", cable.InboxFilter{Sort: "date"}, "BACD"},
		{"by state", cable.InboxFilter{Sort: "state"}, "BCAD"},
		{"routine only", cable.InboxFilter{Precedence: cable.Routine}, "A"},
		{"flash only", cable.InboxFilter{Precedence: cable.Flash}, "B"},
		{"awaiting", cable.InboxFilter{State: cable.InboxAwaiting}, "B"},
		{"unread", cable.InboxFilter{State: cable.InboxUnread}, "BC"},
		{"read", cable.InboxFilter{State: cable.InboxRead}, "A"},
		{"acknowledged", cable.InboxFilter{State: cable.InboxAcknowledged}, "D"},
		{"settled", cable.InboxFilter{Settled: true}, "CDA"},
		{"settled, by date", cable.InboxFilter{Settled: true, Sort: "date"}, "ACD"},
		{"settled, a page", cable.InboxFilter{Settled: true, Sort: "date", Offset: 1, Limit: 1}, "C"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			box, err := f.s.Inbox(rome, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, it := range box {
				got += ids[it.CableID]
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("inbox %+v (-want +got):\n%s", tc.f, diff)
			}
		})
	}
	for _, bad := range []cable.InboxFilter{{State: "lost"}, {Sort: "size"}} {
		if _, err := f.s.Inbox(rome, bad); kindOf(err) != cable.Invalid {
			t.Errorf("inbox %+v: error = %v, want Invalid", bad, err)
		}
	}
}
