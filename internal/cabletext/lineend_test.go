package cabletext

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cable/cable/internal/cable"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestSeedLineEnds reads the seed as a Windows editor or a tool that marks
// its encoding would save it: the same cable, given back byte for byte.
func TestSeedLineEnds(t *testing.T) {
	seed := string(mustReadSeed(t))
	crlf := strings.ReplaceAll(seed, "\n", "\r\n")
	want := Parse([]byte(seed))
	tests := []struct {
		name      string
		src       string
		bom, crlf bool
	}{
		{"CRLF", crlf, false, true},
		{"BOM", utf8BOM + seed, true, false},
		{"BOM and CRLF", utf8BOM + crlf, true, true},
		{"CRLF, no final line end", strings.TrimSuffix(crlf, "\r\n"), false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Parse([]byte(tt.src))
			if c.ID != "07STATE159388" {
				t.Errorf("id = %q, want 07STATE159388", c.ID)
			}
			if c.Source.BOM != tt.bom || c.Source.CRLF != tt.crlf {
				t.Errorf("Source.BOM, CRLF = %v, %v, want %v, %v", c.Source.BOM, c.Source.CRLF, tt.bom, tt.crlf)
			}
			base := want
			if !strings.HasSuffix(tt.src, "\n") {
				base = Parse([]byte(strings.TrimSuffix(seed, "\n")))
			}
			if d := cmp.Diff(base, c, cmpopts.IgnoreFields(cable.Cable{}, "Source")); d != "" {
				t.Errorf("fields differ from the seed's (-seed +variant):\n%s", d)
			}
			if got := Lossless(c); !bytes.Equal(got, []byte(tt.src)) {
				t.Errorf("Lossless does not give the input back: %d bytes, want %d", len(got), len(tt.src))
			}
		})
	}
}

// TestMixedLineEnds checks that a text whose lines end now LF, now CR LF,
// which cannot be put back from one flag, is kept as read.
func TestMixedLineEnds(t *testing.T) {
	seed := string(mustReadSeed(t))
	mixed := strings.Replace(seed, "\n", "\r\n", 3)
	c := Parse([]byte(mixed))
	if c.Source.CRLF {
		t.Errorf("Source.CRLF set for mixed line ends")
	}
	if got := Lossless(c); !bytes.Equal(got, []byte(mixed)) {
		t.Errorf("Lossless does not give the input back")
	}
}
