package marking_test

import (
	"testing"

	"github.com/cable/cable/internal/marking"
)

// TestLooksLikeMark checks what the reader takes for a portion mark,
// readable or not, and what it leaves as words in parentheses.
func TestLooksLikeMark(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"S", true}, {"S/NF", true}, {"C//REL TO USA, KEN, GBR//", true}, {"SBU", true}, {"s", true},
		{"TOP SECRET", true}, {"T/S", true}, {"TSNF", true}, {"TS:", true}, {"TS:NF", true}, {"TS,NF", true},
		{"TOP-SECRET", true}, {"TOPSECRET", true}, {"TOP SECRET.", true}, {"T:S", true}, {"\u0422S", true},
		{"TOP SECRET//REL TO USA, AUS, CAN, GBR, NZL", true},
		{"T0P SECRET", true}, {"X//BAD", true}, {"N/SF", true}, {"/Rel UK", true}, {"SE", true}, {"NC", true}, {"TSSCI", true},
		{"Iran", false}, {"U.S.", false}, {"UN", false}, {"EU", false}, {"3", false}, {"Economic", false},
		{"Secretary Rice", false}, {"TF/Embassy Tbilisi telcon", false}, {"a", false}, {"", false},
	} {
		if got := marking.LooksLikeMark(tc.s); got != tc.want {
			t.Errorf("LooksLikeMark(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}
