package server

import "testing"

func TestRollUpBanners(t *testing.T) {
	for _, tc := range []struct {
		name  string
		marks []string
		want  string
	}{
		{"nothing shown", nil, "UNCLASSIFIED"},
		{"withheld only", []string{""}, "UNCLASSIFIED"},
		{"highest level", []string{"CONFIDENTIAL", "SECRET", "UNCLASSIFIED"}, "SECRET"},
		{"controls roll up", []string{"SECRET", "CONFIDENTIAL//NOFORN"}, "SECRET//NOFORN"},
		{"portion marks", []string{"S//NF", "C"}, "SECRET//NOFORN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := rollUpBanners(tc.marks); got != tc.want {
				t.Errorf("rollUpBanners(%q) = %q, want %q", tc.marks, got, tc.want)
			}
		})
	}
}
