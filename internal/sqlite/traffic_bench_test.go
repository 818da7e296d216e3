package sqlite_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/storetest"
)

// BenchmarkRelease measures a release: a simple unclassified cable to two
// posts, with an idle outbox.
func BenchmarkRelease(b *testing.B) {
	tr := MustOpenTraffic(b, time.Now)
	u := &cable.User{Name: "d", Clearance: "SECRET", Citizenship: "USA", Posts: []string{"ISN"},
		Roles: []cable.Role{{Kind: cable.RoleDrafter, Post: "ISN"}, {Kind: cable.RoleReleaser, Post: "SECSTATE WASHDC"}}}
	if err := tr.CreateUser(context.Background(), u, "password1"); err != nil {
		b.Fatal(err)
	}
	ctx := cable.NewContextWithUser(context.Background(), u)
	ids := make([]int64, b.N)
	for i := range ids {
		d := &cable.Draft{Origin: "ISN", Text: fmt.Sprintf("UNCLAS\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL\nSUBJECT: BENCH %d\n\n1. (U) Text %d.\n\nX\n", i, i),
			Addressees: []cable.Addressee{{PLAD: "AMEMBASSY PARIS", Role: cable.RoleTo, Precedence: cable.Flash},
				{PLAD: "AMEMBASSY ROME", Role: cable.RoleInfo, Precedence: cable.Routine}}}
		if err := tr.CreateDraft(ctx, d); err != nil {
			b.Fatal(err)
		}
		ids[i] = d.ID
	}
	b.ResetTimer()
	for _, id := range ids {
		if _, err := tr.ReleaseDraft(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkActionSites measures the inbox's open actions for a user of a
// thousand sites (storetest.BenchmarkActionSites).
func BenchmarkActionSites(b *testing.B) {
	storetest.BenchmarkActionSites(b, func(tb testing.TB, now func() time.Time) storetest.TrafficStore {
		return MustOpenTraffic(tb, now)
	})
}
