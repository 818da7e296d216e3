package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/cable/cable/internal/cable"
)

// testCableVersion reads each stored version of the seed, and checks that
// a version is not found for a reader who may not know of the cable, nor
// past the last version.
func testCableVersion(t *testing.T, s Store) {
	seed := Seed(t)
	MustImport(t, s, seed)
	MustImport(t, s, []byte(strings.Replace(string(seed), "TALIKING", "TALKING", 1)))
	const id = "07STATE159388"
	for _, tc := range []struct {
		name  string
		ctx   context.Context
		id    string
		n     int
		found string // a word the version holds; "" for not found
	}{
		{"first version", as("SECRET", "USA"), id, 1, "TALIKING"},
		{"current version", as("SECRET", "USA"), id, 2, "TALKING POINTS"},
		{"no such version", as("SECRET", "USA"), id, 3, ""},
		{"version zero", as("SECRET", "USA"), id, 0, ""},
		{"a reader who may not know of the cable", as("UNCLASSIFIED", "USA"), id, 1, ""},
		{"no such cable", as("SECRET", "USA"), "07STATE1", 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := s.FindCableVersion(tc.ctx, tc.id, tc.n)
			if tc.found == "" {
				if cable.KindOf(err) != cable.NotFound || cable.MessageOf(err) != "cable "+tc.id+" not found" {
					t.Errorf("FindCableVersion(%s, %d) = %v, want the not-found answer", tc.id, tc.n, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("FindCableVersion(%s, %d): %v", tc.id, tc.n, err)
			}
			if !strings.Contains(c.Source.Body, tc.found) || c.VersionHash == "" {
				t.Errorf("version %d lacks %q, or its hash (%q)", tc.n, tc.found, c.VersionHash)
			}
		})
	}
}
