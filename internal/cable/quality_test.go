package cable_test

import (
	"testing"

	"github.com/cable/cable/internal/cable"
)

// TestCutQuality checks that a quality:KIND term is taken out of a query.
func TestCutQuality(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, rest, kind string }{
		{"embassy quality:unreadable-mark", "embassy", "unreadable-mark"},
		{"Quality:Missing-DECL", "", "missing-decl"},
		{"qualityassurance", "qualityassurance", ""},
		{"a quality:x b quality:damaged-id", "a  b", "damaged-id"},
	} {
		rest, kind := cable.CutQuality(tc.in)
		if rest != tc.rest || kind != tc.kind {
			t.Errorf("CutQuality(%q) = %q, %q; want %q, %q", tc.in, rest, kind, tc.rest, tc.kind)
		}
	}
}
