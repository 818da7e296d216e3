package quality_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
	"github.com/cable/cable/internal/quality"
)

var now = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// telegram writes a cable of level to London, SIPDIS, with an E.O. line
// eo ("" for none) and paragraphs marked as marks ("" unmarked).
func telegram(level, eo string, marks ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "P 011200Z JAN 08\nFM SECSTATE WASHDC\nTO AMEMBASSY LONDON PRIORITY\n%s STATE 000001\n\nSIPDIS\n\n", level)
	if eo != "" {
		fmt.Fprintf(&b, "E.O. 12958: DECL: %s\n", eo)
	}
	b.WriteString("TAGS: PREL\nSUBJECT: (U) TEST\n\n")
	for i, m := range marks {
		if m != "" {
			m = "(" + m + ") "
		}
		fmt.Fprintf(&b, "%d. %sParagraph text.\n\n", i+1, m)
	}
	b.WriteString("RICE\n")
	return b.String()
}

// TestOf checks the findings of hand-written cables.
func TestOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []quality.Finding
	}{
		{"clean", telegram("S E C R E T", "12/31/2030", "S", "U"), nil},
		{"unreadable mark", telegram("S E C R E T", "12/31/2030", "S", "X//BAD"), []quality.Finding{{quality.UnreadableMark, "2"}}},
		{"unmarked paragraph", telegram("S E C R E T", "12/31/2030", "S", ""), []quality.Finding{{quality.UnmarkedParagraph, "2"}}},
		{"unmarked in an unclassified cable is no finding", telegram("UNCLAS", "N/A", "", ""), nil},
		{"unreadable DECL", telegram("S E C R E T", "upon completion", "S"), []quality.Finding{{Kind: quality.UnreadableDecl}}},
		{"missing DECL", telegram("S E C R E T", "", "S"), []quality.Finding{{Kind: quality.MissingDecl}}},
		{"banner below the roll-up", telegram("C O N F I D E N T I A L", "12/31/2030", "S", "C"), []quality.Finding{{Kind: quality.BannerBelowRollUp}}},
		{"damaged id", "08ECTION01OF02MANAMA492\nTITLE\nThu Jan 01 00:00:00 +0000 2008\nSECRET\nEmbassy Manama\n" + telegram("S E C R E T", "12/31/2030", "S"),
			[]quality.Finding{{Kind: quality.DamagedID}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := quality.Of(cabletext.ParseString(tt.src))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestVisible checks who may know of each finding: a finding never says
// more than the reader's view does.
func TestVisible(t *testing.T) {
	t.Parallel()
	usS := access.Reader{Clearance: marking.Secret, Citizenship: "USA"}
	usC := access.Reader{Clearance: marking.Confidential, Citizenship: "USA"}
	gbr := access.Reader{Clearance: marking.Secret, Citizenship: "GBR", Posts: []string{"AMEMBASSY LONDON"}}
	below := cabletext.ParseString(telegram("C O N F I D E N T I A L", "12/31/2030", "S", "C"))
	bad := cabletext.ParseString(telegram("S E C R E T", "upon completion", "S", "X//BAD"))
	tests := []struct {
		name string
		r    access.Reader
		src  *cable.Cable
		want []quality.Finding
	}{
		{"banner below: shown everything", usS, below, []quality.Finding{{Kind: quality.BannerBelowRollUp}}},
		{"banner below: a paragraph withheld", usC, below, nil},
		{"US reader: unreadable mark and DECL", usS, bad, []quality.Finding{{quality.UnreadableMark, "2"}, {Kind: quality.UnreadableDecl}}},
		{"release copy: nothing of withheld places nor the banner's text", gbr, bad, nil},
		{"public: nothing", access.PublicReader(), bad, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, quality.VisibleOf(tt.r, tt.src, now)); diff != "" {
				t.Errorf("visible findings (-want +got):\n%s", diff)
			}
		})
	}
}
