package server

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReflow(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       [][]string
	}{
		{"hard-wrapped lines join", "Despite sharing the same goals -- job\ncreation and social inclusion --\nthey differ.",
			[][]string{{"Despite sharing the same goals -- job creation and social inclusion -- they differ."}}},
		{"a run of blank lines is one break", "First part.\n\n\n\n\nSecond part.",
			[][]string{{"First part."}, {"Second part."}}},
		{"list items keep their lines", "Points:\n- one\nthat wraps\n- two\n(A) three\nB. four\n12. five",
			[][]string{{"Points:", "- one that wraps", "- two", "(A) three", "B. four", "12. five"}}},
		{"a heading's underline keeps its line", "SUMMARY\n-------\nText goes\non.",
			[][]string{{"SUMMARY", "-------", "Text goes on."}}},
		{"a sentence with a number is no list", "In 2007 the plan\nreached 504,784 families.",
			[][]string{{"In 2007 the plan reached 504,784 families."}}},
		{"nothing", "\n \n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, reflow(tc.text)); diff != "" {
				t.Errorf("reflow(%q) (-want +got):\n%s", tc.text, diff)
			}
		})
	}
}
