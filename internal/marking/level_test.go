package marking

import (
	"errors"
	"testing"
)

// TestLevel_Order checks MARKINGS.md §1: U < C < S < TS.
func TestLevel_Order(t *testing.T) {
	t.Parallel()
	order := []Level{Unclassified, Confidential, Secret, TopSecret}
	for i := 1; i < len(order); i++ {
		if !(order[i-1] < order[i]) {
			t.Errorf("%v < %v is false", order[i-1], order[i])
		}
	}
	if (Marking{}).Level != Unclassified {
		t.Errorf("zero Marking level = %v, want U", Marking{}.Level)
	}
}

func TestLevel_String(t *testing.T) {
	t.Parallel()
	tests := []struct {
		level     Level
		str, word string
		valid     bool
	}{
		{Unclassified, "U", "UNCLASSIFIED", true},
		{Confidential, "C", "CONFIDENTIAL", true},
		{Secret, "S", "SECRET", true},
		{TopSecret, "TS", "TOP SECRET", true},
		{Level(7), "Level(7)", "Level(7)", false},
		{Level(-1), "Level(-1)", "Level(-1)", false},
	}
	for _, tc := range tests {
		t.Run(tc.str, func(t *testing.T) {
			t.Parallel()
			if got := tc.level.String(); got != tc.str {
				t.Errorf("String() = %q, want %q", got, tc.str)
			}
			if got := tc.level.Word(); got != tc.word {
				t.Errorf("Word() = %q, want %q", got, tc.word)
			}
			if got := tc.level.Valid(); got != tc.valid {
				t.Errorf("Valid() = %v, want %v", got, tc.valid)
			}
		})
	}
}

func TestParseLevel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Level
		err  error
	}{
		{"U", Unclassified, nil},
		{"unclassified", Unclassified, nil},
		{"UNCLAS", Unclassified, nil},
		{"C", Confidential, nil},
		{" Confidential ", Confidential, nil},
		{"S", Secret, nil},
		{"SECRET", Secret, nil},
		{"TS", TopSecret, nil},
		{"top  secret", TopSecret, nil},
		// §1: SBU and FOUO are controls, not levels.
		{"SBU", 0, ErrUnknownLevel},
		{"FOUO", 0, ErrUnknownLevel},
		{"X", 0, ErrUnknownLevel},
		{"", 0, ErrUnknownLevel},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseLevel(tc.in)
			if !errors.Is(err, tc.err) {
				t.Fatalf("ParseLevel(%q) error = %v, want %v", tc.in, err, tc.err)
			}
			if got != tc.want {
				t.Errorf("ParseLevel(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

// TestParseMark_SBUIsUnclassified checks MARKINGS.md §1: SBU and FOUO are
// controls on unclassified text, level U.
func TestParseMark_SBUIsUnclassified(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"SBU", "SBU/NF", "U//FOUO", "FOUO"} {
		m, err := ParseMark(in)
		if err != nil {
			t.Fatalf("ParseMark(%q) error: %v", in, err)
		}
		if m.Level != Unclassified {
			t.Errorf("ParseMark(%q).Level = %v, want U", in, m.Level)
		}
	}
}
