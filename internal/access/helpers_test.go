package access_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
)

// now is the date the seed's expected views hold at (MARKINGS.md §6); the
// seed declassifies on 2032-12-31.
var now = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// MustParseMark parses a portion mark or fails the test.
func MustParseMark(tb testing.TB, s string) marking.Marking {
	tb.Helper()
	m, err := marking.ParseMark(s)
	if err != nil {
		tb.Fatalf("ParseMark(%q): %v", s, err)
	}
	return m
}

// MustParseBanner parses a banner or fails the test.
func MustParseBanner(tb testing.TB, s string) marking.Marking {
	tb.Helper()
	m, err := marking.ParseBanner(s)
	if err != nil {
		tb.Fatalf("ParseBanner(%q): %v", s, err)
	}
	return m
}

// MustReadSeed parses the seed cable 07STATE159388.
func MustReadSeed(tb testing.TB) *cable.Cable {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "cabletext", "testdata", "seed.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	return cabletext.Parse(b)
}

// usReader returns a US reader with clearance l at posts.
func usReader(l marking.Level, posts ...string) access.Reader {
	return access.Reader{Clearance: l, Citizenship: "USA", Posts: posts}
}

// foreignReader returns a reader of country with clearance l at posts.
func foreignReader(country string, l marking.Level, posts ...string) access.Reader {
	return access.Reader{Clearance: l, Citizenship: country, Posts: posts}
}
