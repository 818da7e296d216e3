package server

import (
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
)

// TestAlertCache: a kept count is its user's under their access only,
// for alertCacheTTL, until forgotten.
func TestAlertCache(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2007, 11, 24, 12, 0, 0, 0, time.UTC)
	ann := &cable.User{ID: 1, Name: "ann", Clearance: "SECRET", Citizenship: "USA", Posts: []string{"ISN"}}
	lowered := *ann
	lowered.Clearance = "CONFIDENTIAL"
	bob := &cable.User{ID: 2, Name: "bob", Clearance: "SECRET", Citizenship: "USA"}
	var c alertCache
	c.set(ann, "3", t0)
	for _, tc := range []struct {
		name   string
		u      *cable.User
		at     time.Time
		want   string
		wantOK bool
	}{
		{"kept", ann, t0.Add(59 * time.Second), "3", true},
		{"expired", ann, t0.Add(alertCacheTTL), "", false},
		{"clock went back", ann, t0.Add(-time.Second), "", false},
		{"access changed", &lowered, t0, "", false},
		{"another user", bob, t0, "", false},
	} {
		if got, ok := c.get(tc.u, tc.at); got != tc.want || ok != tc.wantOK {
			t.Errorf("%s: get = %q, %v; want %q, %v", tc.name, got, ok, tc.want, tc.wantOK)
		}
	}
	c.set(&lowered, "1", t0)
	c.set(bob, "5", t0)
	c.forget(ann)
	if _, ok := c.get(&lowered, t0); ok {
		t.Errorf("forget(ann) kept ann's count under another access")
	}
	if got, ok := c.get(bob, t0); !ok || got != "5" {
		t.Errorf("forget(ann) dropped bob's count: %q, %v", got, ok)
	}
}
