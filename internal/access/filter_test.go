package access_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/marking"
)

// TestVisibleLevels checks that a store's level bound is the clearance.
func TestVisibleLevels(t *testing.T) {
	t.Parallel()
	for _, l := range levels {
		for _, cit := range []string{"USA", "GBR"} {
			if got := access.VisibleLevels(access.Reader{Clearance: l, Citizenship: cit}); got != l {
				t.Errorf("VisibleLevels(%s %s) = %s, want %s", cit, l, got, l)
			}
		}
	}
}

// TestRelToKeys checks the REL TO entries that admit a foreign reader,
// and that they agree with CanSee for every collective marking knows.
func TestRelToKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		citizenship string
		want        []string
	}{
		{"GBR", []string{"GBR", "ACGU", "AUSTRALIA GROUP", "EU", "FVEY", "ISAF", "NATO"}},
		{"DEU", []string{"DEU", "AUSTRALIA GROUP", "EU", "ISAF", "NATO"}},
		{"NZL", []string{"NZL", "AUSTRALIA GROUP", "FVEY", "ISAF"}},
		{"CHN", []string{"CHN"}},
		{"China", []string{"CHN"}},
		{"USA", nil},
		{"XYZ", nil},
		{"", nil},
	}
	for _, tt := range tests {
		r := access.Reader{Clearance: marking.Secret, Citizenship: tt.citizenship}
		got := access.RelToKeys(r)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("RelToKeys(%q) (-want +got):\n%s", tt.citizenship, diff)
		}
		if !r.Foreign() {
			continue
		}
		for _, name := range []string{"NATO", "FIVE EYES", "ACGU", "ISAF", "EUROPEAN UNION", "AUSTRALIA GROUP"} {
			coll, ok := marking.Collective(name)
			if !ok {
				t.Fatalf("marking.Collective(%q) unknown", name)
			}
			m := marking.Marking{Level: marking.Secret, RelTo: []string{coll}}
			if slices.Contains(got, coll) != access.CanSee(r, m) {
				t.Errorf("RelToKeys(%q) and CanSee(%s) disagree", tt.citizenship, m)
			}
		}
	}
}
