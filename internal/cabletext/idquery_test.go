package cabletext

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestIDsOf(t *testing.T) {
	tests := []struct {
		name, query string
		want        []string
	}{
		{"id", "07STATE159388", []string{"07STATE159388"}},
		{"id in lower case, spaced", " 07 state 159388 ", []string{"07STATE159388"}},
		{"padded serial", "07STATE0159388", []string{"07STATE159388"}},
		{"no year: every year's, newest first", "STATE 159388", []string{"09STATE159388", "08STATE159388", "07STATE159388"}},
		{"two-word station", "BUENOS AIRES 2481", []string{"09BUENOSAIRES2481", "08BUENOSAIRES2481", "07BUENOSAIRES2481"}},
		{"words", "nuclear talks", nil},
		{"a number alone", "159388", nil},
		{"a phrase", `"STATE 159388"`, nil},
		{"a prefix", "07STATE15*", nil},
		{"too short", "S 1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := IDsOf(tt.query, 2009)
			if len(got) > 3 {
				got = got[:3] // back to 1966; the newest three show the order
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("IDsOf(%q) (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

// FuzzIDsOf checks that every id IDsOf gives is a canonical cable id.
func FuzzIDsOf(f *testing.F) {
	for _, q := range []string{"07STATE159388", "STATE 159388", "buenos aires 2481", "07 state 0159388", "nuclear", "S 1"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		for _, id := range IDsOf(q, 2026) {
			if !validID(id) || CanonicalID(id) != id {
				t.Errorf("IDsOf(%q) gives %q, not a canonical id", q, id)
			}
		}
	})
}
