package storetest_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/storetest"
)

// TestLeakTruth_Fixture checks that the leak truth's cables are written as
// the truth says: each word is in its own part of its own cable and in no
// other cable, and each cable has the id the truth gives. It checks the
// fixture, not the rules: what readers are shown is written by hand.
func TestLeakTruth_Fixture(t *testing.T) {
	t.Parallel()
	lt := storetest.MustLoadLeakTruth(t)
	if len(lt.Cables) < 20 || len(lt.Readers) < 13 {
		t.Fatalf("truth has %d cables and %d readers, want at least 20 and 13", len(lt.Cables), len(lt.Readers))
	}
	for _, tc := range lt.Cables {
		c := cabletext.Parse(tc.Src)
		if c.ID != tc.ID {
			t.Errorf("%s: id %s, truth says %s", tc.File, c.ID, tc.ID)
		}
		if len(tc.Words) < 3 {
			t.Errorf("%s: %d words, want one per part", tc.File, len(tc.Words))
		}
		for part, w := range tc.Words {
			if got := partText(c, part); !strings.Contains(got, w) {
				t.Errorf("%s: word %s is not in part %s (%q)", tc.File, w, part, got)
			}
			for _, other := range lt.Cables {
				n := bytes.Count(other.Src, []byte(w))
				if other != tc && n > 0 || other == tc && n != 1 && part != "S" {
					t.Errorf("%s: word %s of %s occurs %d times", other.File, w, tc.File, n)
				}
			}
		}
		for name := range tc.Shown {
			if lt.Reader(name) == nil {
				t.Errorf("%s: unknown reader %s", tc.File, name)
			}
		}
	}
}

// partText returns the text of part of c, as the truth names parts.
func partText(c *cable.Cable, part string) string {
	switch part {
	case "S":
		return c.Text.Subject
	case "T":
		return c.Text.Signature
	case "tag":
		return strings.Join(c.Text.Tags, " ")
	}
	n, _ := strconv.Atoi(part)
	for _, p := range c.Text.Paragraphs {
		if p.Number == n {
			return p.Heading + "\n" + p.Text
		}
	}
	return ""
}
