package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
	"github.com/cable/cable/internal/traffic/scenario"
)

// manySites are n sites for one user: n-2 posts no action is owned by,
// then Rome and Paris (spelt in lower case, as a user may), so that the
// sites that matter come last.
func manySites(n int) []string {
	sites := make([]string, 0, n)
	for i := 1; i <= n-2; i++ {
		sites = append(sites, fmt.Sprintf("AMCONSUL TEST %04d", i))
	}
	return append(sites, "AMEMBASSY ROME", "amembassy paris")
}

// releaseActions releases n cables from ISN, each asking Paris, Rome and
// Madrid to act by March 5, 2008.
func (f *trafficFixture) releaseActions(tb testing.TB, n int) {
	tb.Helper()
	f.clock.Set(time.Date(2008, 3, 3, 12, 0, 0, 0, time.UTC))
	due := " Please report the host government's response by March 5, 2008."
	for i := 1; i <= n; i++ {
		f.mustRelease(tb, simpleText(i, due), "AMEMBASSY PARIS:PRIORITY", "AMEMBASSY ROME:PRIORITY", "AMEMBASSY MADRID:ROUTINE")
	}
}

// testTrafficActionSites checks ActionFilter.Sites at the scale the inbox
// asks it: a user of a thousand sites gets, in one call, the open actions
// of every one of their sites and of no other.
func testTrafficActionSites(t *testing.T, f *trafficFixture) {
	f.releaseActions(t, 2)
	sites := manySites(1000)
	many := f.user(t, "many", sites)
	as, err := f.s.FindActions(many, cable.ActionFilter{Sites: traffic.Sites(cable.UserFromContext(many)), Open: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range as {
		got = append(got, a.Owner)
	}
	want := []string{"AMEMBASSY PARIS", "AMEMBASSY ROME", "AMEMBASSY PARIS", "AMEMBASSY ROME"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("open actions of a user of 1,000 sites (-want +got):\n%s", diff)
	}
	if as, err := f.s.FindActions(many, cable.ActionFilter{Sites: sites[:998], Open: true}); err != nil || len(as) != 0 {
		t.Errorf("FindActions(Sites: 998 sites without actions) = %v, %v; want none", as, err)
	}
	one, err := f.s.FindActions(many, cable.ActionFilter{Sites: []string{"amembassy madrid"}, Site: "AMEMBASSY MADRID", Limit: 1})
	if err != nil || len(one) != 1 || one[0].Owner != "AMEMBASSY MADRID" {
		t.Errorf("FindActions(Sites and Site: Madrid, Limit 1) = %v, %v; want one of Madrid's", one, err)
	}
}

// BenchmarkActionSites measures the open actions of a user of a thousand
// sites, as the inbox asks for them: Sites, in one query, and PerSite, one
// query a site (what the inbox did before ActionFilter.Sites), over 20
// cables each with actions for three posts. open returns an empty store
// reading the time from now.
func BenchmarkActionSites(b *testing.B, open func(tb testing.TB, now func() time.Time) TrafficStore) {
	clock := NewClock(scenario.Start)
	f := &trafficFixture{s: open(b, clock.Now), clock: clock, users: map[string]*cable.User{}}
	f.releaseActions(b, 20)
	many := f.user(b, "many", manySites(1000))
	sites := traffic.Sites(cable.UserFromContext(many))
	b.Run("Sites", func(b *testing.B) {
		for b.Loop() {
			as, err := f.s.FindActions(many, cable.ActionFilter{Sites: sites, Open: true, Limit: 200})
			if err != nil || len(as) != 40 {
				b.Fatalf("FindActions = %d actions, %v; want 40", len(as), err)
			}
		}
	})
	b.Run("PerSite", func(b *testing.B) {
		for b.Loop() {
			n := 0
			for _, s := range sites {
				as, err := f.s.FindActions(many, cable.ActionFilter{Site: s, Open: true, Limit: 50})
				if err != nil {
					b.Fatal(err)
				}
				n += len(as)
			}
			if n != 40 {
				b.Fatalf("FindActions per site = %d actions; want 40", n)
			}
		}
	})
}
