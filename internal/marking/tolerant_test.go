package marking_test

import (
	"testing"

	"github.com/cable/cable/internal/marking"
)

// TestReadMark reads the slips MARKINGS.md §2 says a person reads without
// doubt, and refuses what it cannot place, so that callers fail closed.
func TestReadMark(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in       string
		want     string // canonical portion mark; "" for an error
		tolerant bool
	}{
		{"S", "S", false},
		{"(S/NF)", "S//NF", false},
		{"TOP SECRET", "TS", false},
		{"Top Secret/NF", "TS//NF", false},
		{"T/S", "TS", true},
		{"(T/S)", "TS", true},
		{"T S", "TS", true},
		{"T-S", "TS", true},
		{"T.S.", "TS", true},
		{"TS:", "TS", true},
		{"TSNF", "TS//NF", true},
		{"SNF", "S//NF", true},
		{"CNF", "C//NF", true},
		{"c.", "C", true},
		{"S.", "S", true},
		{"T/S/NF", "TS//NF", true},
		{"TS:NF", "TS//NF", true},
		{"TS,NF", "TS//NF", true},
		{"TS;NF", "TS//NF", true},
		{"TS_NF", "TS//NF", true},
		{"TOP-SECRET", "TS", true},
		{"TOPSECRET", "TS", true},
		{"TOP SECRET.", "TS", true},
		{"T:S", "TS", true},
		{"T,S", "TS", true},
		{"\u0422S", "TS", true},
		{"TOP SECRET//REL TO USA, AUS, CAN, GBR, NZL", "TS//REL TO USA, AUS, CAN, GBR, NZL", false},
		{"TS:/REL UK", "TS//REL TO USA, GBR", true},
		{"TSSCI", "", false},
		{"T0P SECRET", "", false},
		{"X//BAD", "", false},
		{"TS/SI", "", false}, // a compartment: unknown, withheld
		{"SE", "", false},
		{"NC", "", false},
		{"T", "", false},
		{"TSX", "", false},
		{"", "", false},
		{"U.S.", "", false},
	} {
		m, tol, err := marking.ReadMark(tc.in)
		got := ""
		if err == nil {
			got = m.Portion()
		}
		if got != tc.want || tol != tc.tolerant {
			t.Errorf("ReadMark(%q) = %q, tolerant %v, err %v; want %q, tolerant %v", tc.in, got, tol, err, tc.want, tc.tolerant)
		}
	}
}
