package access_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// TestReviews checks that reviewers' decisions apply for every reader: a
// cable declassified by a reviewer is (U) for all, whatever its DECL; an
// exempt one stays classified; an exempted or redacted paragraph of a
// declassified cable is seen only by a reader cleared for its own mark.
func TestReviews(t *testing.T) {
	t.Parallel()
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	pub, usC := access.PublicReader(), usReader(marking.Confidential, "AMEMBASSY LONDON")
	tests := []struct {
		name       string
		decl       string
		reviews    []cable.Review
		public     []int // paragraphs the public is shown; nil: not found
		cleared    []int // and a US CONFIDENTIAL member
		queue      string
		declassify bool
	}{
		{"unreadable date, no decision", "upon completion", nil, nil, []int{2}, "unreadable", false},
		{"unreadable date, declassified by a reviewer", "upon completion",
			[]cable.Review{{Action: cable.Declassify, From: day("2020-01-01")}}, []int{1, 2}, []int{1, 2}, "", true},
		{"declassified from a date to come", "upon completion",
			[]cable.Review{{Action: cable.Declassify, From: day("2030-01-01")}}, nil, []int{2}, "", false},
		{"exempt by a reviewer after the date passed", "01/01/2010",
			[]cable.Review{{Action: cable.Exempt, Code: "25X1", Reason: "source"}}, nil, []int{2}, "", false},
		{"25X1 on the E.O. line, then declassified", "01/01/2005 25X1",
			[]cable.Review{{Action: cable.Declassify, From: day("2015-01-01")}}, []int{1, 2}, []int{1, 2}, "", true},
		{"paragraph 1 redacted", "01/01/2010",
			[]cable.Review{{Part: "1", Action: cable.Redact, Code: "(b)(1)"}}, []int{2}, []int{2}, "", true},
		{"paragraph 2 exempt", "01/01/2010",
			[]cable.Review{{Part: "2", Action: cable.Exempt, Code: "25X6", Reason: "foreign relations"}}, []int{1}, []int{1, 2}, "", true},
		{"missing DECL", "", nil, nil, []int{2}, "missing", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := publicCable(t, tt.decl, []string{"SIPDIS"}, []string{"S//NF", "C"})
			if tt.decl == "" {
				c.Text.EO, c.Text.Decl = "", cable.Decl{}
			}
			c.Reviews = tt.reviews
			d := access.DistributionOf(c)
			for _, r := range []struct {
				name   string
				reader access.Reader
				want   []int
			}{{"public", pub, tt.public}, {"US CONFIDENTIAL", usC, tt.cleared}} {
				v, ok := access.View(r.reader, c, d, now)
				var got []int
				if ok {
					got = v.Shown
				}
				if ok != (r.want != nil) || !cmp.Equal(got, r.want) {
					t.Errorf("%s: found %v, shown %v; want %v", r.name, ok, got, r.want)
				}
			}
			if got := access.NeedsReview(c); got != tt.queue {
				t.Errorf("NeedsReview = %q, want %q", got, tt.queue)
			}
			if got := access.Declassified(c, now); got != tt.declassify {
				t.Errorf("Declassified = %v, want %v", got, tt.declassify)
			}
		})
	}
}
