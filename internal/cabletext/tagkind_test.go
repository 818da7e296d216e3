package cabletext

import "testing"

func TestTagKind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		tag, want string
	}{
		{"GE", "GEO"},
		{"rs", "GEO"},
		{"OBAMA, BARACK", "PERSON"},
		{"KIPR", "PROGRAM"},
		{"kwww", "PROGRAM"},
		{"ECON", "SUBJECT"},
		{"phum", "SUBJECT"},
		{"NASA", "ORG"},
		{"BA'ATH", "ORG"},
		{"Colombo Plan", "ORG"},
		{" NATO ", "ORG"},
		{"UNKNOWN", "UNKNOWN"},
		{"K1AB", "UNKNOWN"},
		{"", "UNKNOWN"},
	}
	for _, tt := range tests {
		t.Run(tt.tag, func(t *testing.T) {
			t.Parallel()
			if got := TagKind(tt.tag); got != tt.want {
				t.Errorf("TagKind(%q) = %q, want %q", tt.tag, got, tt.want)
			}
		})
	}
}
