package access_test

import (
	"testing"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// TestActionVisible checks that an action exists for a reader only where
// it came from is visible to them (MARKINGS.md §5): a request found in a
// paragraph with that paragraph, one the drafter wrote with the banner.
func TestActionVisible(t *testing.T) {
	t.Parallel()
	seed := MustReadSeed(t)
	d := access.DistributionOf(seed)
	now := time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC)
	inText := &cable.Action{Source: "text", ActionRequest: cable.ActionRequest{Text: "Please report delivery of cable and any immediate response by November 23, 2007"}}
	inNF := &cable.Action{Source: "text", ActionRequest: cable.ActionRequest{Text: "litmus test of China's commitment"}}
	drafted := &cable.Action{Source: "drafter", ActionRequest: cable.ActionRequest{Text: "Report by Friday"}}
	us := func(l marking.Level) access.Reader { return access.Reader{Clearance: l, Citizenship: "USA"} }
	chn := access.Reader{Clearance: marking.Secret, Citizenship: "CHN", Posts: []string{"AMEMBASSY BEIJING"}}
	for _, tc := range []struct {
		name string
		r    access.Reader
		a    *cable.Action
		want bool
	}{
		{"paragraph 7 (U) to a CONFIDENTIAL reader", us(marking.Confidential), inText, true},
		{"paragraph 5 (S/NF) to a CONFIDENTIAL reader", us(marking.Confidential), inNF, false},
		{"paragraph 5 (S/NF) to a SECRET reader", us(marking.Secret), inNF, true},
		{"paragraph 5 (S/NF) to a Chinese member", chn, inNF, false},
		{"paragraph 7 (U) to a Chinese member", chn, inText, true},
		{"drafted, SECRET banner, CONFIDENTIAL reader", us(marking.Confidential), drafted, false},
		{"drafted, SECRET banner, SECRET reader", us(marking.Secret), drafted, true},
		{"drafted, SECRET banner, Chinese member", chn, drafted, false},
		{"no reader at all", access.Reader{}, inText, false},
	} {
		if got := access.ActionVisible(tc.r, seed, d, tc.a, now); got != tc.want {
			t.Errorf("%s: ActionVisible = %v, want %v", tc.name, got, tc.want)
		}
	}
}
